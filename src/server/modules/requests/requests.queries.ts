/**
 * Reading requests: one by id or protocol number with its timeline, and lists with filters and
 * accent-insensitive search. Department staff only ever see their departments' requests; for
 * anything else they get "not found", never a hint that it exists.
 */
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { normalisePhone } from '../../../shared/phone.js';
import { formatProtocol, parseProtocol, type ProtocolNumber } from '../../../shared/protocol.js';
import type { ListRequestsQuery, RequestDetail, RequestSummary, TimelineEvent } from '../../../shared/schemas/requests.js';
import { allowedTargets, type Status } from '../../../shared/workflow.js';
import type { Executor } from '../../db/client.js';
import { categories, citizens, departments, requestEvents, requests, users } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { isCitywide, type Actor } from '../auth/actor.js';
import { athensOffsetMinutes } from '../calendar/working-days.js';
import { notificationsOfRequest } from '../notifications/notifications.service.js';
import { listAttachments } from './attachments.service.js';

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

function toSummary(r: SummaryRow, now: Date): RequestSummary {
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
  const conditions: (SQL | undefined)[] = [scopeOf(actor)];
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

/** Lists the requests the actor may see, filtered, newest first by default. */
export async function listRequests(db: Executor, actor: Actor, query: ListRequestsQuery, now: Date, region = 'GR'): Promise<{ items: RequestSummary[]; hasMore: boolean }> {
  const order = {
    newest: [desc(requests.createdAt), desc(requests.id)],
    oldest: [asc(requests.createdAt), asc(requests.id)],
    due: [sql`${requests.dueAt} asc nulls last`, asc(requests.createdAt)],
    updated: [desc(requests.updatedAt), desc(requests.id)],
  }[query.sort];
  const rows = await selectSummaries(db)
    .where(listConditions(actor, query, now, region))
    .orderBy(...order)
    .limit(query.limit + 1)
    .offset(query.offset);
  return { items: rows.slice(0, query.limit).map((r) => toSummary(r, now)), hasMore: rows.length > query.limit };
}

/** Midnight in Athens at the start of `isoDate` (+ days). */
function athensMidnight(isoDate: string, plusDays = 0): Date {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + plusDays);
  // The offset in force at that midnight: 00:00 UTC is still before the 03:00/04:00 local change,
  // whereas midday would already be past it on the two days a year the clocks move.
  return new Date(d.getTime() - athensOffsetMinutes(d) * 60_000);
}

const creators = alias(users, 'creator');
const originals = alias(requests, 'original');

/** One request by id or by protocol number, with its citizen, creator and original (if a duplicate), in one statement. */
function selectDetail(db: Executor) {
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
    })
    .from(requests)
    .innerJoin(categories, eq(categories.id, requests.categoryId))
    .innerJoin(departments, eq(departments.id, requests.departmentId))
    .leftJoin(citizens, eq(citizens.id, requests.citizenId))
    .leftJoin(assignees, eq(assignees.id, requests.assigneeId))
    .leftJoin(creators, eq(creators.id, requests.createdById))
    .leftJoin(originals, eq(originals.id, requests.duplicateOfId));
}

/**
 * One request with its citizen, timeline, attachments and messages, as the actor may see it: two
 * round trips (the request, then its three lists at once), whether asked by id or by protocol number.
 */
export async function getRequest(db: Executor, actor: Actor, key: string | ProtocolNumber, now: Date): Promise<RequestDetail> {
  const match = typeof key === 'string' ? eq(requests.id, key) : and(eq(requests.protocolYear, key.year), eq(requests.protocolSeq, key.seq));
  const [row] = await selectDetail(db).where(and(match, scopeOf(actor)));
  if (!row) throw new AppError('not_found');
  const [timeline, attachments, messages] = await Promise.all([loadTimeline(db, row.id), listAttachments(db, row.id), notificationsOfRequest(db, row.id)]);
  const summary = toSummary(row, now);
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
    timeline,
    attachments,
    notifications: messages,
    allowedStatuses: allowedTargets(actor.role, summary.status),
  };
}

const fromDept = alias(departments, 'from_department');
const toDept = alias(departments, 'to_department');

/** The request's timeline, oldest first. */
export async function loadTimeline(db: Executor, requestId: string, onlyPublic = false): Promise<TimelineEvent[]> {
  const rows = await db
    .select({
      e: requestEvents,
      actorName: users.fullName,
      fromEl: fromDept.nameEl,
      fromEn: fromDept.nameEn,
      toEl: toDept.nameEl,
      toEn: toDept.nameEn,
    })
    .from(requestEvents)
    .leftJoin(users, eq(users.id, requestEvents.actorId))
    .leftJoin(fromDept, eq(fromDept.id, requestEvents.fromDepartmentId))
    .leftJoin(toDept, eq(toDept.id, requestEvents.toDepartmentId))
    .where(and(eq(requestEvents.requestId, requestId), onlyPublic ? eq(requestEvents.visibility, 'public') : undefined))
    .orderBy(asc(requestEvents.id));
  return rows.map(({ e, actorName, fromEl, fromEn, toEl, toEn }) => ({
    id: e.id,
    kind: e.kind as TimelineEvent['kind'],
    visibility: e.visibility as TimelineEvent['visibility'],
    actor: e.actorId ? { id: e.actorId, fullName: actorName ?? '' } : null,
    fromStatus: (e.fromStatus as Status | null) ?? null,
    toStatus: (e.toStatus as Status | null) ?? null,
    fromDepartment: e.fromDepartmentId ? { id: e.fromDepartmentId, name: { el: fromEl ?? '', en: fromEn ?? '' } } : null,
    toDepartment: e.toDepartmentId ? { id: e.toDepartmentId, name: { el: toEl ?? '', en: toEn ?? '' } } : null,
    body: e.body,
    data: e.data ?? null,
    createdAt: e.createdAt.toISOString(),
  }));
}
