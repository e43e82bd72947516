/**
 * The outbox worker stopped or killed in the middle of a batch of ~200 e-mails to a slow-ish SMTP
 * server. SIGTERM (or stop()): messages in flight finish, and after a restart every message has
 * arrived exactly once. SIGKILL: every message arrives at least once and every row ends 'sent';
 * repeats are the messages the server accepted in the instant before the kill, at most the
 * worker's concurrency per kill (the at-least-once window of notification-worker.ts). Two workers
 * at once never send the same row twice. Processes need PostgreSQL; PGlite runs the same in-process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testDatabaseUrl } from '../../config.js';
import { queryRows } from '../../db/client.js';
import { startNotificationWorker, type WorkerOptions } from '../../jobs/notification-worker.js';
import { registerRequest, staff, startTestApp, testConfig, type TestApp } from '../../test/harness.js';
import { createEmailSender, type EmailSender } from './email/email-sender.js';
import { TestSmtp, type ReceivedMail } from './email/test-smtp.js';
import { TestAggregator } from './sms/test-aggregator.js';

const CHILD = fileURLToPath(new URL('../../test/outbox-worker.ts', import.meta.url));
const MESSAGES = 200;
const CONCURRENCY = 8;
const OPTIONS = { concurrency: CONCURRENCY, batchSize: 50, leaseSeconds: 2, pollMs: 50 } satisfies Partial<WorkerOptions>;

let t: TestApp;
let smtp: TestSmtp;
let sender: EmailSender;
let requestId: string;
/** Called with every message the server accepts (set by a test to stop or kill a worker mid-batch). */
let onAccepted: ((mail: ReceivedMail) => void) | undefined;

const idOf = (m: ReceivedMail) => Number(/^<notification-(\d+)@/.exec(m.messageId)?.[1]);

/** Queues `n` e-mails to different citizens (rows written directly: the point here is the sending). */
async function queue(n = MESSAGES): Promise<Set<number>> {
  const rows = await queryRows<{ id: number }>(t.ctx.database.db, sql`
    insert into notifications (request_id, channel, event, recipient)
    select ${requestId}, 'email', 'registered', 'citizen-' || g || '@example.gr' from generate_series(1, ${n}) g
    returning id::int`);
  return new Set(rows.map((r) => r.id));
}

/** How many times the server accepted each of `ids`. */
function arrivals(ids: Set<number>): number[] {
  const counts = new Map([...ids].map((id) => [id, 0]));
  for (const m of smtp.received) if (counts.has(idOf(m))) counts.set(idOf(m), counts.get(idOf(m))! + 1);
  return [...counts.values()];
}
const accepted = (ids: Set<number>) => arrivals(ids).filter((c) => c > 0).length;
const duplicates = (ids: Set<number>) => arrivals(ids).reduce((sum, c) => sum + Math.max(0, c - 1), 0);

async function statuses(ids: Set<number>): Promise<Record<string, number>> {
  const rows = await queryRows<{ status: string; n: number }>(t.ctx.database.db, sql`select status, count(*)::int as n from notifications where id in ${[...ids]} group by status`);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

const allSent = (ids: Set<number>) => vi.waitFor(async () => expect(await statuses(ids)).toEqual({ sent: ids.size }), { timeout: 30_000, interval: 50 });

/** Calls `fn` once, when the server has accepted `n` of `ids`. */
function when(ids: Set<number>, n: number, fn: () => void): void {
  let seen = 0;
  onAccepted = (m) => {
    if (ids.has(idOf(m)) && ++seen === n) {
      onAccepted = undefined;
      fn();
    }
  };
}

beforeAll(async () => {
  t = await startTestApp();
  requestId = (await registerRequest(t, await staff(t, 'operator'))).id;
  // 5 ms per message: slow enough that a stop or a kill lands in the middle of a batch.
  smtp = await TestSmtp.start({ delayMs: 5, onAccepted: (m) => onAccepted?.(m) });
  sender = createEmailSender({ url: smtp.url, from: 'Δήμος Ηρακλείου <no-reply@heraklion.gr>', replyTo: 'aitimata+{protocol}@heraklion.gr', ignoreTLS: true });
});
afterAll(async () => {
  await sender?.close();
  await smtp?.stop();
  await t?.close();
});

describe('in one process (PGlite and PostgreSQL)', () => {
  const start = (email: EmailSender, opts: Partial<WorkerOptions> = {}) => startNotificationWorker(t.ctx.database.db, testConfig(), { sms: null, email }, { ...OPTIONS, ...opts });

  it('stop() mid-batch finishes what is in flight; a new worker sends the rest; each message exactly once', async () => {
    const ids = await queue();
    const worker = start(sender);
    const stopped = new Promise<void>((resolve) => when(ids, 60, () => void worker.stop().then(resolve)));
    await stopped;
    const left = await statuses(ids);
    expect(left.sending ?? 0).toBe(0); // nothing claimed is left behind
    expect(left.queued).toBeGreaterThan(0); // it really was mid-run
    expect(left.sent).toBe(accepted(ids));
    const [queued] = await queryRows<{ max: number }>(t.ctx.database.db, sql`select max(attempts)::int as max from notifications where id in ${[...ids]} and status = 'queued'`);
    expect(queued!.max).toBe(0); // claimed but not started: handed back as never tried
    const next = start(sender);
    await allSent(ids);
    await next.stop();
    expect(arrivals(ids).every((c) => c === 1)).toBe(true);
  });

  it('a worker that dies between the server\'s acknowledgement and its update: a new one re-sends only that window', async () => {
    const ids = await queue();
    let dead = false;
    const never = new Promise<never>(() => undefined);
    // The process "dies" at the 60th acceptance: sends on the wire complete at the server, nothing is recorded after.
    const dying: EmailSender = { send: async (m) => (dead ? never : sender.send(m).then((r) => (dead ? never : r))), close: async () => undefined };
    when(ids, 60, () => void (dead = true));
    start(dying); // abandoned, as a killed process would be
    await vi.waitFor(() => expect(dead).toBe(true), { timeout: 20_000, interval: 10 });
    expect((await statuses(ids)).sending).toBeGreaterThan(0);
    const next = start(sender);
    await allSent(ids);
    await next.stop();
    const counts = arrivals(ids);
    expect(counts.every((c) => c >= 1)).toBe(true);
    expect(duplicates(ids)).toBeLessThanOrEqual(CONCURRENCY);
    console.info(`in-process crash: ${duplicates(ids)} duplicate(s) of ${ids.size}`);
  });

  it('two workers at once never send the same row twice (FOR UPDATE SKIP LOCKED)', async () => {
    const ids = await queue();
    const sentBy = [0, 0];
    const counting = (i: number): EmailSender => ({ send: (m) => sender.send(m).then((r) => (sentBy[i]!++, r)), close: async () => undefined });
    const workers = [start(counting(0), { batchSize: 20, leaseSeconds: 120 }), start(counting(1), { batchSize: 20, leaseSeconds: 120 })];
    await allSent(ids);
    await Promise.all(workers.map((w) => w.stop()));
    expect(arrivals(ids).every((c) => c === 1)).toBe(true);
    expect(sentBy[0]! + sentBy[1]!).toBe(MESSAGES);
    expect(Math.min(...sentBy)).toBeGreaterThan(0);
  });

  it('a batch slower than its lease: the rest is handed back, not sent by two workers', async () => {
    const ids = await queue(40);
    // 100 ms a message, 2 at a time: a batch of 50 would take 2 s against a lease of 1 s.
    const slow: EmailSender = { send: (m) => new Promise((r) => setTimeout(r, 100)).then(() => sender.send(m)), close: async () => undefined };
    const workers = [start(slow, { concurrency: 2, leaseSeconds: 1 }), start(slow, { concurrency: 2, leaseSeconds: 1 })];
    await allSent(ids);
    await Promise.all(workers.map((w) => w.stop()));
    expect(arrivals(ids).every((c) => c === 1)).toBe(true);
    const [attempts] = await queryRows<{ max: number }>(t.ctx.database.db, sql`select max(attempts)::int as max from notifications where id in ${[...ids]}`);
    expect(attempts!.max).toBe(1); // handed back as never claimed
  });
});

describe.skipIf(!testDatabaseUrl())('in child processes (PostgreSQL)', () => {
  interface Child { process: ChildProcess; exited: Promise<NodeJS.Signals | number | null> }

  async function spawnWorker(opts: Partial<WorkerOptions> = {}, smsUrl?: string): Promise<Child> {
    const args = [CHILD, t.db.url!, smtp.url, JSON.stringify({ ...OPTIONS, ...opts }), ...(smsUrl ? [smsUrl] : [])];
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      void exited.then((c) => reject(new Error(`worker exited before it was ready: ${c}`)));
    });
    return { process: child, exited };
  }

  it('SIGTERM mid-batch → restart: every message exactly once', async () => {
    const ids = await queue();
    const first = await spawnWorker();
    when(ids, 60, () => first.process.kill('SIGTERM'));
    expect(await first.exited).toBe(0);
    const left = await statuses(ids);
    expect(left.sending ?? 0).toBe(0);
    expect(left.queued).toBeGreaterThan(0);
    expect(left.sent).toBe(accepted(ids));
    const second = await spawnWorker();
    await allSent(ids);
    second.process.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(arrivals(ids).every((c) => c === 1)).toBe(true);
  });

  it('SIGKILL mid-batch, three times → restart: every message at least once, every row sent, repeats within the window', async () => {
    const ids = await queue();
    const kills = [40, 40, 40]; // each after 40 more acceptances
    for (const at of kills) {
      const worker = await spawnWorker();
      when(ids, at, () => worker.process.kill('SIGKILL'));
      expect(await worker.exited).toBe('SIGKILL');
      expect((await statuses(ids)).sending).toBeGreaterThan(0); // claimed under a lease that has to run out
    }
    const last = await spawnWorker();
    await allSent(ids);
    last.process.kill('SIGTERM');
    expect(await last.exited).toBe(0);
    const counts = arrivals(ids);
    expect(counts.every((c) => c >= 1)).toBe(true);
    expect(duplicates(ids)).toBeLessThanOrEqual(CONCURRENCY * kills.length);
    console.info(`SIGKILL ×${kills.length}: ${duplicates(ids)} duplicate(s) of ${ids.size} (${counts.filter((c) => c > 1).length} messages repeated)`);
  });

  it('SMS through an aggregator that honours Idempotency-Key: SIGKILL mid-batch, three times → every message delivered exactly once', async () => {
    let onDelivered: ((n: number) => void) | undefined;
    // Delivered the moment it arrives, answered 5 ms later: each kill leaves hand-overs unrecorded.
    const aggregator = await TestAggregator.start({ delayMs: 5, onDelivered: (_sms, n) => onDelivered?.(n) });
    try {
      const rows = await queryRows<{ id: number; reference: string }>(t.ctx.database.db, sql`
        insert into notifications (request_id, channel, event, recipient)
        select ${requestId}, 'sms', 'registered', '+3069' || lpad(g::text, 8, '0') from generate_series(1, ${MESSAGES}) g
        returning id::int, reference::text`);
      const ids = new Set(rows.map((r) => r.id));
      for (const at of [40, 80, 120]) {
        const worker = await spawnWorker({}, aggregator.url);
        onDelivered = (n) => n === at && worker.process.kill('SIGKILL');
        expect(await worker.exited).toBe('SIGKILL');
      }
      onDelivered = undefined;
      const last = await spawnWorker({}, aggregator.url);
      await allSent(ids);
      last.process.kill('SIGTERM');
      expect(await last.exited).toBe(0);

      // Handed over again after each kill (the window is real), yet delivered once each.
      expect(aggregator.repeats).toBeGreaterThanOrEqual(3);
      const keys = aggregator.delivered.map((d) => d.key);
      expect(keys).toHaveLength(MESSAGES);
      expect(new Set(keys)).toEqual(new Set(rows.map((r) => r.reference)));
      // Each row carries the id of its one delivery, whichever attempt recorded it.
      const recorded = await queryRows<{ reference: string; provider_id: string }>(t.ctx.database.db, sql`select reference::text, provider_id from notifications where id in ${[...ids]}`);
      const idOfKey = new Map(aggregator.delivered.map((d) => [d.key, d.id]));
      expect(recorded.every((r) => idOfKey.get(r.reference) === r.provider_id)).toBe(true);
      console.info(`SMS via HTTP, SIGKILL ×3: ${aggregator.repeats} repeated hand-over(s), ${aggregator.delivered.length} deliveries of ${MESSAGES}`);
    } finally {
      await aggregator.stop();
    }
  });

  it('two worker processes at once never send the same row twice', async () => {
    const ids = await queue();
    const workers = await Promise.all([spawnWorker({ batchSize: 20, leaseSeconds: 120 }), spawnWorker({ batchSize: 20, leaseSeconds: 120 })]);
    await allSent(ids);
    for (const w of workers) w.process.kill('SIGTERM');
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0]);
    expect(arrivals(ids).every((c) => c === 1)).toBe(true);
  });
});
