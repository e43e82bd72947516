/**
 * The outbox to a real SMTP server (smtp-server on 127.0.0.1): the Greek e-mail a citizen gets,
 * read back with mailparser, byte for byte; and what the worker does with a permanent (5xx) and a
 * temporary (4xx) refusal.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { queryRows } from '../../db/client.js';
import { startNotificationWorker, type NotificationWorker } from '../../jobs/notification-worker.js';
import { registerRequest, staff, startTestApp, testConfig, type Session, type TestApp } from '../../test/harness.js';
import { createEmailSender, type EmailSender } from './email/email-sender.js';
import { TestSmtp } from './email/test-smtp.js';

const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

let t: TestApp;
let operator: Session;
let smtp: TestSmtp;
let sender: EmailSender;
let worker: NotificationWorker;

interface Row { id: number; status: string; attempts: number; subject: string | null; body: string | null; provider_id: string | null; last_error: string | null; sent_at: Date | null; retry_in_s: number }

async function emailRowOf(requestId: string): Promise<Row> {
  const [row] = await queryRows<Row>(t.ctx.database.db, sql`
    select id::int, status, attempts, subject, body, provider_id, last_error, sent_at,
      extract(epoch from next_attempt_at - now())::float as retry_in_s
    from notifications where request_id = ${requestId} and channel = 'email'`);
  return row!;
}

async function waitForStatus(requestId: string, status: string): Promise<Row> {
  await vi.waitFor(async () => expect((await emailRowOf(requestId)).status).toBe(status), { timeout: 15_000, interval: 20 });
  return emailRowOf(requestId);
}

const register = (email: string) => registerRequest(t, operator, { citizen: { fullName: 'Ελένη Κατσαράκη', email, emailConsent: true } });

beforeAll(async () => {
  t = await startTestApp();
  operator = await staff(t, 'operator');
  await t.ctx.database.db.execute(sql`insert into settings (key, value) values ('municipality', ${JSON.stringify({ logoUrl: `data:image/png;base64,${PNG_1PX}` })}::jsonb)`);
  smtp = await TestSmtp.start();
  sender = createEmailSender({ url: smtp.url, from: 'Δήμος Ηρακλείου <no-reply@heraklion.gr>', replyTo: 'aitimata+{protocol}@heraklion.gr', ignoreTLS: true });
  worker = startNotificationWorker(t.ctx.database.db, testConfig({ PUBLIC_URL: 'https://aitimata.heraklion.gr' }), { sms: null, email: sender }, { pollMs: 20 });
});
afterAll(async () => {
  await worker?.stop();
  await sender?.close();
  await smtp?.stop();
  await t?.close();
});

describe('a Greek e-mail through SMTP', () => {
  it('arrives with From, To, Subject, Reply-To and Message-ID right, text and HTML parts, logo, and the Greek exact', async () => {
    const r = await register('Eleni.K@Example.gr');
    const row = await waitForStatus(r.id, 'sent');
    const [year, seq] = r.protocolNumber.split('/') as [string, string];
    const messageId = `<notification-${row.id}@heraklion.gr>`;
    expect(row).toMatchObject({ attempts: 1, provider_id: messageId, last_error: null, subject: `Αίτημα ${r.protocolNumber}: καταχωρίστηκε` });
    expect(row.sent_at).not.toBeNull();

    const received = smtp.received.filter((m) => m.messageId === messageId);
    expect(received).toHaveLength(1);
    expect(received[0]!.rcptTo).toEqual(['eleni.k@example.gr']);
    const head = received[0]!.raw.toString('latin1').split('\r\n\r\n')[0]!;
    // 7-bit headers: Greek travels as RFC 2047 encoded words, never as raw 8-bit bytes.
    expect(head).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im);
    expect(head).toMatch(/^From: =\?UTF-8\?[BQ]\?[^?]+\?=\s+<no-reply@heraklion\.gr>/im);
    expect(/[\u0080-\u00ff]/.test(head)).toBe(false);

    const mail = await smtp.parse(received[0]!);
    expect(mail.from!.value).toEqual([{ name: 'Δήμος Ηρακλείου', address: 'no-reply@heraklion.gr' }]);
    expect((Array.isArray(mail.to) ? mail.to[0]! : mail.to!).value).toEqual([{ name: '', address: 'eleni.k@example.gr' }]);
    expect(mail.subject).toBe(`Αίτημα ${r.protocolNumber}: καταχωρίστηκε`);
    expect(mail.replyTo!.value).toEqual([{ name: '', address: `aitimata+${year}-${seq}@heraklion.gr` }]);
    expect(mail.messageId).toBe(messageId);
    expect(mail.headers.get('x-dimotis-protocol')).toBe(r.protocolNumber);

    // The text part is the stored body, to the last accent.
    expect(mail.text!.replace(/\n$/, '')).toBe(row.body);
    expect(row.body).toContain(`Το αίτημά σας καταχωρίστηκε με αριθμό πρωτοκόλλου ${r.protocolNumber}.`);
    expect(row.body).toContain('Κατηγορία: Φθορές οδοστρώματος (λακκούβες κ.λπ.)');
    const link = `https://aitimata.heraklion.gr/track/${year}/${Number(seq)}`;
    expect(row.body).toContain(`Δήμος Ηρακλείου\nΤηλ. 2813 409409\nΠαρακολούθηση: ${link}`);

    const html = mail.html as string;
    expect(html).toContain('<strong style="font-size:18px">Δήμος Ηρακλείου</strong>');
    expect(html).toContain(`Το αίτημά σας καταχωρίστηκε με αριθμό πρωτοκόλλου ${r.protocolNumber}.<br>Κατηγορία: Φθορές οδοστρώματος (λακκούβες κ.λπ.)<br>`);
    expect(html).toContain(`<a href="${link}">${link}</a>`);
    expect(html).toContain('<html lang="el">');
    // The logo travels inline; mailparser replaces cid:logo in the HTML with its data URL.
    expect(mail.attachments.map((a) => ({ cid: a.cid, type: a.contentType, bytes: a.content.toString('base64') }))).toEqual([{ cid: 'logo', type: 'image/png', bytes: PNG_1PX }]);
  });

  it('Greek in every script form round-trips exactly: accents, dialytika, final sigma, capitals, symbols', async () => {
    const r = await register('tonoi@example.gr');
    await waitForStatus(r.id, 'sent');
    const note = 'Ϊδρυμα, ΰψος, αϋπνία, «εισαγωγικά» — ΤΕΛΟΣ ς; €5 ≥ 3 😀';
    const head = await staff(t, 'department_head', ['technical']);
    const res = await head.post(`/api/requests/${r.id}/notes`, { body: note, visibility: 'public' });
    expect(res.status).toBe(200);
    await vi.waitFor(async () => {
      const rows = await queryRows<{ status: string }>(t.ctx.database.db, sql`select status from notifications where request_id = ${r.id} and event = 'public_update'`);
      expect(rows.map((x) => x.status)).toEqual(['sent']);
    }, { timeout: 15_000, interval: 20 });
    const [row] = await queryRows<{ id: number; body: string }>(t.ctx.database.db, sql`select id::int, body from notifications where request_id = ${r.id} and event = 'public_update'`);
    const mail = await smtp.parse(smtp.received.find((m) => m.messageId === `<notification-${row!.id}@heraklion.gr>`)!);
    expect(mail.subject).toBe(`Αίτημα ${r.protocolNumber}: ενημέρωση`);
    expect(mail.text!.replace(/\n$/, '')).toBe(row!.body);
    expect(row!.body).toContain(`:\n${note}\n`);
    expect(mail.html).toContain('«εισαγωγικά» — ΤΕΛΟΣ ς; €5 ≥ 3 😀');
  });
});

describe('the connection pool', () => {
  it('keeps a few connections open for many messages instead of one per message', async () => {
    const before = smtp.connections;
    const r = await register('pool.0@example.gr');
    await t.ctx.database.db.execute(sql`
      insert into notifications (request_id, channel, event, recipient)
      select ${r.id}, 'email', 'public_update', 'pool.' || g || '@example.gr' from generate_series(1, 40) g`);
    await vi.waitFor(async () => {
      const [left] = await queryRows<{ n: number }>(t.ctx.database.db, sql`select count(*)::int as n from notifications where request_id = ${r.id} and status <> 'sent'`);
      expect(left!.n).toBe(0);
    }, { timeout: 30_000, interval: 50 });
    expect(smtp.connections - before).toBeLessThanOrEqual(8);
  });
});

describe('refusals', () => {
  it("550 at RCPT TO: 'failed' for good, with the server's answer in last_error", async () => {
    smtp.refuse.set('gone@example.gr', 550);
    const r = await register('gone@example.gr');
    const row = await waitForStatus(r.id, 'failed');
    expect(row).toMatchObject({ attempts: 1, provider_id: null });
    expect(row.last_error).toMatch(/550/);
    expect(smtp.received.some((m) => m.rcptTo.includes('gone@example.gr'))).toBe(false);
  });

  it('451 at RCPT TO: queued again with attempts + 1 and a later next_attempt_at; sent once the server takes it', async () => {
    smtp.refuse.set('busy@example.gr', 451);
    const r = await register('busy@example.gr');
    await vi.waitFor(async () => expect((await emailRowOf(r.id)).last_error).toMatch(/451/), { timeout: 15_000, interval: 20 });
    const row = await emailRowOf(r.id);
    expect(row).toMatchObject({ status: 'queued', attempts: 1, provider_id: null });
    // First retry after 10 s ± 20 %.
    expect(row.retry_in_s).toBeGreaterThan(7);
    expect(row.retry_in_s).toBeLessThan(12.5);

    smtp.refuse.delete('busy@example.gr');
    await t.ctx.database.db.execute(sql`update notifications set next_attempt_at = now() where id = ${row.id}`);
    const sent = await waitForStatus(r.id, 'sent');
    expect(sent).toMatchObject({ attempts: 2, last_error: null, provider_id: `<notification-${row.id}@heraklion.gr>` });
    expect(smtp.received.filter((m) => m.rcptTo.includes('busy@example.gr'))).toHaveLength(1);
  });

  it('after maxAttempts temporary refusals the row is failed', async () => {
    await worker.stop(); // this test's worker alone, with its own limit
    smtp.refuse.set('always-busy@example.gr', 451);
    const r = await register('always-busy@example.gr');
    const limited = startNotificationWorker(t.ctx.database.db, testConfig(), { sms: null, email: sender }, { pollMs: 20, maxAttempts: 3 });
    try {
      for (let attempt = 1; attempt < 3; attempt++) {
        await vi.waitFor(async () => expect(await emailRowOf(r.id)).toMatchObject({ status: 'queued', attempts: attempt }), { timeout: 15_000, interval: 20 });
        await t.ctx.database.db.execute(sql`update notifications set next_attempt_at = now() where request_id = ${r.id} and channel = 'email'`);
      }
      const row = await waitForStatus(r.id, 'failed');
      expect(row.attempts).toBe(3);
      expect(row.last_error).toMatch(/451/);
    } finally {
      await limited.stop();
    }
  });
});
