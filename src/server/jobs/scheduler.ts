/**
 * Scheduled work, once across any number of processes: one row per job in `scheduled_jobs`,
 * claimed with a lease (the outbox's pattern: a process that dies mid-run loses the lease and
 * another runs the job), its next run time written back after each run, so it survives restarts.
 *
 * Chosen over pg-boss: the outbox already proves this pattern here, it needs no second schema or
 * dependency, it runs the same on PostgreSQL and PGlite, and the job's notion of "now" is the
 * app's clock (tests set it to a Monday 07:31 in Athens). A run may still happen twice (a run that
 * outlasts its lease, a kill after the work but before the write-back): jobs are written so that a
 * second run changes nothing, with unique keys in the database (see modules/alerts).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';
import { scrubMessage } from '../logging.js';

export interface ScheduledJob {
  name: string;
  /** Does the work as of `now`; idempotent. */
  run(now: Date): Promise<unknown>;
  /** When to run again after a run as of `now`. */
  next(now: Date): Date;
}

export interface SchedulerOptions {
  clock: () => Date;
  /** How often to look for due jobs. */
  pollMs?: number;
  leaseSeconds?: number;
  /** After a failed run: try again this much later. */
  retryMs?: number;
  log?: { warn(obj: object, msg: string): void };
  /** No polling: jobs run only when runDue() is called (tests that step the clock). */
  manual?: boolean;
}

export interface Scheduler {
  /** Runs every job that is due now (and that no other process holds); returns their names. */
  runDue(): Promise<string[]>;
  /** Stops polling and waits for a run in progress. */
  stop(): Promise<void>;
}

export function startScheduler(db: Db, jobs: ScheduledJob[], opts: SchedulerOptions): Scheduler {
  const owner = `${process.pid}/${randomUUID()}`;
  const lease = opts.leaseSeconds ?? 300;
  const byName = new Map(jobs.map((j) => [j.name, j]));
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  // Each job's row, made once (by whichever process comes first); tried again next round if the database was away.
  let registered: Promise<void> | null = null;
  const register = () =>
    (registered ??= (async () => {
      const now = opts.clock();
      for (const j of jobs) await db.execute(sql`insert into scheduled_jobs (name, next_run_at) values (${j.name}, ${now}) on conflict do nothing`);
    })().catch((err) => {
      registered = null;
      throw err;
    }));

  async function claim(now: Date, names: string[]): Promise<string | null> {
    const [row] = await queryRows<{ name: string }>(db, sql`
      update scheduled_jobs set locked_until = ${now}::timestamptz + make_interval(secs => ${lease}), locked_by = ${owner}
      where name = (
        select name from scheduled_jobs
        where name in ${names} and next_run_at <= ${now} and (locked_until is null or locked_until < ${now})
        order by next_run_at limit 1
        for update skip locked)
      returning name`);
    return row?.name ?? null;
  }

  async function runOne(name: string, now: Date): Promise<void> {
    const job = byName.get(name)!;
    let next: Date;
    let error: string | null = null;
    try {
      await job.run(now);
      next = job.next(now);
    } catch (err) {
      // Kept on the job's row for whoever looks after the system: scrubbed like a log line, since a
      // failed query's message carries its parameters (citizens' names, phones).
      error = scrubMessage((err as Error).message);
      opts.log?.warn({ job: name, err }, 'scheduled job failed');
      next = new Date(now.getTime() + (opts.retryMs ?? 60_000));
    }
    await db.execute(sql`
      update scheduled_jobs set next_run_at = ${next}, locked_until = null, locked_by = null, last_run_at = ${now}, last_error = ${error}
      where name = ${name} and locked_by = ${owner}`);
  }

  async function runDue(): Promise<string[]> {
    await register();
    const done: string[] = [];
    // Each job at most once per round, even one whose next run is already due again.
    for (;;) {
      const left = [...byName.keys()].filter((n) => !done.includes(n));
      if (stopping || !left.length) break;
      const now = opts.clock();
      const name = await claim(now, left);
      if (!name) break;
      await runOne(name, now);
      done.push(name);
    }
    return done;
  }

  const loop = async () => {
    if (stopping) return;
    current = runDue().catch((err) => opts.log?.warn({ err: (err as Error).message }, 'scheduler round failed'));
    await current;
    if (!stopping) timer = setTimeout(loop, opts.pollMs ?? 15_000);
  };
  if (!opts.manual) timer = setTimeout(loop, 0);

  return {
    runDue,
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}

/** A job that runs every `everyMs`. */
export const every = (name: string, everyMs: number, run: (now: Date) => Promise<unknown>): ScheduledJob => ({
  name,
  run,
  next: (now) => new Date(now.getTime() + everyMs),
});
