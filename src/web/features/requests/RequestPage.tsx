/**
 * One request: its details, photos and documents, its history, and what the user may do with it.
 * Two columns on a desktop (the actions on the right stay in view), one on a phone.
 */
import { Alert, Anchor, Button, Center, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { MessageList } from '../notifications/MessageList';
import { RequestActions } from './RequestActions';
import { RequestAttachments } from './RequestAttachments';
import { RequestDetails } from './RequestDetails';
import classes from './RequestPage.module.css';
import { useColleagues, useRequest } from './RequestPageData';
import { RequestTimeline } from './RequestTimeline';

function NotFound() {
  const { t } = useTranslation();
  return (
    <Stack maw={560} mx="auto" mt="xl" gap="md">
      <Title order={1} size="h3">{t('req.page.notFoundTitle')}</Title>
      <Text>{t('req.page.notFound')}</Text>
      <Group>
        <Button component={Link} to="/">{t('req.page.back')}</Button>
        <Anchor component={Link} to="/requests">{t('req.page.search')}</Anchor>
      </Group>
    </Stack>
  );
}

/** A uuid, so a mistyped address is "not found" without asking the server. */
const isId = (s: string | undefined): s is string => !!s && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

export function RequestPage() {
  const { id } = useParams();
  if (!isId(id)) return <NotFound />;
  return <RequestView id={id} />;
}

function RequestView({ id }: { id: string }) {
  const { t } = useTranslation();
  const request = useRequest(id);
  const departmentId = request.data?.department.id ?? '';
  const colleagues = useColleagues(departmentId);
  // Names for the assignment events, which carry only ids.
  const names = useMemo(() => new Map((colleagues.data ?? []).map((c) => [c.id, c.fullName])), [colleagues.data]);

  if (request.isPending) {
    return (
      <Center p="xl">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }
  if (request.error) {
    if (request.error instanceof ApiError && request.error.status === 404) return <NotFound />;
    return (
      <Stack maw={560} mx="auto" mt="xl">
        <ErrorText error={request.error} />
        <Button variant="light" onClick={() => void request.refetch()} style={{ alignSelf: 'flex-start' }}>{t('common.retry')}</Button>
      </Stack>
    );
  }
  const r = request.data;
  return (
    <div className={classes.layout}>
      <div className={classes.details}>
        <RequestDetails request={r} />
      </div>
      <div className={classes.files}>
        <RequestAttachments request={r} />
      </div>
      <div className={classes.timelineArea}>
        <RequestTimeline request={r} names={names} />
        <Paper withBorder p="md" mt="md" component="section" aria-labelledby="messages-title">
          <Title order={2} size="h4" id="messages-title" mb="xs">{t('msg.title')}</Title>
          {r.notifications.length ? <MessageList items={r.notifications} /> : <Text size="sm" c="dimmed">{t('msg.none')}</Text>}
        </Paper>
      </div>
      <aside className={classes.actions} aria-label={t('req.page.actions')}>
        {r.closedAt && (
          <Alert color="gray" variant="light" mb="sm">{t('req.page.closedNotice')}</Alert>
        )}
        <RequestActions request={r} />
      </aside>
    </div>
  );
}
