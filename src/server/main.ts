/** Starts Dimotis: `npm start` (with demo data) or `npm run serve` (without). */
import { buildApp } from './app.js';
import { startJobs } from './jobs/jobs.js';
import { closeSenders, createSenders, startNotificationWorker } from './jobs/notification-worker.js';
import { loadConfig } from './config.js';
import { loggerOptions } from './logging.js';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from './seed/demo.js';
import { prepareContext } from './start.js';

const config = loadConfig();
const ctx = await prepareContext(config);
const withDemo = process.argv.includes('--demo');
const seeded = withDemo ? await seedDemo(ctx.database.db, ctx.calendar) : false;
const app = await buildApp(ctx, {
  logger: loggerOptions(config.LOG_LEVEL),
});

const senders = config.OUTBOX_WORKER ? await createSenders(config, app.log) : null;
const worker = senders ? startNotificationWorker(ctx.database.db, config, senders, { pollMs: config.OUTBOX_POLL_MS, log: app.log, calendar: ctx.calendar }) : null;
const jobs = config.OUTBOX_WORKER ? startJobs(ctx, { log: app.log }) : null;

const shutdown = async (signal: string) => {
  app.log.info({ signal }, 'shutting down');
  await app.close();
  // Messages in flight finish and are recorded before the database closes.
  await jobs?.stop();
  await worker?.stop();
  if (senders) await closeSenders(senders);
  await ctx.database.close();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

await app.listen({ host: config.HOST, port: config.PORT });
const url = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`;
const lines = [
  '',
  `Dimotis is running at ${url}  (database: ${ctx.database.kind}${ctx.database.kind === 'pglite' ? `, ${config.DATA_DIR}` : ''})`,
  `API documentation: ${url}/api/docs`,
];
if (withDemo) {
  lines.push(seeded ? 'Demo data created.' : 'Demo data already present.');
  lines.push(`Demo sign-ins (password for all: ${DEMO_PASSWORD}):`);
  for (const u of DEMO_USERS) lines.push(`  ${u.username.padEnd(12)} ${u.role}${u.departments.length ? ` (${u.departments.join(', ')})` : ''}`);
}
console.log(lines.join('\n'));
