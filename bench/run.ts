/**
 * `npm run bench`: seeds the bench database if needed, starts the real app on a loopback port in
 * this process, drives it from a child process (bench/load.ts) and prints one JSON object with
 * every figure and each target's pass/fail. Progress goes to stderr.
 *
 * Environment (all optional): BENCH_DATABASE_URL (loopback or ?host=/socket/dir, name containing
 * "bench"; default postgres://postgres@127.0.0.1:5432/dimotis_bench), BENCH_ROWS (1000000),
 * BENCH_CREATES (5000 measured after 500 warm-up), BENCH_ROUNDS (3 alternating baseline/create rounds,
 * the median reported), BENCH_CLIENTS (32), BENCH_APP_POOL (the app's
 * DATABASE_POOL_SIZE, default as configured), BENCH_PHASES (reads,writes,outbox | baseline-only |
 * shared-phone; outbox is bench/outbox.ts, on a database of its own; shared-phone compares, round
 * by round, creates whose callers are on file as they are with creates of which half are another
 * person on a phone on file: a family's landline, a neighbour calling; it counts the connections
 * PostgreSQL opened and closed and its rollbacks),
 * BENCH_PROPOSAL=1 (measure with the schema changes of bench/proposal.ts, undone afterwards).
 * Rows a run adds (newer than the seed) are deleted at its end and at the start of the next.
 */
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { loadActor } from '../src/server/modules/auth/auth.service.js';
import { lookupCaller } from '../src/server/modules/citizens/citizens.service.js';
import { getRequest, listRequests } from '../src/server/modules/requests/requests.queries.js';
import { triageCounts } from '../src/server/modules/requests/requests.triage.js';
import { prepareContext } from '../src/server/start.js';
import { athensYear } from '../src/shared/protocol.js';
import { ListRequestsQuery } from '../src/shared/schemas/requests.js';
import { BENCH_PASSWORD, BENCH_ROWS, BENCH_URL, checkBenchUrl, log, OPERATOR, TECH_HEAD } from './bench-db.js';
import { FEMALE_FIRST, MALE_FIRST, PHRASES, SEARCH_TERMS, STREETS, SURNAMES } from './greek-data.js';
import type { CreateBodyParts, Job, JobResult } from './load.js';
import { capturingDb, cpuDelta, explain, percentiles, postgresCpu, replay, round3, type Statement } from './measure.js';
import { startCpuSampler, type PostgresCpu } from './pg-cpu.js';
import { applyProposal, PROPOSAL, undoLeftover } from './proposal.js';
import { BASELINE_FULL_SQL, BASELINE_SQL } from './baseline-sql.js';
import { runOutboxBench } from './outbox.js';
import { seedBench } from './seed.js';

const CLIENTS = Number(process.env.BENCH_CLIENTS || 32);
const CREATE_WARMUP = 500;
const CREATE_AMOUNT = Number(process.env.BENCH_CREATES || 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const SAMPLES = 500;
const WITH_PROPOSAL = process.env.BENCH_PROPOSAL === '1';
const PHASES = (process.env.BENCH_PHASES || 'reads,writes,outbox').split(',');
/** Time allowed per endpoint (HTTP, and again for the SQL replay), so that a slow query cannot make the bench run for an hour. */
const BUDGET_MS = 10_000;
const MIN_SAMPLES = 20;

const started = performance.now();
const loadAtStart = os.loadavg().map((l) => Math.round(l * 10) / 10);
if (loadAtStart[0]! > os.cpus().length) log(`warning: load average ${loadAtStart[0]} on ${os.cpus().length} cores, other work will skew the figures`);
const { database: dbName } = checkBenchUrl(BENCH_URL);
const seed = await seedBench(BENCH_URL, BENCH_ROWS);
const admin = new pg.Pool({ connectionString: BENCH_URL, max: 2, application_name: 'dimotis-bench-admin' });
const sqlClient = new pg.Client({ connectionString: BENCH_URL, application_name: 'dimotis-bench-sql' });
await sqlClient.connect();
const seededAt = await one<{ at: Date }>(`select (value->>'seededAt')::timestamptz as at from settings where key = 'bench.seed'`);
const pgSettings = Object.fromEntries((await admin.query<{ name: string; setting: string }>(
  `select name, setting || coalesce(unit, '') as setting from pg_settings where name in ('server_version', 'shared_buffers', 'work_mem', 'jit', 'autovacuum', 'synchronous_commit', 'fsync', 'random_page_cost', 'max_parallel_workers_per_gather')`)).rows.map((r) => [r.name, r.setting]));
await cleanUp(seededAt.at);
if (WITH_PROPOSAL) await applyProposal(admin);
else await undoLeftover(admin);

// The real app, configured as in production (request logging at info, to /dev/null).
const config = loadConfig({
  NODE_ENV: 'production', DATABASE_URL: BENCH_URL, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info',
  ...(process.env.BENCH_APP_POOL ? { DATABASE_POOL_SIZE: process.env.BENCH_APP_POOL } : {}),
});
const ctx = await prepareContext(config);
const app = await buildApp(ctx, {
  logger: { level: 'info', redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'], stream: pino.destination({ dest: '/dev/null', sync: false }) },
});
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
log(`app listening on ${baseUrl} (pool ${config.DATABASE_POOL_SIZE})`);
const operator = await signIn(OPERATOR.username);
const head = await signIn(TECH_HEAD.username);
const cpuSampler = await startCpuSampler();
const child = fork(fileURLToPath(new URL('./load.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 2, 2, 'ipc'] });
await new Promise((resolve) => child.once('message', resolve));

try {
  const reads = PHASES.includes('reads') ? await measureReads() : null;
  const create = PHASES.includes('writes') || PHASES.includes('baseline-only') ? await measureWrites() : null;
  const sharedPhone = PHASES.includes('shared-phone') ? await measureSharedPhone() : null;
  const outbox = PHASES.includes('outbox') ? await runOutboxBench() : null;
  const result = { ...report(reads, create, outbox), ...(sharedPhone ? { sharedPhone } : {}) };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  child.send({ type: 'exit' });
  cpuSampler.close();
  await app.close();
  await ctx.database.close();
  if (WITH_PROPOSAL) await undoLeftover(admin);
  await cleanUp(seededAt.at);
  await sqlClient.end();
  await admin.end();
  log(`finished in ${Math.round((performance.now() - started) / 1000)} s`);
}

async function one<T>(text: string, values: unknown[] = []): Promise<T> {
  const { rows } = await admin.query(text, values);
  if (!rows[0]) throw new Error(`no row: ${text}`);
  return rows[0] as T;
}

/** Removes what earlier runs added (rows newer than the seed), then vacuums as autovacuum would have. */
async function cleanUp(since: Date): Promise<void> {
  const t = performance.now();
  const { rowCount } = await admin.query('delete from requests where created_at > $1', [since]);
  // A citizen's keys go with them (as erasing a citizen must do), or the next run's callers would
  // find a name or number taken by nobody and leave the fast path.
  await admin.query(`with gone as (delete from citizens c where c.created_at > $1 and not exists (select 1 from requests r where r.citizen_id = c.id) returning phone, email, full_name)
    delete from citizen_keys where key in (select dimotis_citizen_keys_of(phone, email, full_name) from gone)`, [since]);
  await admin.query('delete from audit_log where at > $1', [since]);
  await admin.query(`delete from sessions where user_id in (select id from users where username like 'bench.%')`);
  for (const table of ['requests', 'request_events', 'citizens', 'audit_log', 'protocol_counters', 'sessions']) await admin.query(`vacuum ${table}`);
  log(`clean-up: removed ${rowCount} bench-made requests, vacuumed, ${Math.round(performance.now() - t)} ms`);
}

interface Session { userId: string; headers: Record<string, string> }

async function signIn(username: string): Promise<Session> {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: BENCH_PASSWORD }) });
  if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status} ${await res.text()}`);
  const me = (await res.json()) as { id: string; csrfToken: string };
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { userId: me.id, headers: { cookie, 'x-csrf-token': me.csrfToken } };
}

interface JobCpu {
  result: JobResult;
  serverCpuMs: number;
  /** Every PostgreSQL process that served the phase, exited ones included (bench/pg-cpu.ts). */
  postgresCpuMs: number;
  postgres: PostgresCpu;
  /** The former figure, live processes at the start and at the end only: misses connections closed in the phase. */
  postgresTwoSnapshotsMs: number;
}

/** Sends a job to the load generator; reads the CPU counters when it says it is about to measure. */
function runJob(job: Job): Promise<JobCpu> {
  return new Promise((resolve, reject) => {
    let before: { server: NodeJS.CpuUsage; pg: Map<number, number>; stop: () => Promise<PostgresCpu> } | undefined;
    const onMessage = async (m: { type: string; result?: JobResult; message?: string }) => {
      try {
        if (m.type === 'ready') {
          const pg0 = await postgresCpu(admin, dbName);
          const stop = await cpuSampler.measure(dbName);
          before = { pg: pg0, stop, server: process.cpuUsage() };
          child.send({ type: 'go' });
        } else if (m.type === 'result') {
          const server = process.cpuUsage(before?.server);
          const postgres = await before!.stop();
          const pgAfter = await postgresCpu(admin, dbName);
          child.off('message', onMessage);
          resolve({ result: m.result!, serverCpuMs: (server.user + server.system) / 1000, postgresCpuMs: postgres.ms, postgres, postgresTwoSnapshotsMs: cpuDelta(before!.pg, pgAfter) });
        } else if (m.type === 'error') {
          child.off('message', onMessage);
          reject(new Error(m.message));
        }
      } catch (e) {
        reject(e);
      }
    };
    (child as ChildProcess).on('message', onMessage);
    child.send(job);
  });
}

interface ReadFigures {
  http: ReturnType<typeof percentiles>;
  sql: ReturnType<typeof percentiles>;
  errors: number;
  statements?: number;
  cpuMsPerRequest?: { server: number; postgres: number };
  plan?: Awaited<ReturnType<typeof explain>>;
}

/** HTTP latency (one client, one request at a time) and the same statements replayed alone. */
async function measureRead(name: string, paths: string[], headers: Record<string, string>, statementsOf: (i: number) => Promise<Statement[]>): Promise<ReadFigures> {
  const { result, serverCpuMs, postgresCpuMs } = await runJob({ type: 'latency', baseUrl, paths, headers, warmup: 50, budgetMs: BUDGET_MS, minSamples: MIN_SAMPLES });
  if (result.errors) log(`${name}: ${result.errors} errors, first: ${result.firstError}`);
  const sqlMs: number[] = [];
  let statements = 0;
  const t0 = performance.now();
  for (let i = 0; i < paths.length; i++) {
    if (i >= MIN_SAMPLES && performance.now() - t0 > BUDGET_MS) break;
    const s = await statementsOf(i);
    statements = s.length;
    sqlMs.push(await replay(sqlClient, s));
  }
  const n = result.latenciesMs.length;
  const figures = {
    http: percentiles(result.latenciesMs),
    sql: percentiles(sqlMs),
    errors: result.errors,
    statements,
    cpuMsPerRequest: { server: round3(serverCpuMs / n), postgres: round3(postgresCpuMs / n) },
  };
  log(`${name}: http p50 ${figures.http.p50} p95 ${figures.http.p95} ms; sql p50 ${figures.sql.p50} p95 ${figures.sql.p95} ms (${statements} statements); CPU/req server ${figures.cpuMsPerRequest.server} postgres ${figures.cpuMsPerRequest.postgres} ms`);
  return figures;
}

async function measureReads() {
  const capturePool = new pg.Pool({ connectionString: BENCH_URL, max: 4, application_name: 'dimotis-bench-capture' });
  const cap = capturingDb(capturePool);
  const operatorActor = (await loadActor(ctx.database.db, operator.userId))!;
  const headActor = (await loadActor(ctx.database.db, head.userId))!;
  const now = () => new Date();
  try {
    const { rows: years } = await admin.query<{ year: number; n: number }>(`select protocol_year as year, max(protocol_seq)::int as n from requests where created_at <= $1 group by 1`, [seededAt.at]);
    const total = years.reduce((a, y) => a + y.n, 0);
    const protocols = Array.from({ length: SAMPLES }, () => {
      let k = Math.floor(Math.random() * total);
      const y = years.find((x) => (k -= x.n) < 0)!;
      return { year: y.year, seq: 1 + Math.floor(Math.random() * y.n) };
    });
    const byProtocol = await measureRead('by-protocol', protocols.map((p) => `/api/requests/by-protocol/${p.year}/${p.seq}`), operator.headers, async (i) => {
      await getRequest(cap.db, operatorActor, protocols[i]!, now());
      return cap.take();
    });

    const { rows: callers } = await admin.query<{ phone: string }>(`select phone from citizens tablesample bernoulli (2) repeatable (7) where created_at <= $1 limit ${SAMPLES}`, [seededAt.at]);
    const byPhone = await measureRead('by-phone', callers.map((c) => `/api/citizens/lookup?phone=${encodeURIComponent(c.phone)}`), operator.headers, async (i) => {
      await lookupCaller(cap.db, operatorActor, callers[i]!.phone, 'GR');
      return cap.take();
    });

    const techId = (await one<{ id: string }>(`select id from departments where code = 'technical'`)).id;
    const queueQuery = ListRequestsQuery.parse({ departmentId: techId, group: 'open', limit: '50' });
    const queueStatements = async () => {
      await listRequests(cap.db, headActor, queueQuery, now());
      return cap.take();
    };
    const queue = await measureRead('queue', Array.from({ length: SAMPLES }, () => `/api/requests?departmentId=${techId}&group=open&limit=50`), head.headers, queueStatements);
    queue.plan = await explain(sqlClient, (await queueStatements())[0]!);

    // The head's inbox as the web app asks for it: open requests of their department, overdue and urgent first.
    const inboxQuery = ListRequestsQuery.parse({ group: 'open', sort: 'triage', limit: '50' });
    const inboxStatements = async () => {
      await listRequests(cap.db, headActor, inboxQuery, now());
      return cap.take();
    };
    const inbox = await measureRead('inbox (triage order)', Array.from({ length: SAMPLES }, () => '/api/requests?group=open&sort=triage&limit=50&offset=0'), head.headers, inboxStatements);
    // The page runs under a generic plan (set local, then the select): the plan shown is the select's.
    inbox.plan = await explain(sqlClient, (await inboxStatements()).find((s) => /^select/i.test(s.text))!);
    const countsStatements = async () => {
      await triageCounts(cap.db, headActor, {}, now());
      return cap.take();
    };
    const triage = await measureRead('triage counts', Array.from({ length: SAMPLES }, () => '/api/requests/triage-counts'), head.headers, countsStatements);
    triage.plan = await explain(sqlClient, (await countsStatements())[0]!);

    const perTerm = Math.ceil(SAMPLES / SEARCH_TERMS.length);
    const terms: (ReadFigures & { q: string; kind: string; matches: number })[] = [];
    const searchHttp: number[] = [];
    const searchSql: number[] = [];
    const byKind: Record<string, { http: number[]; sql: number[] }> = {};
    for (const term of SEARCH_TERMS) {
      const statementsOf = async () => {
        await listRequests(cap.db, operatorActor, ListRequestsQuery.parse({ q: term.q }), now());
        return cap.take();
      };
      const [main] = await statementsOf();
      const words = term.q.split(/\s+/);
      const matches = (await sqlClient.query<{ n: number }>(
        `select count(*)::int as n from requests where ${words.map((_, i) => `search_text like '%' || dimotis_fold($${i + 1}) || '%'`).join(' and ')}`, words)).rows[0]!.n;
      const budgetMs = BUDGET_MS / 3;
      const { result } = await runJob({ type: 'latency', baseUrl, paths: Array.from({ length: perTerm }, () => `/api/requests?q=${encodeURIComponent(term.q)}`), headers: operator.headers, warmup: 3, budgetMs, minSamples: 10 });
      const sqlMs: number[] = [];
      const t0 = performance.now();
      for (let i = 0; i < perTerm && (i < 10 || performance.now() - t0 < budgetMs); i++) sqlMs.push(await replay(sqlClient, await statementsOf()));
      const plan = await explain(sqlClient, main!);
      terms.push({ q: term.q, kind: term.kind, matches, http: percentiles(result.latenciesMs), sql: percentiles(sqlMs), errors: result.errors, plan });
      log(`search "${term.q}" (${matches} matches): http p95 ${percentiles(result.latenciesMs).p95} ms, sql p95 ${percentiles(sqlMs).p95} ms; ${plan.nodes.join(' / ')}`);
      searchHttp.push(...result.latenciesMs);
      searchSql.push(...sqlMs);
      const k = (byKind[term.kind] ??= { http: [], sql: [] });
      k.http.push(...result.latenciesMs);
      k.sql.push(...sqlMs);
    }
    const search = {
      all: { http: percentiles(searchHttp), sql: percentiles(searchSql) },
      byKind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, { http: percentiles(v.http), sql: percentiles(v.sql) }])),
      terms,
    };
    return { byProtocol, byPhone, queue, inbox, triage, search };
  } finally {
    await capturePool.end();
  }
}

/** The pieces the load generator builds create bodies from: categories, callers on file, Greek words. */
async function createParts() {
  const { rows: categories } = await admin.query<{ id: string; code: string; department_id: string }>(`select c.id, c.code, r.department_id from categories c join category_routes r on r.category_id = c.id where c.active`);
  const { rows: callers } = await admin.query<{ full_name: string; phone: string; sms_consent: boolean }>(
    `select full_name, phone, sms_consent from citizens tablesample bernoulli (1) repeatable (11) where phone_type = 'mobile' and created_at <= $1 limit 1000`, [seededAt.at]);
  const parts: CreateBodyParts = {
    categories: categories.filter((c) => PHRASES[c.code]),
    callers: callers.map((c) => ({ fullName: c.full_name, phone: c.phone, smsConsent: c.sms_consent })),
    phrases: PHRASES,
    streets: STREETS,
    firstNames: [...MALE_FIRST, ...FEMALE_FIRST],
    surnames: SURNAMES.map((s) => s[0]),
  };
  return { categories, parts };
}

/** Runs one measured phase of creates (or of the SQL baseline) and boils it down to figures. */
async function phase(name: string, job: Job) {
  await admin.query('vacuum protocol_counters');
  const r = await runJob(job);
  const ok = r.result.latenciesMs.length - r.result.errors;
  const figures = {
    requests: r.result.latenciesMs.length,
    errors: r.result.errors,
    statusCodes: r.result.statusCodes,
    seconds: Math.round(r.result.seconds * 100) / 100,
    throughput: Math.round(ok / r.result.seconds),
    latencyMs: percentiles(r.result.latenciesMs),
    cpuMsPerRequest: {
      server: round3(r.serverCpuMs / ok),
      postgres: round3(r.postgresCpuMs / ok),
      total: round3((r.serverCpuMs + r.postgresCpuMs) / ok),
      // What the bench read before it counted exited backends, and the bound of what it may still miss.
      postgresTwoSnapshots: round3(r.postgresTwoSnapshotsMs / ok),
      postgresUnattributed: round3(r.postgres.unattributedMs / ok),
    },
    connections: { opened: r.postgres.backendsStarted, closed: r.postgres.backendsExited },
    ...(r.result.firstError ? { firstError: r.result.firstError } : {}),
  };
  log(`${name}: ${figures.throughput} req/s, p50 ${figures.latencyMs.p50} p99 ${figures.latencyMs.p99} ms, CPU ${figures.cpuMsPerRequest.total} ms/req (server ${figures.cpuMsPerRequest.server}, postgres ${figures.cpuMsPerRequest.postgres}; two snapshots read ${figures.cpuMsPerRequest.postgresTwoSnapshots}), connections opened ${figures.connections.opened} closed ${figures.connections.closed}`);
  return figures;
}

/**
 * Rollbacks and sessions (connections made) in the bench database so far, as PostgreSQL counts them
 * (exact, where the CPU sampler's connection count misses backends that lived less than a sample).
 * A busy backend publishes its counts up to 10 s late: wait for them.
 */
async function databaseCounts(): Promise<{ rollbacks: number; sessions: number }> {
  await new Promise((resolve) => setTimeout(resolve, 11_000));
  await admin.query('select pg_stat_clear_snapshot()');
  const r = await one<{ rollbacks: string; sessions: string }>('select xact_rollback as rollbacks, sessions from pg_stat_database where datname = current_database()');
  return { rollbacks: Number(r.rollbacks), sessions: Number(r.sessions) };
}

/**
 * Creates whose callers are all on file as they are, against creates of which half are another
 * person on a phone on file (a family's landline, a neighbour calling), alternating ROUNDS times.
 */
async function measureSharedPhone() {
  const { parts } = await createParts();
  const rounds: Record<string, unknown>[] = [];
  for (let i = 1; i <= ROUNDS; i++) {
    for (const mix of ['on-file', 'shared-phone'] as const) {
      const before = await databaseCounts();
      const figures = await phase(`round ${i}: create, ${mix}`, { type: 'create', mix, baseUrl, headers: operator.headers, parts, connections: CLIENTS, warmup: CREATE_WARMUP, amount: CREATE_AMOUNT });
      // Counted over the warm-up and the measured creates together.
      const after = await databaseCounts();
      const per = (n: number) => ({ total: n, perCreate: round3(n / (CREATE_WARMUP + CREATE_AMOUNT)) });
      rounds.push({ round: i, mix, ...figures, rollbacks: per(after.rollbacks - before.rollbacks), sessions: per(after.sessions - before.sessions) });
    }
  }
  return { clients: CLIENTS, creates: CREATE_AMOUNT, rounds };
}

async function measureWrites() {
  const { categories, parts } = await createParts();
  const year = athensYear(new Date());
  const baselineJob = (sql: string): Job => ({ type: 'baseline', dbUrl: BENCH_URL, sql, year, operatorId: operator.userId, parts, categories, connections: CLIENTS, warmup: CREATE_WARMUP, amount: CREATE_AMOUNT });
  // Runs on this kind of machine vary by ±15 % from one to the next, so the baseline and the create run
  // alternate ROUNDS times and the round with the median ratio is the one reported (all are listed).
  const rounds: { baseline: Awaited<ReturnType<typeof phase>>; http: Awaited<ReturnType<typeof phase>>; ratio: number }[] = [];
  for (let i = 1; i <= (PHASES.includes('baseline-only') ? 1 : ROUNDS); i++) {
    const baseline = await phase(`round ${i}: baseline (counter + insert)`, baselineJob(BASELINE_SQL));
    if (PHASES.includes('baseline-only')) return null;
    const http = await phase(`round ${i}: create over HTTP`, { type: 'create', baseUrl, headers: operator.headers, parts, connections: CLIENTS, warmup: CREATE_WARMUP, amount: CREATE_AMOUNT });
    rounds.push({ baseline, http, ratio: round3(http.throughput / baseline.throughput) });
  }
  const baselineFull = await phase('baseline (counter + insert + event + audit)', baselineJob(BASELINE_FULL_SQL));
  const median = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds.length / 2)]!;
  log(`create / baseline per round: ${rounds.map((r) => r.ratio).join(', ')}; median ${median.ratio}`);
  return { http: median.http, baseline: median.baseline, baselineFull, ratio: median.ratio, rounds: rounds.map((r) => ({ ratio: r.ratio, create: r.http.throughput, baseline: r.baseline.throughput, createCpuMs: r.http.cpuMsPerRequest })) };
}

function report(reads: Awaited<ReturnType<typeof measureReads>> | null, create: Awaited<ReturnType<typeof measureWrites>> | null, outbox: Awaited<ReturnType<typeof runOutboxBench>> | null) {
  const target = (name: string, value: number, op: '>=' | '<=', limit: number, unit: string) => ({ name, value, target: `${op} ${limit} ${unit}`, pass: op === '>=' ? value >= limit : value <= limit });
  const targets = [
    ...(create ? [
      target('create throughput / raw SQL baseline', create.ratio, '>=', 0.6, '(ratio)'),
      target('create CPU per request (server + postgres)', create.http.cpuMsPerRequest.total, '<=', 1, 'ms'),
    ] : []),
    ...(reads ? [
      target('look-up by protocol number, p95', reads.byProtocol.http.p95, '<=', 5, 'ms'),
      target('look-up by phone, p95', reads.byPhone.http.p95, '<=', 5, 'ms'),
      target('department queue (50 newest open), p95', reads.queue.http.p95, '<=', 10, 'ms'),
      target('inbox in triage order (50 first), p95', reads.inbox.http.p95, '<=', 10, 'ms'),
      target('inbox triage counts, p95', reads.triage.http.p95, '<=', 20, 'ms'),
      target('text search, all terms, p95', reads.search.all.http.p95, '<=', 150, 'ms'),
      ...Object.entries(reads.search.byKind).map(([k, v]) => target(`text search, ${k} terms, p95`, v.http.p95, '<=', 150, 'ms')),
    ] : []),
    ...(outbox?.targets ?? []),
  ];
  return {
    benchmark: 'dimotis',
    at: new Date().toISOString(),
    proposal: WITH_PROPOSAL ? PROPOSAL.map((p) => p.apply) : null,
    machine: {
      cpus: os.cpus().length,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      postgres: pgSettings,
      // Other work on the machine (tests, servers) competes for the same cores and skews throughput and latency.
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 10) / 10),
    },
    dataset: { requests: seed.rows, citizens: seed.citizens, seedSkipped: seed.skipped, seedSeconds: seed.seconds, seedSteps: seed.steps },
    create: { clients: CLIENTS, warmup: CREATE_WARMUP, appPoolSize: config.DATABASE_POOL_SIZE, ...create },
    reads,
    outbox,
    targets,
    passed: targets.filter((t) => t.pass).length,
    failed: targets.filter((t) => !t.pass).map((t) => t.name),
  };
}
