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
import { TriageViews } from './TriageViews';
import { useListFilters, useRequestList, type ListFilters } from './useRequestList';

const DEFAULT: ListFilters = { group: 'open', sort: 'triage' };

export function InboxPage() {
  const { t } = useTranslation();
  const me = useMe().data!;
  const { filters, update, replaceAll } = useListFilters(DEFAULT);
  const list = useRequestList(filters);
  const items = list.data?.items ?? [];
  const [selected, setSelected] = useState<Set<string>>(new Set());
  // Rows that left the list (changed, forwarded) leave the selection too.
  useEffect(() => setSelected((s) => new Set([...s].filter((id) => items.some((r) => r.id === id)))), [list.data]);

  const toggle = (id: string) => setSelected((s) => (s.has(id) ? (s.delete(id), new Set(s)) : new Set(s.add(id))));
  const toggleAll = () => setSelected((s) => (items.every((r) => s.has(r.id)) ? new Set() : new Set(items.map((r) => r.id))));
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Title order={1} size="h3">{t('req.inbox.title')}</Title>
          <Text c="dimmed" size="sm">{t('req.inbox.intro')}</Text>
        </div>
        {(me.role === 'department_head' || me.role === 'admin') && <Button component={Link} to="/inbox/replies" variant="default">{t('req.replies.manage')}</Button>}
      </Group>
      <TriageViews filters={filters} base={DEFAULT} replaceAll={replaceAll} />
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
