/**
 * Staff alerts end to end in one process (PGlite and PostgreSQL): queued by the change or the
 * scheduled job, sent by the outbox worker to a real SMTP server, each exactly once however often
 * the jobs run; preferences honoured. The two-process version is alerts-processes.test.ts.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { startNotificationWorker, type NotificationWorker } from '../../jobs/notification-worker.js';
import { startScheduler, type Scheduler } from '../../jobs/scheduler.js';
import { registerRequest, staff, startTestApp, type Session, type TestApp } from '../../test/harness.js';
import { createEmailSender, type EmailSender } from '../notifications/email/email-sender.js';
import { TestSmtp } from '../notifications/email/test-smtp.js';
import { alertJobs } from './alerts.jobs.js';

let t: TestApp;
let smtp: TestSmtp;
let sender: EmailSender;
let worker: NotificationWorker;
let jobs: Scheduler;
let operator: Session;
let head: Session;
let staffer: Session;
let supervisor: Session;

/** Instants in Athens (winter, UTC+2). Monday 7 December 2026 is a working day; 6th a Sunday; 25th Christmas. */
const athens = (local: string) => new Date(`${local}+02:00`);

// The alert jobs only: housekeeping on a clock weeks ahead would end the test's sessions.
const alertScheduler = () => startScheduler(t.ctx.database.db, alertJobs(t.ctx), { clock: t.ctx.clock, manual: true });

const setEmail = (s: Session, email: string) => t.ctx.database.db.execute(sql`update users set email = ${email} where id = ${s.userId}`);

/** Sends everything queued, and answers what the SMTP server received since `from`, as [to, subject]. */
async function deliveredSince(from: number): Promise<[string, string][]> {
  while ((await worker.runOnce()) > 0);
  const mails = smtp.received.slice(from);
  return Promise.all(mails.map(async (m) => [m.rcptTo.join(','), (await smtp.parse(m)).subject ?? ''] as [string, string]));
}

beforeAll(async () => {
  t = await startTestApp(undefined, { ALERTS_SUPERVISOR_AFTER_WORKING_DAYS: '2' });
  smtp = await TestSmtp.start();
  sender = createEmailSender({ url: smtp.url, from: 'Δήμος <no-reply@heraklion.gr>', replyTo: 'aitimata+{protocol}@heraklion.gr', ignoreTLS: true });
  worker = startNotificationWorker(t.ctx.database.db, t.ctx.config, { sms: null, email: sender }, { pollMs: 60_000 });
  await worker.stop(); // rounds run by hand below
  operator = await staff(t, 'operator');
  head = await staff(t, 'department_head', ['technical']);
  staffer = await staff(t, 'department_staff', ['technical']);
  supervisor = await staff(t, 'supervisor');
  await setEmail(head, 'head@example.gr');
  await setEmail(staffer, 'staff@example.gr');
  await setEmail(supervisor, 'supervisor@example.gr');
  jobs = alertScheduler();
});
afterAll(async () => {
  await jobs?.stop();
  await sender?.close();
  await smtp?.stop();
  await t?.close();
});

describe('staff alerts', () => {
  it('an urgent request reaches its department’s address and its head at once, once; a normal one nobody', async () => {
    t.setNow(athens('2026-12-04T10:00:00'));
    const from = smtp.received.length;
    const urgent = await registerRequest(t, operator, { priority: 'urgent' });
    await registerRequest(t, operator);
    const got = await deliveredSince(from);
    expect(got.map(([to]) => to).sort()).toEqual(['head@example.gr', 'texniki@example.gov.gr']);
    expect(got[0]![1]).toMatch(new RegExp(`^Επείγον αίτημα ${urgent.protocolNumber}`));
    const mail = await smtp.parse(smtp.received[from]!);
    expect(mail.text).toContain(`/requests/${urgent.id}`);
    expect(mail.replyTo).toBeUndefined(); // not into the citizens' mailbox
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    // Staff alerts stay off the citizens' message list of the request.
    const detail = await head.get(`/api/requests/${urgent.id}`);
    expect(detail.body.notifications.every((n: { event: string }) => !n.event.startsWith('alert_'))).toBe(true);
  });

  it('the assignee hears of an assignment (in English, as chosen); taking a request oneself sends nothing', async () => {
    const r = await registerRequest(t, operator);
    const put = await staffer.get('/api/me/alert-preferences');
    expect(put.body).toMatchObject({ urgent: true, assigned: true, digest: true, escalation: true, language: 'el', email: 'staff@example.gr' });
    const set = await t.app.inject({ method: 'PUT', url: '/api/me/alert-preferences', headers: { cookie: staffer.cookie, 'x-csrf-token': staffer.csrf }, payload: { ...put.body, email: undefined, applicable: undefined, language: 'en' } });
    expect(set.statusCode).toBe(200);
    const from = smtp.received.length;
    expect((await head.post(`/api/requests/${r.id}/assign`, { userId: staffer.userId })).status).toBe(200);
    const r2 = await registerRequest(t, operator);
    expect((await staffer.post(`/api/requests/${r2.id}/assign`, { userId: staffer.userId })).status).toBe(200);
    const got = await deliveredSince(from);
    expect(got).toEqual([['staff@example.gr', `Request ${r.protocolNumber} assigned to you`]]);
  });

  it('a user who turned an alert off does not get it', async () => {
    const prefs = (await head.get('/api/me/alert-preferences')).body;
    const res = await t.app.inject({ method: 'PUT', url: '/api/me/alert-preferences', headers: { cookie: head.cookie, 'x-csrf-token': head.csrf }, payload: { urgent: false, assigned: prefs.assigned, digest: prefs.digest, escalation: prefs.escalation, language: 'el' } });
    expect(res.statusCode).toBe(200);
    const from = smtp.received.length;
    await registerRequest(t, operator, { priority: 'urgent' });
    expect((await deliveredSince(from)).map(([to]) => to)).toEqual(['texniki@example.gov.gr']);
    await t.app.inject({ method: 'PUT', url: '/api/me/alert-preferences', headers: { cookie: head.cookie, 'x-csrf-token': head.csrf }, payload: { ...prefs, email: undefined, applicable: undefined } });
  });

  it('bad preferences are a 400, not stored', async () => {
    const res = await t.app.inject({ method: 'PUT', url: '/api/me/alert-preferences', headers: { cookie: head.cookie, 'x-csrf-token': head.csrf }, payload: { urgent: 'yes' } });
    expect(res.statusCode).toBe(400);
  });

  it('the digest: none on a Sunday, one per person and address on Monday 07:30 however often the job runs, none on Christmas', async () => {
    const digests = async () => (await queryRows<{ n: number }>(t.ctx.database.db, sql`select count(*)::int as n from notifications where event = 'alert_digest'`))[0]!.n;
    t.setNow(athens('2026-12-06T09:00:00')); // Sunday
    await jobs.runDue();
    expect(await digests()).toBe(0);
    t.setNow(athens('2026-12-07T07:29:00'));
    await jobs.runDue();
    expect(await digests()).toBe(0);
    t.setNow(athens('2026-12-07T07:31:00'));
    const from = smtp.received.length;
    expect(await jobs.runDue()).toContain('alerts.digest');
    await jobs.runDue();
    // Another process's scheduler, and the job forced to run again: still one digest each.
    const other = alertScheduler();
    await other.runDue();
    await t.ctx.database.db.execute(sql`update scheduled_jobs set next_run_at = ${athens('2026-12-07T07:00:00')} where name = 'alerts.digest'`);
    expect(await other.runDue()).toContain('alerts.digest');
    await other.stop();
    const got = (await deliveredSince(from)).filter(([, s]) => /Σύνοψη|Digest/.test(s));
    expect(got.map(([to]) => to).sort()).toEqual(['head@example.gr', 'staff@example.gr', 'texniki@example.gov.gr']);
    expect(got.find(([to]) => to === 'head@example.gr')![1]).toMatch(/^Σύνοψη 07\/12\/2026: 0 εκπρόθεσμα, 0 λήγουν σήμερα, \d+ νέα$/);
    expect(got.find(([to]) => to === 'staff@example.gr')![1]).toMatch(/^Digest 07\/12\/2026/);
    const before = await digests();
    t.setNow(athens('2026-12-25T07:31:00')); // Christmas, a Friday
    expect(await jobs.runDue()).toContain('alerts.digest');
    expect(await digests()).toBe(before);
  });

  it('escalation: to the head when the due time passes, to the supervisor two working days later; once each', async () => {
    t.setNow(athens('2026-12-07T09:00:00'));
    const r = await registerRequest(t, operator);
    await t.ctx.database.db.execute(sql`update requests set due_at = ${athens('2026-12-07T23:59:59')} where id = ${r.id}`);
    const from = smtp.received.length;
    // (Requests of the tests above escalated when the clock stood at Christmas: only this one counts here.)
    const escalations = async () => (await deliveredSince(from)).filter(([, s]) => /Εκπρόθεσμο|Κλιμάκωση|Overdue|Escalation/.test(s) && s.includes(r.protocolNumber));
    const force = () => t.ctx.database.db.execute(sql`update scheduled_jobs set next_run_at = '2000-01-01' where name = 'alerts.escalations'`);
    await force();
    await jobs.runDue();
    expect(await escalations()).toEqual([]);
    t.setNow(athens('2026-12-08T08:00:00'));
    await force();
    await jobs.runDue();
    await force();
    await jobs.runDue();
    expect(await escalations()).toEqual([['head@example.gr', `Εκπρόθεσμο αίτημα ${r.protocolNumber}`]]);
    t.setNow(athens('2026-12-09T16:00:00')); // one working day after: not yet
    await force();
    await jobs.runDue();
    expect((await escalations()).length).toBe(1);
    t.setNow(athens('2026-12-10T08:00:00')); // Tuesday and Wednesday have passed
    await force();
    await jobs.runDue();
    await force();
    await jobs.runDue();
    expect(await escalations()).toEqual([
      ['head@example.gr', `Εκπρόθεσμο αίτημα ${r.protocolNumber}`],
      ['supervisor@example.gr', `Κλιμάκωση: το αίτημα ${r.protocolNumber} καθυστερεί 2 εργάσιμες`],
    ]);
  });
});
