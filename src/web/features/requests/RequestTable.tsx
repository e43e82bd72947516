/** The request table of the list and the inbox: compact, sortable by the list's sort, navigable by keyboard. */
import { Badge, Card, Checkbox, Group, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { RequestSummary } from '../../../shared/schemas/requests';
import { STATUS_INFO } from '../../../shared/workflow';
import { formatDate, formatDateTime, pick } from '../../i18n';
import { useShortcuts } from '../../components/shortcuts';

/** Text colours that keep 4.5:1 contrast on white, striped (gray.0) and hovered rows. */
export const OVERDUE_COLOR = '#b02525';
export const DUE_SOON_COLOR = '#8a4b00';
export const HIGH_COLOR = '#7a4100';

/** Urgent and high priority as filled badges (white on a dark colour: readable at badge size). */
export function PriorityBadge({ priority }: { priority: RequestSummary['priority'] }) {
  const { t } = useTranslation();
  if (priority !== 'urgent' && priority !== 'high') return null;
  return <Badge color={priority === 'urgent' ? OVERDUE_COLOR : HIGH_COLOR} variant="filled" size="xs" ml={4} tt="none">{t(`priorities.${priority}`)}</Badge>;
}

/** The due date, and how late in working days (red) or that it is due soon (amber). */
export function DueText({ request: r }: { request: RequestSummary }) {
  const { t, i18n } = useTranslation();
  const late = r.workingDaysLate;
  return (
    <div>
      <Text size="sm" style={{ whiteSpace: 'nowrap' }} c={r.overdue ? OVERDUE_COLOR : r.dueSoon ? DUE_SOON_COLOR : undefined} fw={r.overdue || r.dueSoon ? 700 : undefined}>
        {formatDate(r.dueAt, i18n.language)}
      </Text>
      {r.overdue && <Text size="xs" c={OVERDUE_COLOR} fw={700}>{late ? t('req.list.daysLate', { count: late }) : t('req.list.lateToday')}</Text>}
      {r.dueSoon && <Text size="xs" c={DUE_SOON_COLOR} fw={700}>{formatDate(r.dueAt, i18n.language) === formatDate(new Date().toISOString(), i18n.language) ? t('req.list.dueToday') : t('req.list.dueSoon')}</Text>}
    </div>
  );
}

export const statusColor = (s: RequestSummary['status']): string =>
  ({ registered: 'blue', forwarded: 'violet', in_progress: 'orange', scheduled: 'cyan', resolved: 'teal', rejected: 'gray', duplicate: 'gray' })[s];

interface Props {
  items: RequestSummary[];
  selection?: { selected: Set<string>; toggle: (id: string) => void; toggleAll: () => void };
  /** Off in an inbox of a single department, where the column would say the same on every row. */
  showDepartment?: boolean;
}

export function RequestTable({ items, selection, showDepartment = true }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const navigate = useNavigate();
  const [cursor, setCursor] = useState(0);
  useEffect(() => setCursor(0), [items]);
  const focusRow = (i: number) => {
    const next = Math.max(0, Math.min(items.length - 1, i));
    setCursor(next);
    document.getElementById(`row-${items[next]?.id}`)?.focus();
  };
  useShortcuts([
    ['j', () => focusRow(cursor + 1)],
    ['k', () => focusRow(cursor - 1)],
  ]);

  const isPhone = useMediaQuery('(max-width: 48em)');
  if (!items.length) return <Text c="dimmed" p="md">{t('req.list.empty')}</Text>;
  if (isPhone) return <RequestCards items={items} selection={selection} />;
  const allSelected = !!selection && items.every((r) => selection.selected.has(r.id));

  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover verticalSpacing="xs" stickyHeader>
        <Table.Thead>
          <Table.Tr>
            {selection && (
              <Table.Th w={36}>
                <Checkbox aria-label={t('req.inbox.selectAll')} checked={allSelected} onChange={selection.toggleAll} />
              </Table.Th>
            )}
            <Table.Th>{t('req.list.protocol')}</Table.Th>
            <Table.Th>{t('req.list.status')}</Table.Th>
            <Table.Th>{t('req.list.what')}</Table.Th>
            <Table.Th>{t('req.list.where')} · {t('req.list.citizen')}</Table.Th>
            {showDepartment && <Table.Th>{t('req.list.department')}</Table.Th>}
            <Table.Th>{t('req.list.due')}</Table.Th>
            <Table.Th>{t('req.list.assignee')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((r, i) => (
            <Table.Tr
              key={r.id}
              id={`row-${r.id}`}
              tabIndex={0}
              aria-selected={i === cursor}
              onFocus={() => setCursor(i)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && e.target === e.currentTarget) navigate(`/requests/${r.id}`);
                if (e.key === 'ArrowDown') (e.preventDefault(), focusRow(i + 1));
                if (e.key === 'ArrowUp') (e.preventDefault(), focusRow(i - 1));
              }}
              style={{ cursor: 'pointer' }}
              onClick={(e) => {
                if ((e.target as HTMLElement).closest('a,input,button,label')) return;
                navigate(`/requests/${r.id}`);
              }}
            >
              {selection && (
                <Table.Td>
                  <Checkbox aria-label={t('req.inbox.select', { protocol: r.protocolNumber })} checked={selection.selected.has(r.id)} onChange={() => selection.toggle(r.id)} />
                </Table.Td>
              )}
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text component={Link} to={`/requests/${r.id}`} ff="monospace" fw={600} c="blue.9" size="sm" tabIndex={-1}>
                  {r.protocolNumber}
                </Text>
                <Text size="xs" c="dimmed" title={t('req.list.createdOn', { date: formatDateTime(r.createdAt, lang) })}>{formatDateTime(r.createdAt, lang)}</Text>
              </Table.Td>
              <Table.Td>
                <Badge color={statusColor(r.status)} variant="light" size="sm" tt="none" styles={{ label: { overflow: 'visible' } }}>{pick(STATUS_INFO[r.status], lang)}</Badge>
                <PriorityBadge priority={r.priority} />
              </Table.Td>
              <Table.Td miw={200} maw={300}>
                <Text size="sm" fw={500} lineClamp={1}>{pick(r.category.name, lang)}</Text>
                <Text size="xs" c="dimmed" lineClamp={1}>{r.description}</Text>
              </Table.Td>
              <Table.Td maw={220}>
                <Text size="sm" lineClamp={1}>{r.addressText ?? '—'}</Text>
                <Text size="xs" c="dimmed" lineClamp={1}>{r.citizenName ?? '—'}</Text>
              </Table.Td>
              {showDepartment && <Table.Td maw={160}><Text size="sm" lineClamp={2}>{pick(r.department.name, lang)}</Text></Table.Td>}
              <Table.Td miw={130}><DueText request={r} /></Table.Td>
              <Table.Td maw={150}><Text size="sm" lineClamp={2}>{r.assignee?.fullName ?? '—'}</Text></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** On a phone the table becomes a list of cards: protocol, status, what, where and when. */
function RequestCards({ items, selection }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {items.map((r) => (
        <Card key={r.id} withBorder padding="sm" component="li">
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Group gap="xs" wrap="nowrap">
              {selection && (
                <Checkbox aria-label={t('req.inbox.select', { protocol: r.protocolNumber })} checked={selection.selected.has(r.id)} onChange={() => selection.toggle(r.id)} />
              )}
              <Text component={Link} to={`/requests/${r.id}`} ff="monospace" fw={700} c="blue.9">{r.protocolNumber}</Text>
            </Group>
            <Badge color={statusColor(r.status)} variant="light" size="sm" tt="none" styles={{ label: { overflow: 'visible' } }}>{pick(STATUS_INFO[r.status], lang)}</Badge>
          </Group>
          <Text size="sm" fw={600} mt={4}>{pick(r.category.name, lang)}</Text>
          <Text size="sm" lineClamp={2}>{r.description}</Text>
          <Text size="xs" c="dimmed" mt={4}>
            {[r.addressText, r.citizenName, formatDateTime(r.createdAt, lang)].filter(Boolean).join(' · ')}
          </Text>
          <Group gap={6} mt={4}><PriorityBadge priority={r.priority} /><DueText request={r} /></Group>
        </Card>
      ))}
    </Stack>
  );
}
