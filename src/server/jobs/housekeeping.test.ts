import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.js';
import { idempotencyKeys, loginFailures, sessions, trackingFailures } from '../db/schema.js';
import { staff, startTestApp, type Session, type TestApp } from '../test/harness.js';
import { runHousekeeping } from './housekeeping.js';

describe('housekeeping', () => {
  let t: TestApp;
  let operator: Session;
  beforeAll(async () => {
    t = await startTestApp();
    operator = await staff(t, 'operator');
  });
  afterAll(() => t.close());

  it('deletes expired sessions and stale attempts and keys, and keeps what is still in use', async () => {
    const db = t.ctx.database.db;
    const old = new Date(Date.now() - 10 * 86_400_000);
    await db.insert(sessions).values({ id: 'expired-session', userId: operator.userId, csrfToken: 'x', expiresAt: old });
    await db.insert(loginFailures).values([{ usernameLower: 'someone', at: old }, { usernameLower: 'someone', at: new Date() }]);
    await db.insert(trackingFailures).values([{ protocol: '2026/000001', at: old }, { protocol: '2026/000001', at: new Date() }]);
    await db.insert(idempotencyKeys).values([
      { userId: operator.userId, key: 'old-key-123', fingerprint: 'f', requestId: '00000000-0000-0000-0000-000000000001', createdAt: old },
      { userId: operator.userId, key: 'new-key-123', fingerprint: 'f', requestId: '00000000-0000-0000-0000-000000000002' },
    ]);
    const result = await runHousekeeping(db);
    expect(result).toEqual({ sessions: 1, loginFailures: 1, trackingFailures: 1, idempotencyKeys: 1 });
    // The live session still works.
    expect((await operator.get('/api/auth/me')).status).toBe(200);
    const [left] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from idempotency_keys`);
    expect(Number(left!.n)).toBe(1);
  });
});
