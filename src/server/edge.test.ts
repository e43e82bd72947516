/**
 * What arrives from outside is decided once, at the edge: text with NUL characters or lone
 * surrogates, dates out of range, malformed multipart and broken HTTP all get a problem+json 4xx,
 * whatever the route, and nothing is written.
 */
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from './db/client.js';
import { registerRequest, staff, startTestApp, type Session, type TestApp } from './test/harness.js';

let t: TestApp;
let admin: Session;
let operator: Session;
let requestId: string;

beforeAll(async () => {
  t = await startTestApp();
  admin = await staff(t, 'admin');
  operator = await staff(t, 'operator');
  requestId = (await registerRequest(t, operator)).id;
});
afterAll(() => t.close());

async function rowCounts() {
  const rows = await queryRows<{ n: string }>(t.ctx.database.db, sql`select (select count(*) from requests) + (select count(*) from request_events) + (select count(*) from departments) + (select count(*) from users) + (select count(*) from audit_log) as n`);
  return rows[0]?.n;
}

function expectProblem(res: { status: number; body: any; headers: Record<string, unknown> }, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  expect(res.body.code).toBe(code);
  expect(res.body.message.el).toMatch(/[α-ω]/);
  expect(res.body.message.en).toMatch(/[a-z]/);
}

describe('text with a NUL character or a lone surrogate', () => {
  const bad = ['a\u0000b', '\udfff\ud800x', 'x\ud800'];

  it('is refused on sign-in, before anything is looked up', async () => {
    for (const username of bad) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'x' } });
      expectProblem({ status: res.statusCode, body: res.json(), headers: res.headers }, 400, 'invalid_text');
      expect(res.json().errors[0].path).toBe('body/username');
    }
  });

  it('is refused in every kind of body, query and path, and nothing is written', async () => {
    const before = await rowCounts();
    for (const s of bad) {
      expectProblem(await operator.post('/api/requests', { channel: 'phone', categoryId: requestId, description: s, citizen: { fullName: 'Α', phone: '6944123456' } }), 400, 'invalid_text');
      expectProblem(await operator.post(`/api/requests/${requestId}/notes`, { body: s, visibility: 'internal' }), 400, 'invalid_text');
      expectProblem(await operator.post(`/api/requests/${requestId}/contacts`, { method: 'phone', outcome: 'reached', note: s }), 400, 'invalid_text');
      if (s.isWellFormed()) {
        // (A lone surrogate cannot be written in a URL at all: its UTF-8 bytes decode to U+FFFD.)
        expectProblem(await operator.get(`/api/requests?q=${encodeURIComponent(s)}`), 400, 'invalid_text');
        expectProblem(await operator.get(`/api/citizens/lookup?phone=${encodeURIComponent(s)}`), 400, 'invalid_text');
        expectProblem(await operator.get(`/api/requests/${encodeURIComponent(s)}`), 400, 'invalid_text');
      }
      expectProblem(await admin.post('/api/admin/departments', { code: 'x', name: { el: s, en: 'x' } }), 400, 'invalid_text');
      expectProblem(await admin.patch('/api/admin/settings', { municipalityName: { el: s, en: 'x' } }), 400, 'invalid_text');
      expectProblem(await admin.patch('/api/admin/settings', { [s]: 1 }), 400, 'invalid_text');
      expectProblem(await admin.patch('/api/admin/templates/registered/sms/el', { body: s }), 400, 'invalid_text');
    }
    // A lone surrogate written as a JSON escape, as a browser or a script would send it.
    const raw = await admin.post('/api/admin/settings', '{"municipalityName":{"el":"\\udfff\\ud800x","en":"x"}}');
    expect(raw.status).toBeLessThan(500);
    const rawPatch = await t.app.inject({
      method: 'PATCH', url: '/api/admin/settings', payload: '{"municipalityName":{"el":"\\udfff\\ud800x","en":"x"}}',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
    });
    expect(rawPatch.statusCode).toBe(400);
    expect(rawPatch.json().code).toBe('invalid_text');
    expect(await rowCounts()).toBe(before);
  });

  it('lets ordinary Greek, emoji and line breaks through', async () => {
    const res = await operator.post(`/api/requests/${requestId}/notes`, { body: 'Ο δημότης ξανακάλεσε 👍\nΠερίμενε συνεργείο.', visibility: 'internal' });
    expect(res.status).toBeLessThan(300);
  });

  it('refuses bodies nested too deep with a 400, not a crash', async () => {
    const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    const res = await admin.post('/api/admin/departments', deep);
    expect(res.status).toBe(400);
    const arr = '['.repeat(200_000) + ']'.repeat(200_000);
    const res2 = await admin.post('/api/admin/departments', arr);
    expect([400, 413]).toContain(res2.status);
  });
});

describe('dates out of range', () => {
  it('are a 400 on the list and the counts', async () => {
    for (const q of ['from=0000-01-01', 'from=0001-01-01', 'to=9999-12-31', 'from=1899-12-31', 'to=2026-02-30']) {
      expectProblem(await operator.get(`/api/requests?${q}`), 400, 'validation_failed');
      expectProblem(await operator.get(`/api/requests/counts?${q}`), 400, 'validation_failed');
    }
    expect((await operator.get('/api/requests?from=2026-01-01&to=2026-12-31')).status).toBe(200);
  });
});

describe('malformed multipart on an attachment upload', () => {
  const cases: [string, string][] = [
    ['multipart/form-data', '--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhello\r\n--x--\r\n'],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello'],
    [`multipart/form-data; boundary=${'b'.repeat(100)}`, '--x--'],
    ['multipart/form-data; boundary=x', ''],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="file"; filename="a\u0000.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--x--\r\n'],
  ];
  it('is a 4xx problem, never a 500, and attaches nothing', async () => {
    for (const [type, body] of cases) {
      const res = await t.app.inject({ method: 'POST', url: `/api/requests/${requestId}/attachments`, payload: body, headers: { cookie: operator.cookie, 'x-csrf-token': operator.csrf, 'content-type': type } });
      expect(res.statusCode, `${type} ${JSON.stringify(body)} → ${res.body}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, `${type} ${JSON.stringify(body)}`).toBeLessThan(500);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const rows = await queryRows<{ n: number }>(t.ctx.database.db, sql`select count(*)::int as n from attachments`);
    expect(rows[0]?.n).toBe(0);
  });
});

describe('HTTP that cannot be read', () => {
  let port = 0;
  beforeAll(async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as AddressInfo).port;
  });

  /** Sends raw bytes and reads the whole answer until the server closes or answers in full. */
  function raw(request: string): Promise<{ status: number; type: string; body: any }> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let data = Buffer.alloc(0);
      let answered = false;
      const done = () => {
        if (answered) return;
        answered = true;
        const end = data.indexOf('\r\n\r\n');
        const head = data.subarray(0, end).toString('latin1');
        const status = Number(head.split(' ')[1]);
        const type = /content-type: *([^\r\n]+)/i.exec(head)?.[1] ?? '';
        let body: any = data.subarray(end + 4).toString('utf8');
        try { body = JSON.parse(body); } catch { /* not JSON */ }
        resolve({ status, type, body });
      };
      socket.on('data', (d: Buffer) => {
        data = Buffer.concat([data, d]);
        const end = data.indexOf('\r\n\r\n');
        const m = /content-length: *(\d+)/i.exec(data.subarray(0, Math.max(end, 0)).toString('latin1'));
        if (m && end >= 0 && data.length - end - 4 >= Number(m[1])) { socket.destroy(); done(); }
      });
      socket.on('end', done);
      socket.on('error', reject);
      socket.write(request);
    });
  }

  const cases: [string, string, number][] = [
    ['headers over 16 KB', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
    ['a bad percent-encoding in the path', 'GET /api/requests/%ff%fe HTTP/1.1\r\nHost: x\r\n\r\n', 400],
    ['a path parameter over 100 characters', `GET /api/requests/${'a'.repeat(150)} HTTP/1.1\r\nHost: x\r\n\r\n`, 414],
    ['bad chunked encoding', 'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n', 400],
    ['a Content-Length that is not a number', 'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}', 400],
    ['a space inside the path', 'GET /heal thz HTTP/1.1\r\nHost: x\r\n\r\n', 400],
    ['a header line without a colon', 'GET /healthz HTTP/1.1\r\nHost x\r\n\r\n', 400],
    ['a request line that is not HTTP', 'HELLO\r\n\r\n', 400],
  ];
  for (const [what, request, status] of cases) {
    it(`${what}: ${status} problem+json with a code`, async () => {
      const res = await raw(request);
      expect(res.status).toBe(status);
      expect(res.type).toContain('application/problem+json');
      expect(res.body.code).toMatch(/^[a-z_]+$/);
      expect(res.body.message.el).toMatch(/[α-ω]/);
    });
  }

  it('a request line with a double space is read as the path it names (Node 20’s parser allows it), with a body', async () => {
    const res = await raw('GET  /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('a Content-Length shorter than the body: the cut body is a 400 problem, and so is the rest read as a request', async () => {
    const res = await raw('POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 3\r\n\r\n{"username":"a"}');
    expect(res.status).toBe(400);
    expect(res.type).toContain('application/problem+json');
  });
});
