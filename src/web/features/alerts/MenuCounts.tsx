/** The live counts beside "Inbox" in the menu: new or forwarded, and overdue. Refetched when the server pushes a change, never polled. */
import { Badge, Group, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { MenuCounts } from '../../../shared/schemas/alerts';
import { get } from '../../api/client';
import { useInvalidateOn } from './live-events';

export const MENU_COUNTS_KEY = ['menu-counts'] as const;

export function useMenuCounts(enabled: boolean) {
  // Any change to requests the user may see, or a resync: the counts are one small query.
  useInvalidateOn('*', [MENU_COUNTS_KEY]);
  return useQuery({ queryKey: MENU_COUNTS_KEY, queryFn: () => get<MenuCounts>('/api/menu-counts'), enabled, staleTime: Infinity });
}

/** Badges for the inbox entry (hidden from screen readers, which get the sentence in `MenuCountsText`). */
export function MenuCountBadges({ counts }: { counts: MenuCounts | undefined }) {
  if (!counts) return null;
  return (
    <Group gap={4} wrap="nowrap" aria-hidden>
      <Badge size="sm" variant="filled" color="blue.8" data-testid="menu-inbox-count">{counts.inbox}</Badge>
      {counts.overdue > 0 && <Badge size="sm" variant="filled" color="red.9" data-testid="menu-overdue-count">{counts.overdue}</Badge>}
    </Group>
  );
}

export function MenuCountsText({ counts }: { counts: MenuCounts | undefined }) {
  const { t } = useTranslation();
  if (!counts) return null;
  return (
    <VisuallyHidden>
      {`: ${t('alerts.inboxCount', { count: counts.inbox })}${counts.overdue ? `, ${t('alerts.overdueCount', { count: counts.overdue })}` : ''}`}
    </VisuallyHidden>
  );
}
