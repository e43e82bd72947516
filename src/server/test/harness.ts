/**
 * Test harness: a fresh database per test file (cloned from the run's template), the real app
 * through `app.inject`, and small factories for staff accounts and requests.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig, testDatabaseUrl, type Config } from '../config.js';
import type { AppContext } from '../context.js';
import { openDatabase, type Database } from '../db/client.js';
import { workingCalendar } from '../modules/calendar/working-days.js';
import { createUser } from '../modules/users/users.service.js';
import type { Role } from '../../shared/roles.js';
import { adminClient, databaseUrl } from './pg-admin.js';

export const TEST_PASSWORD = 'correct-horse-battery';

export interface TestDb {
  database: Database;
  /** Set for PostgreSQL: the URL of this file's own database (for child processes, reopening). */
  url?: string;
  /** Opens a second handle on the same data (PostgreSQL: another pool). */
  reopen(): Promise<Database>;
}

/** A fresh, migrated and seeded database for one test file. */
export async function freshDatabase(): Promise<TestDb> {
  const base = testDatabaseUrl();
  if (base) {
    // Named after the run's template, so that the run drops its own databases and no one else's.
    const name = `${inject('templateDatabase')}_${randomBytes(6).toString('hex')}`;
    const admin = await adminClient(base);
    await admin.query(`create database ${name} template ${inject('templateDatabase')}`);
    await admin.end();
    const url = databaseUrl(base, name);
    return { database: await openDatabase({ url, poolSize: 20 }), url, reopen: () => openDatabase({ url, poolSize: 20 }) };
  }
  const dump = new Blob([readFileSync(inject('pgliteDump'))]);
  const database = await openDatabase({ dataDir: 'memory://', loadDataDir: dump });
  return { database, reopen: async () => database };
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...overrides });
}

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  db: TestDb;
  /** Set the clock the app sees (protocol year, due dates). */
  setNow(d: Date | null): void;
  close(): Promise<void>;
}

/** An app on a fresh (or the given) database; `env` adds configuration as environment variables would. */
export async function startTestApp(existing?: TestDb, env: Record<string, string> = {}): Promise<TestApp> {
  const db = existing ?? (await freshDatabase());
  let now: Date | null = null;
  const ctx: AppContext = { database: db.database, config: testConfig(env), calendar: workingCalendar([]), clock: () => now ?? new Date() };
  const app = await buildApp(ctx);
  await app.ready();
  return {
    app,
    ctx,
    db,
    setNow: (d) => void (now = d),
    close: async () => {
      await app.close();
      await db.database.close();
    },
  };
}

export interface Session {
  userId: string;
  cookie: string;
  csrf: string;
  get(url: string): Promise<Res>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<Res>;
  patch(url: string, body?: unknown): Promise<Res>;
}

export interface Res {
  status: number;
  body: any;
  headers: Record<string, unknown>;
}

let userCounter = 0;

/** Creates a staff account with the given role and department codes, and signs it in. */
export async function staff(t: TestApp, role: Role, departmentCodes: string[] = []): Promise<Session> {
  const departments = await t.ctx.database.db.query.departments.findMany();
  const departmentIds = departmentCodes.map((code) => {
    const d = departments.find((x) => x.code === code);
    if (!d) throw new Error(`no department ${code}`);
    return d.id;
  });
  const username = `${role}.${process.pid}.${++userCounter}`;
  const user = await createUser(t.ctx.database.db, null, { username, fullName: `Test ${role} ${userCounter}`, email: null, role, departmentIds, active: true, password: TEST_PASSWORD });
  return signIn(t, username, user.id);
}

export async function signIn(t: TestApp, username: string, userId = ''): Promise<Session> {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: TEST_PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrf = res.json().csrfToken as string;
  const send = async (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> => {
    const r = await t.app.inject({
      method,
      url,
      headers: { cookie, 'x-csrf-token': csrf, ...headers },
      ...(body === undefined ? {} : typeof body === 'string' ? { payload: body, headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json', ...headers } } : { payload: body as object }),
    });
    let parsed: unknown = r.body;
    try {
      parsed = r.json();
    } catch {
      /* not JSON */
    }
    return { status: r.statusCode, body: parsed, headers: r.headers };
  };
  return {
    userId: userId || (res.json().id as string),
    cookie,
    csrf,
    get: (url) => send('GET', url),
    post: (url, body, headers) => send('POST', url, body ?? {}, headers),
    patch: (url, body) => send('PATCH', url, body ?? {}),
  };
}

/** The id of a seeded category by code. */
export async function categoryId(t: TestApp, code: string): Promise<string> {
  const c = await t.ctx.database.db.query.categories.findFirst({ where: (c, { eq }) => eq(c.code, code) });
  if (!c) throw new Error(`no category ${code}`);
  return c.id;
}

export async function departmentId(t: TestApp, code: string): Promise<string> {
  const d = await t.ctx.database.db.query.departments.findFirst({ where: (d, { eq }) => eq(d.code, code) });
  if (!d) throw new Error(`no department ${code}`);
  return d.id;
}

/** Registers a request as `operator` and returns the API's answer. */
export async function registerRequest(t: TestApp, operator: Session, overrides: Record<string, unknown> = {}): Promise<any> {
  const res = await operator.post('/api/requests', {
    channel: 'phone',
    categoryId: await categoryId(t, 'road-damage'),
    description: 'Λακκούβα στη μέση του δρόμου',
    addressText: 'Οδός Έβανς 10',
    citizen: { fullName: 'Γιάννης Παπαδάκης', phone: '6944123456', smsConsent: true },
    ...overrides,
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
