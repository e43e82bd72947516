/**
 * The notification outbox end to end on PostgreSQL: N queued messages through the worker to a
 * local SMTP server (smtp-server, no STARTTLS) and then to a local SMSC (the `smpp` package's
 * server), messages per second from the worker's start to the last row recorded 'sent'; then, at
 * idle, the delay from committing an event (a status change through the service) to the message
 * reaching each server, p50/p95. Senders and worker are built from configuration as in production.
 *
 * `npx tsx bench/outbox.ts` prints one JSON object; progress goes to stderr. The database is
 * BENCH_OUTBOX_DATABASE_URL (loopback, a name containing "bench"; only rows the bench made are
 * removed) or, unset, a fresh dimotis_bench_outbox_<pid> created and dropped here (never the main
 * bench's database, whose seeded rows and counters it would disturb).
 * BENCH_OUTBOX_MESSAGES (2000) and BENCH_OUTBOX_SAMPLES (30) change the sizes.
 */
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { loadConfig, type Config } from '../src/server/config.js';
import { openDatabase, queryRows, type Database } from '../src/server/db/client.js';
import { migrateDatabase } from '../src/server/db/migrate.js';
import { closeSenders, createSenders, startNotificationWorker, type Senders } from '../src/server/jobs/notification-worker.js';
import { loadActor } from '../src/server/modules/auth/auth.service.js';
import type { Actor } from '../src/server/modules/auth/actor.js';
import { workingCalendar } from '../src/server/modules/calendar/working-days.js';
import { TestSmtp } from '../src/server/modules/notifications/email/test-smtp.js';
import { TestSmsc } from '../src/server/modules/notifications/sms/test-smsc.js';
import { createRequest } from '../src/server/modules/requests/requests.service.js';
import { transitionRequest } from '../src/server/modules/requests/requests.workflow.js';
import { createUser } from '../src/server/modules/users/users.service.js';
import { seedReferenceData } from '../src/server/seed/reference.js';
import { adminClient, databaseUrl } from '../src/server/test/pg-admin.js';

const SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';
const FRESH_DATABASE = `dimotis_bench_outbox_${process.pid}`;
const log = (...parts: unknown[]) => void process.stderr.write(`[bench outbox ${new Date().toISOString().slice(11, 19)}] ${parts.join(' ')}\n`);
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
const loadAverage = () => os.loadavg().map((l) => round(l));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface OutboxBenchOptions {
  /** A database of the bench's own; unset: a fresh one, dropped afterwards. */
  url?: string;
  messages?: number;
  samples?: number;
}

/** Refuses anything but a loopback server and a database whose name says it is a bench's. */
function checkUrl(url: string): string {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1));
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) throw new Error(`the outbox bench runs on loopback only, got ${u.hostname}`);
  if (!/^[a-z_][a-z0-9_]*$/.test(name) || !name.includes('bench')) throw new Error(`the outbox bench database must have "bench" in its name, got "${name}"`);
  return name;
}

function percentiles(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN);
  return { samples: s.length, p50: at(50), p95: at(95), max: round(s.at(-1) ?? NaN), mean: round(s.reduce((a, b) => a + b, 0) / (s.length || 1)) };
}

export async function runOutboxBench(opts: OutboxBenchOptions = {}) {
  const messages = opts.messages ?? Number(process.env.BENCH_OUTBOX_MESSAGES || 2000);
  const samples = opts.samples ?? Number(process.env.BENCH_OUTBOX_SAMPLES || 30);
  const fresh = !(opts.url ?? process.env.BENCH_OUTBOX_DATABASE_URL);
  const url = opts.url ?? process.env.BENCH_OUTBOX_DATABASE_URL ?? databaseUrl(SERVER, FRESH_DATABASE);
  const name = checkUrl(url);
  const admin = await adminClient(databaseUrl(url, 'postgres'));
  if (fresh) {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
  }
  const started = new Date();
  const loadAtStart = loadAverage();
  const smtp = await TestSmtp.start();
  const smsc = await TestSmsc.start();
  const config = loadConfig({
    NODE_ENV: 'production', LOG_LEVEL: 'silent', DATABASE_URL: url, SMTP_URL: smtp.url, MAIL_FROM: 'Δήμος Ηρακλείου <no-reply@heraklion.gr>',
    SMS_PROVIDER: 'smpp', SMPP_HOST: smsc.address.host, SMPP_PORT: String(smsc.address.port), SMPP_SYSTEM_ID: 'dimotis', SMPP_PASSWORD: 'bench', SMS_RATE_PER_SECOND: '1000',
  });
  const database = await openDatabase({ url, poolSize: config.DATABASE_POOL_SIZE });
  const senders = await createSenders(config);
  try {
    await migrateDatabase(database);
    await seedReferenceData(database.db);
    const actor = await benchActor(database);
    log(`creating ${messages} requests`);
    const requestIds = await createRequests(database, config, actor, messages, 'bulk');
    const email = await throughput(database, config, senders, requestIds, 'email', () => new Set(smtp.received.map((m) => m.messageId)).size);
    const sms = await throughput(database, config, senders, requestIds, 'sms', () => smsc.received.length);
    const latency = await idleLatency(database, config, senders, actor, samples, smtp, smsc);
    const target = (name: string, value: number, op: '>=' | '<=', limit: number, unit: string) => ({ name, value, target: `${op} ${limit} ${unit}`, pass: op === '>=' ? value >= limit : value <= limit });
    const targets = [
      target('outbox → SMTP throughput', email.messagesPerSecond, '>=', 200, 'messages/s'),
      target('outbox → SMPP throughput', sms.messagesPerSecond, '>=', 200, 'messages/s'),
      target('event → e-mail accepted at idle, p95', latency.email.p95, '<=', 1000, 'ms'),
      target('event → SMS accepted at idle, p95', latency.sms.p95, '<=', 1000, 'ms'),
    ];
    return {
      benchmark: 'outbox',
      // Other work on the machine competes for the same cores: throughput here is CPU-bound.
      machine: { cpus: os.cpus().length, node: process.version, loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadAverage() },
      messages,
      pollMs: config.OUTBOX_POLL_MS,
      email,
      sms,
      latency,
      targets,
      passed: targets.every((t) => t.pass),
    };
  } finally {
    await closeSenders(senders);
    await smtp.stop();
    await smsc.stop();
    if (!fresh) await database.db.execute(sql`delete from requests where created_at >= ${started}`);
    await database.close();
    if (fresh) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function benchActor(database: Database): Promise<Actor> {
  const username = `bench.outbox.${process.pid}`;
  const user = await createUser(database.db, null, { username, fullName: 'Μέτρηση Ταχυδρομείου', email: null, role: 'admin', departmentIds: [], active: true, password: 'bench-outbox-password' });
  return (await loadActor(database.db, user.id))!;
}

/**
 * Registers requests through the service, 16 at a time. 'bulk': citizens without consent, so no
 * message is queued (the bench queues its own); 'consent': SMS and e-mail consent, as at a desk.
 */
async function createRequests(database: Database, config: Config, actor: Actor, n: number, kind: 'bulk' | 'consent'): Promise<string[]> {
  const [category] = await queryRows<{ id: string }>(database.db, sql`select id from categories where code = 'road-damage'`);
  const env = { now: new Date(), calendar: workingCalendar([]), phoneRegion: config.DEFAULT_PHONE_REGION };
  const ids: string[] = [];
  for (let i = 0; i < n; i += 16) {
    const batch = Array.from({ length: Math.min(16, n - i) }, (_, j) => i + j);
    ids.push(...(await Promise.all(batch.map(async (k) => {
      const phone = `69${kind === 'bulk' ? 4 : 7}${String(process.pid % 1000).padStart(3, '0')}${String(k).padStart(4, '0')}`;
      const citizen = { fullName: `Πολίτης ${k}`, phone, email: `polites.${kind}.${k}@example.gr`, smsConsent: kind === 'consent', emailConsent: kind === 'consent' };
      const { request } = await createRequest(database.db, actor, { channel: 'phone', categoryId: category!.id, description: `Λακκούβα στην οδό Έβανς ${k}`, priority: 'normal', citizen }, env);
      return request.id;
    }))));
  }
  return ids;
}

/** Queues one message per request on `channel` and times the worker (production defaults) until every row is 'sent'. */
async function throughput(database: Database, config: Config, senders: Senders, requestIds: string[], channel: 'email' | 'sms', receivedCount: () => number) {
  const received = receivedCount();
  await database.db.execute(sql`
    insert into notifications (request_id, event_id, channel, event, recipient)
    select r.id, e.id, ${channel}, 'registered', case when ${channel} = 'sms' then c.phone else c.email end
    from requests r join citizens c on c.id = r.citizen_id join request_events e on e.request_id = r.id and e.kind = 'created'
    where r.id in ${requestIds}`);
  await database.db.execute(sql`vacuum analyze notifications`);
  log(`${channel}: sending ${requestIds.length}`);
  const t0 = performance.now();
  const worker = startNotificationWorker(database.db, config, channel === 'sms' ? { sms: senders.sms, email: null } : { sms: null, email: senders.email }, { pollMs: config.OUTBOX_POLL_MS });
  let done: { status: string; n: number }[] = [];
  for (;;) {
    done = await queryRows<{ status: string; n: number }>(database.db, sql`select status, count(*)::int as n from notifications where channel = ${channel} and event = 'registered' group by status`);
    if (!done.some((d) => d.status === 'queued' || d.status === 'sending')) break;
    if (performance.now() - t0 > 120_000) throw new Error(`${channel}: not finished after 120 s: ${JSON.stringify(done)}`);
    await sleep(10);
  }
  const seconds = (performance.now() - t0) / 1000;
  await worker.stop();
  const [parts] = await queryRows<{ n: number }>(database.db, sql`select coalesce(sum(segments), 0)::int as n from notifications where channel = ${channel} and event = 'registered'`);
  const result = {
    messages: requestIds.length,
    seconds: round(seconds, 2),
    messagesPerSecond: round(requestIds.length / seconds),
    statuses: Object.fromEntries(done.map((d) => [d.status, d.n])),
    receivedAtServer: receivedCount() - received,
    ...(channel === 'sms' ? { parts: parts!.n, partsPerSecond: round(parts!.n / seconds), encoding: 'ucs2', ratePerSecond: config.SMS_RATE_PER_SECOND } : {}),
  };
  log(`${channel}: ${result.messagesPerSecond} messages/s`);
  return result;
}

/**
 * At idle, with the worker polling every OUTBOX_POLL_MS: a status change is committed through the
 * service, and the clock runs until the server accepts the message (an SMS: its last part).
 * Samples start at random moments, so they fall anywhere in the poll interval.
 */
async function idleLatency(database: Database, config: Config, senders: Senders, actor: Actor, samples: number, smtp: TestSmtp, smsc: TestSmsc) {
  const requestIds = await createRequests(database, config, actor, samples, 'consent');
  const worker = startNotificationWorker(database.db, config, senders, { pollMs: config.OUTBOX_POLL_MS });
  const pending = async () => (await queryRows(database.db, sql`select 1 from notifications where status in ('queued', 'sending') limit 1`)).length > 0;
  while (await pending()) await sleep(50); // the registrations' messages go first
  const email: number[] = [];
  const sms: number[] = [];
  const fromCall: number[] = [];
  log(`latency: ${samples} samples`);
  for (const id of requestIds) {
    await sleep(200 + Math.random() * 300);
    const [citizen] = await queryRows<{ email: string; phone: string }>(database.db, sql`select c.email, c.phone from requests r join citizens c on c.id = r.citizen_id where r.id = ${id}`);
    const destination = citizen!.phone.slice(1);
    const smsBefore = smsc.received.length;
    const mailBefore = smtp.received.length;
    const called = performance.now();
    await transitionRequest(database.db, actor, id, { to: 'scheduled', publicNote: 'Το συνεργείο θα έρθει την Τρίτη.' });
    const committed = performance.now();
    let mailAt = NaN;
    let smsAt = NaN;
    while (Number.isNaN(mailAt) || Number.isNaN(smsAt)) {
      if (performance.now() - committed > 10_000) throw new Error('latency sample: no message after 10 s');
      const mail = smtp.received.slice(mailBefore).find((m) => m.rcptTo.includes(citizen!.email));
      if (mail) mailAt = mail.at;
      const parts = smsc.received.slice(smsBefore).filter((r) => r.pdu.destination_addr === destination);
      // The SMSC keeps no clock: it is polled every millisecond for the message's last part.
      if (Number.isNaN(smsAt) && parts.length && parts.length === (parts[0]!.udh?.[3] ?? 1)) smsAt = performance.now();
      await sleep(1);
    }
    email.push(mailAt - committed);
    sms.push(smsAt - committed);
    fromCall.push(Math.max(mailAt, smsAt) - called);
  }
  await worker.stop();
  return { email: percentiles(email), sms: percentiles(sms), bothFromServiceCall: percentiles(fromCall) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runOutboxBench();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
