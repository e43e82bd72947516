/**
 * Deletes what has served its purpose: expired sessions, old failed sign-in and tracking attempts
 * (the throttles only look back 15 minutes), and idempotency keys past the time a client would retry.
 */
import { lt } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { every, type ScheduledJob } from './scheduler.js';
import { idempotencyKeys, loginFailures, sessions, trackingFailures } from '../db/schema.js';

export interface HousekeepingResult {
  sessions: number;
  loginFailures: number;
  trackingFailures: number;
  idempotencyKeys: number;
}

export async function runHousekeeping(db: Db, now = new Date()): Promise<HousekeepingResult> {
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const day = 86_400_000;
  const count = async (p: Promise<unknown[]>) => (await p).length;
  return {
    sessions: await count(db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ id: sessions.id })),
    loginFailures: await count(db.delete(loginFailures).where(lt(loginFailures.at, ago(day))).returning({ id: loginFailures.id })),
    trackingFailures: await count(db.delete(trackingFailures).where(lt(trackingFailures.at, ago(day))).returning({ id: trackingFailures.id })),
    idempotencyKeys: await count(db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, ago(7 * day))).returning({ key: idempotencyKeys.key })),
  };
}

/** Housekeeping as a scheduled job (jobs/scheduler.ts): every ten minutes, in one process of many. */
export const housekeepingJob = (db: Db): ScheduledJob => every('housekeeping', 10 * 60_000, (now) => runHousekeeping(db, now));
