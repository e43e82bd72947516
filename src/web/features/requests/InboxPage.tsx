/** What is new or forwarded to my departments, with bulk assignment and bulk status change. */
import { Button, Group, Loader, Paper, Select, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../shared/roles';
import type { BulkInput, BulkResult } from '../../../shared/schemas/requests';
import { allowedTargets, STATUS_INFO, type Status } from '../../../shared/workflow';
import { get, post, qs } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { pick } from '../../i18n';
import { useMe } from '../auth/session';
import { RequestFilters } from './RequestFilters';
import { RequestTable } from './RequestTable';
import { useListFilters, useRequestList } from './useRequestList';

interface Colleague { id: string; fullName: string }

/** Statuses the role may set on new or forwarded requests: what bulk change offers. */
const bulkTargets = (role: Role): Status[] => [...new Set([...allowedTargets(role, 'registered'), ...allowedTargets(role, 'forwarded')])].filter((s) => s !== 'duplicate');

export function InboxPage() {
  const { t, i18n } = useTranslation();
  const me = useMe().data!;
  const qc = useQueryClient();
  const { filters, update, replaceAll } = useListFilters({ status: 'registered,forwarded' });
  const list = useRequestList(filters);
  const items = list.data?.items ?? [];
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [assignee, setAssignee] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [outcome, setOutcome] = useState<string | null>(null);
  const colleagues = useQuery({ queryKey: ['colleagues'], queryFn: () => get<Colleague[]>(`/api/colleagues${qs({})}`) });
  const canAssignOthers = me.role !== 'department_staff';

  const bulk = useMutation({
    mutationFn: (input: BulkInput) => post<BulkResult>('/api/requests/bulk', input),
    onSuccess: (r) => {
      const ok = r.results.filter((x) => x.ok).length;
      const failed = r.results.length - ok;
      setOutcome([t('req.inbox.done', { ok, total: r.results.length }), failed ? t('req.inbox.failed', { count: failed }) : ''].join(' '));
      setSelected(new Set());
      void qc.invalidateQueries({ queryKey: ['requests'] });
    },
  });

  const toggle = (id: string) => setSelected((s) => (s.has(id) ? (s.delete(id), new Set(s)) : new Set(s.add(id))));
  const toggleAll = () => setSelected((s) => (items.every((r) => s.has(r.id)) ? new Set() : new Set(items.map((r) => r.id))));
  const ids = [...selected];
  const assigneeOptions = [
    { value: 'none', label: t('req.inbox.unassign') },
    ...(colleagues.data ?? []).filter((c) => canAssignOthers || c.id === me.id).map((c) => ({ value: c.id, label: c.fullName })).sort((a, b) => a.label.localeCompare(b.label, 'el')),
  ];

  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h3">{t('req.inbox.title')}</Title>
        <Text c="dimmed" size="sm">{t('req.inbox.intro')}</Text>
      </div>
      <Paper withBorder p="sm">
        <Stack gap="sm">
          <RequestFilters filters={filters} update={update} onClear={() => replaceAll({ status: 'registered,forwarded' })} showDepartment={me.departmentIds.length !== 1} />
          <Switch
            label={t('req.list.viewAll')}
            checked={filters.group === 'open' && !filters.status}
            onChange={(e) => (e.currentTarget.checked ? replaceAll({ group: 'open' }) : replaceAll({ status: 'registered,forwarded' }))}
          />
        </Stack>
      </Paper>
      <Paper withBorder p="sm" bg={ids.length ? 'blue.0' : undefined} aria-live="polite">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <Text fw={600} mb={6}>{t('req.inbox.selected', { count: ids.length })}</Text>
          <Select label={t('req.inbox.assignTo')} data={assigneeOptions} value={assignee} onChange={setAssignee} w={{ base: '100%', sm: 220 }} searchable />
          <Button disabled={!ids.length || !assignee} loading={bulk.isPending} onClick={() => bulk.mutate({ ids, dryRun: false, action: { type: 'assign', userId: assignee === 'none' ? null : assignee } })}>
            {t('req.inbox.apply')}
          </Button>
          <Select
            label={t('req.inbox.setStatus')}
            data={bulkTargets(me.role).map((s) => ({ value: s, label: pick(STATUS_INFO[s], i18n.language) }))}
            value={status}
            onChange={setStatus}
            w={{ base: '100%', sm: 200 }}
          />
          <TextInput label={t('req.inbox.publicNote')} value={note} onChange={(e) => setNote(e.currentTarget.value)} w={{ base: '100%', sm: 260 }} />
          <Button
            disabled={!ids.length || !status}
            loading={bulk.isPending}
            onClick={() => bulk.mutate({ ids, dryRun: false, action: { type: 'transition', to: status as Status, publicNote: note || undefined } })}
          >
            {t('req.inbox.apply')}
          </Button>
        </Group>
        {outcome && <Text size="sm" mt="xs" role="status">{outcome}</Text>}
        <ErrorText error={bulk.error} />
      </Paper>
      <ErrorText error={list.error} />
      {list.isPending ? <Loader aria-label={t('common.loading')} /> : <RequestTable items={items} selection={{ selected, toggle, toggleAll }} showDepartment={me.departmentIds.length !== 1} />}
    </Stack>
  );
}
