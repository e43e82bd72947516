/** Every scheduled job of Dimotis, on one scheduler (scheduler.ts): run in the server or in `npm run worker`. */
import type { AppContext } from '../context.js';
import { alertJobs } from '../modules/alerts/alerts.jobs.js';
import { housekeepingJob } from './housekeeping.js';
import { startScheduler, type Scheduler, type SchedulerOptions } from './scheduler.js';

export function startJobs(ctx: AppContext, opts: Partial<SchedulerOptions> = {}): Scheduler {
  const jobs = [housekeepingJob(ctx.database.db), ...alertJobs(ctx)];
  return startScheduler(ctx.database.db, jobs, { clock: ctx.clock, pollMs: ctx.config.JOBS_POLL_MS, ...opts });
}
