/** What the console knows about the caller as their number is typed: who they are, what they reported before. */
import { Badge, Button, Card, Group, Loader, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CallerLookup, CitizenView } from '../../../shared/schemas/requests';
import { get, qs } from '../../api/client';
import { formatDate, pick } from '../../i18n';
import { RequestLine, type OpenRequest } from './RequestLine';

/** The look-up's cache key: registering a request invalidates it, so the caller's history shows it at once. */
export const CALLER_KEY = ['caller'] as const;

interface Props {
  phone: string;
  onUse: (c: CitizenView) => void;
  selectedId?: string;
  /** Opens an earlier request beside the form. */
  onOpen: OpenRequest;
}

export function CallerPanel({ phone, onUse, selectedId, onOpen }: Props) {
  const { t, i18n } = useTranslation();
  // Short enough that results follow the last keystroke within ~150 ms, long enough not to query every digit.
  const [debounced] = useDebouncedValue(phone.trim(), 50);
  const digits = debounced.replace(/\D/g, '');
  const lookup = useQuery({
    queryKey: [...CALLER_KEY, debounced],
    queryFn: () => get<CallerLookup>(`/api/citizens/lookup${qs({ phone: debounced })}`),
    enabled: digits.length >= 6,
    staleTime: 10_000,
    placeholderData: (prev) => prev,
  });
  if (digits.length < 6) return null;
  if (lookup.isPending) return <Loader size="sm" aria-label={t('common.loading')} />;
  const matches = lookup.data?.matches ?? [];
  return (
    <Stack gap="xs" aria-live="polite" data-testid="caller-panel">
      {matches.length === 0 ? (
        <Badge color="gray" variant="light">{t('intake.callerNew')}</Badge>
      ) : (
        matches.map(({ citizen, requests }) => (
          <Card key={citizen.id} withBorder padding="sm" bg={citizen.id === selectedId ? 'blue.0' : undefined}>
            <Group justify="space-between" wrap="wrap" align="flex-start" gap="xs">
              <div style={{ minWidth: 0 }}>
                <Group gap="xs">
                  <Badge color="teal" variant="light">{t('intake.callerFound')}</Badge>
                  <Text fw={600}>{citizen.fullName ?? '—'}</Text>
                </Group>
                <Text size="sm" c="dimmed">{[citizen.phone, citizen.email].filter(Boolean).join(' · ')}</Text>
              </div>
              <Button size="compact-sm" variant={citizen.id === selectedId ? 'filled' : 'light'} onClick={() => onUse(citizen)}>
                {t('intake.useCitizen')}
              </Button>
            </Group>
            <Text size="sm" fw={600} mt="xs">{t('intake.previous')}</Text>
            {requests.length === 0 ? (
              <Text size="sm" c="dimmed">{t('intake.noPrevious')}</Text>
            ) : (
              <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                {requests.map((r) => (
                  <li key={r.id}>
                    <RequestLine request={r} onOpen={onOpen}>
                      <Text size="xs" c="dimmed">{formatDate(r.createdAt, i18n.language)}</Text>
                    </RequestLine>
                    <Text size="sm" pl={4} style={{ overflowWrap: 'anywhere' }}>{pick(r.category, i18n.language)}{r.addressText ? ` · ${r.addressText}` : ''}</Text>
                  </li>
                ))}
              </Stack>
            )}
          </Card>
        ))
      )}
    </Stack>
  );
}
