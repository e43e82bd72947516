/** One-click views with their counts: overdue, due today, urgent, unassigned (open requests in my scope). */
import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useTriageCounts, type ListFilters } from './useRequestList';

interface Props {
  filters: ListFilters;
  /** The "all open" view the others narrow. */
  base: ListFilters;
  replaceAll: (f: ListFilters) => void;
  /** Off where the page has its own "all open" view (the request list's saved views). */
  showAll?: boolean;
}

export function TriageViews({ filters, base, replaceAll, showAll = true }: Props) {
  const { t } = useTranslation();
  const counts = useTriageCounts(filters.departmentId);
  const scoped: ListFilters = { ...base, ...(filters.departmentId ? { departmentId: filters.departmentId } : {}) };
  const views = [
    { key: 'overdue', label: t('req.inbox.countOverdue'), count: counts.data?.overdue, filters: { ...scoped, overdue: 'true' }, color: 'red.9' },
    { key: 'dueToday', label: t('req.inbox.countDueToday'), count: counts.data?.dueToday, filters: { ...scoped, due: 'today' }, color: 'orange.9' },
    { key: 'urgent', label: t('req.inbox.countUrgent'), count: counts.data?.urgent, filters: { ...scoped, priority: 'urgent' }, color: 'red.9' },
    { key: 'unassigned', label: t('req.inbox.countUnassigned'), count: counts.data?.unassigned, filters: { ...scoped, assignee: 'none' }, color: 'blue.9' },
  ];
  const current = JSON.stringify(Object.fromEntries(Object.entries(filters).filter(([k]) => k !== 'page')));
  const isView = (f: ListFilters) => JSON.stringify(f) === current;
  return (
    <Group gap="xs" role="group" aria-label={t('req.inbox.views')}>
      {showAll && <Button variant={isView(scoped) ? 'filled' : 'default'} aria-pressed={isView(scoped)} onClick={() => replaceAll(scoped)}>{t('req.inbox.showAll')}</Button>}
      {views.map((v) => (
        <Button key={v.key} variant={isView(v.filters) ? 'filled' : 'default'} aria-pressed={isView(v.filters)} onClick={() => replaceAll(v.filters)} data-view={v.key}>
          {v.label}
          <Text span fw={700} ml={8} c={isView(v.filters) ? undefined : v.color}>{v.count ?? '…'}</Text>
        </Button>
      ))}
    </Group>
  );
}
