/**
 * The outbox to a real SMPP server (test-smsc.ts) through the SMPP sender: Greek as UCS-2 or as
 * GSM-7 capitals, delivery receipts, refusals, and an SMSC that is down for a while: messages
 * wait and then each arrives exactly once.
 */
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { smsSegments } from '../../../shared/sms.js';
import type { Config } from '../../config.js';
import { queryRows } from '../../db/client.js';
import { startNotificationWorker, type NotificationWorker } from '../../jobs/notification-worker.js';
import { registerRequest, staff, startTestApp, testConfig, type Session, type TestApp } from '../../test/harness.js';
import { createSmppSender, type SmppSender } from './sms/smpp-sender.js';
import { reassemble, TestSmsc } from './sms/test-smsc.js';

let t: TestApp;
let operator: Session;
let smsc: TestSmsc;
let sender: SmppSender;
let worker: NotificationWorker | undefined;
let phoneCounter = 0;

interface Row { id: number; status: string; attempts: number; body: string | null; segments: number | null; encoding: string | null; provider_id: string | null; last_error: string | null; delivered: boolean; retry_in_s: number }

const smsRowsOf = (requestIds: string[]) => queryRows<Row>(t.ctx.database.db, sql`
  select id::int, status, attempts, body, segments, encoding, provider_id, last_error, delivered_at is not null as delivered,
    extract(epoch from next_attempt_at - now())::float as retry_in_s
  from notifications where channel = 'sms' and request_id in ${requestIds} order by id`);

async function waitForStatus(requestIds: string[], status: string): Promise<Row[]> {
  await vi.waitFor(async () => expect((await smsRowsOf(requestIds)).map((r) => r.status)).toEqual(requestIds.map(() => status)), { timeout: 20_000, interval: 20 });
  return smsRowsOf(requestIds);
}

/** Registers a request for a citizen with a mobile of their own (so the SMSC's messages can be told apart) and SMS consent. */
async function register(): Promise<{ id: string; protocolNumber: string; destination: string }> {
  const phone = `69770${String(++phoneCounter).padStart(5, '0')}`;
  const r = await registerRequest(t, operator, { citizen: { fullName: 'Κώστας Μανωλάκης', phone, smsConsent: true } });
  return { ...r, destination: `30${phone}` };
}

/** The texts the SMSC received for one destination, concatenated parts joined. */
const textsTo = (destination: string) => reassemble(smsc.received.filter((r) => r.pdu.destination_addr === destination));

function startWorker(config: Config = testConfig()): void {
  worker = startNotificationWorker(t.ctx.database.db, config, { sms: sender, email: null }, { pollMs: 20 });
}

beforeAll(async () => {
  t = await startTestApp();
  operator = await staff(t, 'operator');
  smsc = await TestSmsc.start();
  sender = createSmppSender({ ...smsc.address, systemId: 'dimotis', password: 'secret', ratePerSecond: 1000, connectWaitMs: 300, reconnectMinMs: 50, reconnectMaxMs: 200 });
});
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
});
afterAll(async () => {
  await sender?.close();
  await smsc?.stop();
  await t?.close();
});

describe('a Greek SMS through SMPP', () => {
  it('goes as UCS-2 (data_coding 8) in concatenated parts, and the phone reassembles the stored text exactly', async () => {
    startWorker();
    const r = await register();
    const [row] = await waitForStatus([r.id], 'sent');
    const parts = smsc.received.filter((x) => x.pdu.destination_addr === r.destination);
    expect(row).toMatchObject({ attempts: 1, encoding: 'ucs2', segments: parts.length, provider_id: parts[0]!.messageId, last_error: null });
    expect(parts.length).toBe(smsSegments(row!.body!).segments);
    for (const p of parts) expect(p.pdu).toMatchObject({ data_coding: 8, source_addr: 'Dimos', source_addr_ton: 5, dest_addr_ton: 1, registered_delivery: 1 });
    expect(textsTo(r.destination)).toEqual([row!.body]);
    expect(row!.body).toMatch(new RegExp(`^Δήμος Ηρακλείου: Το αίτημά σας καταχωρίστηκε με αρ\\. ${r.protocolNumber}\\. Παρακολούθηση: `));
  });

  it('with SMS_GREEK_AS_GSM7=true goes as GSM-7 capitals (data_coding 0) in one part', async () => {
    startWorker(testConfig({ SMS_GREEK_AS_GSM7: 'true' }));
    const r = await register();
    const [row] = await waitForStatus([r.id], 'sent');
    const parts = smsc.received.filter((x) => x.pdu.destination_addr === r.destination);
    expect(row).toMatchObject({ encoding: 'gsm7', segments: 1 });
    expect(parts.map((p) => p.pdu.data_coding)).toEqual([0]);
    const [text] = textsTo(r.destination);
    expect(text).toBe(smsSegments(row!.body!, { greekAsGsm7: true }).text);
    expect(text).toMatch(/^ΔHMOΣ HPAKΛEIOY: TO AITHMA ΣAΣ KATAXΩPIΣTHKE ME AP\. /);
    expect(text).not.toMatch(/[α-ωάέήίόύώϊϋΐΰ]/);
  });
});

describe('delivery receipts', () => {
  it("DELIVRD marks the row 'delivered'; a later part's UNDELIV marks its message 'failed'", async () => {
    startWorker();
    const [a, b] = [await register(), await register()];
    const [rowA, rowB] = await waitForStatus([a.id, b.id], 'sent');
    expect(await smsc.sendReceipt(rowA!.provider_id!, 'DELIVRD')).toBe(0);
    const secondPartOfB = smsc.received.filter((x) => x.pdu.destination_addr === b.destination)[1]!.messageId;
    expect(await smsc.sendReceipt(secondPartOfB, 'UNDELIV')).toBe(0);
    const [deliveredA, failedB] = await smsRowsOf([a.id, b.id]);
    expect(deliveredA).toMatchObject({ status: 'delivered', delivered: true });
    expect(failedB).toMatchObject({ id: rowB!.id, status: 'failed', delivered: false, last_error: 'UNDELIV err:001' });
    // A receipt repeated by the SMSC changes nothing and is acknowledged at once, not after a second of retries.
    const repeated = performance.now();
    expect(await smsc.sendReceipt(rowA!.provider_id!, 'DELIVRD')).toBe(0);
    expect(performance.now() - repeated).toBeLessThan(150);
    expect((await smsRowsOf([a.id]))[0]).toMatchObject({ status: 'delivered' });
  });
});

describe('refusals and an SMSC that is down', () => {
  it('a refused destination fails for good; throttling re-queues with back-off', async () => {
    const [bad, throttled] = [await register(), await register()];
    smsc.refuse.set(bad.destination, 0x0b);
    smsc.refuse.set(throttled.destination, 0x58);
    startWorker();
    await vi.waitFor(async () => expect((await smsRowsOf([bad.id, throttled.id])).map((r) => r.last_error)).toEqual([expect.stringContaining('ESME_RINVDSTADR'), expect.stringContaining('ESME_RTHROTTLED')]), { timeout: 20_000, interval: 20 });
    const [b, th] = await smsRowsOf([bad.id, throttled.id]);
    expect(b).toMatchObject({ status: 'failed', attempts: 1 });
    expect(th).toMatchObject({ status: 'queued', attempts: 1 });
    expect(th!.retry_in_s).toBeGreaterThan(7);
    smsc.refuse.clear();
  });

  it('SMSC down: messages stay queued for a retry; when it is back every message arrives exactly once', async () => {
    await smsc.stop();
    startWorker();
    const requests = [];
    for (let i = 0; i < 6; i++) requests.push(await register());
    const ids = requests.map((r) => r.id);
    // Each send waits connectWaitMs for a bind, then the row goes back to the queue with back-off.
    await vi.waitFor(async () => expect((await smsRowsOf(ids)).every((r) => r.status === 'queued' && r.attempts === 1)).toBe(true), { timeout: 20_000, interval: 20 });
    for (const row of await smsRowsOf(ids)) {
      expect(row.last_error).toMatch(/not reachable|not connected|dropped/);
      expect(row.retry_in_s).toBeGreaterThan(5);
    }
    // Nothing is tried again before its time.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await smsRowsOf(ids)).every((r) => r.status === 'queued' && r.attempts === 1)).toBe(true);
    const before = smsc.received.length;
    const binds = smsc.binds;

    await smsc.restart();
    await vi.waitFor(() => expect(smsc.binds).toBe(binds + 1), { timeout: 5000, interval: 20 });
    // The back-off is 10 s; bring the retry forward rather than wait for it.
    await t.ctx.database.db.execute(sql`update notifications set next_attempt_at = now() where request_id in ${ids}`);
    const rows = await waitForStatus(ids, 'sent');
    expect(rows.every((r) => r.attempts === 2)).toBe(true);
    // Counted at the SMSC, by notification: each message once, none lost.
    const texts = reassemble(smsc.received.slice(before));
    expect(texts.sort()).toEqual(rows.map((r) => r.body).sort());
    for (const r of requests) expect(texts.filter((x) => x.includes(r.protocolNumber))).toHaveLength(1);
  });
});
