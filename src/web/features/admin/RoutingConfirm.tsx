/**
 * Re-routing a category sends new requests elsewhere; its open requests stay where they are. Before
 * the change the administrator is told how many (the server counts them) and confirms.
 */
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Category, RoutingImpact } from '../../../shared/schemas/admin';
import { get } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { pick } from '../../i18n';

interface Pending {
  category: Category;
  departmentName: string;
  count: number;
  onConfirm: () => void;
}

/** `ask` fetches the count and opens the confirmation; `node` is the dialog to render. */
export function useRoutingConfirm(): { ask: (category: Category, departmentId: string, departmentName: string, onConfirm: () => void) => Promise<void>; node: ReactNode; error: unknown } {
  const { t, i18n } = useTranslation();
  const [pending, setPending] = useState<Pending | null>(null);
  const [error, setError] = useState<unknown>(null);
  const ask = async (category: Category, departmentId: string, departmentName: string, onConfirm: () => void) => {
    setError(null);
    try {
      const impact = await get<RoutingImpact>(`/api/admin/categories/${category.id}/routing-impact?departmentId=${encodeURIComponent(departmentId)}`);
      setPending({ category, departmentName, count: impact.openRequestsNotMoved, onConfirm });
    } catch (err) {
      setError(err);
    }
  };
  const close = () => setPending(null);
  const node = (
    <Modal opened={!!pending} onClose={close} title={t('admin.routing.title')} closeButtonProps={{ 'aria-label': t('common.close') }}>
      {pending && (
        <Stack gap="md">
          <Text>{t('admin.routing.newGo', { name: pick(pending.category.name, i18n.language), department: pending.departmentName })}</Text>
          <Text fw={600} data-testid="routing-not-moved">{t('admin.routing.notMoved', { count: pending.count })}</Text>
          {pending.count > 0 && <Text size="sm" c="dimmed">{t('admin.routing.forwardHint')}</Text>}
          <ErrorText error={error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button data-autofocus onClick={() => { pending.onConfirm(); close(); }}>{t('admin.routing.confirm')}</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
  return { ask, node, error };
}
