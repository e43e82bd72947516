/**
 * Writing notifications into the outbox, in the caller's transaction, for the channels the citizen
 * consented to; and reading them back for staff (a request's messages, the outbox screen).
 */
import { and, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { NotificationEvent } from '../../../shared/notifications.js';
import type { Db, Executor } from '../../db/client.js';
import type { SmsReceipt } from './sms/sms-sender.js';
import { notifications } from '../../db/schema.js';
import { requireRole, type Actor } from '../auth/actor.js';

/**
 * The channels a citizen agreed to, as rows of (channel, recipient): SMS only to a mobile, e-mail
 * only to an address. Shared by every enqueue so the rule lives in one place.
 */
export const consentedChannelsSql = (citizenAlias: string): SQL =>
  sql.raw(`(values
    ('sms', case when ${citizenAlias}.sms_consent and ${citizenAlias}.phone_type is distinct from 'fixed' then ${citizenAlias}.phone end),
    ('email', case when ${citizenAlias}.email_consent then ${citizenAlias}.email end)
  ) as ch(channel, recipient)`);

/** Queues the messages an event sends to the request's citizen (none without consent). */
export async function enqueueNotifications(tx: Executor, requestId: string, eventId: number, event: NotificationEvent): Promise<void> {
  await tx.execute(sql`
    insert into notifications (request_id, event_id, channel, event, recipient)
    select r.id, ${eventId}, ch.channel, ${event}, ch.recipient
    from requests r join citizens c on c.id = r.citizen_id
    cross join lateral ${consentedChannelsSql('c')}
    where r.id = ${requestId} and ch.recipient is not null
    on conflict do nothing`);
}

export type NotificationRow = typeof notifications.$inferSelect;

/** A message as the request detail statement reads it: timestamps already ISO strings. */
export interface NotificationJson {
  id: number;
  requestId: string;
  channel: string;
  event: string;
  recipient: string;
  status: string;
  attempts: number;
  subject: string | null;
  body: string | null;
  segments: number | null;
  encoding: string | null;
  lastError: string | null;
  createdAt: Date | string;
  sentAt: Date | string | null;
  deliveredAt: Date | string | null;
}

const iso = (d: Date | string): string => (typeof d === 'string' ? d : d.toISOString());

/** What staff see of a message: the recipient partly hidden, the text as sent. */
export function toNotificationView(n: NotificationRow | NotificationJson) {
  return {
    id: n.id,
    // Views are of messages to citizens, which always have a request (constraint notifications_request_or_staff).
    requestId: n.requestId as string,
    channel: n.channel as 'sms' | 'email',
    event: n.event,
    recipient: maskRecipient(n.recipient),
    status: n.status as 'queued' | 'sending' | 'sent' | 'delivered' | 'failed' | 'not_sent',
    attempts: n.attempts,
    subject: n.subject,
    body: n.body,
    segments: n.segments,
    encoding: n.encoding,
    lastError: n.lastError,
    createdAt: iso(n.createdAt),
    sentAt: n.sentAt ? iso(n.sentAt) : null,
    deliveredAt: n.deliveredAt ? iso(n.deliveredAt) : null,
  };
}
export type NotificationView = ReturnType<typeof toNotificationView>;

/** +306944123456 → +30694•••3456; maria@example.com → m•••@example.com. */
export function maskRecipient(r: string): string {
  if (r.includes('@')) {
    const [local, domain] = r.split('@');
    return `${local!.slice(0, 1)}•••@${domain}`;
  }
  return r.length > 8 ? `${r.slice(0, 6)}•••${r.slice(-4)}` : '•••';
}

/** The outbox screen (messages to citizens; staff alerts are not listed): newest first, optionally by status; admins and supervisors only. */
export async function listOutbox(db: Executor, actor: Actor, query: { status?: string[]; before?: number; limit: number }): Promise<NotificationView[]> {
  requireRole(actor, 'admin', 'supervisor');
  const rows = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.audience, 'citizen'), query.status?.length ? inArray(notifications.status, query.status) : undefined, query.before ? lt(notifications.id, query.before) : undefined))
    .orderBy(desc(notifications.id))
    .limit(query.limit);
  return rows.map(toNotificationView);
}

/**
 * A delivery receipt from the carrier: delivered or failed. It may overtake our own "sent" update,
 * so it is retried briefly. True when it moved a message.
 */
export async function applyReceipt(db: Db, r: SmsReceipt, tries = 5): Promise<boolean> {
  const updated = await db
    .update(notifications)
    .set(r.status === 'delivered' ? { status: 'delivered', deliveredAt: new Date() } : { status: 'failed', lastError: r.error ?? 'not delivered' })
    .where(and(eq(notifications.channel, 'sms'), eq(notifications.providerId, r.providerId), eq(notifications.status, 'sent')))
    .returning({ id: notifications.id });
  if (updated.length || tries <= 1) return updated.length > 0;
  // Only a receipt that overtook our "sent" update (no row has its id yet) is worth waiting for; a repeated
  // receipt for a message already final would otherwise hold the carrier's acknowledgement for a second.
  const [known] = await db.select({ id: notifications.id }).from(notifications).where(eq(notifications.providerId, r.providerId)).limit(1);
  if (known) return false;
  await new Promise((resolve) => setTimeout(resolve, 200));
  return applyReceipt(db, r, tries - 1);
}
