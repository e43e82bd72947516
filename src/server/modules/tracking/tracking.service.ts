/**
 * The citizen's look-up of their own request: protocol number plus the last four digits of the
 * phone (or the e-mail) they gave. Guessing is throttled by tracking.throttle.ts.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { formatProtocol, parseProtocol } from '../../../shared/protocol.js';
import { TRACKED_EVENT_KINDS, type TrackedEvent, type TrackInput, type TrackResult } from '../../../shared/schemas/tracking.js';
import { parseTrackCheck, type TrackCheck } from '../../../shared/tracking.js';
import type { Status } from '../../../shared/workflow.js';
import type { Db } from '../../db/client.js';
import { categories, citizens, departments, requests, statuses, trackingFailures } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { writeAudit } from '../audit/audit.service.js';
import { loadTimeline } from '../requests/requests.queries.js';
import { publicExcerpt } from './tracking.excerpt.js';
import { claimAttempt } from './tracking.throttle.js';

/** Looked up when no request matches, so that a wrong number costs the same queries as a wrong check. */
const NO_REQUEST = '00000000-0000-0000-0000-000000000000';

/**
 * What the citizen may see of their request, or "not found" alike for a wrong number, a wrong
 * check or a request without a citizen's phone or e-mail. Every attempt is counted as a failure
 * before the check; a success takes back only its own count, never another client's.
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
      description: requests.description,
      addressText: requests.addressText,
      dueAt: requests.dueAt,
      createdAt: requests.createdAt,
      updatedAt: requests.updatedAt,
      closedAt: requests.closedAt,
      fullName: citizens.fullName,
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
    address: row.addressText?.trim() || null,
    summary: publicExcerpt(row.description, row.fullName),
    expectedBy: row.closedAt ? null : (row.dueAt?.toISOString() ?? null),
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
