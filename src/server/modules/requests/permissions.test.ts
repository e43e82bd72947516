/**
 * Who may see and do what: department staff and heads only ever reach their departments'
 * requests (anything else is "not found", with nothing of the request in the answer), only admins
 * administer, and every change needs a session and its CSRF token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryId, departmentId, registerRequest, staff, startTestApp, type Session, type TestApp } from '../../test/harness.js';

let t: TestApp;
let admin: Session;
let operator: Session;
let staffA: Session;
let headA: Session;
let staffB: Session;
/** A = Technical Services, B = Green Spaces. */
let deptA: string;
let deptB: string;

beforeAll(async () => {
  t = await startTestApp();
  admin = await staff(t, 'admin');
  operator = await staff(t, 'operator');
  staffA = await staff(t, 'department_staff', ['technical']);
  headA = await staff(t, 'department_head', ['technical']);
  staffB = await staff(t, 'department_staff', ['green']);
  deptA = await departmentId(t, 'technical');
  deptB = await departmentId(t, 'green');
});
afterAll(() => t?.close());

const protocolPath = (protocolNumber: string) => `/api/requests/by-protocol/${protocolNumber}`;
const listIds = async (who: Session, query = '') => {
  const res = await who.get(`/api/requests?limit=200${query}`);
  expect(res.status).toBe(200);
  return (res.body.items as { id: string }[]).map((r) => r.id);
};

describe('department scope', () => {
  const citizen = { fullName: 'Ευανθία Κωστοπούλου', phone: '6977000111', smsConsent: true };
  const description = 'Σπασμένο κλαδί πάνω σε σταθμευμένο αυτοκίνητο';
  const addressText = 'Πλατεία Ελευθερίας 3';
  let inB: { id: string; protocolNumber: string };
  /** Everything of B's request that must not appear in an answer to someone of A. */
  let secrets: string[];

  beforeAll(async () => {
    inB = await registerRequest(t, operator, { categoryId: await categoryId(t, 'trees'), description, addressText, citizen });
    secrets = [inB.id, inB.protocolNumber, description, addressText, citizen.fullName, '6977000111', '+306977000111'];
  });

  const expectHidden = (res: { status: number; body: unknown }) => {
    expect(res.status).toBe(404);
    expect((res.body as { code: string }).code).toBe('not_found');
    const text = JSON.stringify(res.body);
    for (const s of secrets) expect(text).not.toContain(s);
  };

  const expectHiddenFrom = (res: { status: number; body: { code?: string } }) => expect([res.status, res.body.code]).toEqual([404, 'not_found']);

  it('lets B’s own staff read the request (the control for the refusals below)', async () => {
    expect((await staffB.get(`/api/requests/${inB.id}`)).status).toBe(200);
    expect((await staffB.get(protocolPath(inB.protocolNumber))).body.id).toBe(inB.id);
    expect(await listIds(staffB)).toContain(inB.id);
  });

  it.each([['staff', () => staffA], ['head', () => headA]] as const)('answers %s of A "not found" for B’s request, by id and by protocol number', async (_, who) => {
    expectHidden(await who().get(`/api/requests/${inB.id}`));
    expectHidden(await who().get(protocolPath(inB.protocolNumber)));
  });

  it.each([['staff', () => staffA], ['head', () => headA]] as const)('answers %s of A "not found" for every action on B’s request, and changes nothing', async (_, who) => {
    const actions: [string, object][] = [
      ['transition', { to: 'in_progress' }],
      ['transition', { to: 'rejected', publicNote: 'Όχι δική μας υπόθεση' }],
      ['forward', { departmentId: deptA, reason: 'Το παίρνουμε εμείς' }],
      ['assign', { userId: who().userId }],
      ['notes', { body: 'Εσωτερική σημείωση' }],
      ['notes', { body: 'Ενημέρωση δημότη', visibility: 'public' }],
      ['contacts', { method: 'phone', outcome: 'reached' }],
    ];
    for (const [path, body] of actions) expectHidden(await who().post(`/api/requests/${inB.id}/${path}`, body));
    const after = await admin.get(`/api/requests/${inB.id}`);
    expect(after.body).toMatchObject({ status: 'registered', department: { id: deptB }, assignee: null });
    expect(after.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(['created']);
  });

  it('never lists B’s requests to A, whatever the filter', async () => {
    const inA = await registerRequest(t, operator, { description: 'Λακκούβα μπροστά στο σχολείο' });
    for (const who of [staffA, headA]) {
      const all = await listIds(who);
      expect(all).toContain(inA.id);
      expect(all).not.toContain(inB.id);
      expect(await listIds(who, `&departmentId=${deptB}`)).toEqual([]);
      expect(await listIds(who, `&q=${encodeURIComponent(inB.protocolNumber)}`)).toEqual([]);
      expect(await listIds(who, `&q=${encodeURIComponent('σταθμευμένο αυτοκίνητο')}`)).toEqual([]);
      expect(await listIds(who, '&q=6977000111')).toEqual([]);
    }
    const res = await staffA.get('/api/requests?limit=200');
    expect(res.body.items.every((r: { department: { id: string } }) => r.department.id === deptA)).toBe(true);
  });

  it('moves access with the request when A forwards it to B', async () => {
    const r = await registerRequest(t, operator, { description: 'Ρίζες δέντρου σήκωσαν το πεζοδρόμιο' });
    expect((await staffA.get(`/api/requests/${r.id}`)).status).toBe(200);
    expectHiddenFrom(await staffB.get(`/api/requests/${r.id}`));

    const forwarded = await staffA.post(`/api/requests/${r.id}/forward`, { departmentId: deptB, reason: 'Οι ρίζες είναι θέμα Πρασίνου' });
    // Done, but no longer A's to see: success with no body, not the request and not "not found".
    expect(forwarded.status).toBe(204);
    expect(forwarded.body).toBe('');

    expectHiddenFrom(await staffA.get(`/api/requests/${r.id}`));
    expectHiddenFrom(await staffA.get(protocolPath(r.protocolNumber)));
    expect(await listIds(staffA)).not.toContain(r.id);

    const seen = await staffB.get(`/api/requests/${r.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ status: 'forwarded', department: { id: deptB } });
    expect(seen.body.timeline.at(-1)).toMatchObject({
      kind: 'forward', fromStatus: 'registered', toStatus: 'forwarded', fromDepartment: { id: deptA }, toDepartment: { id: deptB }, body: 'Οι ρίζες είναι θέμα Πρασίνου', actor: { id: staffA.userId },
    });
    expect(await listIds(staffB)).toContain(r.id);
    expect((await staffB.post(`/api/requests/${r.id}/transition`, { to: 'in_progress' })).status).toBe(200);
  });
});

describe('administration', () => {
  const suffix = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;

  it.each(['operator', 'supervisor', 'department_head', 'department_staff'] as const)('is refused to %s, and nothing changes', async (role) => {
    const who = role === 'operator' ? operator : await staff(t, role, role.startsWith('department') ? ['technical'] : []);
    const code = `x-${suffix()}`;
    const roadDamage = await categoryId(t, 'road-damage');
    const attempts: [Promise<{ status: number; body: { code?: string } }>, string][] = [
      [who.post('/api/admin/departments', { code, name: { el: 'Νέα', en: 'New' } }), 'create department'],
      [who.patch(`/api/admin/departments/${deptA}`, { name: { el: 'Άλλο όνομα', en: 'Other name' } }), 'rename department'],
      [who.post('/api/admin/categories', { code, name: { el: 'Νέα', en: 'New' }, departmentId: deptA }), 'create category'],
      [who.patch(`/api/admin/categories/${roadDamage}`, { departmentId: deptB }), 'reroute category'],
      [who.post('/api/admin/users', { username: code, fullName: 'Νέος Χρήστης', role: 'admin', password: 'long-enough-password' }), 'create user'],
      [who.patch(`/api/admin/users/${who.userId}`, { role: 'admin' }), 'promote self'],
      [who.get('/api/admin/users'), 'list users'],
    ];
    for (const [attempt, what] of attempts) expect([what, (await attempt).status, (await attempt).body.code]).toEqual([what, 403, 'forbidden']);

    const departments = (await admin.get('/api/departments')).body as { id: string; code: string; name: { el: string } }[];
    expect(departments.find((d) => d.id === deptA)!.name.el).toBe('Τεχνική Υπηρεσία');
    expect(departments.some((d) => d.code === code)).toBe(false);
    const categories = (await admin.get('/api/categories')).body as { id: string; code: string; departmentId: string }[];
    expect(categories.find((c) => c.id === roadDamage)!.departmentId).toBe(deptA);
    expect(categories.some((c) => c.code === code)).toBe(false);
    const users = (await admin.get('/api/admin/users')).body as { id: string; username: string; role: string }[];
    expect(users.some((u) => u.username === code)).toBe(false);
    expect(users.find((u) => u.id === who.userId)!.role).toBe(role);
  });

  it('lets an admin create a department and a category routed to it, and change the routing', async () => {
    const s = suffix();
    const dept = await admin.post('/api/admin/departments', { code: `potholes-${s}`, name: { el: 'Συνεργείο Ασφάλτου', en: 'Asphalt Crew' }, emails: ['asfaltos@example.gov.gr'] });
    expect(dept.status).toBe(201);
    const category = await admin.post('/api/admin/categories', { code: `asphalt-${s}`, name: { el: 'Άσφαλτος', en: 'Asphalt' }, departmentId: dept.body.id });
    expect(category.status).toBe(201);
    expect(category.body.departmentId).toBe(dept.body.id);

    const first = await registerRequest(t, operator, { categoryId: category.body.id });
    expect(first.department.id).toBe(dept.body.id);

    const rerouted = await admin.patch(`/api/admin/categories/${category.body.id}`, { departmentId: deptB });
    expect(rerouted.status).toBe(200);
    expect(rerouted.body.departmentId).toBe(deptB);
    const second = await registerRequest(t, operator, { categoryId: category.body.id });
    expect(second.department.id).toBe(deptB);
    // Routing decides where new requests go; it does not move the ones already registered.
    expect((await admin.get(`/api/requests/${first.id}`)).body.department.id).toBe(dept.body.id);
  });

  it('lets an admin create and list staff accounts', async () => {
    const username = `new.head.${suffix()}`;
    const created = await admin.post('/api/admin/users', { username, fullName: 'Νέα Προϊσταμένη', role: 'department_head', departmentIds: [deptB], password: 'long-enough-password' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username, role: 'department_head', departmentIds: [deptB] });
    const users = await admin.get('/api/admin/users');
    expect(users.status).toBe(200);
    expect(users.body.map((u: { username: string }) => u.username)).toContain(username);
    expect(JSON.stringify(users.body)).not.toMatch(/password/i);
  });
});

describe('sessions and CSRF', () => {
  const raw = (method: 'GET' | 'POST', url: string, headers: Record<string, string>) =>
    t.app.inject({ method, url, headers, ...(method === 'POST' ? { payload: { body: 'Σημείωση' } } : {}) });

  it('refuses a change without the session’s CSRF token, and writes nothing', async () => {
    const r = await registerRequest(t, operator);
    const url = `/api/requests/${r.id}/notes`;
    const wrong: Record<string, string>[] = [{ cookie: operator.cookie }, { cookie: operator.cookie, 'x-csrf-token': 'guessed' }, { cookie: operator.cookie, 'x-csrf-token': admin.csrf }];
    for (const headers of wrong) {
      const res = await raw('POST', url, headers);
      expect([res.statusCode, res.json().code]).toEqual([403, 'csrf_failed']);
    }
    expect((await operator.get(`/api/requests/${r.id}`)).body.timeline).toHaveLength(1);
    expect((await raw('POST', url, { cookie: operator.cookie, 'x-csrf-token': operator.csrf })).statusCode).toBe(200);
  });

  it('needs no CSRF token to read', async () => {
    expect((await raw('GET', '/api/requests', { cookie: operator.cookie })).statusCode).toBe(200);
  });

  it('answers 401 without a session cookie, or with an unknown or ended one', async () => {
    const r = await registerRequest(t, operator);
    const leaving = await staff(t, 'operator');
    expect((await leaving.post('/api/auth/logout')).status).toBe(200);
    for (const cookie of [undefined, 'dimotis_session=not-a-session', leaving.cookie]) {
      const headers: Record<string, string> = cookie ? { cookie, 'x-csrf-token': leaving.csrf } : {};
      for (const [method, url] of [['GET', `/api/requests/${r.id}`], ['GET', '/api/requests'], ['POST', `/api/requests/${r.id}/notes`]] as const) {
        const res = await raw(method, url, headers);
        expect([method, url, res.statusCode, res.json().code]).toEqual([method, url, 401, 'not_authenticated']);
        expect(res.body).not.toContain('Λακκούβα');
      }
    }
  });
});
