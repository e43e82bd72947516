/**
 * The public tracking page's API: a citizen sees their request with the protocol number and the
 * last four phone digits (or the e-mail), nothing personal leaves the server, and guessing is
 * throttled per address and per protocol number.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, sessions } from '../../db/schema.js';
import { departmentId, registerRequest, staff, startTestApp, type Session, type TestApp } from '../../test/harness.js';
import { CAPPED_FAILURES_PER_CLIENT, clientKey, FIRST_WAIT_SECONDS, FREE_FAILURES, NUMBER_DAILY_CAP } from './tracking.throttle.js';

let t: TestApp;
let operator: Session;
let techStaff: Session;
let supervisor: Session;
let ipCounter = 0;
/** A client address no other test has used, so each test starts with its own counts. */
const freshIp = () => `198.51.100.${++ipCounter}`;

interface TrackRes {
  status: number;
  body: any;
  raw: string;
  headers: Record<string, unknown>;
}

async function track(protocolNumber: string, check: string, ip = freshIp()): Promise<TrackRes> {
  const r = await t.app.inject({ method: 'POST', url: '/api/public/track', payload: { protocolNumber, check }, remoteAddress: ip });
  return { status: r.statusCode, body: r.json(), raw: r.body, headers: r.headers };
}

/** A protocol number of this year that no request has. */
const unused = (n: number) => `${new Date().getFullYear()}/${900000 + n}`;

beforeAll(async () => {
  t = await startTestApp();
  [operator, techStaff, supervisor] = await Promise.all([staff(t, 'operator'), staff(t, 'department_staff', ['technical']), staff(t, 'supervisor')]);
});
afterAll(() => t.close());

describe('look-up', () => {
  let req: { id: string; protocolNumber: string };
  beforeAll(async () => {
    req = await registerRequest(t, operator, { citizen: { fullName: 'Ελένη Κατσαράκη', phone: '6971234567', email: 'Eleni.K@Example.gr' } });
  });

  it('with the right protocol number and the last four phone digits, in the ways people type them', async () => {
    const [year, seq] = req.protocolNumber.split('/') as [string, string];
    for (const protocolNumber of [req.protocolNumber, `${year}/${Number(seq)}`, `${year}-${seq}`, `${Number(seq)}/${year}`, ` ${year} / ${Number(seq)} `]) {
      for (const check of ['4567', ' 4567 ', '6971234567', '+30 697 123 4567']) {
        const res = await track(protocolNumber, check);
        expect(res.status, `${protocolNumber} ${check}`).toBe(200);
        expect(res.body.protocolNumber).toBe(req.protocolNumber);
      }
    }
    const res = await track(req.protocolNumber, '4567');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({
      status: { code: 'registered', name: { el: 'Καταχωρίστηκε', en: 'Registered' } },
      statusGroup: 'open',
      category: { el: expect.stringMatching(/οδοστρώματος/), en: expect.stringMatching(/Road/) },
      department: { el: 'Τεχνική Υπηρεσία' },
      closedAt: null,
      timeline: [{ kind: 'created', toStatus: 'registered', department: { el: 'Τεχνική Υπηρεσία' }, text: null }],
    });
    expect(Date.parse(res.body.createdAt)).not.toBeNaN();
  });

  it('with the e-mail instead, whatever its case', async () => {
    for (const check of ['eleni.k@example.gr', 'ELENI.K@EXAMPLE.GR', ' Eleni.K@example.gr ']) expect((await track(req.protocolNumber, check)).status, check).toBe(200);
    expect((await track(req.protocolNumber, 'eleni@example.gr')).status).toBe(404);
  });

  it('wrong digits, a wrong number or a request without contact details: the same 404, with nothing of the request', async () => {
    const wrongDigits = await track(req.protocolNumber, '4568');
    const wrongNumber = await track(unused(1), '4567');
    expect(wrongDigits.status).toBe(404);
    expect(wrongDigits.body.code).toBe('not_found');
    expect(wrongNumber.raw).toBe(wrongDigits.raw);
    expect(wrongDigits.raw).not.toMatch(/Καταχωρίστηκε|Τεχνική|registered/);

    const anonymous = await registerRequest(t, operator, { citizen: undefined });
    const onlyName = await registerRequest(t, operator, { citizen: { fullName: 'Μόνο Όνομα' } });
    const phoneOnly = await registerRequest(t, operator, { citizen: { fullName: 'Χωρίς Email', phone: '6971112222' } });
    for (const [protocolNumber, check] of [[anonymous.protocolNumber, '0000'], [onlyName.protocolNumber, '0000'], [phoneOnly.protocolNumber, '@'], [phoneOnly.protocolNumber, 'x@example.gr']]) {
      const res = await track(protocolNumber!, check!);
      expect([res.status, res.raw], `${protocolNumber} ${check}`).toEqual(check === '@' ? [400, expect.any(String)] : [404, wrongDigits.raw]);
    }
  });

  it('refuses what is not a protocol number or a check with 400, without counting it', async () => {
    const ip = freshIp();
    for (const [p, c] of [['abc', '4567'], ['2026', '4567'], [req.protocolNumber, '12'], [req.protocolNumber, 'abcd'], [req.protocolNumber, '']]) {
      const res = await track(p!, c!, ip);
      expect([res.status, res.body.code], `${p} ${c}`).toEqual([400, 'validation_failed']);
    }
    for (let i = 0; i < FREE_FAILURES + 2; i++) await track('abc', '4567', ip);
    expect((await track(req.protocolNumber, '4567', ip)).status).toBe(200);
  });

  it('needs no sign-in and creates no session; the audit row has no personal data', async () => {
    const before = await t.ctx.database.db.$count(sessions);
    const r = await t.app.inject({ method: 'POST', url: '/api/public/track', payload: { protocolNumber: req.protocolNumber, check: '4567' }, remoteAddress: freshIp() });
    expect(r.statusCode).toBe(200);
    expect(r.headers['set-cookie']).toBeUndefined();
    expect(await t.ctx.database.db.$count(sessions)).toBe(before);
    const audits = (await t.ctx.database.db.select().from(auditLog)).filter((a) => a.action === 'request.track' && a.entityId === req.id);
    expect(audits.length).toBeGreaterThan(0);
    expect(audits[0]).toMatchObject({ actorId: null, ip: null, userAgent: null, entityType: 'request', data: { by: 'phone_digits' } });
    expect(audits.some((a) => (a.data as { by?: string }).by === 'email')).toBe(true);
    expect(JSON.stringify(audits)).not.toMatch(/4567|eleni|Κατσαράκη/i);
  });
});

describe('what the citizen is shown', () => {
  it('public notes and updates, forwarding as "to which department", the address and the first words; no name, contact, staff or internal text', async () => {
    const req = await registerRequest(t, operator, {
      description: 'Βαθιά λακκούβα μπροστά στο σπίτι του Ιδιωτικόπουλου, πάρτε με στο 697 555 4433 ή zacharias.private@example.gr. Ο κ. Γειτονάκης είδε το ατύχημα και όλη την υπόλοιπη ιστορία',
      addressText: 'Λεωφόρος Κνωσού 7',
      citizen: { fullName: 'Ζαχαρίας Ιδιωτικόπουλος', phone: '6975554433', email: 'zacharias.private@example.gr' },
    });
    const lighting = await departmentId(t, 'lighting');
    const id = req.id;
    expect((await techStaff.post(`/api/requests/${id}/notes`, { visibility: 'internal', body: 'ΕΣΩΤΕΡΙΚΗ-ΣΗΜΕΙΩΣΗ' })).status).toBe(200);
    expect((await techStaff.post(`/api/requests/${id}/contacts`, { method: 'phone', outcome: 'reached', note: 'ΕΠΙΚΟΙΝΩΝΙΑ-ΣΗΜΕΙΩΣΗ' })).status).toBe(200);
    expect((await techStaff.post(`/api/requests/${id}/assign`, { userId: techStaff.userId })).status).toBe(200);
    expect((await techStaff.post(`/api/requests/${id}/transition`, { to: 'in_progress', internalNote: 'ΕΣΩΤΕΡΙΚΗ-ΜΕΤΑΒΑΣΗ' })).status).toBe(200);
    expect((await techStaff.post(`/api/requests/${id}/forward`, { departmentId: lighting, reason: 'ΛΟΓΟΣ-ΔΙΑΒΙΒΑΣΗΣ' })).status).toBe(204);
    expect((await supervisor.post(`/api/requests/${id}/notes`, { visibility: 'public', body: 'Το αίτημά σας εξετάζεται από τον Ηλεκτροφωτισμό.' })).status).toBe(200);
    expect((await supervisor.post(`/api/requests/${id}/transition`, { to: 'resolved', publicNote: 'Η βλάβη αποκαταστάθηκε.' })).status).toBe(200);

    const res = await track(req.protocolNumber, '4433');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: { code: 'resolved' }, statusGroup: 'closed', department: { el: 'Τμήμα Ηλεκτροφωτισμού' } });
    expect(res.body.closedAt).not.toBeNull();
    expect(res.body.timeline.map((e: { kind: string; toStatus: string | null; department: { en: string } | null; text: string | null }) => [e.kind, e.toStatus, e.department?.en ?? null, e.text])).toEqual([
      ['created', 'registered', 'Technical Services', null],
      ['status_change', 'in_progress', null, null],
      ['forward', 'forwarded', 'Street Lighting Department', null],
      ['public_update', null, null, 'Το αίτημά σας εξετάζεται από τον Ηλεκτροφωτισμό.'],
      ['status_change', 'resolved', null, 'Η βλάβη αποκαταστάθηκε.'],
    ]);
    expect(res.body).toMatchObject({ address: 'Λεωφόρος Κνωσού 7', summary: 'Βαθιά λακκούβα μπροστά στο σπίτι του … πάρτε με στο …', expectedBy: null });
    expect(Object.keys(res.body).sort()).toEqual(['address', 'category', 'closedAt', 'createdAt', 'department', 'expectedBy', 'protocolNumber', 'status', 'statusGroup', 'summary', 'timeline', 'updatedAt']);
    for (const e of res.body.timeline) expect(Object.keys(e).sort()).toEqual(['createdAt', 'department', 'kind', 'text', 'toStatus']);
    const staffNames = (await supervisor.get(`/api/requests/${id}`)).body.timeline.map((e: { actor: { fullName: string } | null }) => e.actor?.fullName).filter(Boolean);
    expect(staffNames.length).toBeGreaterThan(0);
    for (const secret of ['Ζαχαρίας', 'Ιδιωτικόπουλ', '6975554433', '+306975554433', '555', 'zacharias', 'Γειτονάκη', 'ιστορία', 'ΕΣΩΤΕΡΙΚΗ', 'ΕΠΙΚΟΙΝΩΝΙΑ', 'ΛΟΓΟΣ', id, techStaff.userId, operator.userId, ...staffNames]) {
      expect(res.raw, secret).not.toContain(secret);
    }
  });
});

describe('the expected date', () => {
  it('is the due date while the request is open', async () => {
    const req = await registerRequest(t, operator, { citizen: { fullName: 'Ρένα Προθεσμάκη', phone: '6971110022' } });
    const res = await track(req.protocolNumber, '0022');
    const due = (await supervisor.get(`/api/requests/${req.id}`)).body.dueAt;
    expect(due).toBeTruthy();
    expect(res.body.expectedBy).toBe(due);
  });
});

describe('throttling the guesser, not the citizen', () => {
  const db = () => t.ctx.database.db;
  /** Moves a client's failures back in time, as if `seconds` had passed. */
  const age = (ip: string, seconds: number) => db().execute(sql`update tracking_failures set at = at - make_interval(secs => ${seconds}) where ip = ${clientKey(ip)}::inet`);

  it('lets the citizen with the right digits in after an attacker made many wrong tries on the number from other addresses', async () => {
    const victim = await registerRequest(t, operator, { citizen: { fullName: 'Αγλαΐα Στοχευμένη', phone: '6974443322' } });
    for (let i = 0; i < NUMBER_DAILY_CAP + 10; i++) await track(victim.protocolNumber, String(1000 + i));
    const citizen = freshIp();
    expect((await track(victim.protocolNumber, '3322', citizen)).status).toBe(200);
    // Even after a typo or two of their own.
    const typist = freshIp();
    for (let i = 0; i < CAPPED_FAILURES_PER_CLIENT - 1; i++) expect((await track(victim.protocolNumber, '3323', typist)).status).toBe(404);
    expect((await track(victim.protocolNumber, '3322', typist)).status).toBe(200);
  });

  it('one address guessing gets its free tries, then waits twice as long each time, and is refused before its answer is checked', async () => {
    const req = await registerRequest(t, operator, { citizen: { fullName: 'Στέλιος Φραγκιαδάκης', phone: '6978889900' } });
    const ip = freshIp();
    for (let i = 0; i < FREE_FAILURES; i++) expect((await track(req.protocolNumber, String(2000 + i), ip)).status).toBe(404);
    const blocked = await track(req.protocolNumber, '9900', ip);
    expect([blocked.status, blocked.body.code, blocked.headers['retry-after']]).toEqual([429, 'too_many_attempts', String(FIRST_WAIT_SECONDS)]);
    expect(blocked.raw).not.toMatch(/Καταχωρ|registered/);
    // Others are not held up by this address.
    expect((await track(req.protocolNumber, '9900')).status).toBe(200);

    await age(ip, FIRST_WAIT_SECONDS + 1);
    expect((await track(req.protocolNumber, '1111', ip)).status).toBe(404);
    const longer = await track(req.protocolNumber, '9900', ip);
    expect([longer.status, longer.headers['retry-after']]).toEqual([429, String(2 * FIRST_WAIT_SECONDS)]);
    await age(ip, 2 * FIRST_WAIT_SECONDS + 1);
    expect((await track(req.protocolNumber, '9900', ip)).status).toBe(200);
    // A right answer does not give the guesser its tries back.
    expect((await track(req.protocolNumber, '1112', ip)).status).toBe(404);
    expect((await track(req.protocolNumber, '9900', ip)).headers['retry-after']).toBe(String(4 * FIRST_WAIT_SECONDS));
  });

  it('an IPv6 client is its /64: another address of the same /64 shares the budget, another /64 does not', async () => {
    const req = await registerRequest(t, operator, { citizen: { fullName: 'Ιππολύτη Εξάδη', phone: '6975556611' } });
    for (let i = 0; i < FREE_FAILURES; i++) expect((await track(req.protocolNumber, String(3000 + i), `2001:db8:7:${i}::1`)).status).toBe(404);
    for (let i = 0; i < FREE_FAILURES; i++) expect((await track(req.protocolNumber, String(3100 + i), `2001:db8:9:9::${i + 1}`)).status).toBe(404);
    expect((await track(req.protocolNumber, '6611', '2001:db8:9:9:abcd::7')).status).toBe(429);
    expect((await track(req.protocolNumber, '6611', '2001:db8:7:99::1')).status).toBe(200);
    expect(clientKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
  });

  it('enumerating the sequential numbers from one address is throttled as fast as guessing one', async () => {
    const ip = freshIp();
    const year = new Date().getFullYear();
    const results: number[] = [];
    for (let seq = 1; seq <= 12; seq++) results.push((await track(`${year}/${seq}`, '0000', ip)).status);
    expect(results.slice(0, FREE_FAILURES).every((s) => s === 404)).toBe(true);
    expect(results.slice(FREE_FAILURES).every((s) => s === 429)).toBe(true);
  });

  it(`a number under attack (${NUMBER_DAILY_CAP} wrong tries in a day) allows each client only ${CAPPED_FAILURES_PER_CLIENT} wrong tries on it`, async () => {
    const req = await registerRequest(t, operator, { citizen: { fullName: 'Φωτεινή Πολιορκημένη', phone: '6977771234' } });
    for (let i = 0; i < NUMBER_DAILY_CAP; i++) await track(req.protocolNumber, String(4000 + i));
    const ip = freshIp();
    for (let i = 0; i < CAPPED_FAILURES_PER_CLIENT; i++) expect((await track(req.protocolNumber, String(5000 + i), ip)).status).toBe(404);
    const refused = await track(req.protocolNumber, '1234', ip);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(86_000);
    // That client may still look up another request.
    const other = await registerRequest(t, operator, { citizen: { fullName: 'Άννα Τσαγκαράκη', phone: '6976660011' } });
    expect((await track(other.protocolNumber, '0011', ip)).status).toBe(200);
  });

  it('counts parallel guesses from one address before checking them, so none slip past the limit', async () => {
    const target = await registerRequest(t, operator, { citizen: { fullName: 'Μανώλης Παράλληλος', phone: '6973332211' } });
    const ip = freshIp();
    const results = await Promise.all(Array.from({ length: 15 }, (_, i) => track(target.protocolNumber, String(2000 + i), ip)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 404)).toHaveLength(FREE_FAILURES);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15 - FREE_FAILURES);
  });

  it('successes are not counted as failures', async () => {
    const req = await registerRequest(t, operator, { citizen: { fullName: 'Σοφία Επιτυχάκη', phone: '6970001357' } });
    const ip = freshIp();
    for (let i = 0; i < FREE_FAILURES + 5; i++) expect((await track(req.protocolNumber, '1357', ip)).status).toBe(200);
    for (let i = 0; i < FREE_FAILURES - 1; i++) expect((await track(unused(200 + i), '1234', ip)).status).toBe(404);
    expect((await track(req.protocolNumber, '1357', ip)).status).toBe(200);
  });
});
