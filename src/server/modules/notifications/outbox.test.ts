/**
 * The outbox, written and rendered: which events queue a message for which channel (in the
 * transaction of the event, or not at all), and what the worker records when no provider is
 * configured: the Greek text the citizen would have received, never a forward's internal reason.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { smsSegments } from '../../../shared/sms.js';
import { queryRows } from '../../db/client.js';
import { startNotificationWorker } from '../../jobs/notification-worker.js';
import { categoryId, departmentId, registerRequest, staff, startTestApp, testConfig, type Session, type TestApp } from '../../test/harness.js';

let t: TestApp;
let operator: Session;
let head: Session;
let green: string;

/** Mobile and e-mail, both consented: every message goes to two channels. */
const BOTH = { fullName: 'Μαρία Σταυρακάκη', phone: '694 412 3456', smsConsent: true, email: 'Maria.S@Example.gr', emailConsent: true };
const SECRET = 'ΕΣΩΤΕΡΙΚΟ: ο προϊστάμενος δεν θέλει να το αναλάβει';

interface Row { id: number; channel: string; event: string; recipient: string; status: string; event_kind: string | null; same_tx: boolean; subject: string | null; body: string | null; segments: number | null; encoding: string | null; last_error: string | null }

/** A request's messages, each with the kind of its event and whether both were written by one transaction (same xmin). */
const rowsOf = (requestId: string) => queryRows<Row>(t.ctx.database.db, sql`
  select n.id::int, n.channel, n.event, n.recipient, n.status, e.kind as event_kind, n.xmin::text = e.xmin::text as same_tx,
    n.subject, n.body, n.segments, n.encoding, n.last_error
  from notifications n left join request_events e on e.id = n.event_id
  where n.request_id = ${requestId} order by n.id`);

const count = async (table: 'notifications' | 'requests') => (await queryRows<{ n: number }>(t.ctx.database.db, sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]!.n;
const countAll = () => count('notifications');
const countRequests = () => count('requests');

async function ok(res: Promise<{ status: number; body: unknown }>): Promise<void> {
  const r = await res;
  if (r.status !== 200) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
}

beforeAll(async () => {
  t = await startTestApp();
  [operator, head] = await Promise.all([staff(t, 'operator'), staff(t, 'department_head', ['technical', 'green'])]);
  green = await departmentId(t, 'green');
  // A failure at commit, after every statement of the transaction has run: the messages must go with it.
  for (const statement of [
    `create function fail_at_commit() returns trigger language plpgsql as $$ begin raise exception 'refused at commit'; end $$`,
    `create constraint trigger requests_fail_at_commit after insert or update on requests deferrable initially deferred
      for each row when (new.description = 'ΑΚΥΡΩΣΗ ΣΤΟ COMMIT') execute function fail_at_commit()`,
    `create constraint trigger events_fail_at_commit after insert on request_events deferrable initially deferred
      for each row when (new.body = 'ΑΚΥΡΩΣΗ ΣΤΟ COMMIT') execute function fail_at_commit()`,
  ]) await t.ctx.database.db.execute(sql.raw(statement));
});
afterAll(() => t?.close());

describe('enqueue: in the transaction of the event, for the channels consented to', () => {
  it('a registration with SMS (mobile) and e-mail consent queues exactly two rows, written with the request', async () => {
    const r = await registerRequest(t, operator, { citizen: BOTH });
    const rows = await rowsOf(r.id);
    expect(rows.map(({ channel, event, recipient, status, event_kind, same_tx }) => ({ channel, event, recipient, status, event_kind, same_tx }))).toEqual([
      { channel: 'sms', event: 'registered', recipient: '+306944123456', status: 'queued', event_kind: 'created', same_tx: true },
      { channel: 'email', event: 'registered', recipient: 'maria.s@example.gr', status: 'queued', event_kind: 'created', same_tx: true },
    ]);
    const [request] = await queryRows<{ same: boolean }>(t.ctx.database.db, sql`select bool_and(n.xmin::text = r.xmin::text) as same from requests r join notifications n on n.request_id = r.id where r.id = ${r.id}`);
    expect(request!.same).toBe(true);
  });

  it('a create that fails leaves no rows: an invalid phone, a landline with SMS consent, a failure at commit', async () => {
    const before = await countAll();
    const body = { channel: 'phone', categoryId: await categoryId(t, 'road-damage'), description: 'Λακκούβα' };
    const invalid = await operator.post('/api/requests', { ...body, citizen: { ...BOTH, phone: '12' } });
    expect(invalid).toMatchObject({ status: 400, body: { code: 'invalid_phone' } });
    const landline = await operator.post('/api/requests', { ...body, citizen: { fullName: 'Νίκος Λ.', phone: '2810 123456', smsConsent: true, email: 'nikos@example.gr', emailConsent: true } });
    expect(landline).toMatchObject({ status: 400, body: { code: 'consent_needs_contact' } });
    const requestsBefore = await countRequests();
    await expect(registerRequest(t, operator, { description: 'ΑΚΥΡΩΣΗ ΣΤΟ COMMIT', citizen: { ...BOTH, email: 'rolled.back@example.gr' } })).rejects.toThrow(/500/);
    expect(await countRequests()).toBe(requestsBefore);
    expect(await countAll()).toBe(before);
  });

  it('no consent, no citizen, or a landline: only what was agreed to, and never SMS to a landline', async () => {
    const none = await registerRequest(t, operator, { citizen: { fullName: 'Άννα Κ.', phone: '6977000001', email: 'anna@example.gr' } });
    const anonymous = await registerRequest(t, operator, { citizen: undefined });
    const landline = await registerRequest(t, operator, { citizen: { fullName: 'Νίκος Λ.', phone: '2810 123456', email: 'nikos@example.gr', emailConsent: true } });
    expect(await rowsOf(none.id)).toEqual([]);
    expect(await rowsOf(anonymous.id)).toEqual([]);
    expect((await rowsOf(landline.id)).map((r) => [r.channel, r.recipient])).toEqual([['email', 'nikos@example.gr']]);
    // Even if consent were recorded against a landline (data from elsewhere), the enqueue rule refuses SMS to it.
    await t.ctx.database.db.execute(sql`update citizens set sms_consent = true where phone = '+302810123456'`);
    await ok(head.post(`/api/requests/${landline.id}/transition`, { to: 'resolved' }));
    expect((await rowsOf(landline.id)).map((r) => [r.channel, r.event])).toEqual([['email', 'registered'], ['email', 'resolved']]);
  });

  it('forward, scheduled, resolved, rejected and a public update queue one row per channel; in_progress, notes, assignment and contacts nothing', async () => {
    const a = await registerRequest(t, operator, { citizen: { ...BOTH, email: 'a@example.gr' } });
    await ok(head.post(`/api/requests/${a.id}/transition`, { to: 'in_progress', internalNote: 'Θα πάει συνεργείο' }));
    await ok(head.post(`/api/requests/${a.id}/notes`, { body: 'Μόνο για υπαλλήλους', visibility: 'internal' }));
    await ok(head.post(`/api/requests/${a.id}/assign`, { userId: head.userId }));
    await ok(head.post(`/api/requests/${a.id}/contacts`, { method: 'phone', outcome: 'reached' }));
    await ok(head.post(`/api/requests/${a.id}/forward`, { departmentId: green, reason: SECRET }));
    await ok(head.post(`/api/requests/${a.id}/transition`, { to: 'scheduled', publicNote: 'Την Τρίτη 10/11 το πρωί.' }));
    await ok(head.post(`/api/requests/${a.id}/notes`, { body: 'Το συνεργείο καθυστερεί λίγο.', visibility: 'public' }));
    await ok(head.post(`/api/requests/${a.id}/transition`, { to: 'resolved', publicNote: 'Η λακκούβα επισκευάστηκε.' }));
    const b = await registerRequest(t, operator, { citizen: { ...BOTH, email: 'b@example.gr' } });
    await ok(head.post(`/api/requests/${b.id}/transition`, { to: 'rejected', publicNote: 'Αρμόδια είναι η Περιφέρεια Κρήτης.' }));
    await ok(head.post(`/api/requests/${b.id}/transition`, { to: 'registered' })); // reopened: no message
    const pairs = (rows: Row[]) => rows.map((r) => `${r.event}:${r.channel}:${r.event_kind}:${r.same_tx}`);
    expect(pairs(await rowsOf(a.id))).toEqual(['registered', 'forwarded', 'scheduled', 'public_update', 'resolved'].flatMap((e) => {
      const kind = { registered: 'created', forwarded: 'forward', public_update: 'public_update' }[e] ?? 'status_change';
      return [`${e}:sms:${kind}:true`, `${e}:email:${kind}:true`];
    }));
    expect(pairs(await rowsOf(b.id))).toEqual(['registered:sms:created:true', 'registered:email:created:true', 'rejected:sms:status_change:true', 'rejected:email:status_change:true']);
  });

  it('a transition that fails at commit leaves no messages behind', async () => {
    const r = await registerRequest(t, operator, { citizen: { ...BOTH, email: 'c@example.gr' } });
    const res = await head.post(`/api/requests/${r.id}/transition`, { to: 'resolved', publicNote: 'ΑΚΥΡΩΣΗ ΣΤΟ COMMIT' });
    expect(res.status).toBe(500);
    expect((await rowsOf(r.id)).map((x) => x.event)).toEqual(['registered', 'registered']);
  });
});

describe('worker without providers', () => {
  const PUBLIC_URL = 'https://aitimata.heraklion.gr/';
  let forwarded: { id: string; protocolNumber: string };

  beforeAll(async () => {
    // Everything queued so far plus a forwarded-and-resolved request, rendered by one worker run.
    forwarded = await registerRequest(t, operator, { citizen: { ...BOTH, email: 'forward@example.gr' } });
    await ok(head.post(`/api/requests/${forwarded.id}/forward`, { departmentId: green, reason: SECRET }));
    await ok(head.post(`/api/requests/${forwarded.id}/notes`, { body: 'Θα σας καλέσουμε αύριο.', visibility: 'public' }));
    const worker = startNotificationWorker(t.ctx.database.db, testConfig({ PUBLIC_URL }), { sms: null, email: null }, { pollMs: 20 });
    await vi.waitFor(async () => expect((await queryRows(t.ctx.database.db, sql`select 1 from notifications where status in ('queued', 'sending')`)).length).toBe(0), { timeout: 20_000, interval: 50 });
    await worker.stop();
  });

  it("marks every row 'not_sent' with the rendered Greek text, protocol number, category and tracking link", async () => {
    const rows = await rowsOf(forwarded.id);
    const [year, seq] = forwarded.protocolNumber.split('/').map(Number) as [number, number];
    const link = `https://aitimata.heraklion.gr/track/${year}/${seq}`;
    const [sms, email] = rows;
    expect(rows.every((r) => r.status === 'not_sent')).toBe(true);
    expect(sms).toMatchObject({ channel: 'sms', event: 'registered', subject: null, last_error: 'no SMS provider configured' });
    expect(sms!.body).toBe(`Δήμος Ηρακλείου: Το αίτημά σας καταχωρίστηκε με αρ. ${forwarded.protocolNumber}. Παρακολούθηση: ${link}`);
    const info = smsSegments(sms!.body!);
    expect({ segments: sms!.segments, encoding: sms!.encoding }).toEqual({ segments: info.segments, encoding: 'ucs2' });
    expect(sms!.segments).toBeGreaterThanOrEqual(2);
    expect(email).toMatchObject({ channel: 'email', subject: `Αίτημα ${forwarded.protocolNumber}: καταχωρίστηκε`, segments: null, encoding: null, last_error: 'no e-mail provider configured' });
    expect(email!.body).toContain(`αριθμό πρωτοκόλλου ${forwarded.protocolNumber}.\nΚατηγορία: Φθορές οδοστρώματος (λακκούβες κ.λπ.)\nΑρμόδια υπηρεσία: Τεχνική Υπηρεσία`);
    expect(email!.body).toContain(`Δήμος Ηρακλείου\nΤηλ. 2813 409409\nΠαρακολούθηση: ${link}`);
  });

  it('with Greek as GSM-7 configured, records GSM-7 segments', async () => {
    const r = await registerRequest(t, operator, { citizen: { ...BOTH, email: 'gsm@example.gr' } });
    const worker = startNotificationWorker(t.ctx.database.db, testConfig({ SMS_GREEK_AS_GSM7: 'true' }), { sms: null, email: null }, { pollMs: 20 });
    await vi.waitFor(async () => expect((await rowsOf(r.id)).every((x) => x.status === 'not_sent')).toBe(true), { timeout: 10_000, interval: 50 });
    await worker.stop();
    const [sms] = await rowsOf(r.id);
    expect({ segments: sms!.segments, encoding: sms!.encoding }).toEqual({ segments: 1, encoding: 'gsm7' });
  });

  it("a forward tells the citizen the new department, never the forward's internal reason", async () => {
    const rows = await rowsOf(forwarded.id);
    const forward = rows.filter((r) => r.event === 'forwarded');
    const [year, seq] = forwarded.protocolNumber.split('/').map(Number);
    expect(forward.map((r) => r.body)).toEqual([
      `Δήμος Ηρακλείου: Το αίτημα ${forwarded.protocolNumber} διαβιβάστηκε στην υπηρεσία: Τμήμα Πρασίνου. https://aitimata.heraklion.gr/track/${year}/${seq}`,
      expect.stringContaining(`διαβιβάστηκε στην αρμόδια υπηρεσία: Τμήμα Πρασίνου.`),
    ]);
    expect(rows.find((r) => r.event === 'public_update' && r.channel === 'sms')!.body).toBe(`Δήμος Ηρακλείου: Ενημέρωση για το αίτημα ${forwarded.protocolNumber}: Θα σας καλέσουμε αύριο.`);
    const all = await queryRows<{ text: string }>(t.ctx.database.db, sql`select coalesce(subject, '') || ' ' || coalesce(body, '') as text from notifications`);
    expect(all.length).toBeGreaterThan(20);
    for (const { text } of all) {
      expect(text).not.toContain('ΕΣΩΤΕΡΙΚΟ');
      expect(text).not.toContain('Θα πάει συνεργείο'); // an internal note given with a status change
      expect(text).not.toContain('Μόνο για υπαλλήλους');
    }
    expect(all.some(({ text }) => text.includes('Η λακκούβα επισκευάστηκε.'))).toBe(true);
    expect(all.some(({ text }) => text.includes('Αρμόδια είναι η Περιφέρεια Κρήτης.'))).toBe(true);
  });
});
