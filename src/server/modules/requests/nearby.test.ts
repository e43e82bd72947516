/**
 * The console's "already reported nearby?" look-up: same category, open, same street (whatever the
 * spelling of the street type, accents or house number) or within 150 m of the pin; only what the
 * actor may see; and served by the partial indexes.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { categoryId, registerRequest, staff, startTestApp, type Session, type TestApp } from '../../test/harness.js';

let t: TestApp;
let operator: Session;
let trees: string;
let lights: string;
const ids: Record<string, string> = {};
// Plateia Eleftherias, Heraklion; 0.001° of latitude ≈ 111 m.
const PIN = { lat: 35.3387, lng: 25.1372 };

beforeAll(async () => {
  t = await startTestApp();
  operator = await staff(t, 'operator');
  trees = await categoryId(t, 'trees');
  lights = await categoryId(t, 'street-lighting');
  const reg = async (name: string, body: Record<string, unknown>) => (ids[name] = (await registerRequest(t, operator, { categoryId: trees, citizen: undefined, ...body })).id);
  await reg('ikarou', { addressText: 'Λεωφ. Ικάρου 45', description: 'Σπασμένο κλαδί κρέμεται πάνω από το πεζοδρόμιο' });
  await reg('ikarouNear', { addressText: 'Κάτω από το σπίτι', location: { lat: PIN.lat + 0.001, lng: PIN.lng } });
  await reg('far', { addressText: 'Καλοκαιρινού 100', location: { lat: PIN.lat + 0.003, lng: PIN.lng } });
  await reg('closed', { addressText: 'Ικάρου 3' });
  await reg('otherCategory', { categoryId: lights, addressText: 'Ικάρου 7', location: PIN });
  await t.ctx.database.db.execute(sql`update requests set status = 'resolved', closed_at = now() where id = ${ids.closed}`);
});
afterAll(() => t.close());

const nearby = (s: Session, q: Record<string, string | number>) => s.get(`/api/requests/nearby?${new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)]))}`);

describe('GET /api/requests/nearby', () => {
  it('finds open requests of the category on the same street, however the street is written', async () => {
    for (const street of ['Λεωφόρος Ικάρου 12, Ηράκλειο', 'Πλ. Ικάρου', 'ΙΚΑΡΟΥ', 'λεωφ. ικαρου 2α', 'Ικάρου']) {
      const res = await nearby(operator, { categoryId: trees, street });
      expect(res.status).toBe(200);
      expect(res.body.items.map((r: { id: string }) => r.id), street).toEqual([ids.ikarou]);
    }
    const [hit] = (await nearby(operator, { categoryId: trees, street: 'Ικάρου 1' })).body.items;
    expect(hit).toMatchObject({ protocolNumber: expect.stringMatching(/^\d{4}\/\d{6}$/), status: 'registered', addressText: 'Λεωφ. Ικάρου 45', sameStreet: true, distanceMetres: null, contacts: 0 });
    expect(hit.summary).toContain('Σπασμένο κλαδί');
  });

  it('finds those within 150 m of the pin, closest first, and not those further', async () => {
    const res = await nearby(operator, { categoryId: trees, lat: PIN.lat, lng: PIN.lng });
    expect(res.body.items.map((r: { id: string }) => r.id)).toEqual([ids.ikarouNear]);
    expect(res.body.items[0].distanceMetres).toBeGreaterThan(100);
    expect(res.body.items[0].distanceMetres).toBeLessThan(120);
    // Street and pin together: the same-street one first, then the one near the pin.
    const both = await nearby(operator, { categoryId: trees, street: 'Ικάρου 9', lat: PIN.lat, lng: PIN.lng });
    expect(both.body.items.map((r: { id: string }) => r.id)).toEqual([ids.ikarou, ids.ikarouNear]);
  });

  it('counts the calls linked to a request', async () => {
    const linked = await operator.post(`/api/requests/${ids.ikarou}/contacts`, { method: 'phone', direction: 'incoming', outcome: 'reached', note: 'Ίδιο θέμα' });
    expect(linked.status).toBe(200);
    const [hit] = (await nearby(operator, { categoryId: trees, street: 'Ικάρου' })).body.items;
    expect(hit.contacts).toBe(1);
  });

  it('answers nothing for no street and no pin, or a street without a name', async () => {
    expect((await nearby(operator, { categoryId: trees })).body.items).toEqual([]);
    expect((await nearby(operator, { categoryId: trees, street: '12, Ηράκλειο' })).body.items).toEqual([]);
  });

  it('shows department staff only their departments', async () => {
    const green = await staff(t, 'department_staff', ['green']);
    const lighting = await staff(t, 'department_staff', ['lighting']);
    expect((await nearby(green, { categoryId: trees, street: 'Ικάρου' })).body.items).toHaveLength(1);
    expect((await nearby(lighting, { categoryId: trees, street: 'Ικάρου' })).body.items).toEqual([]);
  });

  it('rejects bad input with a problem', async () => {
    const bad: Record<string, string | number>[] = [{ categoryId: 'x' }, { categoryId: trees, lat: 91, lng: 0 }, { categoryId: trees, lat: 35 }];
    for (const q of bad) {
      const res = await nearby(operator, q);
      expect(res.status, JSON.stringify(q)).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
  });

  // On a table this small the planner may pick either partial index for either half; at scale each
  // half uses its own (see the report's EXPLAIN at 1 M requests). What must not happen is a scan.
  it('is served by the partial indexes of open requests, not a scan of requests', async () => {
    // In one transaction, so that the setting holds on the connection the EXPLAINs run on.
    await t.ctx.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const plan = async (q: string) => (await queryRows<Record<string, string>>(tx, sql.raw(`explain ${q}`))).map((r) => Object.values(r)[0]).join('\n');
      for (const q of [
        `select id from requests r where r.closed_at is null and r.category_id = '${trees}' and dimotis_street_key(r.address_text) = dimotis_street_key('Ικάρου 1')`,
        `select id from requests r where r.closed_at is null and r.category_id = '${trees}' and r.lat is not null and r.lat between 35.3 and 35.4 and r.lng between 25.1 and 25.2`,
      ]) {
        const p = await plan(q);
        expect(p).toMatch(/Index.*requests_open_/);
        expect(p).not.toMatch(/Seq Scan/);
      }
    });
  });
});
