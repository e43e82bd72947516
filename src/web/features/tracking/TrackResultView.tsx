/** The answer of the tracking page: the status first, in words a citizen uses, then the facts and the history. */
import { Button, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TrackedEvent, TrackResult } from '../../../shared/schemas/tracking';
import { STATUS_INFO, type Status } from '../../../shared/workflow';
import { formatDate, formatDateTime, pick } from '../../i18n';
import classes from './TrackPage.module.css';

const STATUS_COLOR: Record<Status, string> = {
  registered: 'var(--mantine-color-blue-8)',
  forwarded: 'var(--mantine-color-indigo-8)',
  in_progress: 'var(--mantine-color-violet-8)',
  scheduled: 'var(--mantine-color-teal-9)',
  resolved: 'var(--mantine-color-green-9)',
  rejected: 'var(--mantine-color-orange-9)',
  duplicate: 'var(--mantine-color-gray-8)',
};

function EventText({ e, result }: { e: TrackedEvent; result: TrackResult }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const department = e.department ? pick(e.department, lang) : '';
  // The current status by the name the municipality gives it; earlier ones by the standard names.
  const statusName = e.toStatus === result.status.code ? pick(result.status.name, lang) : e.toStatus ? pick(STATUS_INFO[e.toStatus], lang) : '';
  const headline = {
    created: t('track.result.ev.created'),
    status_change: t('track.result.ev.status', { status: statusName }),
    forward: t('track.result.ev.forward', { department }),
    public_update: t('track.result.ev.update'),
  }[e.kind];
  return (
    <Stack gap={6}>
      <Text fw={700} size="lg">{headline}</Text>
      {e.kind === 'created' && department && <Text>{t('track.result.ev.createdTo', { department })}</Text>}
      {e.text && <div className={classes.message} lang="el">{e.text}</div>}
    </Stack>
  );
}

export function TrackResultView({ result, onAnother }: { result: TrackResult; onAnother: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    window.scrollTo({ top: 0 });
    heading.current?.focus();
  }, [result]);
  const latestMessage = [...result.timeline].reverse().find((e) => e.text);
  // Enough to tell one request from another: where, what (first words, nothing personal) and by when.
  const facts: [string, string][] = [
    [t('track.result.category'), pick(result.category, lang)],
    ...(result.address ? [[t('track.result.address'), result.address] as [string, string]] : []),
    ...(result.summary ? [[t('track.result.summary'), result.summary] as [string, string]] : []),
    [t('track.result.department'), pick(result.department, lang)],
    ...(result.expectedBy ? [[t('track.result.expectedBy'), formatDate(result.expectedBy, lang)] as [string, string]] : []),
    [t('track.result.createdAt'), formatDate(result.createdAt, lang)],
    [t('track.result.updatedAt'), formatDate(result.updatedAt, lang)],
    ...(result.closedAt ? [[t('track.result.closedAt'), formatDate(result.closedAt, lang)] as [string, string]] : []),
  ];

  return (
    <Stack gap="lg">
      <Title order={1} size="h2" ref={heading} tabIndex={-1} style={{ outline: 'none' }}>
        {t('track.result.heading', { protocol: result.protocolNumber })}
      </Title>

      <section className={`${classes.card} ${classes.status}`} style={{ '--status-color': STATUS_COLOR[result.status.code] } as React.CSSProperties} aria-labelledby="track-status">
        <Stack gap="sm">
          <Text c="dimmed" id="track-status">{t('track.result.statusNow')}</Text>
          <p className={classes.statusName}>{pick(result.status.name, lang)}</p>
          <Text size="lg">{t(`track.meaning.${result.status.code}`)}</Text>
          {latestMessage?.text && (
            <div>
              <Text fw={700} mb={4}>{t('track.result.fromMunicipality')}</Text>
              <div className={classes.message} lang="el">{latestMessage.text}</div>
            </div>
          )}
        </Stack>
      </section>

      <section className={classes.card}>
        <dl className={classes.facts}>
          {facts.map(([label, value]) => (
            <div key={label} style={{ display: 'contents' }}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section className={classes.card} aria-labelledby="track-timeline">
        <Title order={2} size="h3" id="track-timeline">{t('track.result.timeline')}</Title>
        <Text c="dimmed" mb="md">{t('track.result.timelineHint')}</Text>
        <ol className={classes.timeline}>
          {[...result.timeline].reverse().map((e, i) => (
            <li key={`${e.createdAt}-${i}`} className={classes.event}>
              <Text c="dimmed" size="md">
                <time dateTime={e.createdAt}>{formatDateTime(e.createdAt, lang)}</time>
              </Text>
              <EventText e={e} result={result} />
            </li>
          ))}
        </ol>
      </section>

      <Button size="xl" variant="outline" fullWidth onClick={onAnother} classNames={{ root: classes.bigButton, label: classes.bigButtonLabel }}>
        {t('track.result.another')}
      </Button>
    </Stack>
  );
}
