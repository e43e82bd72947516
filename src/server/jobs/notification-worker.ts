/**
 * The outbox worker: claims due messages with FOR UPDATE SKIP LOCKED (any number of workers, in
 * any number of processes), renders and sends them, and records each outcome. A claimed message
 * holds a lease; if its worker dies, the lease runs out and another worker sends it.
 *
 * Hand-over is at-least-once by nature (no carrier lets us commit "sent" together with the send):
 * the window is the few milliseconds between the carrier's acknowledgement and our update, and a
 * graceful stop (SIGTERM) waits for messages in flight (handing back those claimed but not started),
 * so only a hard kill inside that window, at most `concurrency` messages, or a single send outlasting
 * the lease can hand a message over twice. Every attempt at a row carries the same identity, so
 * that the other side can drop a repeat: an HTTP aggregator gets the row's reference as its
 * idempotency key (delivery exactly once where the aggregator honours it), an e-mail keeps one
 * Message-ID (mail stores and clients fold repeats). SMPP 3.4 has no such field.
 */
import { eq, sql } from 'drizzle-orm';
import { smsSegments } from '../../shared/sms.js';
import type { Config } from '../config.js';
import { queryRows, type Db } from '../db/client.js';
import { notifications } from '../db/schema.js';
import { renderStaffAlert } from '../modules/alerts/alerts.render.js';
import { workingCalendar, type WorkingCalendar } from '../modules/calendar/working-days.js';
import type { EmailSender } from '../modules/notifications/email/email-sender.js';
import { renderCache, renderNotification, type RenderCache } from '../modules/notifications/notifications.render.js';
import { applyReceipt, type NotificationRow } from '../modules/notifications/notifications.service.js';
import { isRetryable } from '../modules/notifications/send-error.js';
import type { SmsLog, SmsSender } from '../modules/notifications/sms/sms-sender.js';

export interface Senders {
  sms: SmsSender | null;
  email: EmailSender | null;
}

export interface WorkerOptions {
  pollMs: number;
  batchSize?: number;
  /** Messages sent at the same time. */
  concurrency?: number;
  leaseSeconds?: number;
  maxAttempts?: number;
  log?: { warn(obj: object, msg: string): void };
  /** For staff alerts that count working days; default: the configured one. */
  calendar?: WorkingCalendar;
}

export interface NotificationWorker {
  /** Runs one claim-and-send round; returns how many messages it handled. */
  runOnce(): Promise<number>;
  /** Stops claiming, waits for messages in flight, and closes nothing else (senders belong to the caller). */
  stop(): Promise<void>;
}

/** Back-off: 10 s, 20 s, 40 s … up to an hour, with ±20 % jitter so retries do not arrive in waves. */
export const retryDelayMs = (attempt: number): number => Math.min(3_600_000, 10_000 * 2 ** Math.max(0, attempt - 1)) * (0.8 + Math.random() * 0.4);

export function startNotificationWorker(db: Db, config: Config, senders: Senders, opts: WorkerOptions): NotificationWorker {
  const batchSize = opts.batchSize ?? 100;
  const concurrency = opts.concurrency ?? 16;
  const lease = opts.leaseSeconds ?? 120;
  const maxAttempts = opts.maxAttempts ?? 10;
  const calendar = opts.calendar ?? workingCalendar(config.LOCAL_HOLIDAYS);
  let stopping = false;
  // Counts stop() calls: a round in progress when one comes starts no new message (while a round
  // run by hand after stop(), as tests do, runs in full).
  let stops = 0;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<number> = Promise.resolve(0);

  senders.sms?.onReceipt((r) => applyReceipt(db, r));

  async function claim(): Promise<NotificationRow[]> {
    const rows = await queryRows<Record<string, unknown>>(db, sql`
      update notifications set status = 'sending', attempts = attempts + 1, locked_until = now() + make_interval(secs => ${lease})
      where id in (
        select id from notifications
        where status in ('queued', 'sending') and next_attempt_at <= now() and (locked_until is null or locked_until < now())
        order by next_attempt_at, id
        limit ${batchSize}
        for update skip locked)
      returning id`);
    if (!rows.length) return [];
    return db.select().from(notifications).where(sql`${notifications.id} in ${rows.map((r) => Number(r.id))}`);
  }

  async function deliver(n: NotificationRow, cache: RenderCache): Promise<void> {
    // Staff alerts (modules/alerts) share the outbox and everything below; only their texts differ.
    const rendered = n.audience === 'staff' ? await renderStaffAlert(db, config, calendar, n, cache) : await renderNotification(db, config, n, cache);
    const sender = n.channel === 'sms' ? senders.sms : senders.email;
    if (!sender) {
      // No provider configured: keep what the citizen would have received, and say plainly it was not sent.
      const info = n.channel === 'sms' ? smsSegments(rendered.body, { greekAsGsm7: rendered.greekAsGsm7 }) : null;
      await finish(n.id, { status: 'not_sent', subject: rendered.subject, body: rendered.body, segments: info?.segments ?? null, encoding: info?.encoding ?? null, lastError: `no ${n.channel === 'sms' ? 'SMS' : 'e-mail'} provider configured` });
      return;
    }
    try {
      if (n.channel === 'sms') {
        const r = await senders.sms!.send({ to: n.recipient, text: rendered.body, senderId: config.SMS_SENDER_ID, greekAsGsm7: rendered.greekAsGsm7, reference: n.reference });
        await finish(n.id, { status: 'sent', providerId: r.providerId, body: rendered.body, segments: r.parts, encoding: r.encoding, sentAt: new Date(), lastError: null });
      } else {
        const r = await senders.email!.send({ to: n.recipient, subject: rendered.subject ?? rendered.protocolNumber, text: rendered.body, notificationId: n.id, protocolNumber: rendered.protocolNumber, municipalityName: rendered.municipalityName, logoDataUrl: rendered.logoDataUrl, staffAlert: n.audience === 'staff' });
        await finish(n.id, { status: 'sent', providerId: r.providerId, subject: rendered.subject, body: rendered.body, sentAt: new Date(), lastError: null });
      }
    } catch (err) {
      const retry = isRetryable(err) && n.attempts < maxAttempts;
      opts.log?.warn({ notificationId: n.id, channel: n.channel, attempt: n.attempts, retry, err: (err as Error).message }, 'notification not sent');
      await finish(n.id, retry
        ? { status: 'queued', nextAttemptAt: new Date(Date.now() + retryDelayMs(n.attempts)), lastError: (err as Error).message.slice(0, 500) }
        : { status: 'failed', lastError: (err as Error).message.slice(0, 500) });
    }
  }

  async function finish(id: number, values: Partial<typeof notifications.$inferInsert>): Promise<void> {
    await db.update(notifications).set({ ...values, lockedUntil: null }).where(eq(notifications.id, id));
  }

  async function runOnce(): Promise<number> {
    const batch = await claim();
    const cache = renderCache(db, config);
    // A message is started only while at least half the lease is left, so that a slow server cannot
    // keep it past the lease, when another worker would claim it and send it too.
    const startBy = Date.now() + lease * 500;
    const stopsAtStart = stops;
    let next = 0;
    // `concurrency` lanes, each taking the next message as soon as its own is done: one slow message
    // holds up only its lane, not a whole group. A stop lets the lanes finish what they hold.
    const lane = async () => {
      while (next < batch.length && stops === stopsAtStart && Date.now() < startBy) {
        const n = batch[next++]!;
        await deliver(n, cache).catch((err) => opts.log?.warn({ notificationId: n.id, err: (err as Error).message }, 'notification failed to render'));
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, lane));
    if (next < batch.length) await release(batch.slice(next).map((n) => n.id));
    return next;
  }

  /** Hands claimed messages that were never started back to the queue, as if never claimed (while the lease says they are still ours). */
  async function release(ids: number[]): Promise<void> {
    await db.execute(sql`update notifications set status = 'queued', attempts = attempts - 1, locked_until = null where id in ${ids} and status = 'sending' and locked_until > now()`);
  }

  const loop = async () => {
    if (stopping) return;
    current = runOnce().catch((err) => {
      opts.log?.warn({ err: (err as Error).message }, 'outbox round failed');
      return 0;
    });
    const handled = await current;
    // A full batch means more is waiting: go again at once; otherwise wait for the next poll.
    if (!stopping) timer = setTimeout(loop, handled >= batchSize ? 0 : opts.pollMs);
  };
  timer = setTimeout(loop, 0);

  return {
    runOnce,
    async stop() {
      stopping = true;
      stops++;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}

/** The senders the configuration asks for (null for a channel without a provider). */
export async function createSenders(config: Config, log?: SmsLog): Promise<Senders> {
  const { createSmsSender } = await import('../modules/notifications/sms/create-sms-sender.js');
  const { createEmailSender } = await import('../modules/notifications/email/email-sender.js');
  return {
    sms: createSmsSender(config, log),
    email: config.SMTP_URL ? createEmailSender({ url: config.SMTP_URL, from: config.MAIL_FROM, replyTo: config.MAIL_REPLY_TO }) : null,
  };
}

export async function closeSenders(s: Senders): Promise<void> {
  await Promise.allSettled([s.sms?.close(), s.email?.close()]);
}
