/**
 * Triage: what needs attention first. The inbox's order (overdue and urgent first, then by due
 * time; see LIST_SORTS in the shared schema), the one-click counts (overdue, due today, urgent,
 * unassigned) and how late a request is in working days.
 */
import { createHash } from 'node:crypto';
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
 * The ids of one page of requests in triage order, as a condition on requests.id, when the indexes
 * can serve it: six slices (urgent or not × overdue, due later, no due time), each read in index
 * order from requests_open_triage* without touching the table and cut at offset + limit, ranked and
 * paged among themselves, so that only the page's rows are fetched and joined. Undefined when the
 * query reaches closed requests or searches text (then the whole set is sorted: it is small).
 */
export function triagePage(query: ListRequestsQuery, conditions: SQL | undefined, now: Date): SQL | undefined {
  if (!onlyOpen(query) || query.q) return undefined;
  // Limits written into the text (integers from the schema), not parameters: the planner then
  // estimates each slice as the short index range it is.
  const n = Math.trunc(query.offset + query.limit + 1);
  // Said once: a repeated condition would be counted twice in the planner's estimate.
  const openOnly = query.group === 'open' ? undefined : isNull(requests.closedAt);
  // No join to citizens (only a text search, not served here, needs one): with it, the planner
  // misses the expression index even though it removes the join afterwards.
  const slice = (rank: number, due: SQL, byDue: boolean) => sql`(select ${requests.id} as id, ${sql.raw(String(rank))} as rank, ${requests.dueAt} as due_at, ${requests.createdAt} as created_at from ${requests}
    where ${and(conditions, openOnly, sql`${isUrgent} is ${rank % 2 === 0 ? sql`true` : sql`false`}`, due)}
    order by ${byDue ? sql`${requests.dueAt}, ` : sql``}${requests.createdAt}, ${requests.id} limit ${sql.raw(String(n))})`;
  const slices = [
    slice(0, lt(requests.dueAt, now), true), slice(1, lt(requests.dueAt, now), true),
    slice(2, gte(requests.dueAt, now), true), slice(2, isNull(requests.dueAt), false),
    slice(3, gte(requests.dueAt, now), true), slice(3, isNull(requests.dueAt), false),
  ];
  return sql`${requests.id} in (select t.id from (${sql.join(slices, sql` union all `)}) t
    order by t.rank, t.due_at asc nulls last, t.created_at, t.id limit ${sql.raw(String(query.limit + 1))} offset ${sql.raw(String(query.offset))})`;
}

interface Preparable<T> {
  toSQL(): { sql: string };
  prepare(name: string): { execute(): Promise<T> };
}

/**
 * Runs the first triage page under a generic plan kept per connection. Planning the six slices
 * costs more than running them (2.2 ms against 0.9 ms at a million requests, idle), and PostgreSQL
 * would re-plan every call (its estimate favours custom plans here, though the plan is the same),
 * so the statement is prepared under a name derived from its text (one per filter shape) and its
 * generic plan is forced for this transaction only. Later pages (offset in the text) are not kept.
 */
export async function withGenericPlan<T>(db: Executor, build: (ex: Executor) => Preparable<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local plan_cache_mode = force_generic_plan`);
    const query = build(tx);
    return query.prepare(`triage_${createHash('sha1').update(query.toSQL().sql).digest('hex').slice(0, 24)}`).execute();
  });
}

/**
 * How many open requests in the actor's departments (or one of them) are overdue, due today, urgent,
 * unassigned, and new or forwarded (not yet taken up): one index-only pass over requests_open_triage.
 * The inbox's one-click views and the menu's live counts both read it.
 */
export async function openRequestCounts(db: Executor, actor: Actor, now: Date, departmentId?: string): Promise<TriageCounts & { newOrForwarded: number }> {
  const endOfToday = athensMidnight(athensDate(now), 1);
  const [row] = await db
    .select({
      overdue: sql<number>`count(*) filter (where ${requests.dueAt} < ${nowParam(now)})::int`,
      dueToday: sql<number>`count(*) filter (where ${requests.dueAt} >= ${nowParam(now)} and ${requests.dueAt} < ${nowParam(endOfToday)})::int`,
      urgent: sql<number>`count(*) filter (where ${isUrgent})::int`,
      unassigned: sql<number>`count(*) filter (where ${requests.assigneeId} is null)::int`,
      newOrForwarded: sql<number>`count(*) filter (where ${requests.status} in ('registered', 'forwarded'))::int`,
    })
    .from(requests)
    .where(and(scopeOf(actor), isNull(requests.closedAt), departmentId ? eq(requests.departmentId, departmentId) : undefined));
  return { overdue: Number(row!.overdue), dueToday: Number(row!.dueToday), urgent: Number(row!.urgent), unassigned: Number(row!.unassigned), newOrForwarded: Number(row!.newOrForwarded) };
}

/** The inbox's one-click counts: overdue, due today, urgent and unassigned. */
export async function triageCounts(db: Executor, actor: Actor, input: TriageCountsQuery = {}, now = new Date()): Promise<TriageCounts> {
  const { overdue, dueToday, urgent, unassigned } = await openRequestCounts(db, actor, now, input.departmentId);
  return { overdue, dueToday, urgent, unassigned };
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

/**
 * The Athens date of an instant, remembered for the last few hundred instants: a list of 50 asks it
 * for the same `now` 50 times and for due times that many requests share (the end of a working day),
 * and each Intl formatting costs microseconds that add up per page.
 */
const dayOf = new Map<number, string>();
function athensDay(at: Date): string {
  const ms = at.getTime();
  let day = dayOf.get(ms);
  if (day === undefined) {
    if (dayOf.size >= 500) dayOf.clear();
    dayOf.set(ms, (day = athensDate(at)));
  }
  return day;
}

/** How late an open request is in working days (null when it is not overdue), and whether it is due soon. */
export function lateness(calendar: WorkingCalendar, dueAt: Date | null, closedAt: Date | null, now: Date): { workingDaysLate: number | null; dueSoon: boolean } {
  if (!dueAt || closedAt) return { workingDaysLate: null, dueSoon: false };
  const today = athensDay(now);
  if (dueAt < now) return { workingDaysLate: workingDaysAfter(calendar, athensDay(dueAt), today), dueSoon: false };
  // Due soon: by the end of the next working day.
  const dueDay = athensDay(dueAt);
  return { workingDaysLate: null, dueSoon: dueDay === today || workingDaysAfter(calendar, today, dueDay) <= 1 };
}
