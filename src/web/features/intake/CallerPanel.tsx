/** What the console knows about the caller as their number is typed: who they are, what they reported before. */
import { Badge, Button, Card, Group, Loader, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CallerLookup, CitizenView } from '../../../shared/schemas/requests';
import { STATUS_INFO } from '../../../shared/workflow';
import { get, qs } from '../../api/client';
import { formatDate, pick } from '../../i18n';

export function CallerPanel({ phone, onUse, selectedId }: { phone: string; onUse: (c: CitizenView) => void; selectedId?: string }) {
  const { t, i18n } = useTranslation();
  // Short enough that results follow the last keystroke within ~150 ms, long enough not to query every digit.
  const [debounced] = useDebouncedValue(phone.trim(), 50);
  const digits = debounced.replace(/\D/g, '');
  const lookup = useQuery({
    queryKey: ['caller', debounced],
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
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <div>
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
              <Stack gap={2} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                {requests.map((r) => (
                  <Group component="li" key={r.id} gap="xs" wrap="nowrap">
                    <Text size="sm" ff="monospace" component={Link} to={`/requests/${r.id}`} c="blue.9">{r.protocolNumber}</Text>
                    <Badge size="sm" variant="light" color={STATUS_INFO[r.status].group === 'open' ? 'blue' : 'gray'}>
                      {pick(STATUS_INFO[r.status], i18n.language)}
                    </Badge>
                    <Text size="sm" lineClamp={1}>{pick(r.category, i18n.language)} · {r.addressText ?? ''} · {formatDate(r.createdAt, i18n.language)}</Text>
                  </Group>
                ))}
              </Stack>
            )}
          </Card>
        ))
      )}
    </Stack>
  );
}
