/**
 * The department inbox: the open requests of my departments, overdue and urgent first (triage
 * order), with one-click views and their counts, and bulk assignment and status change.
 */
import { Button, Group, Loader, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorText } from '../../components/ErrorText';
import { useMe } from '../auth/session';
import { InboxBulkBar } from './InboxBulkBar';
import { RequestFilters } from './RequestFilters';
import { RequestTable } from './RequestTable';
import { useListFilters, useRequestList, useTriageCounts, type ListFilters } from './useRequestList';

const DEFAULT: ListFilters = { group: 'open', sort: 'triage' };

export function InboxPage() {
  const { t } = useTranslation();
  const me = useMe().data!;
  const { filters, update, replaceAll } = useListFilters(DEFAULT);
  const list = useRequestList(filters);
  const counts = useTriageCounts(filters.departmentId);
  const items = list.data?.items ?? [];
  const [selected, setSelected] = useState<Set<string>>(new Set());
  // Rows that left the list (changed, forwarded) leave the selection too.
  useEffect(() => setSelected((s) => new Set([...s].filter((id) => items.some((r) => r.id === id)))), [list.data]);

  const toggle = (id: string) => setSelected((s) => (s.has(id) ? (s.delete(id), new Set(s)) : new Set(s.add(id))));
  const toggleAll = () => setSelected((s) => (items.every((r) => s.has(r.id)) ? new Set() : new Set(items.map((r) => r.id))));
  const base: ListFilters = { ...DEFAULT, ...(filters.departmentId ? { departmentId: filters.departmentId } : {}) };
  const views: { key: string; label: string; count?: number; filters: ListFilters; color: string }[] = [
    { key: 'overdue', label: t('req.inbox.countOverdue'), count: counts.data?.overdue, filters: { ...base, overdue: 'true' }, color: 'red.9' },
    { key: 'dueToday', label: t('req.inbox.countDueToday'), count: counts.data?.dueToday, filters: { ...base, due: 'today' }, color: 'orange.9' },
    { key: 'urgent', label: t('req.inbox.countUrgent'), count: counts.data?.urgent, filters: { ...base, priority: 'urgent' }, color: 'red.9' },
    { key: 'unassigned', label: t('req.inbox.countUnassigned'), count: counts.data?.unassigned, filters: { ...base, assignee: 'none' }, color: 'blue.9' },
  ];
  const current = JSON.stringify(Object.fromEntries(Object.entries(filters).filter(([k]) => k !== 'page')));
  const isView = (f: ListFilters) => JSON.stringify(f) === current;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Title order={1} size="h3">{t('req.inbox.title')}</Title>
          <Text c="dimmed" size="sm">{t('req.inbox.intro')}</Text>
        </div>
        {(me.role === 'department_head' || me.role === 'admin') && <Button component={Link} to="/inbox/replies" variant="default">{t('req.replies.manage')}</Button>}
      </Group>
      <Group gap="xs" role="group" aria-label={t('req.inbox.views')}>
        <Button variant={isView(base) ? 'filled' : 'default'} aria-pressed={isView(base)} onClick={() => replaceAll(base)}>{t('req.inbox.showAll')}</Button>
        {views.map((v) => (
          <Button key={v.key} variant={isView(v.filters) ? 'filled' : 'default'} aria-pressed={isView(v.filters)} onClick={() => replaceAll(v.filters)} data-view={v.key}>
            {v.label}
            <Text span fw={700} ml={8} c={isView(v.filters) ? undefined : v.color}>{v.count ?? '…'}</Text>
          </Button>
        ))}
      </Group>
      <Paper withBorder p="sm">
        <Stack gap="sm">
          <RequestFilters filters={filters} update={update} onClear={() => replaceAll(DEFAULT)} showDepartment={me.departmentIds.length !== 1} />
          <Switch
            label={t('req.inbox.onlyNew')}
            checked={filters.status === 'registered,forwarded'}
            onChange={(e) => update({ status: e.currentTarget.checked ? 'registered,forwarded' : undefined, group: e.currentTarget.checked ? undefined : 'open' })}
          />
        </Stack>
      </Paper>
      <InboxBulkBar me={me} items={items} selected={selected} setSelected={setSelected} />
      <ErrorText error={list.error} />
      {list.isPending ? <Loader aria-label={t('common.loading')} /> : <RequestTable items={items} selection={{ selected, toggle, toggleAll }} showDepartment={me.departmentIds.length !== 1} />}
    </Stack>
  );
}
