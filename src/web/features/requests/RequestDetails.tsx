/** What the request is: protocol number, status, where, who asked and how to reach them, who has it. */
import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RequestDetail } from '../../../shared/schemas/requests';
import { STATUS_INFO, type Status } from '../../../shared/workflow';
import { formatDateTime, pick } from '../../i18n';
import { HIGH_COLOR, OVERDUE_COLOR } from './RequestTable';

const STATUS_COLOR: Record<Status, string> = {
  registered: 'blue', forwarded: 'violet', in_progress: 'orange', scheduled: 'cyan', resolved: 'teal', rejected: 'gray', duplicate: 'gray',
};

export function RequestStatusBadge({ status, size = 'lg' }: { status: Status; size?: 'sm' | 'md' | 'lg' }) {
  const { i18n } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" size={size} tt="none" styles={{ label: { overflow: 'visible' } }}>
      {pick(STATUS_INFO[status], i18n.language)}
    </Badge>
  );
}

/** One labelled value; a <dl> row, so a screen reader reads label and value together. */
function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: '0.03em' }}>{label}</Text>
      <Text component="dd" m={0} size="sm" style={{ overflowWrap: 'anywhere' }}>{children}</Text>
    </div>
  );
}

const yesNo = (on: boolean, t: (k: string) => string) => (
  <Badge size="sm" variant={on ? 'light' : 'outline'} color={on ? 'teal' : 'gray'} tt="none">{on ? t('common.yes') : t('common.no')}</Badge>
);

export function RequestDetails({ request: r }: { request: RequestDetail }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const none = t('common.none');
  const c = r.citizen;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="request-title">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="sm">
          <div>
            <Text size="sm" c="dimmed">{t('req.page.protocol')}</Text>
            <Title order={1} id="request-title" className="protocol-number" style={{ fontSize: '2rem', lineHeight: 1.15 }}>
              {r.protocolNumber}
            </Title>
          </div>
          <Group gap={6}>
            <RequestStatusBadge status={r.status} />
            {r.overdue && (
              <Badge color={OVERDUE_COLOR} size="lg" tt="none">
                {r.workingDaysLate ? `${t('req.page.overdue')} · ${t('req.list.daysLate', { count: r.workingDaysLate })}` : t('req.page.overdue')}
              </Badge>
            )}
            {(r.priority === 'high' || r.priority === 'urgent') && (
              <Badge color={r.priority === 'urgent' ? OVERDUE_COLOR : HIGH_COLOR} size="lg" tt="none">{t(`priorities.${r.priority}`)}</Badge>
            )}
          </Group>
        </Group>

        <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{r.description}</Text>

        <SimpleGrid component="dl" cols={2} spacing="md" verticalSpacing="sm" m={0}>
          <Field label={t('req.page.category')}>{pick(r.category.name, lang)}</Field>
          <Field label={t('req.page.department')}>{pick(r.department.name, lang)}</Field>
          <Field label={t('req.page.address')}>{r.addressText ?? none}</Field>
          <Field label={t('req.page.location')}>
            {r.location ? `${r.location.lat.toFixed(5)}, ${r.location.lng.toFixed(5)}` : none}
          </Field>
          <Field label={t('req.page.priority')}>{t(`priorities.${r.priority}`)}</Field>
          <Field label={t('req.page.channel')}>{t(`channels.${r.channel}`)}</Field>
          <Field label={t('req.page.due')}>
            {formatDateTime(r.dueAt, lang)}
            {r.overdue && <Text span c="red.8" fw={600}> · {t('req.page.overdue')}</Text>}
          </Field>
          <Field label={t('req.page.assignee')}>{r.assignee?.fullName ?? t('req.page.unassigned')}</Field>
          <Field label={t('req.page.createdAt')}>{formatDateTime(r.createdAt, lang)}</Field>
          <Field label={t('req.page.createdBy')}>{r.createdBy?.fullName ?? none}</Field>
          {r.closedAt && <Field label={t('req.page.closedAt')}>{formatDateTime(r.closedAt, lang)}</Field>}
          {r.duplicateOf && (
            <Field label={t('req.page.duplicateOf')}>
              <Anchor component={Link} to={`/requests/${r.duplicateOf.id}`}>{r.duplicateOf.protocolNumber}</Anchor>
            </Field>
          )}
        </SimpleGrid>

        <Stack gap="xs" component="section" aria-labelledby="citizen-title">
          <Title order={2} size="h5" id="citizen-title">{t('req.page.citizen')}</Title>
          {c ? (
            <SimpleGrid component="dl" cols={2} spacing="md" verticalSpacing="sm" m={0}>
              <Field label={t('req.page.citizenName')}>{c.fullName ?? none}</Field>
              <Field label={t('req.page.phone')}>
                {c.phone ? <Anchor href={`tel:${c.phone}`}>{c.phone}</Anchor> : none}
              </Field>
              <Field label={t('req.page.email')}>
                {c.email ? <Anchor href={`mailto:${c.email}`}>{c.email}</Anchor> : none}
              </Field>
              <Field label={t('req.page.consents')}>
                <Group gap="xs">
                  <span>{t('req.page.smsConsent')} {yesNo(c.smsConsent, t)}</span>
                  <span>{t('req.page.emailConsent')} {yesNo(c.emailConsent, t)}</span>
                </Group>
              </Field>
            </SimpleGrid>
          ) : (
            <Text size="sm" c="dimmed">{t('req.page.noCitizen')}</Text>
          )}
        </Stack>
      </Stack>
    </Paper>
  );
}
