/** The outbox worker and the scheduled jobs in their own process (`npm run worker`), for installations that set OUTBOX_WORKER=false on the web servers. */
import pino from 'pino';
import { loggerOptions } from './logging.js';
import { loadConfig } from './config.js';
import { startJobs } from './jobs/jobs.js';
import { closeSenders, createSenders, startNotificationWorker } from './jobs/notification-worker.js';
import { prepareContext } from './start.js';

const config = loadConfig();
const log = pino(loggerOptions(config.LOG_LEVEL));
const ctx = await prepareContext(config);
const senders = await createSenders(config, log);
const worker = startNotificationWorker(ctx.database.db, config, senders, { pollMs: config.OUTBOX_POLL_MS, log, calendar: ctx.calendar });
const jobs = startJobs(ctx, { log });
log.info({ sms: !!senders.sms, email: !!senders.email }, 'outbox worker started');

const stop = async (signal: string) => {
  log.info({ signal }, 'outbox worker stopping: finishing messages in flight');
  await jobs.stop();
  await worker.stop();
  await closeSenders(senders);
  await ctx.database.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop('SIGTERM'));
process.once('SIGINT', () => void stop('SIGINT'));
