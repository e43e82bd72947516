/**
 * One of the caller's earlier requests (or a nearby one), opened in a side panel beside the call
 * being typed rather than instead of it: details and history, read-only, with the way to the full page.
 */
import { Anchor, Center, Drawer, Loader, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorText } from '../../components/ErrorText';
import { RequestDetails } from '../requests/RequestDetails';
import { useRequest } from '../requests/RequestPageData';
import { RequestTimeline } from '../requests/RequestTimeline';

const NO_NAMES = new Map<string, string>();

export function RequestPeek({ request, onClose }: { request: { id: string; protocolNumber: string } | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Drawer opened={!!request} onClose={onClose} position="right" size="lg" closeButtonProps={{ 'aria-label': t('common.close') }} title={request ? t('con.peekTitle', { protocol: request.protocolNumber }) : ''} data-testid="request-peek">
      {request && <PeekBody id={request.id} />}
    </Drawer>
  );
}

function PeekBody({ id }: { id: string }) {
  const { t } = useTranslation();
  const request = useRequest(id);
  if (request.isPending) return <Center p="xl"><Loader aria-label={t('common.loading')} /></Center>;
  if (request.error) return <ErrorText error={request.error} />;
  return (
    <Stack gap="md">
      <Anchor component={Link} to={`/requests/${id}`} size="sm">{t('con.openFull')}</Anchor>
      <RequestDetails request={request.data} />
      <RequestTimeline request={request.data} names={NO_NAMES} />
    </Stack>
  );
}
