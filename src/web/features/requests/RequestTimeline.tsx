/** The request's history, oldest first: every event said plainly, with who and when, and what the citizen sees. */
import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestDetail, TimelineEvent } from '../../../shared/schemas/requests';
import { formatDateTime, pick } from '../../i18n';
import { RequestStatusBadge } from './RequestDetails';
import classes from './RequestPage.module.css';
import { attachmentUrl } from './RequestPageData';

/** "1,2 MB", "350 KB": sizes as people read them, with the language's decimal comma. */
export function formatSize(bytes: number, lang: string): string {
  const nf = (max: number) => new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'el-GR', { maximumFractionDigits: max });
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${nf(0).format(bytes / 1024)} KB`;
  return `${nf(1).format(bytes / (1024 * 1024))} MB`;
}

const KIND_COLOR: Record<TimelineEvent['kind'], string> = {
  created: 'blue', status_change: 'violet', forward: 'grape', assignment: 'cyan', internal_note: 'gray', public_update: 'teal', citizen_contact: 'orange', attachment: 'indigo',
};

type Names = Map<string, string>;

function Quote({ label, children }: { label?: string; children: ReactNode }) {
  return (
    <div className={classes.quote}>
      {label && <Text size="xs" c="dimmed" fw={600}>{label}</Text>}
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{children}</Text>
    </div>
  );
}

function EventBody({ e, request, names }: { e: TimelineEvent; request: RequestDetail; names: Names }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const d = (e.data ?? {}) as Record<string, string | number | null | undefined>;
  const dept = (ref: TimelineEvent['toDepartment']) => (ref ? pick(ref.name, lang) : t('common.none'));
  switch (e.kind) {
    case 'created':
      return (
        <>
          <Text fw={600}>{t('req.page.ev.created', { channel: d.channel ? t(`channels.${d.channel}`) : t('common.none') })}</Text>
          {e.toDepartment && <Text size="sm">{t('req.page.ev.createdDepartment', { department: dept(e.toDepartment) })}</Text>}
        </>
      );
    case 'status_change':
      return (
        <>
          <Text fw={600}>{t('req.page.ev.statusChange')}</Text>
          <Group gap={6} wrap="wrap">
            {e.fromStatus && <RequestStatusBadge status={e.fromStatus} size="sm" />}
            <Text aria-hidden>→</Text>
            {e.toStatus && <RequestStatusBadge status={e.toStatus} size="sm" />}
          </Group>
          {e.body && <Quote label={t('req.page.ev.publicNote')}>{e.body}</Quote>}
        </>
      );
    case 'forward':
      return (
        <>
          <Text fw={600}>{t('req.page.ev.forward', { from: dept(e.fromDepartment), to: dept(e.toDepartment) })}</Text>
          {e.body && <Quote label={t('req.page.ev.reason')}>{e.body}</Quote>}
        </>
      );
    case 'assignment': {
      const to = d.toUserId ? String(d.toUserId) : null;
      const from = d.fromUserId ? String(d.fromUserId) : null;
      const recorded = (id: string) => (id === to ? d.toName : id === from ? d.fromName : null);
      const name = (id: string) => String(recorded(id) ?? names.get(id) ?? (request.assignee?.id === id ? request.assignee.fullName : t('req.page.ev.colleague')));
      const text = !to
        ? t('req.page.ev.unassigned', { name: from ? name(from) : t('common.none') })
        : to === e.actor?.id
          ? t('req.page.ev.tookIt')
          : t('req.page.ev.assigned', { name: name(to) });
      return <Text fw={600}>{text}</Text>;
    }
    case 'internal_note':
      return (
        <>
          <Text fw={600}>{t('req.page.ev.internalNote')}</Text>
          {e.body && <Quote>{e.body}</Quote>}
        </>
      );
    case 'public_update':
      return (
        <>
          <Text fw={600}>{t('req.page.ev.publicUpdate')}</Text>
          {e.body && <Quote>{e.body}</Quote>}
        </>
      );
    case 'citizen_contact':
      return (
        <>
          <Text fw={600}>
            {t('req.page.ev.contact', {
              method: t(`req.page.contactMethods.${d.method ?? 'phone'}`),
              direction: t(`req.page.directions.${d.direction ?? 'outgoing'}`),
              outcome: t(`req.page.outcomes.${d.outcome ?? 'other'}`),
            })}
          </Text>
          {e.body && <Quote>{e.body}</Quote>}
        </>
      );
    case 'attachment': {
      const id = typeof d.attachmentId === 'string' ? d.attachmentId : null;
      const label = `${e.body ?? ''}${typeof d.size === 'number' ? ` (${formatSize(d.size, lang)})` : ''}`;
      return (
        <>
          <Text fw={600}>{t('req.page.ev.attachment')}</Text>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {id ? <Anchor href={attachmentUrl(request.id, id)} target="_blank" rel="noopener">{label}</Anchor> : label}
          </Text>
        </>
      );
    }
  }
}

function VisibilityTag({ e }: { e: TimelineEvent }) {
  const { t } = useTranslation();
  if (e.kind === 'internal_note') return <Badge size="sm" variant="outline" color="gray" tt="none">{t('req.page.internal')}</Badge>;
  if (e.kind === 'public_update' || (e.kind === 'status_change' && e.body)) return <Badge size="sm" variant="light" color="teal" tt="none">{t('req.page.visibleToCitizen')}</Badge>;
  return null;
}

export function RequestTimeline({ request, names }: { request: RequestDetail; names: Names }) {
  const { t, i18n } = useTranslation();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="timeline-title">
      <Title order={2} size="h4" id="timeline-title" mb="sm">{t('req.page.timeline')}</Title>
      <ol className={classes.timeline}>
        {request.timeline.map((e) => (
          <li key={e.id} className={classes.event} style={{ '--dot': `var(--mantine-color-${KIND_COLOR[e.kind]}-6)` } as React.CSSProperties}>
            <Stack gap={4}>
              <Group gap="xs" justify="space-between" wrap="wrap">
                <Text size="xs" c="dimmed">
                  <time dateTime={e.createdAt}>{formatDateTime(e.createdAt, i18n.language)}</time>
                  {' · '}
                  {e.actor?.fullName ?? t('req.page.ev.system')}
                </Text>
                <VisibilityTag e={e} />
              </Group>
              <EventBody e={e} request={request} names={names} />
            </Stack>
          </li>
        ))}
      </ol>
    </Paper>
  );
}
