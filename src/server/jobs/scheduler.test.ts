/**
 * The scheduler (PGlite and PostgreSQL): a due job runs in one of two schedulers, not both; a
 * failed run is recorded and tried again later; a job held by a process that died runs once its
 * lease is over; the next run time is kept in the database (a new scheduler, as after a restart, waits for it).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.js';
import { startTestApp, type TestApp } from '../test/harness.js';
import { startScheduler, type ScheduledJob } from './scheduler.js';

let t: TestApp;
let now = new Date('2026-12-07T08:00:00Z');
const clock = () => now;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const job = (name: string, run: () => Promise<unknown>): ScheduledJob => ({ name, run, next: (at) => new Date(at.getTime() + 60_000) });
const row = async (name: string) => (await queryRows<{ next_run_at: Date | string; last_error: string | null; locked_by: string | null }>(t.ctx.database.db, sql`select next_run_at, last_error, locked_by from scheduled_jobs where name = ${name}`))[0]!;

describe('scheduler', () => {
  it('two schedulers, one due job: it runs once; the next run waits in the database, also for a new scheduler', async () => {
    let runs = 0;
    const slow = job('test.once', async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 200));
    });
    const [a, b] = [startScheduler(t.ctx.database.db, [slow], { clock, manual: true }), startScheduler(t.ctx.database.db, [slow], { clock, manual: true })];
    await Promise.all([a.runDue(), b.runDue()]);
    expect(runs).toBe(1);
    expect(new Date((await row('test.once')).next_run_at).getTime()).toBe(now.getTime() + 60_000);
    const restarted = startScheduler(t.ctx.database.db, [slow], { clock, manual: true });
    expect(await restarted.runDue()).toEqual([]);
    now = new Date(now.getTime() + 61_000);
    expect(await restarted.runDue()).toEqual(['test.once']);
    expect(runs).toBe(2);
    await Promise.all([a.stop(), b.stop(), restarted.stop()]);
  });

  it('a failed run is recorded and tried again after retryMs, not at once', async () => {
    let runs = 0;
    const failing = job('test.failing', async () => {
      runs++;
      throw new Error('smtp down');
    });
    const s = startScheduler(t.ctx.database.db, [failing], { clock, manual: true, retryMs: 30_000 });
    await s.runDue();
    expect(await row('test.failing')).toMatchObject({ last_error: 'smtp down', locked_by: null });
    await s.runDue();
    expect(runs).toBe(1);
    now = new Date(now.getTime() + 31_000);
    await s.runDue();
    expect(runs).toBe(2);
    await s.stop();
  });

  it('a job held by a process that died runs again once the lease is over', async () => {
    let runs = 0;
    const j = job('test.lease', async () => void runs++);
    await t.ctx.database.db.execute(sql`insert into scheduled_jobs (name, next_run_at, locked_until, locked_by) values ('test.lease', ${new Date(now.getTime() - 1000)}, ${new Date(now.getTime() + 5000)}, 'dead/1')`);
    const s = startScheduler(t.ctx.database.db, [j], { clock, manual: true });
    await s.runDue();
    expect(runs).toBe(0);
    now = new Date(now.getTime() + 6000);
    await s.runDue();
    expect(runs).toBe(1);
    await s.stop();
  });
});
