/**
 * Reading requests: one by id or protocol number with its timeline, and lists with filters and
 * accent-insensitive search. Department staff only ever see their departments' requests; for
 * anything else they get "not found", never a hint that it exists.
 */
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { normalisePhone } from '../../../shared/phone.js';
import { formatProtocol, parseProtocol, type ProtocolNumber } from '../../../shared/protocol.js';
import type { Attachment, ListRequestsQuery, RequestDetail, RequestSummary, TimelineEvent } from '../../../shared/schemas/requests.js';
import { allowedTargets, type Status } from '../../../shared/workflow.js';
import { isoTimestampSql, type Executor } from '../../db/client.js';
import { categories, citizens, departments, requests, users } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { isCitywide, type Actor } from '../auth/actor.js';
import { athensOffsetMinutes, workingCalendar, type WorkingCalendar } from '../calendar/working-days.js';
import { toNotificationView, type NotificationJson } from '../notifications/notifications.service.js';
import { dueTodayCondition, lateness, triageOrder, triagePage, withGenericPlan } from './requests.triage.js';

/** Greek public holidays only: callers with the configured calendar (local holidays) pass theirs. */
const defaultCalendar = workingCalendar();

const assignees = alias(users, 'assignee');

/** The department filter every read applies: citywide roles see all, others their own. */
export function scopeOf(actor: Actor): SQL | undefined {
  if (isCitywide(actor)) return undefined;
  return actor.departmentIds.length ? inArray(requests.departmentId, actor.departmentIds) : sql`false`;
}

const summaryColumns = {
  id: requests.id,
  protocolYear: requests.protocolYear,
  protocolSeq: requests.protocolSeq,
  channel: requests.channel,
  status: requests.status,
  priority: requests.priority,
  categoryId: categories.id,
  categoryEl: categories.nameEl,
  categoryEn: categories.nameEn,
  departmentId: departments.id,
  departmentEl: departments.nameEl,
  departmentEn: departments.nameEn,
  description: requests.description,
  addressText: requests.addressText,
  citizenName: citizens.fullName,
  assigneeId: assignees.id,
  assigneeName: assignees.fullName,
  dueAt: requests.dueAt,
  createdAt: requests.createdAt,
  updatedAt: requests.updatedAt,
  closedAt: requests.closedAt,
  lat: requests.lat,
  lng: requests.lng,
  citizenId: requests.citizenId,
  duplicateOfId: requests.duplicateOfId,
  createdById: requests.createdById,
};

type SummaryRow = Awaited<ReturnType<typeof selectSummaries>>[number];

function selectSummaries(db: Executor) {
  return db
    .select(summaryColumns)
    .from(requests)
    .innerJoin(categories, eq(categories.id, requests.categoryId))
    .innerJoin(departments, eq(departments.id, requests.departmentId))
    .leftJoin(citizens, eq(citizens.id, requests.citizenId))
    .leftJoin(assignees, eq(assignees.id, requests.assigneeId));
}

function toSummary(r: SummaryRow, now: Date, calendar: WorkingCalendar): RequestSummary {
  return {
    id: r.id,
    protocolNumber: formatProtocol({ year: r.protocolYear, seq: r.protocolSeq }),
    channel: r.channel as RequestSummary['channel'],
    status: r.status as Status,
    priority: r.priority as RequestSummary['priority'],
    category: { id: r.categoryId, name: { el: r.categoryEl, en: r.categoryEn } },
    department: { id: r.departmentId, name: { el: r.departmentEl, en: r.departmentEn } },
    description: r.description,
    addressText: r.addressText,
    citizenName: r.citizenName ?? null,
    assignee: r.assigneeId ? { id: r.assigneeId, fullName: r.assigneeName ?? '' } : null,
    dueAt: r.dueAt?.toISOString() ?? null,
    overdue: !r.closedAt && !!r.dueAt && r.dueAt < now,
    ...lateness(calendar, r.dueAt, r.closedAt, now),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    closedAt: r.closedAt?.toISOString() ?? null,
  };
}

/** Escapes LIKE wildcards in user text. */
const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function textFilter(q: string, region: string): SQL | undefined {
  const protocol = parseProtocol(q);
  if (protocol) return and(eq(requests.protocolYear, protocol.year), eq(requests.protocolSeq, protocol.seq));
  const phone = /^[+\d\s()-]{8,}$/.test(q) ? normalisePhone(q, region) : null;
  if (phone) return eq(citizens.phone, phone.e164);
  const words = q.split(/\s+/).filter(Boolean).slice(0, 8);
  if (!words.length) return undefined;
  return and(...words.map((w) => sql`${requests.searchText} like '%' || dimotis_fold(${likeEscape(w)}) || '%'`));
}

/** The WHERE conditions of a list query, always within the actor's scope; `withStatus` false leaves the status out (for counts per status). */
function listConditions(actor: Actor, query: ListRequestsQuery, now: Date, region: string, withStatus = true): SQL | undefined {
  // A department asked for replaces the scope (the same rows, or none): one condition on department_id,
  // not two, so that the planner's estimate, and with it the choice of index, stays right.
  const scope = query.departmentId && !isCitywide(actor) ? (actor.departmentIds.includes(query.departmentId) ? undefined : sql`false`) : scopeOf(actor);
  const conditions: (SQL | undefined)[] = [scope];
  if (withStatus && query.status?.length) conditions.push(inArray(requests.status, query.status));
  if (withStatus && query.group === 'open') conditions.push(isNull(requests.closedAt));
  if (withStatus && query.group === 'closed') conditions.push(isNotNull(requests.closedAt));
  if (query.departmentId) conditions.push(eq(requests.departmentId, query.departmentId));
  if (query.categoryId) conditions.push(eq(requests.categoryId, query.categoryId));
  if (query.channel?.length) conditions.push(inArray(requests.channel, query.channel));
  if (query.assignee === 'me') conditions.push(eq(requests.assigneeId, actor.userId));
  else if (query.assignee === 'none') conditions.push(isNull(requests.assigneeId));
  else if (query.assignee) conditions.push(eq(requests.assigneeId, query.assignee));
  if (query.from) conditions.push(gte(requests.createdAt, athensMidnight(query.from)));
  if (query.to) conditions.push(lt(requests.createdAt, athensMidnight(query.to, 1)));
  if (query.overdue === true) conditions.push(and(isNull(requests.closedAt), lt(requests.dueAt, now)));
  if (query.overdue === false) conditions.push(or(isNotNull(requests.closedAt), isNull(requests.dueAt), gte(requests.dueAt, now)));
  if (query.due === 'today') conditions.push(dueTodayCondition(now));
  if (query.priority?.length) conditions.push(inArray(requests.priority, query.priority));
  if (query.q) conditions.push(textFilter(query.q, region));
  return and(...conditions);
}

/** How many requests match the filters, per status (the list's status tabs). */
export async function countRequestsByStatus(db: Executor, actor: Actor, query: ListRequestsQuery, now: Date, region = 'GR'): Promise<Record<string, number>> {
  const rows = await db
    .select({ status: requests.status, n: sql<number>`count(*)::int` })
    .from(requests)
    .leftJoin(citizens, eq(citizens.id, requests.citizenId))
    .where(listConditions(actor, query, now, region, false))
    .groupBy(requests.status);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Lists the requests the actor may see, filtered, newest first by default (the inbox asks for `triage`). */
export async function listRequests(db: Executor, actor: Actor, query: ListRequestsQuery, now: Date, region = 'GR', calendar = defaultCalendar): Promise<{ items: RequestSummary[]; hasMore: boolean }> {
  const order = {
    triage: triageOrder(now),
    newest: [desc(requests.createdAt), desc(requests.id)],
    oldest: [asc(requests.createdAt), asc(requests.id)],
    due: [sql`${requests.dueAt} asc nulls last`, asc(requests.createdAt)],
    updated: [desc(requests.updatedAt), desc(requests.id)],
  }[query.sort];
  const conditions = listConditions(actor, query, now, region);
  // The triage page is picked and paged by its own subquery; here its rows are only joined and put in order.
  const page = query.sort === 'triage' ? triagePage(query, conditions, now) : undefined;
  const select = (ex: Executor) => selectSummaries(ex)
    .where(page ?? conditions)
    .orderBy(...order)
    .limit(query.limit + 1)
    .offset(page ? 0 : query.offset);
  const rows = page && query.offset === 0 ? await withGenericPlan(db, select) : await select(db);
  return { items: rows.slice(0, query.limit).map((r) => toSummary(r, now, calendar)), hasMore: rows.length > query.limit };
}

/** Midnight in Athens at the start of `isoDate` (+ days). */
export function athensMidnight(isoDate: string, plusDays = 0): Date {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + plusDays);
  // The offset in force at that midnight: 00:00 UTC is still before the 03:00/04:00 local change,
  // whereas midday would already be past it on the two days a year the clocks move.
  return new Date(d.getTime() - athensOffsetMinutes(d) * 60_000);
}

/** What the timeline subquery yields per event, before it becomes a TimelineEvent. */
interface TimelineJson {
  id: number;
  kind: TimelineEvent['kind'];
  visibility: TimelineEvent['visibility'];
  actorId: string | null;
  actorName: string | null;
  fromStatus: Status | null;
  toStatus: Status | null;
  fromId: string | null;
  fromEl: string | null;
  fromEn: string | null;
  toId: string | null;
  toEl: string | null;
  toEn: string | null;
  body: string | null;
  data: Record<string, unknown> | null;
  createdAt: string;
}

/** A request's timeline as one JSON array, oldest first: a subquery for any statement. */
function timelineJson(requestId: SQL, onlyPublic: boolean): SQL<TimelineJson[]> {
  return sql<TimelineJson[]>`coalesce((select json_agg(json_build_object(
      'id', e.id, 'kind', e.kind, 'visibility', e.visibility, 'actorId', e.actor_id, 'actorName', u.full_name,
      'fromStatus', e.from_status, 'toStatus', e.to_status,
      'fromId', e.from_department_id, 'fromEl', fd.name_el, 'fromEn', fd.name_en,
      'toId', e.to_department_id, 'toEl', td.name_el, 'toEn', td.name_en,
      'body', e.body, 'data', e.data, 'createdAt', ${isoTimestampSql('e.created_at')}) order by e.id)
    from request_events e
    left join users u on u.id = e.actor_id
    left join departments fd on fd.id = e.from_department_id
    left join departments td on td.id = e.to_department_id
    where e.request_id = ${requestId}${onlyPublic ? sql` and e.visibility = 'public'` : sql``}), '[]'::json)`;
}

function toTimelineEvent(e: TimelineJson): TimelineEvent {
  return {
    id: e.id,
    kind: e.kind,
    visibility: e.visibility,
    actor: e.actorId ? { id: e.actorId, fullName: e.actorName ?? '' } : null,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    fromDepartment: e.fromId ? { id: e.fromId, name: { el: e.fromEl ?? '', en: e.fromEn ?? '' } } : null,
    toDepartment: e.toId ? { id: e.toId, name: { el: e.toEl ?? '', en: e.toEn ?? '' } } : null,
    body: e.body,
    data: e.data,
    createdAt: e.createdAt,
  };
}

/** A request's attachments without their bytes, oldest first, as one JSON array. */
const attachmentsJson = sql<Attachment[]>`coalesce((select json_agg(json_build_object(
    'id', a.id, 'filename', a.filename, 'contentType', a.content_type, 'size', a.size,
    'uploadedBy', case when u.id is null then null else json_build_object('id', u.id, 'fullName', u.full_name) end,
    'createdAt', ${isoTimestampSql('a.created_at')}) order by a.created_at, a.id)
  from attachments a left join users u on u.id = a.uploaded_by
  where a.request_id = ${requests.id}), '[]'::json)`;

/** A request's messages to the citizen, oldest first, as one JSON array. */
const notificationsJson = sql<NotificationJson[]>`coalesce((select json_agg(json_build_object(
    'id', n.id, 'requestId', n.request_id, 'channel', n.channel, 'event', n.event, 'recipient', n.recipient,
    'status', n.status, 'attempts', n.attempts, 'subject', n.subject, 'body', n.body, 'segments', n.segments,
    'encoding', n.encoding, 'lastError', n.last_error, 'createdAt', ${isoTimestampSql('n.created_at')},
    'sentAt', ${isoTimestampSql('n.sent_at')}, 'deliveredAt', ${isoTimestampSql('n.delivered_at')}) order by n.id)
  from notifications n where n.request_id = ${requests.id} and n.audience = 'citizen'), '[]'::json)`;

const creators = alias(users, 'creator');
const originals = alias(requests, 'original');

/**
 * The statement behind getRequest: the request with its category, department, citizen, assignee,
 * creator, original (if a duplicate), timeline, attachments and messages, in one round trip.
 * Prepared once per database handle and variant, so neither Drizzle nor PostgreSQL plans it again.
 */
function detailStatement(db: Executor, by: 'id' | 'protocol', scoped: boolean) {
  const match = by === 'id'
    ? eq(requests.id, sql.placeholder('id'))
    : and(eq(requests.protocolYear, sql.placeholder('year')), eq(requests.protocolSeq, sql.placeholder('seq')));
  const scope = scoped ? sql`${requests.departmentId} = any(${sql.placeholder('departmentIds')}::uuid[])` : undefined;
  return db
    .select({
      ...summaryColumns,
      citizenPhone: citizens.phone,
      citizenPhoneType: citizens.phoneType,
      citizenEmail: citizens.email,
      citizenSmsConsent: citizens.smsConsent,
      citizenEmailConsent: citizens.emailConsent,
      creatorName: creators.fullName,
      originalYear: originals.protocolYear,
      originalSeq: originals.protocolSeq,
      timeline: timelineJson(sql`${requests.id}`, false),
      attachments: attachmentsJson,
      notifications: notificationsJson,
    })
    .from(requests)
    .innerJoin(categories, eq(categories.id, requests.categoryId))
    .innerJoin(departments, eq(departments.id, requests.departmentId))
    .leftJoin(citizens, eq(citizens.id, requests.citizenId))
    .leftJoin(assignees, eq(assignees.id, requests.assigneeId))
    .leftJoin(creators, eq(creators.id, requests.createdById))
    .leftJoin(originals, eq(originals.id, requests.duplicateOfId))
    .where(and(match, scope))
    .prepare(`request_detail_by_${by}${scoped ? '_scoped' : ''}`);
}

type DetailStatement = ReturnType<typeof detailStatement>;
const detailStatements = new WeakMap<Executor, Map<string, DetailStatement>>();

function preparedDetail(db: Executor, by: 'id' | 'protocol', scoped: boolean): DetailStatement {
  let perDb = detailStatements.get(db);
  if (!perDb) detailStatements.set(db, (perDb = new Map()));
  const key = `${by}:${scoped}`;
  let statement = perDb.get(key);
  if (!statement) perDb.set(key, (statement = detailStatement(db, by, scoped)));
  return statement;
}

/**
 * One request with its citizen, timeline, attachments and messages, as the actor may see it, in
 * one prepared statement, whether asked by id or by protocol number.
 */
export async function getRequest(db: Executor, actor: Actor, key: string | ProtocolNumber, now: Date, calendar = defaultCalendar): Promise<RequestDetail> {
  const scoped = !isCitywide(actor);
  const statement = preparedDetail(db, typeof key === 'string' ? 'id' : 'protocol', scoped);
  const [row] = await statement.execute({
    ...(typeof key === 'string' ? { id: key } : { year: key.year, seq: key.seq }),
    ...(scoped ? { departmentIds: actor.departmentIds } : {}),
  });
  if (!row) throw new AppError('not_found');
  const summary = toSummary(row, now, calendar);
  return {
    ...summary,
    location: row.lat != null && row.lng != null ? { lat: row.lat, lng: row.lng } : null,
    citizen: row.citizenId
      ? {
          id: row.citizenId,
          fullName: row.citizenName ?? null,
          phone: row.citizenPhone ?? null,
          phoneType: row.citizenPhoneType ?? null,
          email: row.citizenEmail ?? null,
          smsConsent: row.citizenSmsConsent ?? false,
          emailConsent: row.citizenEmailConsent ?? false,
        }
      : null,
    duplicateOf: row.duplicateOfId && row.originalYear != null && row.originalSeq != null ? { id: row.duplicateOfId, protocolNumber: formatProtocol({ year: row.originalYear, seq: row.originalSeq }) } : null,
    createdBy: row.createdById ? { id: row.createdById, fullName: row.creatorName ?? '' } : null,
    timeline: row.timeline.map(toTimelineEvent),
    attachments: row.attachments,
    notifications: row.notifications.map(toNotificationView),
    allowedStatuses: allowedTargets(actor.role, summary.status),
  };
}

/** The request's timeline, oldest first. */
export async function loadTimeline(db: Executor, requestId: string, onlyPublic = false): Promise<TimelineEvent[]> {
  const [row] = await db.select({ timeline: timelineJson(sql`${requestId}::uuid`, onlyPublic) }).from(sql`(select 1) as one`);
  return row!.timeline.map(toTimelineEvent);
}
