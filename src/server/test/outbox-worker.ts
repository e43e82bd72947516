/**
 * Child process for the outbox crash tests: an outbox worker on the given database sending e-mail
 * to the given SMTP server, stopping on SIGTERM as `npm run worker` does (messages in flight
 * finish and are recorded), or killed. Prints "ready" once it polls.
 * usage: tsx outbox-worker.ts <database-url> <smtp-url> <worker options as JSON> [sms-http-url]
 * With an SMS URL, SMS go to that HTTP aggregator (default field names).
 */
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { startNotificationWorker } from '../jobs/notification-worker.js';
import { createEmailSender } from '../modules/notifications/email/email-sender.js';
import { createHttpSmsSender } from '../modules/notifications/sms/http-sms-sender.js';

const [url, smtpUrl, options, smsUrl] = process.argv.slice(2);
const database = await openDatabase({ url: url!, poolSize: 10 });
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
const email = createEmailSender({ url: smtpUrl!, from: 'Δήμος Ηρακλείου <no-reply@heraklion.gr>', replyTo: 'aitimata+{protocol}@heraklion.gr', ignoreTLS: true });
const sms = smsUrl ? createHttpSmsSender({ url: smsUrl }) : null;
const worker = startNotificationWorker(database.db, config, { sms, email }, { pollMs: 50, ...JSON.parse(options ?? '{}') });
process.once('SIGTERM', async () => {
  await worker.stop();
  await email.close();
  await database.close();
  process.exit(0);
});
process.stdout.write('ready\n');
