/**
 * The head of one request in the console's lists (the caller's earlier requests, open ones nearby):
 * its protocol number, which opens it beside the form, and its status; what else a list says follows.
 */
import { Button, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Status } from '../../../shared/workflow';
import { RequestStatusBadge } from '../requests/RequestDetails';

export type OpenRequest = (r: { id: string; protocolNumber: string }) => void;

export function RequestLine({ request: r, onOpen, children }: { request: { id: string; protocolNumber: string; status: Status }; onOpen: OpenRequest; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="wrap" align="center">
      <Button variant="subtle" size="compact-sm" ff="monospace" px={4} mih={24} onClick={() => onOpen(r)} aria-label={t('con.openRequest', { protocol: r.protocolNumber })}>
        {r.protocolNumber}
      </Button>
      <RequestStatusBadge status={r.status} size="sm" />
      {children}
    </Group>
  );
}
