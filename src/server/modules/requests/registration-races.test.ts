/**
 * Registering under races that only a real PostgreSQL shows: two server processes with the same
 * Idempotency-Key for a caller first seen at that moment, and lost races that must not cost the
 * connection pool a connection. PGlite is one connection in one process: these run on PostgreSQL.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../../config.js';
import { queryRows } from '../../db/client.js';
import { categoryId, registerRequest, staff, startTestApp, TEST_PASSWORD, type Session, type TestApp } from '../../test/harness.js';

const CREATE_MANY = fileURLToPath(new URL('../../test/create-many.ts', import.meta.url));
const PAIRS = Number(process.env.RACE_PAIRS || 200);

interface Answer { status: number; id: string | null; code: string | null }
interface Planned { key?: string; body: unknown }

/** A server process of its own (tsx child) that sends its plan at once when told to go. */
function serverProcess(url: string, username: string, plan: Planned[]) {
  const file = join(mkdtempSync(join(tmpdir(), 'dimotis-plan-')), 'plan.json');
  writeFileSync(file, JSON.stringify(plan));
  const child = spawn(process.execPath, ['--import', 'tsx', CREATE_MANY, url, username, TEST_PASSWORD, file], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  const ready = new Promise<void>((resolve) => child.stdout.on('data', (d) => ((out += d), out.startsWith('ready\n') && resolve())));
  const done = new Promise<Answer[]>((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.slice('ready\n'.length))) : reject(new Error(`server process exited ${code}`)))));
  return { ready, go: () => child.stdin.end('go\n'), done };
}

const phoneOf = (i: number, run: number) => `69${run}${String(7_000_000 + i).padStart(7, '0')}`;

describe.skipIf(!testDatabaseUrl())('registering under races (PostgreSQL)', () => {
  let t: TestApp;
  let operator: Session;
  let probe: pg.Client;
  let category: string;

  beforeAll(async () => {
    t = await startTestApp();
    operator = await staff(t, 'operator');
    category = await categoryId(t, 'cleaning');
    probe = new pg.Client({ connectionString: t.db.url, application_name: 'dimotis-test-probe' });
    await probe.connect();
  });
  afterAll(async () => {
    await probe.end();
    await t.close();
  });

  it(`the same Idempotency-Key sent to two server processes at once for a new caller answers with one request (${PAIRS} pairs)`, async () => {
    // A new caller: a person never seen (odd i), or another person on a phone on file (even i: a
    // family's landline, the issue's triple of a first call and a retried second one). Each
    // request goes to both processes at the same moment with one key. The twins once deadlocked
    // (one 201, the other 500): the fast path took the counter before the key, the locked path after.
    const username = (await t.ctx.database.db.query.users.findFirst({ where: (u, { eq }) => eq(u.id, operator.userId) }))!.username;
    for (let i = 0; i < PAIRS; i += 2) await registerRequest(t, operator, { citizen: { fullName: `Πρώτος ${i}`, phone: phoneOf(i, 4) } });
    const plan: Planned[] = Array.from({ length: PAIRS }, (_, i) => ({
      key: `twin-${i}-xxxxxxxx`,
      body: { channel: 'phone', categoryId: category, description: `Κλήση ${i}`, citizen: { fullName: `Δημότης ${i}`, phone: phoneOf(i, 4), smsConsent: true } },
    }));
    const a = serverProcess(t.db.url!, username, plan);
    const b = serverProcess(t.db.url!, username, plan);
    await Promise.all([a.ready, b.ready]);
    a.go();
    b.go();
    const [answersA, answersB] = await Promise.all([a.done, b.done]);

    const failed = [...answersA, ...answersB].filter((r) => r.status !== 201 && r.status !== 200);
    expect(failed.length, `${failed.length} of ${2 * PAIRS} failed, e.g. ${JSON.stringify(failed.slice(0, 2))}`).toBe(0);
    for (let i = 0; i < PAIRS; i++) expect(answersB[i]!.id, `twin ${i}`).toBe(answersA[i]!.id);
    const [counts] = await queryRows<{ requests: number; keys: number; citizens: number }>(t.ctx.database.db, sql`
      select (select count(*)::int from requests where description like 'Κλήση %') as requests,
        (select count(*)::int from idempotency_keys where key like 'twin-%') as keys,
        (select count(*)::int from citizens where full_name like 'Δημότης %') as citizens`);
    expect(counts).toEqual({ requests: PAIRS, keys: PAIRS, citizens: PAIRS });
  }, 300_000);

  /** The app's backends now, added to `seen`: a connection opened after a failure lives until the next one. */
  const appBackends = async (seen = new Set<number>()) => {
    const { rows } = await probe.query<{ pid: number }>(`select pid from pg_stat_activity where datname = current_database() and application_name = 'dimotis'`);
    for (const r of rows) seen.add(r.pid);
    return seen;
  };

  it('a retried POST (a lost race on the Idempotency-Key) keeps its pooled connection', async () => {
    const first = await registerRequest(t, operator, {}); // the pool has its connection
    const before = await appBackends();
    const seen = new Set(before);
    for (let i = 0; i < 10; i++) {
      const res = await operator.post('/api/requests', { channel: 'phone', categoryId: category, description: 'Επανάληψη' }, { 'idempotency-key': 'retried-post-key' });
      expect([200, 201]).toContain(res.status);
      await appBackends(seen);
    }
    expect(first.id).toBeTruthy();
    // Before the fix every replay's failed fast-path statement closed its connection: 9 new backends.
    expect(seen.size - before.size).toBeLessThanOrEqual(1);
  });

  it('another person on a phone on file registers on the fast path, without waiting for the caller lock', async () => {
    const phone = phoneOf(1, 7);
    await registerRequest(t, operator, { citizen: { fullName: 'Ελένη Σταθάκη', phone } });
    // Whoever holds the caller's advisory lock holds up the locked path only.
    const locker = new pg.Client({ connectionString: t.db.url, application_name: 'dimotis-test-locker' });
    await locker.connect();
    try {
      await locker.query('select pg_advisory_lock(hashtext($1))', [`+30${phone}`]);
      const before = await appBackends();
      const seen = new Set(before);
      const names = ['Νίκος Σταθάκης', 'Γεωργία Σταθάκη', 'Μαρίνα Λεμονάκη', 'Παύλος Λεμονάκης'];
      for (const fullName of names) {
        const res = await Promise.race([
          operator.post('/api/requests', { channel: 'phone', categoryId: category, description: 'Από το σπίτι', citizen: { fullName, phone } }),
          new Promise<null>((resolve) => setTimeout(() => resolve(null), 5000)),
        ]);
        expect(res?.status, `${fullName} waited for the caller lock (the locked path)`).toBe(201);
        await appBackends(seen);
      }
      expect(seen.size - before.size).toBeLessThanOrEqual(1);
    } finally {
      await locker.end(); // releases the lock; anything left waiting then finishes
    }
    const citizens = await queryRows<{ full_name: string }>(t.ctx.database.db, sql`select full_name from citizens where phone = ${`+30${phone}`} order by full_name`);
    expect(citizens.map((c) => c.full_name)).toEqual(['Γεωργία Σταθάκη', 'Ελένη Σταθάκη', 'Μαρίνα Λεμονάκη', 'Νίκος Σταθάκης', 'Παύλος Λεμονάκης']);
    // The same person again (their name typed without accents) is found, not made twice.
    await registerRequest(t, operator, { citizen: { fullName: 'ΝΙΚΟΣ ΣΤΑΘΑΚΗΣ', phone } });
    const [{ n }] = (await queryRows<{ n: number }>(t.ctx.database.db, sql`select count(*)::int as n from citizens where phone = ${`+30${phone}`}`)) as [{ n: number }];
    expect(n).toBe(5);
  });

  it('a transaction chosen as a deadlock victim runs again instead of failing', async () => {
    // Two transactions take two locks in opposite orders: PostgreSQL fails one with 40P01, and the
    // one transaction helper (every db.transaction) runs it again once the other has finished.
    const db = t.ctx.database.db;
    let arrived = 0;
    let release!: () => void;
    const bothHoldOne = new Promise<void>((resolve) => (release = resolve));
    const attempts = [0, 0];
    const crossing = (who: 0 | 1, first: number, second: number) =>
      db.transaction(async (tx) => {
        attempts[who]!++;
        await tx.execute(sql`select pg_advisory_xact_lock(${first}::bigint)`);
        if (++arrived === 2) release();
        await bothHoldOne;
        await tx.execute(sql`select pg_advisory_xact_lock(${second}::bigint)`);
        return who;
      });
    expect(await Promise.all([crossing(0, 8801, 8802), crossing(1, 8802, 8801)])).toEqual([0, 1]);
    expect(attempts[0]! + attempts[1]!).toBe(3);
  });
});
