/**
 * Staff sign-in: the session cookie, wrong and unknown credentials, throttling, sign-out,
 * deactivation, Argon2id hashes and the audit trail.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, sessions, users } from '../../db/schema.js';
import { signIn, staff, startTestApp, TEST_PASSWORD, type Session, type TestApp } from '../../test/harness.js';
import { createUser } from '../users/users.service.js';

let t: TestApp;
const WRONG = 'wrong-password-123';

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

let n = 0;
/** A fresh operator account (not signed in); returns its username and id. */
async function account(role: 'operator' | 'admin' = 'operator'): Promise<{ username: string; id: string }> {
  const username = `auth.${role}.${++n}`;
  const u = await createUser(t.ctx.database.db, null, { username, fullName: `Δοκιμή ${n}`, email: null, role, departmentIds: [], active: true, password: TEST_PASSWORD });
  return { username, id: u.id };
}

const login = (username: string, password: string, remoteAddress = '127.0.0.1') =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });

const me = (s: Pick<Session, 'cookie'>) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } });

describe('sign in', () => {
  it('sets an httpOnly SameSite=Strict session cookie and returns the CSRF token', async () => {
    const { username, id } = await account();
    const res = await login(username, TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ id, username, role: 'operator', departmentIds: [], csrfToken: expect.stringMatching(/^[\w-]{24,}$/) });
    const cookie = res.cookies.find((c) => c.name === 'dimotis_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie.value.length).toBeGreaterThanOrEqual(40);
    expect(cookie.expires!.getTime()).toBeGreaterThan(Date.now());
    expect(JSON.stringify(body)).not.toContain(cookie.value);
    // The database keeps only a hash of the token: a leaked sessions table gives no working cookie.
    const rows = await t.ctx.database.db.select().from(sessions).where(eq(sessions.userId, id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).not.toBe(cookie.value);
    const who = await me({ cookie: `dimotis_session=${cookie.value}` });
    expect(who.statusCode).toBe(200);
    expect(who.json()).toMatchObject({ id, csrfToken: body.csrfToken });
  });

  it('matches the username without regard to case and spaces', async () => {
    const { username } = await account();
    expect((await login(`  ${username.toUpperCase()} `, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('answers a wrong password and an unknown user alike: 401 invalid_credentials, no cookie', async () => {
    const { username } = await account();
    const wrong = await login(username, WRONG);
    const unknown = await login('nobody.here', WRONG);
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.cookies).toEqual([]);
    }
    expect(wrong.json().code).toBe('invalid_credentials');
    expect(unknown.json()).toEqual(wrong.json());
  });

  it('refuses a request without a session or with a bad one', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/requests' })).json().code).toBe('not_authenticated');
    const res = await me({ cookie: 'dimotis_session=forged-token' });
    expect([res.statusCode, res.json().code]).toEqual([401, 'not_authenticated']);
  });

  it('ends an expired session', async () => {
    const s = await staff(t, 'operator');
    expect((await me(s)).statusCode).toBe(200);
    await t.ctx.database.db.update(sessions).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(sessions.userId, s.userId));
    expect((await me(s)).statusCode).toBe(401);
  });
});

describe('throttling', () => {
  it('after 5 failures for a username: 429 too_many_attempts with retry-after, even with the right password', async () => {
    const { username } = await account();
    for (let i = 0; i < 5; i++) expect((await login(username, `${WRONG}${i}`, '10.0.0.5')).statusCode).toBe(401);
    const blocked = await login(username, TEST_PASSWORD, '10.0.0.5');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('too_many_attempts');
    expect(blocked.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.cookies).toEqual([]);
    // Per username, whatever the address or the case.
    expect((await login(username, TEST_PASSWORD, '10.0.0.6')).statusCode).toBe(429);
    expect((await login(username.toUpperCase(), TEST_PASSWORD, '10.0.0.7')).statusCode).toBe(429);
    // Another user from the same address still signs in.
    const other = await account();
    expect((await login(other.username, TEST_PASSWORD, '10.0.0.5')).statusCode).toBe(200);
  });

  it('parallel guesses do not get past the limit', async () => {
    const { username } = await account();
    const res = await Promise.all(Array.from({ length: 20 }, (_, i) => login(username, `${WRONG}-${i}`, '10.0.2.2')));
    const statuses = res.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    expect((await login(username, TEST_PASSWORD, '10.0.2.3')).statusCode).toBe(429);
  });

  it('a successful sign-in clears the failures', async () => {
    const { username } = await account();
    for (let i = 0; i < 4; i++) await login(username, WRONG, '10.0.1.1');
    expect((await login(username, TEST_PASSWORD, '10.0.1.1')).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) await login(username, WRONG, '10.0.1.1');
    expect((await login(username, TEST_PASSWORD, '10.0.1.1')).statusCode).toBe(200);
  });
});

describe('sign out and deactivation', () => {
  it('logout ends the session: the next request gets 401', async () => {
    const s = await staff(t, 'operator');
    const noCsrf = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie } });
    expect([noCsrf.statusCode, noCsrf.json().code]).toEqual([403, 'csrf_failed']);
    const out = await s.post('/api/auth/logout');
    expect(out.status).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/dimotis_session=;/);
    const after = await s.get('/api/auth/me');
    expect([after.status, after.body.code]).toEqual([401, 'not_authenticated']);
    expect(await t.ctx.database.db.select().from(sessions).where(eq(sessions.userId, s.userId))).toEqual([]);
  });

  it('a deactivated user loses their session at once and cannot sign in', async () => {
    const admin = await staff(t, 'admin');
    const { username, id } = await account();
    const victim = await signIn(t, username, id);
    const second = await signIn(t, username, id);
    expect((await victim.get('/api/requests')).status).toBe(200);
    const res = await admin.patch(`/api/admin/users/${id}`, { active: false });
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    for (const s of [victim, second]) expect((await s.get('/api/requests')).status).toBe(401);
    expect(await t.ctx.database.db.select().from(sessions).where(eq(sessions.userId, id))).toEqual([]);
    const again = await login(username, TEST_PASSWORD);
    expect([again.statusCode, again.json().code]).toEqual([401, 'invalid_credentials']);
  });

  it('only an admin changes accounts', async () => {
    const op = await staff(t, 'operator');
    const { id } = await account();
    const res = await op.patch(`/api/admin/users/${id}`, { active: false });
    expect([res.status, res.body.code]).toEqual([403, 'forbidden']);
    expect((await t.ctx.database.db.select({ active: users.active }).from(users).where(eq(users.id, id)))[0]!.active).toBe(true);
  });
});

describe('passwords and the audit trail', () => {
  it('stores Argon2id hashes', async () => {
    const { id } = await account();
    const [row] = await t.ctx.database.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, id));
    expect(row!.hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row!.hash).not.toContain(TEST_PASSWORD);
  });

  it('audits sign-ins and failures, without the password', async () => {
    const { username, id } = await account();
    expect((await login(username, WRONG)).statusCode).toBe(401);
    expect((await login(username, TEST_PASSWORD)).statusCode).toBe(200);
    const rows = await t.ctx.database.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    const actions = rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.login_failed', 'auth.login']));
    expect(rows.find((r) => r.action === 'auth.login')).toMatchObject({ actorId: id, entityType: 'user' });
    expect(rows.find((r) => r.action === 'auth.login_failed')).toMatchObject({ actorId: null, entityType: 'user' });
    const all = await t.ctx.database.db.select().from(auditLog).where(inArray(auditLog.action, ['auth.login', 'auth.login_failed', 'user.create', 'user.update']));
    const text = JSON.stringify(all);
    expect(all.length).toBeGreaterThan(5);
    for (const secret of [TEST_PASSWORD, WRONG]) expect(text).not.toContain(secret);
  });

  it('createUser rejects a password under 10 characters with weak_password, and writes nothing', async () => {
    const input = { username: 'short.pw', fullName: 'Σύντομος', email: null, role: 'operator' as const, departmentIds: [], active: true };
    await expect(createUser(t.ctx.database.db, null, { ...input, password: '123456789' })).rejects.toMatchObject({ code: 'weak_password', status: 400 });
    expect(await t.ctx.database.db.select().from(users).where(eq(users.username, 'short.pw'))).toEqual([]);
    await expect(createUser(t.ctx.database.db, null, { ...input, password: '1234567890' })).resolves.toMatchObject({ username: 'short.pw' });
  });

  it('the admin API refuses a short password too', async () => {
    const admin = await staff(t, 'admin');
    const res = await admin.post('/api/admin/users', { username: 'short.api', fullName: 'Σύντομος', role: 'operator', password: 'short' });
    expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([expect.stringMatching(/password$/)]);
  });
});
