/**
 * Nothing personal in any log line, whatever fails: a failed query's parameters (names, phones,
 * e-mails, descriptions, sign-in usernames) and a driver's detail never reach the log.
 */
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { scrubMessage } from './logging.js';
import { categoryId, staff, startTestApp, type TestApp } from './test/harness.js';

const lines: string[] = [];
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  // The same app, now with a logger writing into `lines` (as main.ts sets it up).
  await t.app.close();
  const stream = new Writable({ write: (chunk, _enc, cb) => void (lines.push(String(chunk)), cb()) });
  t.app = await buildApp(t.ctx, { logger: { level: 'info', stream } });
  await t.app.ready();
});
afterAll(() => t.close());

const PERSONAL = ['Παρασκευή Ξανθοπούλου', '6977123987', '697 712 3987', 'paraskevi.x@example.gr', 'Σπασμένο παγκάκι στην πλατεία Ελευθερίας', 'Λεωφόρος Κνωσού 118', 'σ.ξανθοπουλου'];

describe('error log lines', () => {
  it('carry no value a person typed when a query fails', async () => {
    const operator = await staff(t, 'operator');
    const category = await categoryId(t, 'road-damage');
    // Break the tables the handlers write to, so that the driver itself fails with their parameters.
    await t.ctx.database.db.execute(sql`alter table citizens rename to citizens_away`);
    await t.ctx.database.db.execute(sql`alter table login_failures rename to login_failures_away`);
    try {
      const res = await operator.post('/api/requests', {
        channel: 'phone', categoryId: category, description: PERSONAL[4], addressText: PERSONAL[5],
        citizen: { fullName: PERSONAL[0], phone: PERSONAL[1], email: PERSONAL[3], smsConsent: true },
      });
      expect(res.status).toBe(500);
      const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: PERSONAL[6], password: 'wrong-password-1' } });
      expect(login.statusCode).toBe(500);
    } finally {
      await t.ctx.database.db.execute(sql`alter table citizens_away rename to citizens`);
      await t.ctx.database.db.execute(sql`alter table login_failures_away rename to login_failures`);
    }
    const errors = lines.filter((l) => JSON.parse(l).level >= 50);
    expect(errors.length).toBeGreaterThanOrEqual(2);
    for (const l of lines) for (const p of PERSONAL) expect(l).not.toContain(p);
    for (const l of lines) expect(l).not.toMatch(/6977|example\.gr|[α-ωΑ-Ω]{3}/);
    // The lines still say what failed: the error's kind and PostgreSQL's code (42P01: no such table).
    expect(errors.join('\n')).toContain('42P01');
  });
});

describe('scrubMessage', () => {
  it('keeps the kind of failure and drops values', () => {
    expect(scrubMessage('Failed query: select * from users where username = $1\nparams: maria')).toBe('Failed query: select * from users where username = $1');
    expect(scrubMessage('duplicate key value violates unique constraint "users_username_key"')).toBe('duplicate key value violates unique constraint "…"');
    expect(scrubMessage('Key (phone)=(+306977123987) already exists.')).toBe('Key (…)=(…) already exists.');
    expect(scrubMessage('invalid input syntax for type uuid: "Μαρία"')).toBe('invalid input syntax for type uuid: "…"');
    expect(scrubMessage('550 5.1.1 <maria@example.gr>: Recipient address rejected')).not.toContain('maria');
    expect(scrubMessage('Could not send to 6977123987')).toBe('Could not send to #');
  });
});

