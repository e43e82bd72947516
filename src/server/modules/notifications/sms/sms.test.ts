/**
 * The SMPP sender against a real SMPP server (the `smpp` package's own) on 127.0.0.1.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SendError } from '../send-error.js';
import { encodeGsm7, encodeSms, encodeUcs2 } from './sms-encoding.js';
import type { SmsReceipt } from './sms-sender.js';
import { createSmppSender, type SmppSender, type SmppSenderOptions } from './smpp-sender.js';
import { reassemble, TestSmsc } from './test-smsc.js';

const GREEK = 'Το αίτημά σας 2026/000123 ολοκληρώθηκε';
const to = '+306912345678';

let smsc: TestSmsc;
let sender: SmppSender;

function connect(overrides: Partial<SmppSenderOptions> = {}): SmppSender {
  sender = createSmppSender({
    ...smsc.address,
    systemId: 'dimotis',
    password: 'secret',
    ratePerSecond: 1000,
    connectWaitMs: 3000,
    reconnectMinMs: 50,
    reconnectMaxMs: 200,
    ...overrides,
  });
  return sender;
}

beforeEach(async () => {
  smsc = await TestSmsc.start();
});

afterEach(async () => {
  await sender?.close();
  await smsc.stop();
});

describe('bytes on the wire', () => {
  it('GSM-7 one septet per octet, extension characters escaped; UCS-2 big-endian', () => {
    expect([...encodeGsm7('AΣ@€{')]).toEqual([0x41, 0x18, 0x00, 0x1b, 0x65, 0x1b, 0x28]);
    expect([...encodeUcs2('Αω😀')]).toEqual([0x03, 0x91, 0x03, 0xc9, 0xd8, 0x3d, 0xde, 0x00]);
  });

  it('concatenated parts carry a 6-octet UDH and fit a short_message', () => {
    const gsm = encodeSms('€'.repeat(300), 'gsm7', 7);
    expect(gsm).toMatchObject({ dataCoding: 0, esmClass: 0x40 });
    expect(gsm.parts.map((p) => [...p.subarray(0, 6)])).toEqual([1, 2, 3, 4].map((seq) => [5, 0, 3, 7, 4, seq]));
    expect(Math.max(...gsm.parts.map((p) => p.length))).toBeLessThanOrEqual(6 + 153);
    const ucs2 = encodeSms('ω'.repeat(140), 'ucs2', 255);
    expect(ucs2.parts.map((p) => p.length)).toEqual([6 + 134, 6 + 134, 6 + 12]);
    expect(encodeSms('short', 'gsm7', 1)).toMatchObject({ esmClass: 0, parts: [Buffer.from('short')] });
  });
});

describe('SMPP submit_sm', () => {
  it('sends Greek as UCS-2 (data_coding 8) with the sender ID alphanumeric and the number international', async () => {
    const result = await connect().send({ to, text: GREEK, senderId: 'Dimos', greekAsGsm7: false });
    expect(result).toMatchObject({ providerId: 'M1', parts: 1, encoding: 'ucs2' });
    const [sms] = smsc.received;
    expect(sms!.text).toBe(GREEK);
    expect(sms!.pdu).toMatchObject({
      data_coding: 8, esm_class: 0, registered_delivery: 1,
      source_addr: 'Dimos', source_addr_ton: 5, source_addr_npi: 0,
      destination_addr: '306912345678', dest_addr_ton: 1, dest_addr_npi: 1,
    });
  });

  it('with Greek as GSM-7 on, sends unaccented capitals as data_coding 0', async () => {
    const result = await connect().send({ to, text: GREEK, senderId: '+302810000000', greekAsGsm7: true });
    expect(result.encoding).toBe('gsm7');
    const [sms] = smsc.received;
    // Decoded by the package's own GSM 03.38 table: an independent check of the bytes on the wire.
    expect(sms!.text).toBe('TO AITHMA ΣAΣ 2026/000123 OΛOKΛHPΩΘHKE');
    expect(sms!.pdu).toMatchObject({ data_coding: 0, source_addr: '302810000000', source_addr_ton: 1 });
  });

  it('splits 400 Greek characters into 6 UCS-2 parts with one reference and sequence 1..6', async () => {
    const text = 'Ενημέρωση για το αίτημά σας. '.repeat(14).slice(0, 400);
    const result = await connect().send({ to, text, senderId: 'Dimos', greekAsGsm7: false });
    expect(result).toMatchObject({ parts: 6, encoding: 'ucs2', providerId: 'M1' });
    expect(result.providerIds).toEqual(['M1', 'M2', 'M3', 'M4', 'M5', 'M6']);
    const udhs = smsc.received.map((r) => [...r.udh!]);
    const ref = udhs[0]![2];
    expect(udhs).toEqual([1, 2, 3, 4, 5, 6].map((seq) => [0x00, 0x03, ref, 6, seq]));
    for (const r of smsc.received) expect(r.pdu).toMatchObject({ esm_class: 0x40, data_coding: 8 });
    expect(reassemble(smsc.received)).toEqual([text]);
  });

  it('splits 400 GSM-7 characters into 3 parts, an extension character never cut from its escape', async () => {
    const text = ('Request 2026/000123 {closed} costs 5€. ').repeat(11).slice(0, 400);
    const result = await connect().send({ to, text, senderId: 'Dimos', greekAsGsm7: false });
    expect(result).toMatchObject({ parts: 3, encoding: 'gsm7' });
    expect(smsc.received.map((r) => r.udh![3])).toEqual([3, 3, 3]);
    expect(smsc.received.every((r) => r.pdu.data_coding === 0 && r.pdu.esm_class === 0x40)).toBe(true);
    expect(reassemble(smsc.received)).toEqual([text]);
  });

  it('a second long message gets another reference', async () => {
    connect();
    const text = 'x'.repeat(200);
    await sender.send({ to, text, senderId: 'Dimos', greekAsGsm7: false });
    await sender.send({ to, text, senderId: 'Dimos', greekAsGsm7: false });
    expect(new Set(smsc.received.map((r) => r.udh![2])).size).toBe(2);
    expect(reassemble(smsc.received)).toEqual([text, text]);
  });
});

describe('errors', () => {
  it('an invalid destination refused by the SMSC is permanent, throttling is retryable', async () => {
    smsc.refuse.set('306900000000', 0x0b);
    smsc.refuse.set('306900000001', 0x58);
    connect();
    const permanent = await sender.send({ to: '+306900000000', text: 'a', senderId: 'Dimos', greekAsGsm7: false }).catch((e: unknown) => e);
    expect(permanent).toBeInstanceOf(SendError);
    expect(permanent).toMatchObject({ retryable: false, code: 'ESME_RINVDSTADR' });
    const throttled = await sender.send({ to: '+306900000001', text: 'a', senderId: 'Dimos', greekAsGsm7: false }).catch((e: unknown) => e);
    expect(throttled).toMatchObject({ retryable: true, code: 'ESME_RTHROTTLED' });
  });

  it('a number that is not E.164 or an over-long sender ID is refused before the SMSC', async () => {
    connect();
    await expect(sender.send({ to: '6912345678', text: 'a', senderId: 'Dimos', greekAsGsm7: false })).rejects.toMatchObject({ retryable: false });
    await expect(sender.send({ to, text: 'a', senderId: 'DimosHrakleiou', greekAsGsm7: false })).rejects.toMatchObject({ retryable: false });
    expect(smsc.received).toHaveLength(0);
  });
});

describe('delivery receipts', () => {
  it('reports DELIVRD as delivered and UNDELIV as failed, and acknowledges each', async () => {
    const receipts: SmsReceipt[] = [];
    connect().onReceipt((r) => receipts.push(r));
    const { providerId } = await sender.send({ to, text: 'a', senderId: 'Dimos', greekAsGsm7: false });
    expect(await smsc.sendReceipt(providerId, 'DELIVRD')).toBe(0);
    expect(await smsc.sendReceipt('M99', 'UNDELIV', { tlv: true })).toBe(0);
    expect(await smsc.sendReceipt('M98', 'ENROUTE')).toBe(0);
    expect(receipts).toEqual([
      { providerId: 'M1', status: 'delivered' },
      { providerId: 'M99', status: 'failed', error: 'UNDELIV err:001' },
    ]);
  });

  it("a later part's failure is reported under the message's id; a failing callback asks for redelivery", async () => {
    const receipts: SmsReceipt[] = [];
    connect().onReceipt((r) => receipts.push(r));
    await sender.send({ to, text: 'x'.repeat(200), senderId: 'Dimos', greekAsGsm7: false });
    await smsc.sendReceipt('M2', 'DELIVRD');
    await smsc.sendReceipt('M2', 'EXPIRED');
    expect(receipts).toEqual([{ providerId: 'M1', status: 'failed', error: 'EXPIRED err:001' }]);
    sender.onReceipt(() => Promise.reject(new Error('database down')));
    expect(await smsc.sendReceipt('M1', 'DELIVRD')).toBe(0x64);
  });
});

describe('connection', () => {
  it('SMSC down: sends fail retryably, the client re-binds, retries deliver every message exactly once', async () => {
    connect({ connectWaitMs: 400 });
    await sender.send({ to, text: 'before', senderId: 'Dimos', greekAsGsm7: false });
    await smsc.stop();
    const texts = [1, 2, 3, 4, 5].map((n) => `message ${n}`);
    const restart = new Promise((r) => setTimeout(r, 1000)).then(() => smsc.restart());
    const failures: unknown[] = [];
    const sendUntilDone = async (text: string) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await sender.send({ to, text, senderId: 'Dimos', greekAsGsm7: false });
        } catch (err) {
          failures.push(err);
          if (!(err instanceof SendError && err.retryable) || attempt === 20) throw err;
        }
      }
    };
    await Promise.all([restart, ...texts.map(sendUntilDone)]);
    expect(failures.length).toBeGreaterThanOrEqual(5);
    expect(failures.every((e) => e instanceof SendError && e.retryable)).toBe(true);
    expect(smsc.binds).toBe(2);
    expect(smsc.received.map((r) => r.text).sort()).toEqual(['before', ...texts].sort());
  });

  it('keeps the bind alive with enquire_link and re-binds when the SMSC stops answering', async () => {
    connect({ enquireLinkMs: 100, responseTimeoutMs: 150 });
    await sender.send({ to, text: 'a', senderId: 'Dimos', greekAsGsm7: false });
    await vi.waitFor(() => expect(smsc.enquireLinks).toBeGreaterThanOrEqual(2), { timeout: 2000, interval: 10 });
    expect(smsc.binds).toBe(1);
    smsc.answerEnquireLink = false;
    await vi.waitFor(() => expect(smsc.binds).toBe(2), { timeout: 2000, interval: 10 });
    smsc.answerEnquireLink = true;
    await sender.send({ to, text: 'b', senderId: 'Dimos', greekAsGsm7: false });
    expect(smsc.received.map((r) => r.text)).toEqual(['a', 'b']);
  });

  it('close() unbinds, and send() afterwards fails as retryable', async () => {
    connect();
    await sender.send({ to, text: 'a', senderId: 'Dimos', greekAsGsm7: false });
    await sender.close();
    expect(smsc.unbinds).toBe(1);
    await expect(sender.send({ to, text: 'b', senderId: 'Dimos', greekAsGsm7: false })).rejects.toMatchObject({ retryable: true });
  });

  it('throttles: 20 messages at 10 per second take at least 1.9 s', async () => {
    connect({ ratePerSecond: 10 });
    await sender.send({ to, text: 'warm-up', senderId: 'Dimos', greekAsGsm7: false });
    await new Promise((r) => setTimeout(r, 150)); // let the bucket refill its one token
    const started = Date.now();
    await Promise.all(Array.from({ length: 20 }, (_, i) => sender.send({ to, text: `n${i}`, senderId: 'Dimos', greekAsGsm7: false })));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(1850);
    expect(elapsed).toBeLessThan(5000);
    expect(smsc.received).toHaveLength(21);
  });
});
