/**
 * The HTTP aggregator adapter against a local node:http server standing in for the aggregator.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SendError } from '../send-error.js';
import { createHttpSmsSender, HttpSmsFieldsSchema, receiptsFrom } from './http-sms-sender.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let base: string;
let seen: Seen[];
let answer: { status: number; body: string; delayMs?: number };

beforeEach(async () => {
  seen = [];
  answer = { status: 200, body: JSON.stringify({ result: { messages: [{ id: 'AGG-1' }] } }) };
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      setTimeout(() => res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body), answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const msg = { to: '+306912345678', text: 'Το αίτημά σας ολοκληρώθηκε', senderId: 'Dimos', greekAsGsm7: false };

describe('HTTP SMS sender', () => {
  it('posts JSON with the configured field names, auth header and extra fields, and reads the id by path', async () => {
    const sender = createHttpSmsSender({
      url: `${base}/api/sms`,
      authHeader: 'X-Api-Key: k-123',
      fields: { to: 'recipient', text: 'message', from: 'originator', encoding: 'coding', idPath: 'result.messages.0.id', toFormat: 'digits', extra: { route: 'gr' } },
    });
    const result = await sender.send(msg);
    expect(result).toEqual({ providerId: 'AGG-1', parts: 1, encoding: 'ucs2' });
    const [req] = seen;
    expect(req).toMatchObject({ method: 'POST', url: '/api/sms' });
    expect(req!.headers['x-api-key']).toBe('k-123');
    expect(req!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req!.body)).toEqual({ route: 'gr', recipient: '306912345678', message: msg.text, originator: 'Dimos', coding: 'ucs2' });
  });

  it('sends a form body with Greek as GSM-7 capitals, basic auth from the URL and a bare Authorization value', async () => {
    answer = { status: 201, body: JSON.stringify({ id: 42 }) };
    const sender = createHttpSmsSender({ url: `http://user%40dimos:p%C3%A4ss@${base.slice(7)}/send`, fields: { format: 'form', encoding: 'enc' } });
    const result = await sender.send({ ...msg, greekAsGsm7: true });
    expect(result).toEqual({ providerId: '42', parts: 1, encoding: 'gsm7' });
    const [req] = seen;
    expect(req!.headers.authorization).toBe(`Basic ${Buffer.from('user@dimos:päss').toString('base64')}`);
    expect(req!.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(req!.body))).toEqual({ to: '+306912345678', text: 'TO AITHMA ΣAΣ OΛOKΛHPΩΘHKE', from: 'Dimos', enc: 'gsm7' });

    const bearer = createHttpSmsSender({ url: `${base}/send`, authHeader: 'Bearer t0ken' });
    await bearer.send(msg);
    expect(seen[1]!.headers.authorization).toBe('Bearer t0ken');
  });

  it('carries the message reference as Idempotency-Key, and in a body field when configured; the same on a repeat', async () => {
    const reference = '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b';
    const plain = createHttpSmsSender({ url: `${base}/send` });
    await plain.send({ ...msg, reference });
    await plain.send({ ...msg, reference });
    expect(seen.map((r) => r.headers['idempotency-key'])).toEqual([reference, reference]);
    expect(JSON.parse(seen[0]!.body)).not.toHaveProperty('reference');

    const custom = createHttpSmsSender({ url: `${base}/send`, fields: { idempotencyHeader: 'X-Request-Id', reference: 'custom_id' } });
    await custom.send({ ...msg, reference });
    expect(seen[2]!.headers['x-request-id']).toBe(reference);
    expect(seen[2]!.headers['idempotency-key']).toBeUndefined();
    expect(JSON.parse(seen[2]!.body).custom_id).toBe(reference);

    const none = createHttpSmsSender({ url: `${base}/send`, fields: { idempotencyHeader: '' } });
    await none.send({ ...msg, reference });
    await none.send(msg);
    expect(seen.slice(3).map((r) => r.headers['idempotency-key'])).toEqual([undefined, undefined]);
  });

  it('4xx is permanent; 5xx, 429, a timeout and a refused connection are retryable', async () => {
    const sender = createHttpSmsSender({ url: `${base}/send`, fields: { timeoutMs: 300 } });
    const outcome = async () => sender.send(msg).then(() => 'sent', (e: unknown) => e);

    answer = { status: 400, body: '{"error":"invalid number"}' };
    const bad = await outcome();
    expect(bad).toBeInstanceOf(SendError);
    expect(bad).toMatchObject({ retryable: false, code: 'http_400' });
    expect((bad as Error).message).toContain('invalid number');

    for (const status of [500, 503, 429]) {
      answer = { status, body: '' };
      expect(await outcome()).toMatchObject({ retryable: true, code: `http_${status}` });
    }

    answer = { status: 200, body: '{}', delayMs: 1000 };
    expect(await outcome()).toMatchObject({ retryable: true, code: 'network' });

    const down = createHttpSmsSender({ url: 'http://127.0.0.1:1/send' });
    await expect(down.send(msg)).rejects.toMatchObject({ retryable: true, code: 'network' });
  });

  it('an answer without the id still counts as sent (no retry, no duplicate)', async () => {
    answer = { status: 200, body: 'OK' };
    const sender = createHttpSmsSender({ url: `${base}/send` });
    await expect(sender.send(msg)).resolves.toEqual({ providerId: '', parts: 1, encoding: 'ucs2' });
  });

  it('reads final delivery reports by the configured paths and status names; leaves out the rest', () => {
    const map = HttpSmsFieldsSchema.parse({ receipt: { idPath: 'msg.id', statusPath: 'state', errorPath: 'reason' } }).receipt;
    expect(receiptsFrom([
      { msg: { id: 'AGG-1' }, state: 'DELIVERED' },
      { msg: { id: 77 }, state: 'Undelivered', reason: 'absent subscriber' },
      { msg: { id: 'AGG-3' }, state: 'accepted' },
      { msg: {}, state: 'delivered' },
      'garbage',
    ], map)).toEqual([
      { providerId: 'AGG-1', status: 'delivered' },
      { providerId: '77', status: 'failed', error: 'undelivered: absent subscriber' },
    ]);
    const defaults = HttpSmsFieldsSchema.parse({}).receipt;
    expect(receiptsFrom({ id: 'X', status: 'DELIVRD' }, defaults)).toEqual([{ providerId: 'X', status: 'delivered' }]);
    expect(receiptsFrom(null, defaults)).toEqual([]);
  });
});
