/**
 * Citizens are found again by phone (E.164) or e-mail, so a caller's history follows them.
 * Consent to SMS and e-mail is recorded with when and through which channel it was given.
 */
import { desc, eq, inArray, lte, sql } from 'drizzle-orm';
import { formatProtocol } from '../../../shared/protocol.js';
import { normalisePhone, phoneDigits } from '../../../shared/phone.js';
import type { CallerLookup, CitizenInput, CitizenView } from '../../../shared/schemas/requests.js';
import type { Executor } from '../../db/client.js';
import { categories, citizens, requests } from '../../db/schema.js';
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

/**
 * Finds the citizen an operator is talking to, or records a new one, inside the request's
 * transaction. A phone shared by a household is matched to the person only when the names agree.
 */
export async function findOrCreateCitizen(tx: Executor, actor: Actor, input: CitizenInput, source: string, region: string): Promise<CitizenRow> {
  const phone = input.phone ? normalisePhone(input.phone, region) : null;
  if (input.phone && !phone) throw new AppError('invalid_phone', { field: 'citizen.phone' });
  const email = input.email || undefined;
  if (!input.id && !input.fullName && !phone && !email) throw new AppError('citizen_contact_required');
  if (input.smsConsent && phone?.kind === 'fixed') throw new AppError('consent_needs_contact', { field: 'citizen.smsConsent' });

  let existing: CitizenRow | undefined;
  if (input.id) {
    [existing] = await tx.select().from(citizens).where(eq(citizens.id, input.id)).for('update');
    if (!existing) throw new AppError('unknown_citizen', { field: 'citizen.id' });
  } else if (phone || email) {
    // Serialise concurrent first calls from the same number so that they do not make two citizens.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${phone?.e164 ?? email ?? ''}))`);
    const candidates = await tx
      .select()
      .from(citizens)
      .where(phone ? eq(citizens.phone, phone.e164) : sql`lower(${citizens.email}) = ${email}`)
      .orderBy(desc(citizens.updatedAt))
      .limit(20);
    existing = candidates.find((c) => sameName(c.fullName, input.fullName));
  }

  const now = new Date();
  const finalPhone = phone?.e164 ?? existing?.phone ?? null;
  const finalPhoneType = phone?.kind ?? existing?.phoneType ?? null;
  const finalEmail = email ?? existing?.email ?? null;
  if ((input.smsConsent && (!finalPhone || finalPhoneType === 'fixed')) || (input.emailConsent && !finalEmail)) {
    throw new AppError('consent_needs_contact', { field: input.smsConsent && !finalPhone ? 'citizen.smsConsent' : 'citizen.emailConsent' });
  }
  const consent = (given: boolean | undefined, current: boolean, at: Date | null, src: string | null) =>
    given === undefined || given === current ? { value: current, at, source: src } : { value: given, at: now, source };

  const sms = consent(input.smsConsent, existing?.smsConsent ?? false, existing?.smsConsentAt ?? null, existing?.smsConsentSource ?? null);
  const mail = consent(input.emailConsent, existing?.emailConsent ?? false, existing?.emailConsentAt ?? null, existing?.emailConsentSource ?? null);
  const values = {
    fullName: input.fullName ?? existing?.fullName ?? null,
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

  if (existing) {
    const changed = (Object.keys(values) as (keyof typeof values)[]).filter((k) => k !== 'updatedAt' && String(values[k]) !== String(existing[k]));
    if (changed.length === 0) return existing;
    const [row] = await tx.update(citizens).set(values).where(eq(citizens.id, existing.id)).returning();
    if (changed.includes('fullName')) {
      await tx.execute(sql`update requests set search_text = dimotis_fold(description || ' ' || coalesce(address_text, '') || ' ' || ${values.fullName ?? ''}) where citizen_id = ${existing.id}`);
    }
    await writeAudit(tx, actor, { action: 'citizen.update', entityType: 'citizen', entityId: existing.id, data: { fields: changed } });
    return row!;
  }
  const [row] = await tx.insert(citizens).values(values).returning();
  await writeAudit(tx, actor, { action: 'citizen.create', entityType: 'citizen', entityId: row!.id, data: { source } });
  return row!;
}

/**
 * The caller look-up of the intake console: citizens whose phone matches what has been typed
 * (a complete number, or the start of one), each with their latest requests.
 */
export async function lookupCaller(db: Executor, actor: Actor, phoneText: string, region: string): Promise<CallerLookup> {
  requireRole(actor, 'operator', 'supervisor', 'admin');
  const full = normalisePhone(phoneText, region);
  const digits = phoneDigits(phoneText);
  let where;
  if (full) where = eq(citizens.phone, full.e164);
  else if (digits.length >= 6) {
    const prefix = phoneText.trim().startsWith('+') || digits.startsWith('00') ? `+${digits.replace(/^00/, '')}` : `+30${digits}`;
    where = sql`${citizens.phone} like ${prefix.replace(/[%_\\]/g, '') + '%'}`;
  } else return { normalised: null, matches: [] };

  const found = await db.select().from(citizens).where(where).orderBy(desc(citizens.updatedAt)).limit(10);
  const ids = found.map((c) => c.id);
  const ranked = db
    .select({
      citizenId: requests.citizenId,
      id: requests.id,
      year: requests.protocolYear,
      seq: requests.protocolSeq,
      status: requests.status,
      categoryEl: categories.nameEl,
      categoryEn: categories.nameEn,
      addressText: requests.addressText,
      createdAt: requests.createdAt,
      // Open requests first: "your report of last week is in progress" is what the operator needs.
      rank: sql<number>`row_number() over (partition by ${requests.citizenId} order by ${requests.closedAt} is null desc, ${requests.createdAt} desc)`.as('rank'),
    })
    .from(requests)
    .innerJoin(categories, eq(categories.id, requests.categoryId))
    .where(inArray(requests.citizenId, ids.length ? ids : ['00000000-0000-0000-0000-000000000000']))
    .as('ranked');
  const recent = ids.length ? await db.select().from(ranked).where(lte(ranked.rank, 10)).orderBy(ranked.rank) : [];
  if (full) await writeAudit(db, actor, { action: 'citizen.lookup', entityType: 'citizen', entityId: ids[0] ?? null, data: { matches: ids.length } });
  return {
    normalised: full?.e164 ?? null,
    matches: found.map((c) => ({
      citizen: toCitizenView(c),
      requests: recent
        .filter((r) => r.citizenId === c.id)
        .map((r) => ({
          id: r.id,
          protocolNumber: formatProtocol({ year: r.year, seq: r.seq }),
          status: r.status as never,
          category: { el: r.categoryEl, en: r.categoryEn },
          addressText: r.addressText,
          createdAt: r.createdAt.toISOString(),
        })),
    })),
  };
}
