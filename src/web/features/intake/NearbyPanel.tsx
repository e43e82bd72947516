/**
 * Open requests of the same kind on the same street or near the pin, shown while the call is typed,
 * so the operator can tell the caller it is already known and link the call to it (a contact on that
 * request, with who called) instead of registering a duplicate.
 */
import { Alert, Badge, Button, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { NearbyList, NearbyRequest } from '../../../shared/schemas/nearby';
import { get, qs } from '../../api/client';
import { RequestLine, type OpenRequest } from './RequestLine';
import type { Pin } from './PinMap';

interface Props {
  categoryId: string | null;
  street: string;
  pin: Pin | null;
  onOpen: OpenRequest;
  onLink: (r: NearbyRequest) => void;
  linking: boolean;
}

export function NearbyPanel({ categoryId, street, pin, onOpen, onLink, linking }: Props) {
  const { t } = useTranslation();
  const [where] = useDebouncedValue({ street: street.trim(), lat: pin?.lat, lng: pin?.lng }, 300);
  const enabled = !!categoryId && (where.street.length >= 3 || where.lat !== undefined);
  const nearby = useQuery({
    queryKey: ['nearby', categoryId, where],
    queryFn: () => get<NearbyList>(`/api/requests/nearby${qs({ categoryId, ...where })}`),
    enabled,
    staleTime: 10_000,
  });
  const items = enabled ? (nearby.data?.items ?? []) : [];
  if (!items.length) return null;
  return (
    <Alert color="orange" variant="light" title={t('con.nearbyTitle')} data-testid="nearby" aria-live="polite">
      <Text size="sm" mb="xs">{t('con.nearbyHint')}</Text>
      <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {items.map((r) => (
          <li key={r.id}>
            <RequestLine request={r} onOpen={onOpen}>
              <Badge size="sm" variant="light" color="gray" tt="none">
                {r.sameStreet ? t('con.sameStreet') : t('con.metres', { m: r.distanceMetres })}
              </Badge>
              {r.contacts > 0 && <Badge size="sm" variant="light" color="grape" tt="none">{t('con.contacts', { count: r.contacts })}</Badge>}
              <Button size="compact-sm" variant="filled" ml="auto" loading={linking} onClick={() => onLink(r)}>{t('con.link')}</Button>
            </RequestLine>
            <Text size="sm" c="dark.7" lineClamp={2}>{r.addressText ? `${r.addressText} · ` : ''}{r.summary}</Text>
          </li>
        ))}
      </Stack>
    </Alert>
  );
}
