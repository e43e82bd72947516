/** All requests the user may see: saved views, status tabs with counts, filters, paging, keyboard navigation. */
import { Button, Collapse, Group, Loader, Paper, SegmentedControl, Stack, Tabs, Text, Title } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { STATUS_INFO, STATUSES } from '../../../shared/workflow';
import { ErrorText } from '../../components/ErrorText';
import { pick } from '../../i18n';
import { useMe } from '../auth/session';
import { RequestFilters } from './RequestFilters';
import { RequestTable } from './RequestTable';
import { TriageViews } from './TriageViews';
import { useListFilters, useRequestList, useStatusCounts, type ListFilters } from './useRequestList';

export function RequestsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe().data!;
  const { filters, update, replaceAll } = useListFilters({ group: 'open' });
  const list = useRequestList(filters);
  const counts = useStatusCounts(filters);
  const page = Math.max(1, Number(filters.page ?? 1) || 1);
  const isPhone = useMediaQuery('(max-width: 48em)');
  const [filtersOpen, { toggle: toggleFilters }] = useDisclosure(false);

  const views: { key: string; label: string; filters: ListFilters }[] = [
    { key: 'all', label: t('req.list.viewAll'), filters: { group: 'open' } },
    ...(me.departmentIds.length ? [{ key: 'new', label: t('req.list.viewNew'), filters: { status: 'registered,forwarded', departmentId: me.departmentIds[0] } }] : []),
    { key: 'mine', label: t('req.list.viewMine'), filters: { group: 'open', assignee: 'me' } },
  ];
  const sameView = (v: ListFilters) => JSON.stringify(v) === JSON.stringify(Object.fromEntries(Object.entries(filters).filter(([k]) => k !== 'page')));
  const activeView = views.find((v) => sameView(v.filters))?.key ?? '';

  const tab = filters.status ?? (filters.group === 'closed' ? 'closed' : filters.group === 'open' ? 'open' : 'all');
  const countOf = (statuses: readonly string[]) => statuses.reduce((n, s) => n + (counts.data?.[s] ?? 0), 0);
  const openStatuses = STATUSES.filter((s) => STATUS_INFO[s].group === 'open');
  const closedStatuses = STATUSES.filter((s) => STATUS_INFO[s].group === 'closed');
  const setTab = (v: string | null) => {
    if (v === 'open' || v === 'closed') update({ group: v, status: undefined });
    else if (v === 'all') update({ group: 'all', status: undefined });
    else if (v) update({ status: v, group: undefined });
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Title order={1} size="h3">{t('req.listTitle')}</Title>
        <SegmentedControl
          aria-label={t('req.list.views')}
          value={activeView}
          onChange={(k) => replaceAll(views.find((v) => v.key === k)!.filters)}
          data={views.map((v) => ({ value: v.key, label: v.label }))}
          size="xs"
          orientation={isPhone ? 'vertical' : 'horizontal'}
          fullWidth={!!isPhone}
        />
      </Group>
      <TriageViews filters={filters} base={{ group: 'open', sort: 'triage' }} replaceAll={replaceAll} showAll={false} />
      {isPhone && (
        <Button variant="light" onClick={toggleFilters} aria-expanded={filtersOpen}>
          {t('req.list.filters')}
        </Button>
      )}
      <Collapse expanded={!isPhone || filtersOpen}>
        <Paper withBorder p="sm">
          <RequestFilters filters={filters} update={update} onClear={() => replaceAll({ group: 'open' })} />
        </Paper>
      </Collapse>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List style={{ flexWrap: 'wrap' }}>
          <Tabs.Tab value="open">{t('req.list.openStatuses')} ({countOf(openStatuses)})</Tabs.Tab>
          {openStatuses.map((s) => (
            <Tabs.Tab key={s} value={s}>{pick(STATUS_INFO[s], i18n.language)} ({counts.data?.[s] ?? 0})</Tabs.Tab>
          ))}
          <Tabs.Tab value="closed">{t('req.list.closedStatuses')} ({countOf(closedStatuses)})</Tabs.Tab>
          <Tabs.Tab value="all">{t('req.list.allStatuses')} ({countOf(STATUSES)})</Tabs.Tab>
        </Tabs.List>
      </Tabs>
      <ErrorText error={list.error} />
      {list.isPending ? <Loader aria-label={t('common.loading')} /> : <RequestTable items={list.data?.items ?? []} />}
      <Group justify="space-between">
        <Text size="xs" c="dimmed">{t('req.list.keyboard')}</Text>
        <Group gap="xs">
          <Button variant="default" size="compact-sm" disabled={page <= 1} onClick={() => update({ page: String(page - 1) }, false)}>{t('common.previous')}</Button>
          <Text size="sm">{t('common.page', { page })}</Text>
          <Button variant="default" size="compact-sm" disabled={!list.data?.hasMore} onClick={() => update({ page: String(page + 1) }, false)}>{t('common.next')}</Button>
        </Group>
      </Group>
    </Stack>
  );
}
