/**
 * Delivery reports posted by an HTTP SMS aggregator to /api/public/sms-receipts/<token>: the secret
 * token, JSON / form / query string, the configured paths and status names, and what they change.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../db/client.js';
import { registerRequest, staff, startTestApp, type TestApp } from '../../../test/harness.js';

const TOKEN = 'rcpt_9f8e7d6c5b4a3f2e1d0c9b8a';
let t: TestApp;
let requestId: string;

beforeAll(async () => {
  t = await startTestApp(undefined, {
    SMS_PROVIDER: 'http',
    SMS_HTTP_URL: 'http://127.0.0.1:9/sms',
    SMS_HTTP_RECEIPT_TOKEN: TOKEN,
    SMS_HTTP_FIELDS: JSON.stringify({ receipt: { idPath: 'messageId', statusPath: 'status', errorPath: 'error.text' } }),
  });
  requestId = (await registerRequest(t, await staff(t, 'operator'))).id;
});
afterAll(() => t.close());

/** A message already handed to the aggregator under `providerId`. */
async function sentSms(providerId: string): Promise<number> {
  const [row] = await queryRows<{ id: number }>(t.ctx.database.db, sql`
    insert into notifications (request_id, channel, event, recipient, status, provider_id, sent_at)
    values (${requestId}, 'sms', 'registered', '+306912345678', 'sent', ${providerId}, now()) returning id::int`);
  return row!.id;
}

async function stateOf(id: number): Promise<{ status: string; last_error: string | null; delivered: boolean }> {
  const [row] = await queryRows<{ status: string; last_error: string | null; delivered: boolean }>(t.ctx.database.db, sql`
    select status, last_error, delivered_at is not null as delivered from notifications where id = ${id}`);
  return row!;
}

const post = (payload: unknown, token = TOKEN, contentType = 'application/json') =>
  t.app.inject({ method: 'POST', url: `/api/public/sms-receipts/${token}`, headers: { 'content-type': contentType }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });

describe('SMS delivery reports by webhook', () => {
  it('a JSON array: delivered and failed (with the reason) by the configured paths; other statuses change nothing', async () => {
    const [a, b, c] = [await sentSms('AGG-101'), await sentSms('AGG-102'), await sentSms('AGG-103')];
    const res = await post([
      { messageId: 'AGG-101', status: 'DELIVERED' },
      { messageId: 'AGG-102', status: 'undelivered', error: { text: 'absent subscriber' } },
      { messageId: 'AGG-103', status: 'accepted' },
    ]);
    expect([res.statusCode, res.json()]).toEqual([200, { received: 2, applied: 2 }]);
    expect(await stateOf(a)).toEqual({ status: 'delivered', last_error: null, delivered: true });
    expect(await stateOf(b)).toEqual({ status: 'failed', last_error: 'undelivered: absent subscriber', delivered: false });
    expect((await stateOf(c)).status).toBe('sent');
  });

  it('a form post and a GET with a query string, as some aggregators send them', async () => {
    const [a, b] = [await sentSms('AGG-201'), await sentSms('AGG-202')];
    const form = await post('messageId=AGG-201&status=DELIVRD', TOKEN, 'application/x-www-form-urlencoded');
    expect([form.statusCode, form.json()]).toEqual([200, { received: 1, applied: 1 }]);
    const get = await t.app.inject({ method: 'GET', url: `/api/public/sms-receipts/${TOKEN}?messageId=AGG-202&status=delivered` });
    expect([get.statusCode, get.json()]).toEqual([200, { received: 1, applied: 1 }]);
    expect([(await stateOf(a)).status, (await stateOf(b)).status]).toEqual(['delivered', 'delivered']);
  });

  it('a wrong or missing token is "not found" and changes nothing', async () => {
    const id = await sentSms('AGG-301');
    for (const token of ['rcpt_wrong_wrong_wrong_wrong', `${TOKEN}x`, TOKEN.slice(0, -1)]) {
      const res = await post({ messageId: 'AGG-301', status: 'delivered' }, token);
      expect([res.statusCode, res.json().code]).toEqual([404, 'not_found']);
    }
    expect((await stateOf(id)).status).toBe('sent');
  });

  it('a report for a message already final, or unknown, is received but applies to nothing; a repeat is harmless', async () => {
    const id = await sentSms('AGG-401');
    expect((await post({ messageId: 'AGG-401', status: 'delivered' })).json()).toEqual({ received: 1, applied: 1 });
    expect((await post({ messageId: 'AGG-401', status: 'failed' })).json()).toEqual({ received: 1, applied: 0 });
    expect((await stateOf(id)).status).toBe('delivered');
    expect((await post({ messageId: 'AGG-999', status: 'delivered' })).json()).toEqual({ received: 1, applied: 0 });
  });

  it('a batch mixing our messages with ids not on file applies ours', async () => {
    const ours = [await sentSms('AGG-501'), await sentSms('AGG-502'), await sentSms('AGG-503')];
    const batch = Array.from({ length: 22 }, (_, i) => ({ messageId: `OTHER-${i}`, status: 'delivered' }));
    batch.splice(5, 0, { messageId: 'AGG-501', status: 'delivered' });
    batch.splice(13, 0, { messageId: 'AGG-502', status: 'failed', error: { text: 'blocked' } } as never);
    batch.push({ messageId: 'AGG-503', status: 'delivered' });
    const res = await post(batch);
    expect([res.statusCode, res.json()]).toEqual([200, { received: 25, applied: 3 }]);
    expect(await Promise.all(ours.map(async (id) => (await stateOf(id)).status))).toEqual(['delivered', 'failed', 'delivered']);
  });

  it('broken JSON is a 400 problem, never a crash', async () => {
    const res = await post('{"messageId": "AGG-1", ', TOKEN);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('without SMS_HTTP_RECEIPT_TOKEN there is no such address', async () => {
    const plain = await startTestApp(t.db);
    try {
      const res = await plain.app.inject({ method: 'POST', url: `/api/public/sms-receipts/${TOKEN}`, payload: { messageId: 'x', status: 'delivered' } });
      expect(res.statusCode).toBe(404);
    } finally {
      await plain.app.close();
    }
  });
});
