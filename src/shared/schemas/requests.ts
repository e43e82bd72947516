/** Request shapes: what an operator sends, what the API answers. */
import { z } from 'zod';
import { CHANNELS, PRIORITIES, STATUSES } from '../workflow.js';
import { NotificationView } from './notifications.js';
import { Id, LocalisedName, Ref, isoDay, optionalText, text } from './common.js';

export { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, type AttachmentType } from '../attachments.js';

export const MAX_DESCRIPTION = 5000;

export const CitizenInput = z.object({
  /** An existing citizen picked from the caller look-up. */
  id: Id.optional(),
  fullName: optionalText(200),
  phone: optionalText(40),
  email: z.string().trim().max(254).transform((s) => s.toLowerCase()).pipe(z.union([z.literal(''), z.email()])).optional(),
  smsConsent: z.boolean().optional(),
  emailConsent: z.boolean().optional(),
});
export type CitizenInput = z.infer<typeof CitizenInput>;

export const Location = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });

export const CreateRequestInput = z.object({
  channel: z.enum(CHANNELS),
  categoryId: Id,
  description: text(MAX_DESCRIPTION),
  addressText: optionalText(500),
  location: Location.optional(),
  priority: z.enum(PRIORITIES).default('normal'),
  citizen: CitizenInput.optional(),
});
export type CreateRequestInput = z.infer<typeof CreateRequestInput>;

export const CreatedRequest = z.object({
  id: Id,
  protocolNumber: z.string(),
  status: z.enum(STATUSES),
  category: Ref,
  department: Ref,
  citizenId: Id.nullable(),
  dueAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type CreatedRequest = z.infer<typeof CreatedRequest>;

export const CitizenView = z.object({
  id: Id,
  fullName: z.string().nullable(),
  phone: z.string().nullable(),
  phoneType: z.string().nullable(),
  email: z.string().nullable(),
  smsConsent: z.boolean(),
  emailConsent: z.boolean(),
});
export type CitizenView = z.infer<typeof CitizenView>;

export const EVENT_KINDS = ['created', 'status_change', 'forward', 'assignment', 'internal_note', 'public_update', 'citizen_contact', 'attachment'] as const;

export const TimelineEvent = z.object({
  id: z.number(),
  kind: z.enum(EVENT_KINDS),
  visibility: z.enum(['public', 'internal']),
  actor: z.object({ id: Id, fullName: z.string() }).nullable(),
  fromStatus: z.enum(STATUSES).nullable(),
  toStatus: z.enum(STATUSES).nullable(),
  fromDepartment: Ref.nullable(),
  toDepartment: Ref.nullable(),
  body: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.iso.datetime(),
});
export type TimelineEvent = z.infer<typeof TimelineEvent>;

export const Attachment = z.object({
  id: Id,
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  uploadedBy: z.object({ id: Id, fullName: z.string() }).nullable(),
  createdAt: z.iso.datetime(),
});
export type Attachment = z.infer<typeof Attachment>;

export const RequestSummary = z.object({
  id: Id,
  protocolNumber: z.string(),
  channel: z.enum(CHANNELS),
  status: z.enum(STATUSES),
  priority: z.enum(PRIORITIES),
  category: Ref,
  department: Ref,
  description: z.string(),
  addressText: z.string().nullable(),
  citizenName: z.string().nullable(),
  assignee: z.object({ id: Id, fullName: z.string() }).nullable(),
  dueAt: z.iso.datetime().nullable(),
  overdue: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  closedAt: z.iso.datetime().nullable(),
});
export type RequestSummary = z.infer<typeof RequestSummary>;

export const RequestDetail = RequestSummary.extend({
  location: Location.nullable(),
  citizen: CitizenView.nullable(),
  duplicateOf: z.object({ id: Id, protocolNumber: z.string() }).nullable(),
  createdBy: z.object({ id: Id, fullName: z.string() }).nullable(),
  timeline: z.array(TimelineEvent),
  /** Oldest first; the bytes are fetched one by one from /api/requests/:id/attachments/:attachmentId. */
  attachments: z.array(Attachment),
  /** Messages to the citizen about this request (SMS, e-mail), oldest first. */
  notifications: z.array(NotificationView),
  /** Statuses the signed-in user may move this request to. */
  allowedStatuses: z.array(z.enum(STATUSES)),
});
export type RequestDetail = z.infer<typeof RequestDetail>;

const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item).max(20));
const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const ListRequestsQuery = z.object({
  status: csv(z.enum(STATUSES)).optional(),
  group: z.enum(['open', 'closed']).optional(),
  departmentId: Id.optional(),
  categoryId: Id.optional(),
  channel: csv(z.enum(CHANNELS)).optional(),
  assignee: z.union([z.literal('me'), z.literal('none'), Id]).optional(),
  from: isoDay.optional(),
  to: isoDay.optional(),
  overdue: boolQuery.optional(),
  q: z.string().trim().max(200).optional(),
  sort: z.enum(['newest', 'oldest', 'due', 'updated']).default('newest'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type ListRequestsQuery = z.infer<typeof ListRequestsQuery>;

export const RequestList = z.object({ items: z.array(RequestSummary), hasMore: z.boolean() });

export const TransitionInput = z.object({
  to: z.enum(STATUSES),
  publicNote: optionalText(2000),
  internalNote: optionalText(4000),
  duplicateOfId: Id.optional(),
});
export type TransitionInput = z.infer<typeof TransitionInput>;

export const ForwardInput = z.object({ departmentId: Id, reason: text(1000) });
export type ForwardInput = z.infer<typeof ForwardInput>;

export const AssignInput = z.object({ userId: Id.nullable() });
export type AssignInput = z.infer<typeof AssignInput>;

export const NoteInput = z.object({ body: text(4000), visibility: z.enum(['internal', 'public']).default('internal') });
export type NoteInput = z.infer<typeof NoteInput>;

export const ContactInput = z.object({
  method: z.enum(['phone', 'sms', 'email', 'in_person']),
  direction: z.enum(['outgoing', 'incoming']).default('outgoing'),
  outcome: z.enum(['reached', 'no_answer', 'left_message', 'wrong_number', 'other']),
  note: optionalText(2000),
});
export type ContactInput = z.infer<typeof ContactInput>;

export const CallerLookupQuery = z.object({ phone: z.string().trim().min(3).max(40) });

export const CallerMatch = z.object({
  citizen: CitizenView,
  requests: z.array(
    z.object({
      id: Id,
      protocolNumber: z.string(),
      status: z.enum(STATUSES),
      category: LocalisedName,
      addressText: z.string().nullable(),
      createdAt: z.iso.datetime(),
    }),
  ),
});
export const CallerLookup = z.object({ normalised: z.string().nullable(), matches: z.array(CallerMatch) });
export type CallerLookup = z.infer<typeof CallerLookup>;

export const StatusCounts = z.record(z.string(), z.number());

/** One action applied to many requests (department inbox); each request in its own transaction. */
export const BulkInput = z.object({
  ids: z.array(Id).min(1).max(200),
  action: z.discriminatedUnion('type', [
    z.object({ type: z.literal('transition'), to: z.enum(STATUSES), publicNote: optionalText(2000) }),
    z.object({ type: z.literal('assign'), userId: Id.nullable() }),
  ]),
});
export type BulkInput = z.infer<typeof BulkInput>;
export const BulkResult = z.object({
  results: z.array(z.object({ id: Id, ok: z.boolean(), code: z.string().optional() })),
});
export type BulkResult = z.infer<typeof BulkResult>;
