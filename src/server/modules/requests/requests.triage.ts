/**
 * Triage: what needs attention first. The inbox's order (overdue and urgent first, then by due
 * time; see LIST_SORTS in the shared schema), the one-click counts (overdue, due today, urgent,
 * unassigned) and how late a request is in working days.
 */
import { and, asc, eq, gte, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { ListRequestsQuery, TriageCounts, TriageCountsQuery } from '../../../shared/schemas/requests.js';
import { isOpenStatus } from '../../../shared/workflow.js';
import type { Executor } from '../../db/client.js';
import { requests } from '../../db/schema.js';
import type { Actor } from '../auth/actor.js';
import { athensDate, type WorkingCalendar } from '../calendar/working-days.js';
import { athensMidnight, scopeOf } from './requests.queries.js';

const isUrgent = sql`(${requests.priority} = 'urgent')`;
const nowParam = (now: Date) => sql`${now.toISOString()}::timestamptz`;

/** 0 overdue and urgent, 1 overdue, 2 urgent, 3 the rest, 4 closed: the class a request is ranked in. */
export const triageRank = (now: Date): SQL =>
  sql`(case when ${requests.closedAt} is not null then 4 else
    case when ${requests.dueAt} < ${nowParam(now)} then 0 else 2 end + case when ${isUrgent} then 0 else 1 end end)`;

/** The full triage order, for an ORDER BY over any set of requests. */
export const triageOrder = (now: Date): SQL[] => [triageRank(now), sql`${requests.dueAt} asc nulls last`, asc(requests.createdAt), asc(requests.id)];

/** Whether the query can only match open requests (then the triage order comes from the open-request indexes). */
function onlyOpen(query: ListRequestsQuery): boolean {
  return query.group === 'open' || query.due === 'today' || query.overdue === true || (!!query.status?.length && query.status.every(isOpenStatus));
}

/**
 * The ids of the first `n` requests in triage order, as a subquery, when the indexes can serve it:
 * six slices (urgent or not × overdue, due later, no due time), each read in index order
 * (requests_open_triage*) and cut at `n`, so that at a million requests no slice is sorted whole.
 * Undefined when the query reaches closed requests or searches text (a small set: sorted as a whole).
 */
export function triageCandidates(query: ListRequestsQuery, conditions: SQL | undefined, now: Date, n: number): SQL | undefined {
  if (!onlyOpen(query) || query.q) return undefined;
  // Said once: a repeated condition would be counted twice in the planner's estimate.
  const openOnly = query.group === 'open' ? undefined : isNull(requests.closedAt);
  // No join to citizens (only a text search, not served here, needs one): with it, the planner
  // misses the expression index even though it removes the join afterwards.
  const slice = (urgent: boolean, due: SQL, byDue: boolean) => sql`(select ${requests.id} from ${requests}
    where ${and(conditions, openOnly, sql`${isUrgent} is ${urgent ? sql`true` : sql`false`}`, due)}
    order by ${byDue ? sql`${requests.dueAt}, ` : sql``}${requests.createdAt}, ${requests.id} limit ${n})`;
  const slices = [true, false].flatMap((urgent) => [
    slice(urgent, lt(requests.dueAt, now), true),
    slice(urgent, gte(requests.dueAt, now), true),
    slice(urgent, isNull(requests.dueAt), false),
  ]);
  return sql`${requests.id} in (${sql.join(slices, sql` union all `)})`;
}

/** The open requests in the actor's departments (or one of them) that are overdue, due today, urgent and unassigned. */
export async function triageCounts(db: Executor, actor: Actor, input: TriageCountsQuery = {}, now = new Date()): Promise<TriageCounts> {
  const endOfToday = athensMidnight(athensDate(now), 1);
  const [row] = await db
    .select({
      overdue: sql<number>`count(*) filter (where ${requests.dueAt} < ${nowParam(now)})::int`,
      dueToday: sql<number>`count(*) filter (where ${requests.dueAt} >= ${nowParam(now)} and ${requests.dueAt} < ${nowParam(endOfToday)})::int`,
      urgent: sql<number>`count(*) filter (where ${isUrgent})::int`,
      unassigned: sql<number>`count(*) filter (where ${requests.assigneeId} is null)::int`,
    })
    .from(requests)
    .where(and(scopeOf(actor), isNull(requests.closedAt), input.departmentId ? eq(requests.departmentId, input.departmentId) : undefined));
  return { overdue: Number(row!.overdue), dueToday: Number(row!.dueToday), urgent: Number(row!.urgent), unassigned: Number(row!.unassigned) };
}

/** The condition of the "due today" view: open, due between now and the end of today (Athens). */
export function dueTodayCondition(now: Date): SQL {
  return and(isNull(requests.closedAt), gte(requests.dueAt, now), lt(requests.dueAt, athensMidnight(athensDate(now), 1)))!;
}

const lateCache = new WeakMap<WorkingCalendar, Map<string, number>>();

/** Working days after `fromIso` up to and including `toIso` (both Athens dates). */
function workingDaysAfter(calendar: WorkingCalendar, fromIso: string, toIso: string): number {
  let cache = lateCache.get(calendar);
  if (!cache) lateCache.set(calendar, (cache = new Map()));
  const key = `${fromIso}/${toIso}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  let n = 0;
  for (let d = new Date(`${fromIso}T12:00:00Z`); ;) {
    d = new Date(d.getTime() + 86_400_000);
    const iso = d.toISOString().slice(0, 10);
    if (iso > toIso) break;
    if (calendar.isWorkingDay(iso)) n++;
  }
  if (cache.size >= 5000) cache.clear();
  cache.set(key, n);
  return n;
}

/** How late an open request is in working days (null when it is not overdue), and whether it is due soon. */
export function lateness(calendar: WorkingCalendar, dueAt: Date | null, closedAt: Date | null, now: Date): { workingDaysLate: number | null; dueSoon: boolean } {
  if (!dueAt || closedAt) return { workingDaysLate: null, dueSoon: false };
  const today = athensDate(now);
  if (dueAt < now) return { workingDaysLate: workingDaysAfter(calendar, athensDate(dueAt), today), dueSoon: false };
  // Due soon: by the end of the next working day.
  const dueDay = athensDate(dueAt);
  return { workingDaysLate: null, dueSoon: dueDay === today || workingDaysAfter(calendar, today, dueDay) <= 1 };
}
