/** List filters kept in the URL (so a view can be bookmarked and shared), and the queries behind the list. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import type { RequestSummary, TriageCounts } from '../../../shared/schemas/requests';
import { get, qs } from '../../api/client';

export const PAGE_SIZE = 50;

export interface ListFilters {
  status?: string;
  group?: string;
  departmentId?: string;
  categoryId?: string;
  channel?: string;
  assignee?: string;
  from?: string;
  to?: string;
  overdue?: string;
  due?: string;
  priority?: string;
  q?: string;
  sort?: string;
  page?: string;
}

const KEYS: (keyof ListFilters)[] = ['status', 'group', 'departmentId', 'categoryId', 'channel', 'assignee', 'from', 'to', 'overdue', 'due', 'priority', 'q', 'sort', 'page'];

export function useListFilters(defaults: ListFilters = {}) {
  const [params, setParams] = useSearchParams();
  const filters: ListFilters = { ...defaults };
  for (const k of KEYS) {
    const v = params.get(k);
    if (v !== null) filters[k] = v;
  }
  const update = (patch: Partial<ListFilters>, resetPage = true) => {
    const next = { ...filters, ...patch, ...(resetPage && !('page' in patch) ? { page: undefined } : {}) };
    const sp = new URLSearchParams();
    for (const k of KEYS) if (next[k]) sp.set(k, next[k]!);
    setParams(sp, { replace: true });
  };
  const replaceAll = (f: ListFilters) => {
    const sp = new URLSearchParams();
    for (const k of KEYS) if (f[k]) sp.set(k, f[k]!);
    setParams(sp, { replace: true });
  };
  return { filters, update, replaceAll };
}

function apiQuery(f: ListFilters) {
  const page = Math.max(1, Number(f.page ?? 1) || 1);
  const { page: _p, group, ...rest } = f;
  // 'all' is the list's own word for "open and closed": the API takes no group then.
  return { ...rest, group: group === 'all' ? undefined : group, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
}

export function useRequestList(f: ListFilters) {
  return useQuery({
    queryKey: ['requests', 'list', f],
    queryFn: () => get<{ items: RequestSummary[]; hasMore: boolean }>(`/api/requests${qs(apiQuery(f))}`),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
}

export function useStatusCounts(f: ListFilters) {
  const { status: _s, group: _g, sort: _o, page: _p, ...rest } = f;
  return useQuery({
    queryKey: ['requests', 'counts', rest],
    queryFn: () => get<Record<string, number>>(`/api/requests/counts${qs(rest)}`),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
}

/** The inbox's one-click counts (overdue, due today, urgent, unassigned) in the user's departments. */
export function useTriageCounts(departmentId?: string) {
  return useQuery({
    queryKey: ['requests', 'triage-counts', departmentId ?? null],
    queryFn: () => get<TriageCounts>(`/api/requests/triage-counts${qs({ departmentId })}`),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
}
