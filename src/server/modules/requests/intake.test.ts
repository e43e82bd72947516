/**
 * Registering a request at the intake console: bad input gets a clear 4xx and writes nothing;
 * good input finds the caller again by phone; Idempotency-Key makes a retried POST harmless.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { categoryId, staff, startTestApp, type Res, type Session, type TestApp } from '../../test/harness.js';

let t: TestApp;
let operator: Session;
let roadDamage: string;

beforeAll(async () => {
  t = await startTestApp();
  operator = await staff(t, 'operator');
  roadDamage = await categoryId(t, 'road-damage');
});
afterAll(() => t.close());

const TABLES = ['requests', 'citizens', 'request_events', 'audit_log', 'protocol_counters', 'idempotency_keys'] as const;

/** Row counts of every table a registration writes to. */
async function counts(): Promise<Record<(typeof TABLES)[number], number>> {
  const [row] = await queryRows<Record<string, string>>(t.ctx.database.db, sql.raw(`select ${TABLES.map((n) => `(select count(*) from ${n}) as ${n}`).join(', ')}`));
  return Object.fromEntries(TABLES.map((n) => [n, Number(row![n])])) as Record<(typeof TABLES)[number], number>;
}

const valid = (overrides: Record<string, unknown> = {}) => ({
  channel: 'phone',
  categoryId: roadDamage,
  description: 'Σπασμένο πεζοδρόμιο',
  addressText: 'Λεωφόρος Κνωσού 5',
  ...overrides,
});

function expectProblem(res: Res, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  expect(res.body.message).toEqual({ el: expect.stringMatching(/\S/), en: expect.stringMatching(/\S/) });
}

/** Sends a raw body with the given content type, as a broken client would. */
async function rawPost(payload: string, contentType: string): Promise<Res> {
  const r = await t.app.inject({ method: 'POST', url: '/api/requests', payload, headers: { cookie: operator.cookie, 'x-csrf-token': operator.csrf, 'content-type': contentType } });
  let body: unknown = r.body;
  try {
    body = r.json();
  } catch {
    /* not JSON */
  }
  return { status: r.statusCode, body, headers: r.headers };
}

describe('bad input: a clear 4xx, nothing written', () => {
  const cases: [string, () => Promise<Res>, number, string][] = [
    ['phone "12345"', () => operator.post('/api/requests', valid({ citizen: { fullName: 'Μαρία Κ.', phone: '12345' } })), 400, 'invalid_phone'],
    ['phone "abc"', () => operator.post('/api/requests', valid({ citizen: { fullName: 'Μαρία Κ.', phone: 'abc' } })), 400, 'invalid_phone'],
    ['an unknown category', () => operator.post('/api/requests', valid({ categoryId: randomUUID() })), 422, 'unknown_category'],
    ['SMS consent with a landline', () => operator.post('/api/requests', valid({ citizen: { fullName: 'Νίκος Λ.', phone: '2810 123456', smsConsent: true } })), 400, 'consent_needs_contact'],
    ['e-mail consent without an e-mail', () => operator.post('/api/requests', valid({ citizen: { fullName: 'Νίκος Λ.', emailConsent: true } })), 400, 'consent_needs_contact'],
    ['an unknown citizen id', () => operator.post('/api/requests', valid({ citizen: { id: randomUUID() } })), 422, 'unknown_citizen'],
    ['a citizen with nothing to find them by', () => operator.post('/api/requests', valid({ citizen: {} })), 400, 'citizen_contact_required'],
    ['a 1 MB description (over the 1 MiB body limit)', () => operator.post('/api/requests', valid({ description: 'α'.repeat(1024 * 1024) })), 413, 'payload_too_large'],
    ['broken JSON', () => operator.post('/api/requests', '{"channel": "phone", "categoryId": '), 400, 'malformed_json'],
    ['an empty body', () => operator.post('/api/requests', ''), 400, 'malformed_json'],
    ['a JSON array', () => operator.post('/api/requests', JSON.stringify([valid()])), 400, 'validation_failed'],
    ['JSON null', () => operator.post('/api/requests', 'null'), 400, 'validation_failed'],
    ['channel: 5', () => operator.post('/api/requests', valid({ channel: 5 })), 400, 'validation_failed'],
    ['an unknown channel', () => operator.post('/api/requests', valid({ channel: 'pigeon' })), 400, 'validation_failed'],
    ['categoryId: "x"', () => operator.post('/api/requests', valid({ categoryId: 'x' })), 400, 'validation_failed'],
    ['location {lat: "north"}', () => operator.post('/api/requests', valid({ location: { lat: 'north', lng: 25.1 } })), 400, 'validation_failed'],
    ['location out of range', () => operator.post('/api/requests', valid({ location: { lat: 91, lng: 25.1 } })), 400, 'validation_failed'],
    ['citizen: "string"', () => operator.post('/api/requests', valid({ citizen: 'Γιάννης' })), 400, 'validation_failed'],
    ['a blank description', () => operator.post('/api/requests', valid({ description: '   ' })), 400, 'validation_failed'],
    ['a text/plain body', () => rawPost(JSON.stringify(valid()), 'text/plain'), 400, 'validation_failed'],
    ['an XML body', () => rawPost('<request/>', 'application/xml'), 415, 'unsupported_media_type'],
  ];

  it.each(cases)('%s', async (_name, send, status, code) => {
    const before = await counts();
    const res = await send();
    expectProblem(res, status, code);
    expect(await counts()).toEqual(before);
  });

  it('a 6000-character description: validation_failed with the field path', async () => {
    const before = await counts();
    const res = await operator.post('/api/requests', valid({ description: 'λ'.repeat(6000) }));
    expectProblem(res, 400, 'validation_failed');
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: expect.stringMatching(/description$/), message: expect.any(String) })]));
    expect(await counts()).toEqual(before);
  });

  it('several wrong fields at once: every one is listed', async () => {
    const res = await operator.post('/api/requests', { channel: 5, categoryId: 'x', description: 'ok', location: { lat: 'north', lng: 0 }, citizen: 'string' });
    expectProblem(res, 400, 'validation_failed');
    const paths: string[] = res.body.errors.map((e: { path: string }) => e.path);
    for (const field of ['channel', 'categoryId', 'location/lat', 'citizen']) expect(paths.some((p) => p.endsWith(field)), `${field} in ${paths}`).toBe(true);
  });

  it('unknown fields are ignored, never stored or echoed', async () => {
    const res = await operator.post('/api/requests', valid({ status: 'resolved', protocolNumber: '2020/000001', isAdmin: true, citizen: { fullName: 'Άννα Τ.', role: 'admin' } }));
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('registered');
    expect(res.body.protocolNumber).not.toBe('2020/000001');
    expect(Object.keys(res.body).sort()).toEqual(['category', 'citizenId', 'createdAt', 'department', 'dueAt', 'id', 'messages', 'protocolNumber', 'providers', 'status']);
  });

  it('without a session: 401, and without the CSRF token: 403, nothing written', async () => {
    const before = await counts();
    const anon = await t.app.inject({ method: 'POST', url: '/api/requests', payload: valid() });
    expect([anon.statusCode, anon.json().code]).toEqual([401, 'not_authenticated']);
    const noCsrf = await t.app.inject({ method: 'POST', url: '/api/requests', payload: valid(), headers: { cookie: operator.cookie } });
    expect([noCsrf.statusCode, noCsrf.json().code]).toEqual([403, 'csrf_failed']);
    expect(await counts()).toEqual(before);
  });
});

describe('the caller', () => {
  const citizenRow = async (id: string) => (await t.ctx.database.db.query.citizens.findFirst({ where: (c, { eq }) => eq(c.id, id) }))!;

  it('stores a Greek mobile typed in national format as E.164, and finds the same caller again', async () => {
    const first = await operator.post('/api/requests', valid({ citizen: { fullName: 'Ελένη Μαυράκη', phone: '697 123 4567', smsConsent: true } }));
    expect(first.status).toBe(201);
    const stored = await citizenRow(first.body.citizenId);
    expect(stored).toMatchObject({ phone: '+306971234567', phoneType: 'mobile', smsConsent: true, smsConsentSource: 'phone' });
    expect(stored.smsConsentAt).toBeInstanceOf(Date);
    expect(Math.abs(stored.smsConsentAt!.getTime() - Date.now())).toBeLessThan(60_000);

    // The same person calls again, the number typed another way and the name in capitals.
    const again = await operator.post('/api/requests', valid({ channel: 'walk_in', citizen: { fullName: 'ΕΛΕΝΗ ΜΑΥΡΑΚΗ', phone: '+30 6971234567' } }));
    expect(again.status).toBe(201);
    expect(again.body.citizenId).toBe(first.body.citizenId);
    const after = await citizenRow(first.body.citizenId);
    expect(after.smsConsentAt).toEqual(stored.smsConsentAt); // consent kept, not re-dated
    expect(after.smsConsentSource).toBe('phone');
    // The name typed in capitals or without accents keeps the stored spelling: nothing changed, nothing audited.
    await operator.post('/api/requests', valid({ citizen: { fullName: 'ελενη μαυρακη', phone: '6971234567' } }));
    expect(after.fullName).toBe('Ελένη Μαυράκη');
    expect((await citizenRow(first.body.citizenId)).fullName).toBe('Ελένη Μαυράκη');
    const updates = await queryRows<{ n: number }>(t.ctx.database.db, sql`select count(*)::int as n from audit_log where entity_id = ${first.body.citizenId} and action = 'citizen.update'`);
    expect(updates[0]!.n).toBe(0);
  });

  it('takes a corrected spelling of the name (more accents, another name) and audits it', async () => {
    const first = await operator.post('/api/requests', valid({ citizen: { fullName: 'Σοφια Λαμπακη', phone: '6975151515' } }));
    await operator.post('/api/requests', valid({ citizen: { fullName: 'Σοφία Λαμπάκη', phone: '6975151515' } }));
    expect((await citizenRow(first.body.citizenId)).fullName).toBe('Σοφία Λαμπάκη');
    const updates = await queryRows<{ data: unknown }>(t.ctx.database.db, sql`select data from audit_log where entity_id = ${first.body.citizenId} and action = 'citizen.update'`);
    expect(updates).toEqual([{ data: { fields: ['fullName'] } }]);
  });

  it('records consent given on a later call with that call’s time and channel', async () => {
    const first = await operator.post('/api/requests', valid({ citizen: { fullName: 'Πέτρος Ζ.', phone: '6972222222' } }));
    expect((await citizenRow(first.body.citizenId)).smsConsent).toBe(false);
    const second = await operator.post('/api/requests', valid({ channel: 'email', citizen: { fullName: 'Πέτρος Ζ.', phone: '6972222222', smsConsent: true } }));
    expect(second.body.citizenId).toBe(first.body.citizenId);
    expect(await citizenRow(first.body.citizenId)).toMatchObject({ smsConsent: true, smsConsentSource: 'email', smsConsentAt: expect.any(Date) });
  });

  it('makes a new citizen for a different name on the same phone (a household line)', async () => {
    const a = await operator.post('/api/requests', valid({ citizen: { fullName: 'Κώστας Ρ.', phone: '6973333333' } }));
    const b = await operator.post('/api/requests', valid({ citizen: { fullName: 'Σοφία Ρ.', phone: '6973333333' } }));
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.citizenId).not.toBe(a.body.citizenId);
    expect((await citizenRow(b.body.citizenId)).phone).toBe('+306973333333');
  });

  it('a first call from a new number, registered 8 times at once, makes one citizen', async () => {
    const all = await Promise.all(Array.from({ length: 8 }, (_, i) => operator.post('/api/requests', valid({ description: `Ταυτόχρονα ${i}`, citizen: { fullName: 'Θέμης Ν.', phone: '6976666666' } }))));
    expect(all.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(new Set(all.map((r) => r.body.citizenId)).size).toBe(1);
    // Those that lost the race for the new number's key registered again under the lock; their
    // failed attempts wrote nothing, so the eight protocol numbers follow each other.
    const seqs = all.map((r) => Number(String(r.body.protocolNumber).split('/')[1])).sort((a, b) => a - b);
    expect(seqs.map((n) => n - seqs[0]!)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // The citizen was recorded once, with one audit row, by the same statement as the first request.
    const citizenId = all[0]!.body.citizenId as string;
    const audits = await queryRows<{ action: string; actor_id: string; data: unknown }>(t.ctx.database.db, sql`select action, actor_id, data from audit_log where entity_id = ${citizenId}`);
    expect(audits).toEqual([{ action: 'citizen.create', actor_id: operator.userId, data: { source: 'phone' } }]);
    expect(await citizenRow(citizenId)).toMatchObject({ fullName: 'Θέμης Ν.', phone: '+306976666666', phoneType: 'mobile' });
  });

  it('accepts a foreign number', async () => {
    const res = await operator.post('/api/requests', valid({ citizen: { fullName: 'John Smith', phone: '+44 7911 123456', smsConsent: true } }));
    expect(res.status).toBe(201);
    expect(await citizenRow(res.body.citizenId)).toMatchObject({ phone: '+447911123456', phoneType: 'mobile', smsConsent: true });
  });
});

describe('Idempotency-Key', () => {
  const requestRows = async (description: string) =>
    Number((await queryRows<{ n: string }>(t.ctx.database.db, sql`select count(*) as n from requests where description = ${description}`))[0]!.n);

  it('replays the first answer for the same key and body', async () => {
    const key = randomUUID();
    const body = valid({ description: 'Επανάληψη με ίδιο κλειδί', citizen: { fullName: 'Ρένα Π.', phone: '6974444444' } });
    const first = await operator.post('/api/requests', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const before = await counts();
    const second = await operator.post('/api/requests', body, { 'idempotency-key': key });
    expect(second.status).toBe(200);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(await counts()).toEqual(before);
    expect(await requestRows('Επανάληψη με ίδιο κλειδί')).toBe(1);
  });

  it('a retry is the same body whatever the order of its fields', async () => {
    const key = randomUUID();
    const first = await operator.post('/api/requests', valid({ description: 'Σειρά πεδίων', citizen: { fullName: 'Λίνα Κ.', phone: '6977777777' } }), { 'idempotency-key': key });
    const reordered = { citizen: { phone: '6977777777', fullName: 'Λίνα Κ.' }, description: 'Σειρά πεδίων', addressText: 'Λεωφόρος Κνωσού 5', categoryId: roadDamage, channel: 'phone' };
    const second = await operator.post('/api/requests', reordered, { 'idempotency-key': key });
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(second.body.id).toBe(first.body.id);
  });

  it('a key whose first use failed is free for the corrected retry', async () => {
    const key = randomUUID();
    const bad = await operator.post('/api/requests', valid({ description: 'Διόρθωση', citizen: { fullName: 'Μάνος Δ.', phone: '12345' } }), { 'idempotency-key': key });
    expectProblem(bad, 400, 'invalid_phone');
    const good = await operator.post('/api/requests', valid({ description: 'Διόρθωση', citizen: { fullName: 'Μάνος Δ.', phone: '6978888888' } }), { 'idempotency-key': key });
    expect(good.status).toBe(201);
  });

  it('refuses the same key with a different body', async () => {
    const key = randomUUID();
    const first = await operator.post('/api/requests', valid({ description: 'Πρώτο σώμα' }), { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const before = await counts();
    const other = await operator.post('/api/requests', valid({ description: 'Άλλο σώμα' }), { 'idempotency-key': key });
    expectProblem(other, 422, 'idempotency_key_reused');
    expect(await counts()).toEqual(before);
  });

  it('keys are per user: another operator’s key of the same text is a different key', async () => {
    const key = randomUUID();
    const other = await staff(t, 'operator');
    const a = await operator.post('/api/requests', valid({ description: 'Κλειδί ανά χρήστη' }), { 'idempotency-key': key });
    const b = await other.post('/api/requests', valid({ description: 'Κλειδί ανά χρήστη' }), { 'idempotency-key': key });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.id).not.toBe(a.body.id);
  });

  it('10 concurrent POSTs with one key make exactly one request', async () => {
    const key = randomUUID();
    const body = valid({ description: 'Δέκα ταυτόχρονα', citizen: { fullName: 'Άρης Β.', phone: '6975555555' } });
    const before = await counts();
    const all = await Promise.all(Array.from({ length: 10 }, () => operator.post('/api/requests', body, { 'idempotency-key': key })));
    expect(all.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(all.map((r) => r.body.id)).size).toBe(1);
    expect(new Set(all.map((r) => r.body.protocolNumber)).size).toBe(1);
    expect(await requestRows('Δέκα ταυτόχρονα')).toBe(1);
    const after = await counts();
    expect(after.requests - before.requests).toBe(1);
    expect(after.citizens - before.citizens).toBe(1);
  });

  it('a key that is too short is a validation error', async () => {
    expectProblem(await operator.post('/api/requests', valid(), { 'idempotency-key': 'abc' }), 400, 'validation_failed');
  });
});
