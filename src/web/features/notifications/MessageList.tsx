/** Messages to citizens as a list of cards: what was (or would have been) sent, to whom, and what became of it. */
import { Badge, Card, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { NotificationView } from '../../../shared/schemas/notifications';
import { formatDateTime } from '../../i18n';

const STATUS_COLOR: Record<NotificationView['status'], string> = { queued: 'blue', sending: 'blue', sent: 'teal', delivered: 'green', failed: 'red', not_sent: 'orange' };

export function MessageList({ items }: { items: (NotificationView & { protocolNumber?: string })[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {items.map((n) => (
        <Card key={n.id} withBorder padding="sm" component="li" data-testid="message">
          <Group justify="space-between" gap="xs" wrap="wrap">
            <Group gap="xs">
              <Badge variant="light" color="gray" tt="none">{t(`msg.channel.${n.channel}`)}</Badge>
              <Text size="sm" fw={600}>{t(`msg.event.${n.event}`)}</Text>
              {n.protocolNumber && (
                <Text size="sm" ff="monospace" component={Link} to={`/requests/${n.requestId}`} c="blue.9">{n.protocolNumber}</Text>
              )}
            </Group>
            <Badge color={STATUS_COLOR[n.status]} variant="light" tt="none">{t(`msg.status.${n.status}`)}</Badge>
          </Group>
          <Text size="xs" c="dimmed" mt={4}>
            {t('msg.to')}: {n.recipient} · {t('msg.when')}: {formatDateTime(n.createdAt, lang)}
            {n.sentAt ? ` · ${t('msg.sentAt')}: ${formatDateTime(n.sentAt, lang)}` : ''}
            {n.deliveredAt ? ` · ${t('msg.deliveredAt')}: ${formatDateTime(n.deliveredAt, lang)}` : ''}
          </Text>
          {n.subject && <Text size="sm" fw={600} mt={4}>{n.subject}</Text>}
          {n.body && <Text size="sm" mt={2} style={{ whiteSpace: 'pre-wrap' }}>{n.body}</Text>}
          <Group gap="md" mt={4}>
            {n.segments ? <Text size="xs" c="dimmed">{t('msg.segments', { count: n.segments, encoding: n.encoding === 'gsm7' ? 'GSM-7' : 'UCS-2' })}</Text> : null}
            {n.attempts > 1 ? <Text size="xs" c="dimmed">{t('msg.attempts', { count: n.attempts })}</Text> : null}
            {n.status === 'not_sent' ? <Text size="xs" c="orange.9">{t('msg.notSent')}</Text> : null}
            {n.lastError && (n.status === 'failed' || n.status === 'queued') ? <Text size="xs" c="red.9">{t('msg.error', { error: n.lastError })}</Text> : null}
          </Group>
        </Card>
      ))}
    </Stack>
  );
}
