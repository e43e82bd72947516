/** The outbox: every message to citizens, newest first; says plainly when a channel has no provider. */
import { Alert, Button, Group, Loader, MultiSelect, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NOTIFICATION_STATUSES, type OutboxPage as Page } from '../../../shared/schemas/notifications';
import { get, qs } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { MessageList } from './MessageList';

export function OutboxPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<string[]>([]);
  const outbox = useInfiniteQuery({
    queryKey: ['outbox', status],
    queryFn: ({ pageParam }) => get<Page>(`/api/outbox${qs({ status, before: pageParam, limit: 50 })}`),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.items.length === 50 ? last.items.at(-1)!.id : undefined),
    refetchInterval: 10_000,
  });
  const first = outbox.data?.pages[0];
  const missing = first ? [first.providers.sms === 'none' && 'SMS', !first.providers.email && 'e-mail'].filter(Boolean).join(', ') : '';
  const items = outbox.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack gap="md" maw={960}>
      <div>
        <Title order={1} size="h3">{t('msg.outboxTitle')}</Title>
        <Text c="dimmed" size="sm">{t('msg.outboxIntro')}</Text>
      </div>
      {missing && <Alert color="orange" variant="light" role="status">{t('msg.noProvider', { channels: missing })}</Alert>}
      <Group gap="sm" align="flex-end">
        <MultiSelect
          label={t('msg.filter')}
          data={NOTIFICATION_STATUSES.map((s) => ({ value: s, label: `${t(`msg.status.${s}`)} (${first?.counts[s] ?? 0})` }))}
          value={status}
          onChange={setStatus}
          clearable
          w={{ base: '100%', sm: 420 }}
        />
      </Group>
      <ErrorText error={outbox.error} />
      {outbox.isPending ? <Loader aria-label={t('common.loading')} /> : <MessageList items={items} />}
      {outbox.hasNextPage && (
        <Button variant="default" onClick={() => void outbox.fetchNextPage()} loading={outbox.isFetchingNextPage} style={{ alignSelf: 'flex-start' }}>
          {t('msg.more')}
        </Button>
      )}
    </Stack>
  );
}
