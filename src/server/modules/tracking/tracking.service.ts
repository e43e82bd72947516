/**
 * The citizen's look-up of their own request: protocol number plus the last four digits of the
 * phone (or the e-mail) they gave. Guessing is throttled in the database, per protocol number and
 * per client address, so the limits hold across server processes.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { and, eq, lte, or, sql, type SQL } from 'drizzle-orm';
import { formatProtocol, parseProtocol } from '../../../shared/protocol.js';
import { TRACKED_EVENT_KINDS, type TrackedEvent, type TrackInput, type TrackResult } from '../../../shared/schemas/tracking.js';
import { parseTrackCheck, type TrackCheck } from '../../../shared/tracking.js';
import type { Status } from '../../../shared/workflow.js';
import type { Db, Executor } from '../../db/client.js';
import { categories, citizens, departments, requests, statuses, trackingFailures } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { writeAudit } from '../audit/audit.service.js';
import { loadTimeline } from '../requests/requests.queries.js';

export const TRACK_WINDOW_MINUTES = 15;
export const MAX_TRACK_FAILURES_PER_IP = 10;
export const MAX_TRACK_FAILURES_PER_PROTOCOL = 5;

/** Looked up when no request matches, so that a wrong number costs the same queries as a wrong check. */
const NO_REQUEST = '00000000-0000-0000-0000-000000000000';

/**
 * What the citizen may see of their request, or "not found" alike for a wrong number, a wrong
 * check or a request without a citizen's phone or e-mail. Every attempt is counted as a failure
 * before the check; a success takes back only its own count, never another address's.
 */
export async function trackRequest(db: Db, input: TrackInput, ip: string | null): Promise<TrackResult> {
  const protocol = parseProtocol(input.protocolNumber);
  const check = parseTrackCheck(input.check);
  if (!protocol || !check) throw new AppError('validation_failed');
  const failureId = await claimAttempt(db, formatProtocol(protocol), ip);

  const [row] = await db
    .select({
      id: requests.id,
      year: requests.protocolYear,
      seq: requests.protocolSeq,
      status: requests.status,
      statusGroup: statuses.statusGroup,
      statusEl: statuses.nameEl,
      statusEn: statuses.nameEn,
      categoryEl: categories.nameEl,
      categoryEn: categories.nameEn,
      departmentEl: departments.nameEl,
      departmentEn: departments.nameEn,
      createdAt: requests.createdAt,
      updatedAt: requests.updatedAt,
      closedAt: requests.closedAt,
      phone: citizens.phone,
      email: citizens.email,
    })
    .from(requests)
    .innerJoin(statuses, eq(statuses.code, requests.status))
    .innerJoin(categories, eq(categories.id, requests.categoryId))
    .innerJoin(departments, eq(departments.id, requests.departmentId))
    .leftJoin(citizens, eq(citizens.id, requests.citizenId))
    .where(and(eq(requests.protocolYear, protocol.year), eq(requests.protocolSeq, protocol.seq)));
  const timeline = await loadTimeline(db, row?.id ?? NO_REQUEST, true);
  const matched = checkMatches(check, row?.phone ?? null, row?.email ?? null);
  if (!row || !matched) throw new AppError('not_found');

  await db.transaction(async (tx) => {
    await tx.delete(trackingFailures).where(eq(trackingFailures.id, failureId));
    await writeAudit(tx, null, { action: 'request.track', entityType: 'request', entityId: row.id, data: { by: check.kind } });
  });
  return {
    protocolNumber: formatProtocol({ year: row.year, seq: row.seq }),
    status: { code: row.status as Status, name: { el: row.statusEl, en: row.statusEn } },
    statusGroup: row.statusGroup as TrackResult['statusGroup'],
    category: { el: row.categoryEl, en: row.categoryEn },
    department: { el: row.departmentEl, en: row.departmentEn },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
    timeline: timeline.flatMap((e): TrackedEvent[] => {
      const kind = TRACKED_EVENT_KINDS.find((k) => k === e.kind);
      if (!kind || e.visibility !== 'public') return [];
      return [{
        kind,
        toStatus: e.toStatus,
        department: kind === 'created' || kind === 'forward' ? (e.toDepartment?.name ?? null) : null,
        // A forward's body is the internal reason for it; the citizen is told only where it went.
        text: kind === 'status_change' || kind === 'public_update' ? e.body : null,
        createdAt: e.createdAt,
      }];
    }),
  };
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
/** Compares without an early exit, so the time taken does not tell how much of a guess was right. */
const sameSecret = (a: string, b: string): boolean => timingSafeEqual(digest(a), digest(b));

/** Whether the check fits the citizen's phone or e-mail; false when they gave neither. */
function checkMatches(check: TrackCheck, phone: string | null, email: string | null): boolean {
  if (check.kind === 'phone_digits') return sameSecret(check.digits, phone && phone.length >= 4 ? phone.slice(-4) : '') && !!phone;
  return sameSecret(check.email, email?.trim().toLowerCase() ?? '') && !!email;
}

/**
 * Counts the attempt as a failure before anything is checked, under a lock per protocol number
 * and per address: checking first and counting after would let parallel guesses all pass the
 * check before any of them is counted. Returns the failure's id, for a success to take back.
 */
async function claimAttempt(db: Db, protocol: string, ip: string | null): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`track:${protocol}`}))`);
    if (ip) await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`track-ip:${ip}`}))`);
    const ours = ip ? or(eq(trackingFailures.protocol, protocol), sql`${trackingFailures.ip} = ${ip}::inet`) : eq(trackingFailures.protocol, protocol);
    const since = sql`now() - make_interval(mins => ${TRACK_WINDOW_MINUTES})`;
    // Only rows under the locks held here: no waiting on other look-ups' rows.
    await tx.delete(trackingFailures).where(and(ours, lte(trackingFailures.at, since)));
    await assertNotThrottled(tx, protocol, ip, ours!);
    const [claimed] = await tx.insert(trackingFailures).values({ protocol, ip }).returning({ id: trackingFailures.id });
    return claimed!.id;
  });
}

async function assertNotThrottled(tx: Executor, protocol: string, ip: string | null, ours: SQL): Promise<void> {
  const [counts] = await tx
    .select({
      byProtocol: sql<number>`count(*) filter (where ${trackingFailures.protocol} = ${protocol})`.mapWith(Number),
      byIp: sql<number>`count(*) filter (where ${ip}::inet is not null and ${trackingFailures.ip} = ${ip}::inet)`.mapWith(Number),
    })
    .from(trackingFailures)
    .where(ours);
  if ((counts?.byProtocol ?? 0) >= MAX_TRACK_FAILURES_PER_PROTOCOL || (counts?.byIp ?? 0) >= MAX_TRACK_FAILURES_PER_IP) {
    throw new AppError('too_many_attempts', { retryAfterSeconds: TRACK_WINDOW_MINUTES * 60 });
  }
}
