/**
 * Child process for the staff-alert and live-event tests: a whole Dimotis server (HTTP, outbox
 * worker sending e-mail to the given SMTP server, scheduled jobs) on the given PostgreSQL database,
 * with its clock fixed at the given instant (or 'real'). Prints "ready <port>"; SIGTERM stops it as main.ts does.
 * usage: tsx alerts-process.ts <database-url> <smtp-url> <clock ISO instant> [extra env as JSON]
 */
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { startJobs } from '../jobs/jobs.js';
import { startNotificationWorker } from '../jobs/notification-worker.js';
import { workingCalendar } from '../modules/calendar/working-days.js';
import { createEmailSender } from '../modules/notifications/email/email-sender.js';

const [url, smtpUrl, clockIso, env] = process.argv.slice(2);
const database = await openDatabase({ url: url!, poolSize: 10 });
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...JSON.parse(env ?? '{}') });
const fixed = clockIso === 'real' ? null : new Date(clockIso!);
const ctx = { database, config, calendar: workingCalendar(config.LOCAL_HOLIDAYS), clock: () => fixed ?? new Date() };
const app = await buildApp(ctx);
await app.listen({ host: '127.0.0.1', port: 0 });
const email = createEmailSender({ url: smtpUrl!, from: 'Δήμος Ηρακλείου <no-reply@heraklion.gr>', replyTo: 'aitimata+{protocol}@heraklion.gr', ignoreTLS: true });
const worker = startNotificationWorker(database.db, config, { sms: null, email }, { pollMs: 50, calendar: ctx.calendar });
const jobs = startJobs(ctx, { pollMs: 50 });
process.once('SIGTERM', async () => {
  await app.close();
  await jobs.stop();
  await worker.stop();
  await email.close();
  await database.close();
  process.exit(0);
});
const address = app.server.address();
process.stdout.write(`ready ${typeof address === 'object' && address ? address.port : 0}\n`);
