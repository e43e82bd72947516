/** Notification shapes: a request's messages, the outbox screen, the template editor. */
import { z } from 'zod';
import { NOTIFICATION_CHANNELS, NOTIFICATION_EVENTS } from '../notifications.js';

export const NOTIFICATION_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'failed', 'not_sent'] as const;

export const NotificationView = z.object({
  id: z.number(),
  requestId: z.uuid(),
  channel: z.enum(NOTIFICATION_CHANNELS),
  event: z.string(),
  /** Partly hidden: +30694•••3456, m•••@example.com. */
  recipient: z.string(),
  status: z.enum(NOTIFICATION_STATUSES),
  attempts: z.number(),
  subject: z.string().nullable(),
  body: z.string().nullable(),
  segments: z.number().nullable(),
  encoding: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.iso.datetime(),
  sentAt: z.iso.datetime().nullable(),
  deliveredAt: z.iso.datetime().nullable(),
});
export type NotificationView = z.infer<typeof NotificationView>;

const csv = z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(z.enum(NOTIFICATION_STATUSES)).max(6));
export const OutboxQuery = z.object({
  status: csv.optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const OutboxPage = z.object({
  items: z.array(NotificationView.extend({ protocolNumber: z.string() })),
  /** Which channels have a provider; without one, messages are recorded but not sent. */
  providers: z.object({ sms: z.enum(['none', 'smpp', 'http']), email: z.boolean() }),
  counts: z.record(z.string(), z.number()),
});
export type OutboxPage = z.infer<typeof OutboxPage>;

export const Template = z.object({
  event: z.enum(NOTIFICATION_EVENTS),
  channel: z.enum(NOTIFICATION_CHANNELS),
  language: z.enum(['el', 'en']),
  subject: z.string().nullable(),
  body: z.string(),
  isDefault: z.boolean(),
});
export type Template = z.infer<typeof Template>;
export const TemplateParams = z.object({ event: z.enum(NOTIFICATION_EVENTS), channel: z.enum(NOTIFICATION_CHANNELS), language: z.enum(['el', 'en']) });
export const TemplateInput = z.object({ subject: z.string().trim().max(200).nullable(), body: z.string().trim().min(1).max(2000) });
