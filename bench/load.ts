/**
 * The load generator, run as a child process of bench/run.ts so that its CPU is not counted as
 * the server's. Takes one job at a time over the IPC channel and answers with raw latencies.
 * Before a measured phase it says "ready" and waits for "go", so the parent can read the CPU
 * counters exactly around the measured requests.
 */
import http from 'node:http';
import autocannon from 'autocannon';
import pg from 'pg';

export interface CreateBodyParts {
  categories: { id: string; code: string }[];
  callers: { fullName: string; phone: string; smsConsent: boolean }[];
  phrases: Record<string, { weight: number; openings: string[]; places: string[]; endings: string[] }>;
  streets: string[];
  firstNames: string[];
  surnames: string[];
}

export type Job =
  | { type: 'latency'; baseUrl: string; paths: string[]; headers: Record<string, string>; warmup: number; budgetMs: number; minSamples: number }
  | {
      type: 'create';
      baseUrl: string;
      headers: Record<string, string>;
      parts: CreateBodyParts;
      connections: number;
      warmup: number;
      amount: number;
      /** Who calls (default `new-and-on-file`): see makeRequest. */
      mix?: CallerMix;
    }
  | {
      type: 'baseline';
      dbUrl: string;
      /** Parameters: $1 year, $2 category, $3 department, $4 description, $5 address, $6 operator, $7 citizen name. */
      sql: string;
      year: number;
      operatorId: string;
      parts: CreateBodyParts;
      categories: { id: string; department_id: string }[];
      connections: number;
      warmup: number;
      amount: number;
    };

export interface JobResult {
  latenciesMs: number[];
  seconds: number;
  errors: number;
  statusCodes: Record<string, number>;
  firstError?: string;
}

const openPools: pg.Pool[] = [];
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const send = (m: unknown) => process.send!(m);

/** Waits until the parent has read its counters. */
function readyThenGo(): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (m: { type: string }) => {
      if (m.type !== 'go') return;
      process.off('message', onMessage);
      resolve();
    };
    process.on('message', onMessage);
    send({ type: 'ready' });
  });
}

/**
 * Who calls: `new-and-on-file` half callers on file as they are, half new numbers; `on-file` all
 * callers on file as they are; `shared-phone` half callers on file, half another person on a phone
 * on file (a family's landline, a neighbour calling for someone).
 */
export type CallerMix = 'new-and-on-file' | 'on-file' | 'shared-phone';

function makeBody(p: CreateBodyParts, mix: CallerMix): string {
  return JSON.stringify(makeRequest(p, mix));
}

function makeRequest(p: CreateBodyParts, mix: CallerMix = 'new-and-on-file') {
  const weights = p.categories.map((c) => p.phrases[c.code]?.weight ?? 0);
  let r = Math.random() * weights.reduce((a, b) => a + b, 0);
  let i = 0;
  while (r >= weights[i]! && i < weights.length - 1) r -= weights[i++]!;
  const category = p.categories[i]!;
  const ph = p.phrases[category.code]!;
  const someoneElse = { fullName: `${pick(p.firstNames)} ${pick(p.surnames)}`, smsConsent: true };
  const citizen = mix === 'on-file' || Math.random() < 0.5
    ? pick(p.callers)
    : mix === 'shared-phone'
      ? { ...someoneElse, phone: pick(p.callers).phone }
      : { ...someoneElse, phone: `69${pick(['0', '3', '4', '5', '7', '8', '9'])}${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}` };
  return {
    channel: 'phone',
    categoryId: category.id,
    description: `${pick(ph.openings)} ${pick(ph.places)}${pick(ph.endings)}`,
    addressText: `${pick(p.streets)} ${1 + Math.floor(Math.random() * 180)}`,
    citizen,
  };
}

async function runCreate(job: Extract<Job, { type: 'create' }>): Promise<JobResult> {
  const run = (amount: number, onResponse?: (status: number, ms: number) => void) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon({
        url: job.baseUrl,
        connections: job.connections,
        amount,
        timeout: 30,
        requests: [{
          method: 'POST',
          path: '/api/requests',
          headers: { ...job.headers, 'content-type': 'application/json' },
          setupRequest: (req) => ({ ...req, body: makeBody(job.parts, job.mix ?? 'new-and-on-file') }),
        }],
      }, (err, result) => (err ? reject(err) : resolve(result)));
      if (onResponse) instance.on('response', (_client, status, _bytes, ms) => onResponse(status, ms));
    });
  await run(job.warmup);
  await readyThenGo();
  const latenciesMs: number[] = [];
  const statusCodes: Record<string, number> = {};
  const started = performance.now();
  // autocannon reports the end of a run on its next one-second tick: timed by its callback, 5000
  // requests read as exactly 7, 8 or 9 s. The run ends when the last answer arrives.
  let lastAnswerAt = started;
  const result = await run(job.amount, (status, ms) => {
    lastAnswerAt = performance.now();
    latenciesMs.push(ms);
    statusCodes[status] = (statusCodes[status] ?? 0) + 1;
  });
  return { latenciesMs, seconds: (lastAnswerAt - started) / 1000, errors: result.errors + result.timeouts, statusCodes };
}

/** The raw SQL baseline: BEGIN; the one-statement counter + insert; COMMIT, from `connections` clients at once. */
async function runBaseline(job: Extract<Job, { type: 'baseline' }>): Promise<JobResult> {
  const pool = new pg.Pool({ connectionString: job.dbUrl, max: job.connections, application_name: 'dimotis-bench-baseline' });
  const latenciesMs: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const burst = async (amount: number, record: boolean) => {
    let next = 0;
    await Promise.all(Array.from({ length: job.connections }, async () => {
      const client = await pool.connect();
      try {
        while (next++ < amount) {
          const t = performance.now();
          try {
            await client.query('begin');
            const r = makeRequest(job.parts);
            const departmentId = job.categories.find((c) => c.id === r.categoryId)!.department_id;
            await client.query(job.sql, [job.year, r.categoryId, departmentId, r.description, r.addressText, job.operatorId, r.citizen.fullName]);
            await client.query('commit');
            if (record) latenciesMs.push(performance.now() - t);
          } catch (e) {
            errors++;
            firstError ??= String(e);
            await client.query('rollback').catch(() => {});
          }
        }
      } finally {
        client.release();
      }
    }));
  };
  await burst(job.warmup, false);
  await readyThenGo();
  const started = performance.now();
  await burst(job.amount, true);
  const seconds = (performance.now() - started) / 1000;
  // Closed only after the parent has read the CPU counters: an exited backend takes its CPU time with it.
  openPools.push(pool);
  return { latenciesMs, seconds, errors, statusCodes: {}, ...(firstError ? { firstError } : {}) };
}

/** One client, one request at a time: the latency an operator sees, not a throughput figure. */
async function runLatency(job: Extract<Job, { type: 'latency' }>): Promise<JobResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const url = new URL(job.baseUrl);
  const get = (path: string) =>
    new Promise<number>((resolve, reject) => {
      const req = http.get({ host: url.hostname, port: url.port, path, agent, headers: job.headers }, (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
    });
  const statusCodes: Record<string, number> = {};
  let errors = 0;
  let firstError: string | undefined;
  for (let i = 0; i < Math.min(job.warmup, job.paths.length); i++) await get(job.paths[i]!);
  await readyThenGo();
  const latenciesMs: number[] = [];
  const started = performance.now();
  for (const path of job.paths) {
    // A slow endpoint gets fewer samples rather than a bench that runs for an hour.
    if (latenciesMs.length >= job.minSamples && performance.now() - started > job.budgetMs) break;
    const t = performance.now();
    const status = await get(path);
    latenciesMs.push(performance.now() - t);
    statusCodes[status] = (statusCodes[status] ?? 0) + 1;
    if (status !== 200) {
      errors++;
      firstError ??= `${status} ${path}`;
    }
  }
  agent.destroy();
  return { latenciesMs, seconds: (performance.now() - started) / 1000, errors, statusCodes, ...(firstError ? { firstError } : {}) };
}

process.on('message', (job: Job | { type: 'go' } | { type: 'exit' }) => {
  if (job.type === 'go') return;
  if (job.type === 'exit') {
    void Promise.all(openPools.map((p) => p.end())).finally(() => process.exit(0));
    return;
  }
  void Promise.all(openPools.splice(0).map((p) => p.end()));
  const run = job.type === 'create' ? runCreate(job) : job.type === 'baseline' ? runBaseline(job) : runLatency(job);
  run.then(
    (result) => send({ type: 'result', result }),
    (e: unknown) => send({ type: 'error', message: e instanceof Error ? e.stack ?? e.message : String(e) }),
  );
});
send({ type: 'started' });
