/**
 * The database schema. Invariants live here as constraints: protocol numbers are unique per
 * year, statuses and roles are checked, a request that is open has no closed_at.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  doublePrecision,
  index,
  inet,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** Raw bytes. node-postgres reads bytea as a Buffer, PGlite as a Uint8Array: callers always get a Buffer. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength)),
});

const tsz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => tsz('created_at').notNull().defaultNow();

export const departments = pgTable('departments', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  nameEl: text('name_el').notNull(),
  nameEn: text('name_en').notNull(),
  /** The competent employee(s): e-mails go to them, not to a general inbox. */
  emails: text('emails').array().notNull().default(sql`'{}'::text[]`),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
});

export const categories = pgTable('categories', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  nameEl: text('name_el').notNull(),
  nameEn: text('name_en').notNull(),
  keywords: text('keywords').array().notNull().default(sql`'{}'::text[]`),
  slaWorkingDays: smallint('sla_working_days').notNull().default(5),
  citizenSelectable: boolean('citizen_selectable').notNull().default(true),
  active: boolean('active').notNull().default(true),
  sortOrder: smallint('sort_order').notNull().default(100),
  createdAt: createdAt(),
}, (t) => [check('categories_sla_positive', sql`${t.slaWorkingDays} between 1 and 365`)]);

/** Which department is competent for a category: data, changed by an administrator. */
export const categoryRoutes = pgTable('category_routes', {
  categoryId: uuid('category_id').primaryKey().references(() => categories.id, { onDelete: 'cascade' }),
  departmentId: uuid('department_id').notNull().references(() => departments.id),
  updatedAt: tsz('updated_at').notNull().defaultNow(),
});

export const statuses = pgTable('statuses', {
  code: text('code').primaryKey(),
  statusGroup: text('status_group').notNull(),
  nameEl: text('name_el').notNull(),
  nameEn: text('name_en').notNull(),
  sortOrder: smallint('sort_order').notNull(),
}, (t) => [check('statuses_group', sql`${t.statusGroup} in ('open','closed')`)]);

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  username: text('username').notNull(),
  fullName: text('full_name').notNull(),
  email: text('email'),
  passwordHash: text('password_hash').notNull(),
  role: text('role').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
  lastLoginAt: tsz('last_login_at'),
}, (t) => [
  uniqueIndex('users_username_lower').on(sql`lower(${t.username})`),
  check('users_role', sql`${t.role} in ('admin','supervisor','operator','department_head','department_staff')`),
]);

export const userDepartments = pgTable('user_departments', {
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  departmentId: uuid('department_id').notNull().references(() => departments.id),
}, (t) => [primaryKey({ columns: [t.userId, t.departmentId] }), index('user_departments_department').on(t.departmentId)]);

export const sessions = pgTable('sessions', {
  /** sha256 of the cookie token: a leaked table does not give working sessions. */
  id: text('id').primaryKey(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  csrfToken: text('csrf_token').notNull(),
  createdAt: createdAt(),
  expiresAt: tsz('expires_at').notNull(),
  ip: inet('ip'),
}, (t) => [index('sessions_user').on(t.userId)]);

export const loginFailures = pgTable('login_failures', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  usernameLower: text('username_lower').notNull(),
  ip: inet('ip'),
  at: tsz('at').notNull().defaultNow(),
}, (t) => [index('login_failures_username').on(t.usernameLower, t.at), index('login_failures_ip').on(t.ip, t.at)]);

/**
 * Failed look-ups on the public tracking page, per protocol number and client address: the
 * throttle against guessing the last four phone digits. Only failures are kept, and briefly.
 */
export const trackingFailures = pgTable('tracking_failures', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  /** Normalised, as formatProtocol writes it (2026/004512), whether or not such a request exists. */
  protocol: text('protocol').notNull(),
  ip: inet('ip'),
  at: tsz('at').notNull().defaultNow(),
}, (t) => [index('tracking_failures_protocol').on(t.protocol, t.at), index('tracking_failures_ip').on(t.ip, t.at)]);

export const citizens = pgTable('citizens', {
  id: uuid('id').primaryKey().defaultRandom(),
  fullName: text('full_name'),
  /** E.164, normalised with libphonenumber-js/max. */
  phone: text('phone'),
  phoneType: text('phone_type'),
  email: text('email'),
  smsConsent: boolean('sms_consent').notNull().default(false),
  smsConsentAt: tsz('sms_consent_at'),
  smsConsentSource: text('sms_consent_source'),
  emailConsent: boolean('email_consent').notNull().default(false),
  emailConsentAt: tsz('email_consent_at'),
  emailConsentSource: text('email_consent_source'),
  createdAt: createdAt(),
  updatedAt: tsz('updated_at').notNull().defaultNow(),
}, (t) => [
  index('citizens_phone').on(sql`${t.phone} text_pattern_ops`),
  index('citizens_email_lower').on(sql`lower(${t.email})`),
]);

/**
 * One row per phone (E.164) and e-mail (lower case) on file, kept by a trigger on citizens. A first
 * call from a new number claims its key with a plain insert in the registering statement, so two
 * such calls at once cannot both make a citizen: the second fails on the key and registers again
 * under the caller's lock (requests.service.ts).
 */
export const citizenKeys = pgTable('citizen_keys', {
  key: text('key').primaryKey(),
});

export const protocolCounters = pgTable('protocol_counters', {
  year: integer('year').primaryKey(),
  lastSeq: integer('last_seq').notNull(),
});

export const requests = pgTable('requests', {
  id: uuid('id').primaryKey().defaultRandom(),
  protocolYear: integer('protocol_year').notNull(),
  protocolSeq: integer('protocol_seq').notNull(),
  channel: text('channel').notNull(),
  categoryId: uuid('category_id').notNull().references(() => categories.id),
  departmentId: uuid('department_id').notNull().references(() => departments.id),
  status: text('status').notNull().references(() => statuses.code),
  priority: text('priority').notNull().default('normal'),
  description: text('description').notNull(),
  addressText: text('address_text'),
  lat: doublePrecision('lat'),
  lng: doublePrecision('lng'),
  citizenId: uuid('citizen_id').references(() => citizens.id),
  assigneeId: uuid('assignee_id').references(() => users.id),
  duplicateOfId: uuid('duplicate_of_id'),
  createdById: uuid('created_by_id').references(() => users.id),
  /** Folded (lower, unaccented, σ for ς) description + address + citizen name, for trigram search. */
  searchText: text('search_text').notNull(),
  dueAt: tsz('due_at'),
  createdAt: createdAt(),
  updatedAt: tsz('updated_at').notNull().defaultNow(),
  closedAt: tsz('closed_at'),
}, (t) => [
  uniqueIndex('requests_protocol').on(t.protocolYear, t.protocolSeq),
  // DESC NULLS FIRST (Postgres's own DESC) in the order the lists sort by, created_at then id: an index
  // in another null order cannot serve `ORDER BY created_at DESC, id DESC`, and the queue would sort.
  index('requests_open_department_created').on(t.departmentId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`${t.closedAt} is null`),
  index('requests_open_due').on(t.dueAt).where(sql`${t.closedAt} is null`),
  // The inbox's triage order (requests.triage.ts): one slice per urgent/not-urgent × overdue/later/no due,
  // each an index range in (due_at, created_at, id) order; priority, assignee_id and status at the end let
  // the counts (the inbox's views and the menu's live counts) and the inbox's status filter read the index
  // alone (drizzle-kit writes no INCLUDE).
  index('requests_open_triage').on(t.departmentId, sql`(${t.priority} = 'urgent')`, t.dueAt, t.createdAt, t.id, t.priority, t.assigneeId, t.status).where(sql`${t.closedAt} is null`),
  index('requests_open_triage_all').on(sql`(${t.priority} = 'urgent')`, t.dueAt, t.createdAt, t.id, t.priority, t.assigneeId, t.status).where(sql`${t.closedAt} is null`),
  index('requests_open_assignee').on(t.assigneeId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`${t.closedAt} is null`),
  index('requests_created').on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
  index('requests_department_created').on(t.departmentId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
  index('requests_citizen').on(t.citizenId, t.createdAt.desc()),
  index('requests_search_trgm').using('gin', sql`${t.searchText} gin_trgm_ops`),
  check('requests_channel', sql`${t.channel} in ('phone','email','voicemail','web','walk_in','api')`),
  check('requests_priority', sql`${t.priority} in ('low','normal','high','urgent')`),
  check('requests_description_length', sql`char_length(${t.description}) between 1 and 5000`),
  check('requests_lat', sql`${t.lat} is null or ${t.lat} between -90 and 90`),
  check('requests_lng', sql`${t.lng} is null or ${t.lng} between -180 and 180`),
  check('requests_seq_positive', sql`${t.protocolSeq} > 0`),
]);

export const requestEvents = pgTable('request_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  requestId: uuid('request_id').notNull().references(() => requests.id, { onDelete: 'cascade' }),
  kind: text('kind').notNull(),
  /** public: the citizen may see it (tracking page, notifications); internal: staff only. */
  visibility: text('visibility').notNull().default('internal'),
  actorId: uuid('actor_id').references(() => users.id),
  fromStatus: text('from_status'),
  toStatus: text('to_status'),
  fromDepartmentId: uuid('from_department_id').references(() => departments.id),
  toDepartmentId: uuid('to_department_id').references(() => departments.id),
  body: text('body'),
  data: jsonb('data').$type<Record<string, unknown>>(),
  createdAt: createdAt(),
}, (t) => [
  index('request_events_request').on(t.requestId, t.id),
  check('request_events_kind', sql`${t.kind} in ('created','status_change','forward','assignment','internal_note','public_update','citizen_contact','attachment')`),
  check('request_events_visibility', sql`${t.visibility} in ('public','internal')`),
]);

/**
 * Files attached to a request (photos, documents). The bytes live in the database, beside the
 * request they belong to, so a backup or a restore of the data carries them too.
 */
export const attachments = pgTable('attachments', {
  id: uuid('id').primaryKey().defaultRandom(),
  requestId: uuid('request_id').notNull().references(() => requests.id, { onDelete: 'cascade' }),
  /** The name the file had on the uploader's computer, NFC-normalised, without a path. */
  filename: text('filename').notNull(),
  /** Checked against the file's first bytes on upload, never taken on trust. */
  contentType: text('content_type').notNull(),
  size: integer('size').notNull(),
  /** Hex sha256 of `data`: to spot the same photo sent twice, and to check a restore. */
  sha256: text('sha256').notNull(),
  data: bytea('data').notNull(),
  uploadedById: uuid('uploaded_by').references(() => users.id),
  createdAt: createdAt(),
}, (t) => [
  index('attachments_request').on(t.requestId, t.createdAt),
  check('attachments_size', sql`${t.size} between 1 and 10485760 and ${t.size} = octet_length(${t.data})`),
  check('attachments_filename_length', sql`char_length(${t.filename}) between 1 and 255`),
  check('attachments_sha256', sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
]);

export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  actorId: uuid('actor_id'),
  action: text('action').notNull(),
  entityType: text('entity_type').notNull(),
  entityId: text('entity_id'),
  ip: inet('ip'),
  userAgent: text('user_agent'),
  /** What changed, by field name; never personal data values. */
  data: jsonb('data').$type<Record<string, unknown>>(),
  at: tsz('at').notNull().defaultNow(),
}, (t) => [index('audit_log_entity').on(t.entityType, t.entityId), index('audit_log_actor').on(t.actorId, t.at)]);

export const idempotencyKeys = pgTable('idempotency_keys', {
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  key: text('key').notNull(),
  fingerprint: text('fingerprint').notNull(),
  /** Not a foreign key: the id is chosen before the request row exists, in the same transaction. */
  requestId: uuid('request_id').notNull(),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.userId, t.key] }), index('idempotency_keys_created').on(t.createdAt)]);

export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: tsz('updated_at').notNull().defaultNow(),
});

/**
 * The notification outbox: one row per message to a citizen, written in the transaction of the
 * event it reports. The worker claims rows with FOR UPDATE SKIP LOCKED, renders and sends them.
 */
export const notifications = pgTable('notifications', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  /** Null only for a staff digest, which is about many requests. */
  requestId: uuid('request_id').references(() => requests.id, { onDelete: 'cascade' }),
  eventId: bigint('event_id', { mode: 'number' }).references(() => requestEvents.id, { onDelete: 'cascade' }),
  channel: text('channel').notNull(),
  /** registered, forwarded, scheduled, resolved, rejected, public_update: which template. */
  event: text('event').notNull(),
  language: text('language').notNull().default('el'),
  /** E.164 phone or e-mail address, copied at enqueue time: what the citizen consented to then. */
  recipient: text('recipient').notNull(),
  status: text('status').notNull().default('queued'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: tsz('next_attempt_at').notNull().defaultNow(),
  lockedUntil: tsz('locked_until'),
  subject: text('subject'),
  body: text('body'),
  segments: smallint('segments'),
  encoding: text('encoding'),
  providerId: text('provider_id'),
  /**
   * Ours, unique everywhere and the same on every attempt: handed to a provider that accepts a
   * client reference or idempotency key, so that a repeated hand-over (a worker killed between the
   * provider's acceptance and our update) is recognised there and not delivered twice.
   */
  reference: uuid('reference').notNull().defaultRandom(),
  lastError: text('last_error'),
  createdAt: createdAt(),
  sentAt: tsz('sent_at'),
  deliveredAt: tsz('delivered_at'),
  /** citizen: a message about their request; staff: an alert to staff (modules/alerts). */
  audience: text('audience').notNull().default('citizen'),
  /** The staff member an alert is for; null for a department's own address (and for citizens). */
  userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
  /**
   * Staff alerts: what makes one alert one (e.g. digest/2026-12-02/<address>): a second process, a
   * rerun after a restart or a repeated trigger finds the key taken and queues nothing.
   */
  dedupKey: text('dedup_key'),
  /** Staff alerts: the day a digest is for, and such facts the text needs (ids, never personal data). */
  data: jsonb('data').$type<Record<string, unknown>>(),
}, (t) => [
  uniqueIndex('notifications_event_channel').on(t.eventId, t.channel),
  uniqueIndex('notifications_dedup_key').on(t.dedupKey),
  index('notifications_due').on(t.nextAttemptAt).where(sql`${t.status} in ('queued', 'sending')`),
  index('notifications_provider').on(t.providerId).where(sql`${t.providerId} is not null`),
  index('notifications_request').on(t.requestId, t.id),
  index('notifications_created').on(t.createdAt.desc()),
  check('notifications_channel', sql`${t.channel} in ('sms','email')`),
  check('notifications_status', sql`${t.status} in ('queued','sending','sent','delivered','failed','not_sent')`),
  check('notifications_audience', sql`${t.audience} in ('citizen','staff')`),
  check('notifications_request_or_staff', sql`${t.requestId} is not null or ${t.audience} = 'staff'`),
  check('notifications_staff_dedup', sql`${t.audience} = 'citizen' or ${t.dedupKey} is not null`),
]);

/**
 * Which staff alerts a user gets (modules/alerts). No row: all of them, in Greek. Read by the alert
 * triggers and jobs in SQL, so the choice holds on every path that queues an alert.
 */
export const userAlertPreferences = pgTable('user_alert_preferences', {
  userId: uuid('user_id').primaryKey().references(() => users.id, { onDelete: 'cascade' }),
  urgent: boolean('urgent').notNull().default(true),
  assigned: boolean('assigned').notNull().default(true),
  digest: boolean('digest').notNull().default(true),
  escalation: boolean('escalation').notNull().default(true),
  language: text('language').notNull().default('el'),
  updatedAt: tsz('updated_at').notNull().defaultNow(),
}, (t) => [check('user_alert_preferences_language', sql`${t.language} in ('el','en')`)]);

/**
 * Escalations done, one row per request and level: the escalation check skips these, so it looks
 * at each overdue request once per level, and two processes cannot both escalate one.
 */
export const requestEscalations = pgTable('request_escalations', {
  requestId: uuid('request_id').notNull().references(() => requests.id, { onDelete: 'cascade' }),
  /** head: past its due time; supervisor: the configured working days after that. */
  level: text('level').notNull(),
  at: tsz('at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.requestId, t.level] }), check('request_escalations_level', sql`${t.level} in ('head','supervisor')`)]);

/**
 * Scheduled work (jobs/scheduler.ts): one row per job, claimed with a lease like outbox rows, so
 * each run happens in one process of many, and the next run time survives a restart.
 */
export const scheduledJobs = pgTable('scheduled_jobs', {
  name: text('name').primaryKey(),
  nextRunAt: tsz('next_run_at').notNull(),
  lockedUntil: tsz('locked_until'),
  lockedBy: text('locked_by'),
  lastRunAt: tsz('last_run_at'),
  lastError: text('last_error'),
});

/** Message templates per event, channel and language, editable by an admin; defaults live in code. */
export const notificationTemplates = pgTable('notification_templates', {
  event: text('event').notNull(),
  channel: text('channel').notNull(),
  language: text('language').notNull(),
  subject: text('subject'),
  body: text('body').notNull(),
  updatedAt: tsz('updated_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.event, t.channel, t.language] })]);

/** Ready replies: a department's texts for public updates and status notes (placeholders checked on save). */
export const responseTemplates = pgTable('response_templates', {
  id: uuid('id').primaryKey().defaultRandom(),
  departmentId: uuid('department_id').notNull().references(() => departments.id, { onDelete: 'cascade' }),
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  updatedById: uuid('updated_by_id').references(() => users.id),
  createdAt: createdAt(),
  updatedAt: tsz('updated_at').notNull().defaultNow(),
}, (t) => [
  index('response_templates_department').on(t.departmentId, t.kind, t.title),
  check('response_templates_kind', sql`${t.kind} in ('public_update','status_note')`),
  check('response_templates_title_length', sql`char_length(${t.title}) between 1 and 120`),
  check('response_templates_body_length', sql`char_length(${t.body}) between 1 and 2000`),
]);
