/**
 * Staff alerts and live events across two server processes (child processes on one PostgreSQL
 * database, each with its HTTP server, outbox worker and scheduled jobs): every alert arrives at
 * the SMTP server exactly once, through a graceful restart of both; an event caused in process A
 * reaches a browser stream connected to process B. Needs PostgreSQL (PGlite serves one process).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testDatabaseUrl } from '../../config.js';
import { queryRows } from '../../db/client.js';
import { categoryId, registerRequest, staff, startTestApp, type Session, type TestApp } from '../../test/harness.js';
import { connectSse } from '../../test/sse-client.js';
import { TestSmtp } from '../notifications/email/test-smtp.js';

const CHILD = fileURLToPath(new URL('../../test/alerts-process.ts', import.meta.url));
const athens = (local: string) => new Date(`${local}+02:00`);

interface Child { process: ChildProcess; port: number; exited: Promise<unknown> }

async function spawnServer(url: string, smtpUrl: string, clock: Date | 'real'): Promise<Child> {
  const args = [CHILD, url, smtpUrl, clock === 'real' ? 'real' : clock.toISOString(), JSON.stringify({ ALERTS_SUPERVISOR_AFTER_WORKING_DAYS: '2' })];
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      const m = /ready (\d+)/.exec(d.toString());
      if (m) resolve(Number(m[1]));
    });
    void exited.then((c) => reject(new Error(`server exited before it was ready: ${c}`)));
  });
  return { process: child, port, exited };
}

async function stopAll(children: Child[]): Promise<void> {
  for (const c of children) c.process.kill('SIGTERM');
  await Promise.all(children.map((c) => c.exited));
}

describe.skipIf(!testDatabaseUrl())('two server processes (PostgreSQL)', () => {
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await TestSmtp.start();
  });
  afterAll(() => smtp?.stop());

  it('urgent, digest and escalations each arrive exactly once, across a restart of both', { timeout: 180_000 }, async () => {
    const t: TestApp = await startTestApp();
    try {
      const db = t.ctx.database.db;
      const operator = await staff(t, 'operator');
      const head = await staff(t, 'department_head', ['technical']);
      const staffer = await staff(t, 'department_staff', ['technical']);
      const supervisor = await staff(t, 'supervisor');
      for (const [s, email] of [[head, 'head@example.gr'], [staffer, 'staff@example.gr'], [supervisor, 'supervisor@example.gr']] as const) {
        await db.execute(sql`update users set email = ${email} where id = ${s.userId}`);
      }
      t.setNow(athens('2026-12-04T10:00:00')); // Friday
      const urgent = await registerRequest(t, operator, { priority: 'urgent' });
      const late = await registerRequest(t, operator);
      await db.execute(sql`update requests set due_at = ${athens('2026-12-04T23:59:59')} where id = ${late.id}`);

      const staffRows = async () => queryRows<{ event: string; recipient: string; status: string; day: string | null; request_id: string | null }>(db, sql`
        select event, recipient, status, data->>'date' as day, request_id from notifications where audience = 'staff'`);
      const settled = (want: (rows: Awaited<ReturnType<typeof staffRows>>) => boolean) =>
        vi.waitFor(async () => {
          const rows = await staffRows();
          expect(rows.every((r) => r.status === 'sent')).toBe(true);
          expect(want(rows)).toBe(true);
          expect(smtp.received.length).toBe(rows.length);
        }, { timeout: 60_000, interval: 200 });
      const subjects = async () => Promise.all(smtp.received.map(async (m) => `${m.rcptTo.join(',')} ${(await smtp.parse(m)).subject}`));

      // Monday 07:31 in Athens, in both processes at once.
      let servers = await Promise.all([spawnServer(t.db.url!, smtp.url, athens('2026-12-07T07:31:00')), spawnServer(t.db.url!, smtp.url, athens('2026-12-07T07:31:00'))]);
      await settled((rows) => rows.filter((r) => r.event === 'alert_digest').length === 3 && rows.some((r) => r.event === 'alert_escalation_head'));
      await stopAll(servers);
      // Restart both on Thursday 08:00: Tuesday and Wednesday have passed since the due day.
      servers = await Promise.all([spawnServer(t.db.url!, smtp.url, athens('2026-12-10T08:00:00')), spawnServer(t.db.url!, smtp.url, athens('2026-12-10T08:00:00'))]);
      await settled((rows) => rows.some((r) => r.event === 'alert_escalation_supervisor') && rows.filter((r) => r.event === 'alert_digest').length === 6);
      // A little longer, for any second copy to show itself.
      await new Promise((r) => setTimeout(r, 1500));
      await stopAll(servers);

      expect([...smtp.countByMessageId().values()].every((n) => n === 1)).toBe(true);
      const got = (await subjects()).sort();
      const count = (re: RegExp) => got.filter((s) => re.test(s)).length;
      expect(count(new RegExp(`^head@example.gr Επείγον αίτημα ${urgent.protocolNumber}`))).toBe(1);
      expect(count(new RegExp(`^texniki@example.gov.gr Επείγον αίτημα ${urgent.protocolNumber}`))).toBe(1);
      expect(count(new RegExp(`^head@example.gr Εκπρόθεσμο αίτημα ${late.protocolNumber}$`))).toBe(1);
      expect(count(new RegExp(`^supervisor@example.gr Κλιμάκωση: το αίτημα ${late.protocolNumber} καθυστερεί 3 εργάσιμες$`))).toBe(1);
      expect(count(/Επείγον|Εκπρόθεσμο|Κλιμάκωση/)).toBe(4);
      for (const who of ['head@example.gr', 'staff@example.gr', 'texniki@example.gov.gr']) {
        expect(count(new RegExp(`^${who} Σύνοψη 07/12/2026`))).toBe(1);
        expect(count(new RegExp(`^${who} Σύνοψη 10/12/2026`))).toBe(1);
      }
      expect(got.length).toBe(4 + 6);
    } finally {
      await t.close();
    }
  });

  it('an event caused in process A reaches a stream connected to process B, and only the department concerned', { timeout: 120_000 }, async () => {
    const t = await startTestApp();
    const servers = await Promise.all([spawnServer(t.db.url!, smtp.url, 'real'), spawnServer(t.db.url!, smtp.url, 'real')]);
    try {
      const [a, b] = servers as [Child, Child];
      const operator = await staff(t, 'operator');
      const head = await staff(t, 'department_head', ['technical']);
      const green = await staff(t, 'department_staff', ['green']);
      const techStream = await connectSse(`http://127.0.0.1:${b.port}`, head.cookie);
      const greenStream = await connectSse(`http://127.0.0.1:${b.port}`, green.cookie);
      const create = async (s: Session, body: object) => {
        const res = await fetch(`http://127.0.0.1:${a.port}/api/requests`, { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' }, body: JSON.stringify(body) });
        expect(res.status).toBe(201);
        return (await res.json()) as { id: string };
      };
      const base = { channel: 'phone', description: 'Λακκούβα', citizen: { fullName: 'Μαρία Κ.', phone: '6944000001' } };
      const tree = await create(operator, { ...base, categoryId: await categoryId(t, 'trees') });
      const road = await create(operator, { ...base, categoryId: await categoryId(t, 'road-damage') });
      await techStream.waitFor((e) => e.event === 'requests' && e.data.requestId === road.id);
      await greenStream.waitFor((e) => e.event === 'requests' && e.data.requestId === tree.id);
      expect(techStream.events.some((e) => e.data.requestId === tree.id)).toBe(false);
      expect(greenStream.events.some((e) => e.data.requestId === road.id)).toBe(false);
      techStream.close();
      greenStream.close();
    } finally {
      await stopAll(servers);
      await t.close();
    }
  });
});
