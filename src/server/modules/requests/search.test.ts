/**
 * Finding requests: list filters, Greek accent- and case-insensitive search, protocol numbers and
 * phones typed as text, paging; and the caller look-up of the intake console.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog } from '../../db/schema.js';
import { categoryId, departmentId, staff, startTestApp, type Session, type TestApp } from '../../test/harness.js';

let t: TestApp;
let operator: Session;
let supervisor: Session;
let techStaff: Session;

beforeAll(async () => {
  t = await startTestApp();
  [operator, supervisor, techStaff] = await Promise.all([staff(t, 'operator'), staff(t, 'supervisor'), staff(t, 'department_staff', ['technical'])]);
});
afterAll(() => t.close());

/** Registers a request (at `at` on the app clock, if given) and returns its id and protocol number. */
async function create(body: Record<string, unknown>, category = 'road-damage', at?: string): Promise<{ id: string; protocolNumber: string }> {
  if (at) t.setNow(new Date(at));
  const res = await operator.post('/api/requests', { channel: 'phone', categoryId: await categoryId(t, category), ...body });
  t.setNow(null);
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function move(id: string, to: string): Promise<void> {
  const res = await supervisor.post(`/api/requests/${id}/transition`, { to });
  expect(res.status).toBe(200);
}

/** The ids a list answers, in order; fails on anything but 200. */
async function listIds(params: Record<string, string | number | boolean>, as: Session = operator): Promise<string[]> {
  const res = await as.get(`/api/requests?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items.map((i: { id: string }) => i.id);
}
const sorted = (ids: string[]) => [...ids].sort();

describe('list filters', () => {
  let r1: string, r2: string, r3: string;
  beforeAll(async () => {
    r1 = (await create({ description: 'qfilt οδόστρωμα' }, 'road-damage')).id;
    r2 = (await create({ description: 'qfilt κάδος', channel: 'email' }, 'cleaning')).id;
    r3 = (await create({ description: 'qfilt λάμπα', channel: 'walk_in' }, 'street-lighting')).id;
    await move(r1, 'in_progress');
    await move(r3, 'resolved');
  });

  it('by status and status group', async () => {
    expect(await listIds({ q: 'qfilt', status: 'in_progress' })).toEqual([r1]);
    expect(sorted(await listIds({ q: 'qfilt', status: 'registered,resolved' }))).toEqual(sorted([r2, r3]));
    expect(sorted(await listIds({ q: 'qfilt', group: 'open' }))).toEqual(sorted([r1, r2]));
    expect(await listIds({ q: 'qfilt', group: 'closed' })).toEqual([r3]);
  });

  it('by department, category and channel', async () => {
    expect(await listIds({ q: 'qfilt', departmentId: await departmentId(t, 'cleaning') })).toEqual([r2]);
    expect(await listIds({ q: 'qfilt', categoryId: await categoryId(t, 'road-damage') })).toEqual([r1]);
    expect(sorted(await listIds({ q: 'qfilt', channel: 'email,walk_in' }))).toEqual(sorted([r2, r3]));
    expect(await listIds({ q: 'qfilt', channel: 'phone' })).toEqual([r1]);
  });

  it('department staff see only their departments’ requests', async () => {
    expect(await listIds({ q: 'qfilt' }, techStaff)).toEqual([r1]);
    expect(await listIds({ q: 'qfilt', departmentId: await departmentId(t, 'cleaning') }, techStaff)).toEqual([]);
  });

  it('rejects a bad filter with validation_failed', async () => {
    for (const q of ['status=bogus', 'group=all', 'from=2026-13-01', 'overdue=yes', 'limit=0', 'limit=201', 'departmentId=x']) {
      const res = await operator.get(`/api/requests?${q}`);
      expect([res.status, res.body.code], q).toEqual([400, 'validation_failed']);
    }
  });

  it('by creation date, from and to inclusive, in Athens days', async () => {
    const d1 = (await create({ description: 'qdate πρώτο' }, 'road-damage', '2025-06-10T09:00:00Z')).id;
    const d2 = (await create({ description: 'qdate δεύτερο' }, 'road-damage', '2025-06-14T22:30:00Z')).id; // 15 June, 01:30 in Athens
    const d3 = (await create({ description: 'qdate τρίτο' }, 'road-damage', '2025-06-20T09:00:00Z')).id;
    expect(sorted(await listIds({ q: 'qdate', from: '2025-06-15' }))).toEqual(sorted([d2, d3]));
    expect(await listIds({ q: 'qdate', to: '2025-06-14' })).toEqual([d1]);
    expect(await listIds({ q: 'qdate', from: '2025-06-15', to: '2025-06-15' })).toEqual([d2]);
    expect(await listIds({ q: 'qdate', from: '2025-06-10', to: '2025-06-10' })).toEqual([d1]);
    expect(await listIds({ q: 'qdate', from: '2025-06-21' })).toEqual([]);
  });

  it('by creation date on the days the clocks change', async () => {
    // 23:30 on Sat 28 March 2026 in Athens (+02:00); summer time begins at 03:00 on the 29th.
    const march = (await create({ description: 'qdst μάρτιος' }, 'road-damage', '2026-03-28T21:30:00Z')).id;
    // 00:30 on Sun 25 October 2026 in Athens (+03:00); winter time begins at 04:00 that day.
    const october = (await create({ description: 'qdst οκτώβριος' }, 'road-damage', '2026-10-24T21:30:00Z')).id;
    expect(await listIds({ q: 'qdst', from: '2026-03-28', to: '2026-03-28' })).toEqual([march]);
    expect(await listIds({ q: 'qdst', from: '2026-03-29', to: '2026-03-29' })).toEqual([]);
    expect(await listIds({ q: 'qdst', from: '2026-10-25', to: '2026-10-25' })).toEqual([october]);
    expect(await listIds({ q: 'qdst', from: '2026-10-24', to: '2026-10-24' })).toEqual([]);
  });

  it('overdue by the app clock: open requests past their due time', async () => {
    // Cleaning: 3 working days. Tue 7 Jan 2025 -> Wed 8, Thu 9, Fri 10 Jan, 23:59:59 Athens.
    const late = await create({ description: 'qdue ανοιχτό' }, 'cleaning', '2025-01-07T08:00:00Z');
    const closed = await create({ description: 'qdue κλειστό' }, 'cleaning', '2025-01-07T08:00:00Z');
    await move(closed.id, 'resolved');
    t.setNow(new Date('2025-01-10T21:59:58Z'));
    expect(await listIds({ q: 'qdue', overdue: true })).toEqual([]);
    expect(sorted(await listIds({ q: 'qdue', overdue: false }))).toEqual(sorted([late.id, closed.id]));
    t.setNow(new Date('2025-01-10T22:00:00Z'));
    expect(await listIds({ q: 'qdue', overdue: true })).toEqual([late.id]);
    expect(await listIds({ q: 'qdue', overdue: false })).toEqual([closed.id]);
    const res = await operator.get('/api/requests?q=qdue&overdue=true');
    t.setNow(null);
    expect(res.body.items[0]).toMatchObject({ overdue: true, dueAt: '2025-01-10T21:59:59.000Z' });
  });

  it('assignee=me and assignee=none', async () => {
    const mine = (await create({ description: 'qassign ένα' })).id;
    const nobody = (await create({ description: 'qassign δύο' })).id;
    expect((await supervisor.post(`/api/requests/${mine}/assign`, { userId: techStaff.userId })).status).toBe(200);
    expect(await listIds({ q: 'qassign', assignee: 'me' }, techStaff)).toEqual([mine]);
    expect(await listIds({ q: 'qassign', assignee: 'none' }, techStaff)).toEqual([nobody]);
    expect(await listIds({ q: 'qassign', assignee: techStaff.userId })).toEqual([mine]);
    expect(await listIds({ q: 'qassign', assignee: 'me' })).toEqual([]);
  });
});

describe('text search', () => {
  let a: { id: string; protocolNumber: string };
  let b: { id: string; protocolNumber: string };
  beforeAll(async () => {
    a = await create({ description: 'Μεγάλη λακκούβα μπροστά στο σχολείο', addressText: 'Οδός Έβανς 12', citizen: { fullName: 'Γιάννης Παπαδάκης', phone: '6981111111' } });
    b = await create({ description: 'Καμένη λάμπα στην κολώνα', addressText: 'Πλατεία Ελευθερίας', citizen: { fullName: 'ΜΑΡΙΑ ΠΑΠΑΔΑΚΗ', phone: '6982222222' } }, 'street-lighting');
  });

  it.each([
    ['ΛΑΚΚΟΥΒΑ', 'description, capitals without accents'],
    ['λακκουβα', 'description, no accents'],
    ['εβανς', 'address, final sigma and no accent'],
    ['ΈΒΑΝΣ', 'address, capitals with accent'],
    ['Παπαδάκης', 'citizen surname'],
    ['ΠΑΠΑΔΑΚΗΣ', 'citizen surname, capitals with final Σ'],
    ['παπαδακησ', 'citizen surname, medial σ at the end'],
    ['λακκούβα σχολείο', 'every word, in any place'],
  ])('%j finds the request (%s)', async (q) => {
    const found = await listIds({ q });
    expect(found).toContain(a.id);
    expect(found).not.toContain(b.id);
  });

  it('finds by citizen name whatever the case and accents', async () => {
    expect(await listIds({ q: 'μαρία' })).toEqual([b.id]);
    expect(sorted(await listIds({ q: 'Παπαδάκη' }))).toEqual(sorted([a.id, b.id]));
    expect(await listIds({ q: 'λακκούβα λάμπα' })).toEqual([]);
  });

  it('finds a citizen’s earlier requests by their corrected name', async () => {
    const before = await create({ description: 'qrename πρώτο', citizen: { fullName: 'Σταύρος Κοντός', phone: '6983333333' } });
    const citizenId = (await operator.get(`/api/requests/${before.id}`)).body.citizen.id;
    const after = await create({ description: 'qrename δεύτερο', citizen: { id: citizenId, fullName: 'Σταύρος Κοντογιάννης' } });
    expect(sorted(await listIds({ q: 'κοντογιαννης' }))).toEqual(sorted([before.id, after.id]));
    expect(await listIds({ q: 'qrename κοντος' })).toEqual([]);
  });

  it('finds by protocol number, in the ways people type it', async () => {
    const [year, seq] = a.protocolNumber.split('/') as [string, string];
    for (const q of [a.protocolNumber, `${year}/${Number(seq)}`, `${year}-${seq}`, `${Number(seq)}/${year}`, ` ${year} / ${Number(seq)} `]) {
      expect(await listIds({ q }), q).toEqual([a.id]);
    }
  });

  it('finds by phone, typed in any format', async () => {
    for (const q of ['6981111111', '698 111 1111', '+30 698 111 1111', '0030 6981111111']) expect(await listIds({ q }), q).toEqual([a.id]);
    expect(await listIds({ q: '+306982222222' })).toEqual([b.id]);
  });

  it('treats LIKE wildcards in the text literally', async () => {
    const pct = (await create({ description: 'Έκπτωση 50% στα τέλη' })).id;
    const under = (await create({ description: 'Κωδικός κάδου ΑΒ_12' }, 'cleaning')).id;
    expect(await listIds({ q: '%' })).toEqual([pct]);
    expect(await listIds({ q: '50%' })).toEqual([pct]);
    expect(await listIds({ q: '_' })).toEqual([under]);
    expect(await listIds({ q: 'αβ_12' })).toEqual([under]);
    expect(await listIds({ q: '%%' })).toEqual([]);
    expect(await listIds({ q: 'α_β' })).toEqual([]);
    expect(await listIds({ q: '\\' })).toEqual([]);
  });
});

describe('paging', () => {
  it('limit and offset walk the list without gaps or repeats; hasMore tells when to stop', async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await create({ description: `qpage ${i}` }, 'road-damage', `2026-03-0${i + 2}T09:00:00Z`)).id);
    const newestFirst = [...made].reverse();
    const pages = [];
    for (const offset of [0, 2, 4]) {
      const res = await operator.get(`/api/requests?q=qpage&limit=2&offset=${offset}`);
      pages.push({ ids: res.body.items.map((i: { id: string }) => i.id), hasMore: res.body.hasMore });
    }
    expect(pages.map((p) => [p.ids.length, p.hasMore])).toEqual([[2, true], [2, true], [1, false]]);
    expect(pages.flatMap((p) => p.ids)).toEqual(newestFirst);
    expect(await listIds({ q: 'qpage', sort: 'oldest' })).toEqual(made);
    const exact = await operator.get('/api/requests?q=qpage&limit=5');
    expect([exact.body.items.length, exact.body.hasMore]).toEqual([5, false]);
    expect((await operator.get('/api/requests?q=qpage&offset=5')).body).toEqual({ items: [], hasMore: false });
  });
});

describe('caller look-up', () => {
  let citizenId: string;
  let ids: string[];
  beforeAll(async () => {
    const citizen = { fullName: 'Ιωάννα Λαμπράκη', phone: '6987777777' };
    const l1 = await create({ description: 'qcall πρώτο', citizen }, 'road-damage', '2026-10-01T09:00:00Z');
    const l2 = await create({ description: 'qcall δεύτερο', citizen }, 'cleaning', '2026-10-02T09:00:00Z');
    const l3 = await create({ description: 'qcall τρίτο', citizen }, 'street-lighting', '2026-10-03T09:00:00Z');
    await move(l3.id, 'resolved');
    ids = [l1.id, l2.id, l3.id];
    citizenId = (await operator.get(`/api/requests/${l1.id}`)).body.citizen.id;
    await create({ description: 'qcall άλλος', citizen: { fullName: 'Άλλος Δημότης', phone: '6990000001' } });
  });

  it('with a complete number: the citizen and their requests, open ones first', async () => {
    for (const phone of ['6987777777', '698 777 7777', '+306987777777']) {
      const res = await operator.get(`/api/citizens/lookup?phone=${encodeURIComponent(phone)}`);
      expect(res.status).toBe(200);
      expect(res.body.normalised).toBe('+306987777777');
      expect(res.body.matches).toHaveLength(1);
      const [match] = res.body.matches;
      expect(match.citizen).toMatchObject({ id: citizenId, fullName: 'Ιωάννα Λαμπράκη', phone: '+306987777777', phoneType: 'mobile' });
      // Open newest first (l2, l1), then the closed one (l3) although it is the newest.
      expect(match.requests.map((r: { id: string }) => r.id)).toEqual([ids[1], ids[0], ids[2]]);
      expect(match.requests.map((r: { status: string }) => r.status)).toEqual(['registered', 'registered', 'resolved']);
      expect(match.requests[0].category.el).toMatch(/Καθαριότητα/);
    }
  });

  it('with the first 6 or more digits, as the operator types', async () => {
    for (const phone of ['698777', '6987777', '+30698777', '0030698777']) {
      const res = await operator.get(`/api/citizens/lookup?phone=${encodeURIComponent(phone)}`);
      expect(res.status).toBe(200);
      expect(res.body.normalised).toBeNull();
      expect(res.body.matches.map((m: { citizen: { id: string } }) => m.citizen.id), phone).toEqual([citizenId]);
      expect(res.body.matches[0].requests).toHaveLength(3);
    }
    expect((await operator.get('/api/citizens/lookup?phone=69877')).body.matches).toEqual([]);
    expect((await operator.get('/api/citizens/lookup?phone=6980000000')).body.matches).toEqual([]);
  });

  it('audits a look-up by a complete number (who, which citizen, how many matches), not a partial one', async () => {
    const lookups = async () =>
      (await t.ctx.database.db.select().from(auditLog).where(eq(auditLog.action, 'citizen.lookup')).orderBy(auditLog.at)).filter((a) => a.actorId === operator.userId);
    const before = (await lookups()).length;
    await operator.get('/api/citizens/lookup?phone=698777');
    expect(await lookups()).toHaveLength(before);
    await operator.get('/api/citizens/lookup?phone=6987777777');
    await operator.get('/api/citizens/lookup?phone=6911111119');
    const rows = (await lookups()).slice(before);
    expect(rows.map((a) => [a.entityType, a.entityId, a.data])).toEqual([
      ['citizen', citizenId, { matches: 1 }],
      ['citizen', null, { matches: 0 }],
    ]);
    // The number itself is not in the audit row: the citizen id says whom, and nothing else is kept.
    expect(JSON.stringify(rows)).not.toContain('6987777777');
  });

  it('is for the call centre only: department staff get 403', async () => {
    const res = await techStaff.get('/api/citizens/lookup?phone=6987777777');
    expect([res.status, res.body.code]).toEqual([403, 'forbidden']);
    expect((await supervisor.get('/api/citizens/lookup?phone=6987777777')).status).toBe(200);
  });
});
