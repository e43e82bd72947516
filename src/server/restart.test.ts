/**
 * A restart keeps everything: requests with their timeline, citizens, users and their sessions,
 * and the protocol counter. The app is started the way main.ts starts it (prepareContext, which
 * opens, migrates and seeds, then buildApp), closed with its database, and started again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { loadConfig, testDatabaseUrl, type Config } from './config.js';
import type { AppContext } from './context.js';
import { queryRows } from './db/client.js';
import { categories, departments, sessions, users } from './db/schema.js';
import { createUser } from './modules/users/users.service.js';
import { prepareContext } from './start.js';
import { freshDatabase, TEST_PASSWORD } from './test/harness.js';

/** Fixed clocks, an hour apart, so that both runs number in the same protocol year. */
const FIRST_RUN = new Date('2026-05-05T09:00:00Z');
const SECOND_RUN = new Date('2026-05-05T10:00:00Z');

interface Running {
  app: FastifyInstance;
  ctx: AppContext;
  close(): Promise<void>;
}

async function start(config: Config, now: Date): Promise<Running> {
  const prepared = await prepareContext(config);
  const ctx: AppContext = { ...prepared, clock: () => now };
  const app = await buildApp(ctx);
  await app.ready();
  return {
    app,
    ctx,
    close: async () => {
      await app.close();
      await ctx.database.close();
    },
  };
}

/** A client holding one session cookie and CSRF token, usable against any running app. */
const client = (cookie: string, csrf: string) => async (app: FastifyInstance, method: 'GET' | 'POST', url: string, payload?: object) => {
  const res = await app.inject({ method, url, headers: { cookie, 'x-csrf-token': csrf }, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.json() };
};

const counts = async (r: Running) => {
  const db = r.ctx.database.db;
  const [row] = await queryRows<Record<string, string>>(db, sql`
    select (select count(*) from departments) as departments, (select count(*) from categories) as categories,
      (select count(*) from statuses) as statuses, (select count(*) from citizens) as citizens,
      (select count(*) from requests) as requests, (select count(*) from request_events) as events`);
  return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)]));
};

async function restartKeepsEverything(config: Config): Promise<void> {
  // First run: an admin signs in, registers a request for a citizen and works it.
  const first = await start(config, FIRST_RUN);
  const user = await createUser(first.ctx.database.db, null, { username: 'restart.admin', fullName: 'Διαχειριστής Δοκιμής', email: null, role: 'admin', departmentIds: [], active: true, password: TEST_PASSWORD });
  const login = await first.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'restart.admin', password: TEST_PASSWORD } });
  expect(login.statusCode).toBe(200);
  const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrf = login.json().csrfToken as string;
  const as = client(cookie, csrf);

  const [category] = await first.ctx.database.db.select({ id: categories.id }).from(categories).where(eq(categories.code, 'road-damage'));
  const citizen = { fullName: 'Αθηνά Σταυράκη', phone: '6945551234', smsConsent: true };
  const created = await as(first.app, 'POST', '/api/requests', { channel: 'phone', categoryId: category!.id, description: 'Λακκούβα πριν την επανεκκίνηση', addressText: 'Οδός Ιδομενέως 3', citizen });
  expect(created.status).toBe(201);
  expect(created.body.protocolNumber).toBe('2026/000001');
  expect((await as(first.app, 'POST', `/api/requests/${created.body.id}/transition`, { to: 'in_progress', internalNote: 'Συνεργείο ενημερώθηκε' })).status).toBe(200);
  expect((await as(first.app, 'POST', `/api/requests/${created.body.id}/notes`, { body: 'Θα επισκευαστεί την Πέμπτη', visibility: 'public' })).status).toBe(200);
  const before = await as(first.app, 'GET', `/api/requests/${created.body.id}`);
  expect(before.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(['created', 'status_change', 'internal_note', 'public_update']);
  const countsBefore = await counts(first);
  await first.close();

  // Second run on the same data.
  const second = await start(config, SECOND_RUN);
  try {
    // Starting again migrates and seeds again: nothing is duplicated.
    expect(await counts(second)).toEqual(countsBefore);

    // The session and its CSRF token survive: the same cookie works, for reading and writing.
    const who = await as(second.app, 'GET', '/api/auth/me');
    expect(who.status).toBe(200);
    expect(who.body).toMatchObject({ id: user.id, username: 'restart.admin', role: 'admin', csrfToken: csrf });
    expect(await second.ctx.database.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(1);

    // The request, its timeline and its citizen are as they were.
    const after = await as(second.app, 'GET', `/api/requests/${created.body.id}`);
    expect(after.status).toBe(200);
    expect(after.body).toEqual(before.body);
    expect(after.body).toMatchObject({ status: 'in_progress', protocolNumber: '2026/000001', citizen: { fullName: 'Αθηνά Σταυράκη', phone: '+306945551234', smsConsent: true } });
    const byProtocol = await as(second.app, 'GET', '/api/requests/by-protocol/2026/1');
    expect(byProtocol.body.id).toBe(created.body.id);

    // The user can sign in again with the same password (the hash survived).
    const relogin = await second.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'restart.admin', password: TEST_PASSWORD } });
    expect(relogin.statusCode).toBe(200);
    const [stored] = await second.ctx.database.db.select().from(users).where(eq(users.id, user.id));
    expect(stored).toMatchObject({ username: 'restart.admin', active: true, role: 'admin' });

    // The next protocol number continues the count, and the caller is found again.
    const next = await as(second.app, 'POST', '/api/requests', { channel: 'phone', categoryId: category!.id, description: 'Μετά την επανεκκίνηση', citizen: { fullName: citizen.fullName, phone: '694 555 1234' } });
    expect(next.status).toBe(201);
    expect(next.body.protocolNumber).toBe('2026/000002');
    expect(next.body.citizenId).toBe(created.body.citizenId);
    const [counter] = await queryRows<{ last_seq: number }>(second.ctx.database.db, sql`select last_seq from protocol_counters where year = 2026`);
    expect(Number(counter!.last_seq)).toBe(2);
    const lookup = await as(second.app, 'GET', '/api/citizens/lookup?phone=6945551234');
    expect(lookup.body.matches[0].requests.map((r: { protocolNumber: string }) => r.protocolNumber)).toEqual(['2026/000002', '2026/000001']);
    const [dept] = await second.ctx.database.db.select({ code: departments.code }).from(departments).where(eq(departments.id, after.body.department.id));
    expect(dept!.code).toBe('technical');
  } finally {
    await second.close();
  }
}

const base = { NODE_ENV: 'test', LOG_LEVEL: 'silent' };

describe('restart', () => {
  // Initialising a PGlite data directory takes a while on a loaded machine, twice here.
  it('embedded PGlite in a data directory keeps everything', { timeout: 240_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dimotis-restart-'));
    try {
      await restartKeepsEverything(loadConfig({ ...base, DATA_DIR: join(dir, 'data') }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!testDatabaseUrl())('PostgreSQL keeps everything, with a new pool after the restart (runs when TEST_DATABASE_URL is set)', async () => {
    const db = await freshDatabase();
    await db.database.close();
    await restartKeepsEverything(loadConfig({ ...base, DATABASE_URL: db.url! }));
  });
});
