/**
 * Citizens are found again by phone (E.164) or e-mail, so a caller's history follows them.
 * Consent to SMS and e-mail is recorded with when and through which channel it was given.
 */
import { randomUUID } from 'node:crypto';
import { desc, eq, sql, type SQL } from 'drizzle-orm';
import { formatProtocol } from '../../../shared/protocol.js';
import { normalisePhone, phoneDigits, type NormalisedPhone } from '../../../shared/phone.js';
import type { CallerLookup, CitizenInput, CitizenView } from '../../../shared/schemas/requests.js';
import { isoTimestampSql, type Executor } from '../../db/client.js';
import { auditLog, citizens } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../auth/actor.js';
import { requireRole } from '../auth/actor.js';
import { writeAudit } from '../audit/audit.service.js';

type CitizenRow = typeof citizens.$inferSelect;

export const toCitizenView = (c: CitizenRow): CitizenView => ({
  id: c.id,
  fullName: c.fullName,
  phone: c.phone,
  phoneType: c.phoneType,
  email: c.email,
  smsConsent: c.smsConsent,
  emailConsent: c.emailConsent,
});

const sameName = (a: string | null, b: string | undefined): boolean =>
  !a || !b || a.localeCompare(b, 'el', { sensitivity: 'base' }) === 0;

const accentMarks = (s: string): number => s.normalize('NFD').match(/[\u0300-\u036f]/g)?.length ?? 0;

/**
 * The name to keep when a caller gives theirs again. The same name typed with less care (all in
 * capitals or all in small letters, or without the accents) keeps the stored spelling:
 * "ΜΑΡΙΑ ΠΑΠΑΔΟΠΟΥΛΟΥ" does not overwrite "Μαρία Παπαδοπούλου". A different name, or the same with
 * more accents (a correction), is taken as typed.
 */
export function nameToKeep(stored: string | null, typed: string | undefined): string | null {
  if (!typed) return stored;
  if (!stored || stored.localeCompare(typed, 'el', { sensitivity: 'base' }) !== 0) return typed;
  const flat = (f: (x: string) => string) => typed === f(typed) && stored !== f(stored);
  const lessCare = flat((x) => x.toLocaleUpperCase('el')) || flat((x) => x.toLocaleLowerCase('el')) || accentMarks(typed) < accentMarks(stored);
  return lessCare ? stored : typed;
}

/** A caller's contact as given, checked: the phone normalised, the e-mail as typed (lower case). */
interface Contact {
  phone: Readonly<NormalisedPhone> | null;
  email: string | undefined;
}

function contactOf(input: CitizenInput, region: string): Contact {
  const phone = input.phone ? normalisePhone(input.phone, region) : null;
  if (input.phone && !phone) throw new AppError('invalid_phone', { field: 'citizen.phone' });
  const email = input.email || undefined;
  if (!input.id && !input.fullName && !phone && !email) throw new AppError('citizen_contact_required');
  if (input.smsConsent && phone?.kind === 'fixed') throw new AppError('consent_needs_contact', { field: 'citizen.smsConsent' });
  return { phone, email };
}

/**
 * The contact that identifies a caller, E.164 phone or else e-mail: concurrent first calls from it
 * are serialised on this key (an advisory lock, or the citizen_keys row) so that they do not make
 * two citizens. Null when there is none, or for a citizen picked by id.
 */
export function citizenLockKey(input: CitizenInput, region: string): string | null {
  const { phone, email } = lookupContact(input, region);
  return phone ?? email;
}

/** What a caller is looked up by: the E.164 phone, else the e-mail; nothing for a citizen picked by id. */
function lookupContact(input: CitizenInput | undefined, region: string): { phone: string | null; email: string | null } {
  if (!input || input.id) return { phone: null, email: null };
  const phone = input.phone ? normalisePhone(input.phone, region)?.e164 ?? null : null;
  return { phone, email: phone ? null : input.email || null };
}

/** The citizen a request will carry: one on file (already updated if the call changed it), or a new one still to insert. */
export type CitizenPlan = { isNew: false; row: CitizenRow } | { isNew: true; row: CitizenRow };

/** What a call makes of the citizen on file (or of none): the values to keep and which of them changed. */
function decide(input: CitizenInput, contact: Contact, existing: CitizenRow | undefined, source: string) {
  const now = new Date();
  const finalPhone = contact.phone?.e164 ?? existing?.phone ?? null;
  const finalPhoneType = contact.phone?.kind ?? existing?.phoneType ?? null;
  const finalEmail = contact.email ?? existing?.email ?? null;
  if ((input.smsConsent && (!finalPhone || finalPhoneType === 'fixed')) || (input.emailConsent && !finalEmail)) {
    throw new AppError('consent_needs_contact', { field: input.smsConsent && !finalPhone ? 'citizen.smsConsent' : 'citizen.emailConsent' });
  }
  const consent = (given: boolean | undefined, current: boolean, at: Date | null, src: string | null) =>
    given === undefined || given === current ? { value: current, at, source: src } : { value: given, at: now, source };

  const sms = consent(input.smsConsent, existing?.smsConsent ?? false, existing?.smsConsentAt ?? null, existing?.smsConsentSource ?? null);
  const mail = consent(input.emailConsent, existing?.emailConsent ?? false, existing?.emailConsentAt ?? null, existing?.emailConsentSource ?? null);
  const values = {
    fullName: nameToKeep(existing?.fullName ?? null, input.fullName),
    phone: finalPhone,
    phoneType: finalPhoneType,
    email: finalEmail,
    smsConsent: sms.value,
    smsConsentAt: sms.at,
    smsConsentSource: sms.source,
    emailConsent: mail.value,
    emailConsentAt: mail.at,
    emailConsentSource: mail.source,
    updatedAt: now,
  };
  const changed = existing ? (Object.keys(values) as (keyof typeof values)[]).filter((k) => k !== 'updatedAt' && String(values[k]) !== String(existing[k])) : [];
  return { now, values, changed };
}

/** The citizen on file this call is: the newest candidate (same phone, else e-mail) whose name agrees. */
const matching = (input: CitizenInput, candidates: CitizenRow[]): CitizenRow | undefined => candidates.find((c) => sameName(c.fullName, input.fullName));

/**
 * Finds the citizen an operator is talking to, inside the request's transaction, or prepares a new
 * one (with its id) for the caller to insert. A phone shared by a household is matched to the
 * person only when the names agree. `locked`: the caller already holds the lock on
 * `citizenLockKey` in this transaction.
 */
export async function planCitizen(tx: Executor, actor: Actor, input: CitizenInput, source: string, region: string, locked = false): Promise<CitizenPlan> {
  const contact = contactOf(input, region);
  const { phone, email } = contact;
  let existing: CitizenRow | undefined;
  if (input.id) {
    [existing] = await tx.select().from(citizens).where(eq(citizens.id, input.id)).for('no key update');
    if (!existing) throw new AppError('unknown_citizen', { field: 'citizen.id' });
  } else if (phone || email) {
    if (!locked) await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${phone?.e164 ?? email ?? ''}))`);
    const candidates = await tx
      .select()
      .from(citizens)
      .where(phone ? eq(citizens.phone, sql.placeholder('phone')) : sql`lower(${citizens.email}) = ${sql.placeholder('email')}`)
      .orderBy(desc(citizens.updatedAt))
      .limit(20)
      .prepare(phone ? 'citizens_by_phone' : 'citizens_by_email')
      .execute(phone ? { phone: phone.e164 } : { email });
    existing = matching(input, candidates);
  }

  const { now, values, changed } = decide(input, contact, existing, source);
  if (existing) {
    if (changed.length === 0) return { isNew: false, row: existing };
    const [row] = await tx.update(citizens).set(values).where(eq(citizens.id, existing.id)).returning();
    if (changed.includes('fullName')) {
      await tx.execute(sql`update requests set search_text = dimotis_fold(description || ' ' || coalesce(address_text, '') || ' ' || ${values.fullName ?? ''}) where citizen_id = ${existing.id}`);
    }
    await writeAudit(tx, actor, { action: 'citizen.update', entityType: 'citizen', entityId: existing.id, data: { fields: changed } });
    return { isNew: false, row: row! };
  }
  return { isNew: true, row: { id: randomUUID(), createdAt: now, ...values } };
}

/**
 * The citizens a call may be, read without a lock as part of another statement (the fast path of
 * registering a request): up to 20 with the phone, or else the e-mail, newest first, as JSON rows.
 */
export function candidatesJson(input: CitizenInput | undefined, region: string): SQL<CitizenJson[]> {
  const { phone, email } = lookupContact(input, region);
  return sql<CitizenJson[]>`coalesce((select json_agg(to_jsonb(c) order by c.updated_at desc) from (
      (select * from citizens where phone = ${phone}::text order by updated_at desc limit 20)
      union all
      (select * from citizens where ${phone}::text is null and lower(email) = ${email}::text order by updated_at desc limit 20)
    ) c), '[]'::json)`;
}

/** A citizens row as `to_jsonb` writes it. */
export type CitizenJson = Record<string, string | boolean | null>;

const dateOrNull = (v: unknown): Date | null => (typeof v === 'string' ? new Date(v) : null);

function citizenFromJson(j: CitizenJson): CitizenRow {
  return {
    id: j.id as string,
    fullName: (j.full_name as string | null) ?? null,
    phone: (j.phone as string | null) ?? null,
    phoneType: (j.phone_type as string | null) ?? null,
    email: (j.email as string | null) ?? null,
    smsConsent: j.sms_consent === true,
    smsConsentAt: dateOrNull(j.sms_consent_at),
    smsConsentSource: (j.sms_consent_source as string | null) ?? null,
    emailConsent: j.email_consent === true,
    emailConsentAt: dateOrNull(j.email_consent_at),
    emailConsentSource: (j.email_consent_source as string | null) ?? null,
    createdAt: new Date(j.created_at as string),
    updatedAt: new Date(j.updated_at as string),
  };
}

/**
 * The fast path's decision from candidates read without a lock: the citizen on file when this call
 * changes nothing about them, or a new one with the key it must claim. Null when only the locked
 * path can decide (a citizen picked by id, or one this call changes). Bad contact details throw
 * here, before anything is written.
 */
export function planCitizenUnlocked(input: CitizenInput, source: string, region: string, candidates: CitizenJson[]): (CitizenPlan & { key: CitizenKey | null }) | null {
  const contact = contactOf(input, region);
  if (input.id) return null;
  const existing = contact.phone || contact.email ? matching(input, candidates.map(citizenFromJson)) : undefined;
  const { now, values, changed } = decide(input, contact, existing, source);
  if (existing) return changed.length === 0 ? { isNew: false, row: existing, key: null } : null;
  const lookup = contact.phone?.e164 ?? contact.email ?? null;
  // The first caller from a contact claims the contact; another person on a contact on file
  // (someone was on the candidates list, none of them by this name) claims the contact with the name.
  const key = lookup ? { contact: lookup, name: candidates.length ? values.fullName : null } : null;
  return { isNew: true, row: { id: randomUUID(), createdAt: now, ...values }, key };
}

/**
 * A key in citizen_keys that a new citizen claims with a plain insert: `contact` alone (the first
 * citizen with that phone or e-mail), or with `name` (another person on it). Made into text in SQL
 * by citizenKeySql, as dimotis_citizen_keys_of makes the keys of the citizens on file.
 */
export interface CitizenKey {
  contact: string;
  name: string | null;
}

/** A CitizenKey as the text citizen_keys holds (null for none). */
export const citizenKeySql = (key: CitizenKey | null): SQL =>
  sql`${key?.contact ?? null}::text || coalesce(' ' || nullif(dimotis_fold(btrim(${key?.name ?? null}::text)), ''), '')`;

/**
 * The keys a call's contact may create (its contact, alone and with the typed name), claimed with
 * ON CONFLICT DO NOTHING by the locked path once it holds the caller's advisory lock and before it
 * reads the candidates: a fast-path registration still claiming one of them is waited for, so its
 * citizen is read and not made a second time.
 */
export function lookupKeysSql(input: CitizenInput | undefined, region: string): SQL {
  const { phone, email } = lookupContact(input, region);
  return sql`select k from dimotis_citizen_keys_of(${phone}::text, ${email}::text, ${input?.fullName ?? null}::text) as k`;
}

/**
 * Inserts a planned new citizen with its audit row, as part of any statement: a CTE named
 * `new_citizen` (no row when `plan` is an existing citizen), then `new_citizen_audit`.
 */
export function insertNewCitizenCtes(actor: Actor, plan: CitizenPlan | null, source: string): SQL {
  const c = plan?.isNew ? plan.row : null;
  return sql`new_citizen as (
      insert into citizens (id, full_name, phone, phone_type, email, sms_consent, sms_consent_at, sms_consent_source,
        email_consent, email_consent_at, email_consent_source, created_at, updated_at)
      select ${c?.id ?? null}::uuid, ${c?.fullName ?? null}::text, ${c?.phone ?? null}::text, ${c?.phoneType ?? null}::text, ${c?.email ?? null}::text,
        ${c?.smsConsent ?? false}::boolean, ${c?.smsConsentAt ?? null}::timestamptz, ${c?.smsConsentSource ?? null}::text,
        ${c?.emailConsent ?? false}::boolean, ${c?.emailConsentAt ?? null}::timestamptz, ${c?.emailConsentSource ?? null}::text,
        ${c?.createdAt ?? null}::timestamptz, ${c?.updatedAt ?? null}::timestamptz
      where ${c !== null}::boolean
      returning id
    ), new_citizen_audit as (
      insert into audit_log (actor_id, action, entity_type, entity_id, ip, user_agent, data)
      select ${actor.userId}::uuid, 'citizen.create', 'citizen', new_citizen.id::text, ${actor.ip ?? null}::inet, ${actor.userAgent?.slice(0, 300) ?? null}::text,
        jsonb_build_object('source', ${source}::text)
      from new_citizen
    )`;
}

/** What the caller look-up reads per earlier request of a matched citizen. */
interface RecentJson {
  id: string;
  year: number;
  seq: number;
  status: string;
  categoryEl: string;
  categoryEn: string;
  addressText: string | null;
  createdAt: string;
}

/**
 * The caller look-up as one prepared statement: up to ten citizens whose phone is, or starts with,
 * the number, newest first, each with their ten latest requests (open ones first: "your report of
 * last week is in progress" is what the operator needs). A look-up by a complete number is a read
 * of personal data, so that variant writes its audit row in the same statement.
 */
function callerStatement(db: Executor, by: 'number' | 'prefix') {
  const found = db.$with('found').as(
    db
      .select({
        id: citizens.id,
        fullName: citizens.fullName,
        phone: citizens.phone,
        phoneType: citizens.phoneType,
        email: citizens.email,
        smsConsent: citizens.smsConsent,
        emailConsent: citizens.emailConsent,
        updatedAt: citizens.updatedAt,
      })
      .from(citizens)
      .where(by === 'number' ? eq(citizens.phone, sql.placeholder('phone')) : sql`${citizens.phone} like ${sql.placeholder('phone')}`)
      .orderBy(desc(citizens.updatedAt))
      .limit(10),
  );
  const audit = db.$with('audit').as(
    db
      .insert(auditLog)
      .values({
        actorId: sql.placeholder('actorId'),
        action: 'citizen.lookup',
        entityType: 'citizen',
        entityId: sql`(select id from found order by updated_at desc limit 1)`,
        ip: sql.placeholder('ip'),
        userAgent: sql.placeholder('userAgent'),
        data: sql`jsonb_build_object('matches', (select count(*) from found))`,
      })
      .returning({ id: auditLog.id }),
  );
  const recent = sql<RecentJson[]>`coalesce((select json_agg(json_build_object(
      'id', r.id, 'year', r.protocol_year, 'seq', r.protocol_seq, 'status', r.status,
      'categoryEl', c.name_el, 'categoryEn', c.name_en, 'addressText', r.address_text,
      'createdAt', ${isoTimestampSql('r.created_at')})
      order by r.closed_at is null desc, r.created_at desc)
    from (select * from requests where citizen_id = "found"."id" order by closed_at is null desc, created_at desc limit 10) r
    join categories c on c.id = r.category_id), '[]'::json)`;
  return (by === 'number' ? db.with(found, audit) : db.with(found))
    .select({
      id: found.id,
      fullName: found.fullName,
      phone: found.phone,
      phoneType: found.phoneType,
      email: found.email,
      smsConsent: found.smsConsent,
      emailConsent: found.emailConsent,
      recent,
    })
    .from(found)
    .orderBy(desc(found.updatedAt))
    .prepare(`caller_by_${by}`);
}

const callerStatements = new WeakMap<Executor, Map<string, ReturnType<typeof callerStatement>>>();

/**
 * The caller look-up of the intake console: citizens whose phone matches what has been typed
 * (a complete number, or the start of one), each with their latest requests. One round trip.
 */
export async function lookupCaller(db: Executor, actor: Actor, phoneText: string, region: string): Promise<CallerLookup> {
  requireRole(actor, 'operator', 'supervisor', 'admin');
  const full = normalisePhone(phoneText, region);
  const digits = phoneDigits(phoneText);
  let phone: string;
  if (full) phone = full.e164;
  else if (digits.length >= 6) {
    const prefix = phoneText.trim().startsWith('+') || digits.startsWith('00') ? `+${digits.replace(/^00/, '')}` : `+30${digits}`;
    phone = `${prefix.replace(/[%_\\]/g, '')}%`;
  } else return { normalised: null, matches: [] };

  const by = full ? 'number' : 'prefix';
  let perDb = callerStatements.get(db);
  if (!perDb) callerStatements.set(db, (perDb = new Map()));
  let statement = perDb.get(by);
  if (!statement) perDb.set(by, (statement = callerStatement(db, by)));
  const rows = await statement.execute(full ? { phone, actorId: actor.userId, ip: actor.ip ?? null, userAgent: actor.userAgent?.slice(0, 300) ?? null } : { phone });
  return {
    normalised: full?.e164 ?? null,
    matches: rows.map(({ recent, ...citizen }) => ({
      citizen,
      requests: recent.map((r) => ({
        id: r.id,
        protocolNumber: formatProtocol({ year: r.year, seq: r.seq }),
        status: r.status as never,
        category: { el: r.categoryEl, en: r.categoryEn },
        addressText: r.addressText,
        createdAt: r.createdAt,
      })),
    })),
  };
}
