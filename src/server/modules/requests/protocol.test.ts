import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { categoryId, registerRequest, staff, startTestApp, TEST_PASSWORD, type Session, type TestApp } from '../../test/harness.js';

const BURST = fileURLToPath(new URL('../../test/create-burst.ts', import.meta.url));

function runBurst(url: string, username: string, category: string, count: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', BURST, url, username, TEST_PASSWORD, category, String(count)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const done = new Promise<string[]>((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`burst exited ${code}`)))));
  return { go: () => child.stdin.end('go\n'), done };
}

describe('protocol numbers', () => {
  let t: TestApp;
  let operator: Session;

  beforeAll(async () => {
    t = await startTestApp();
    operator = await staff(t, 'operator');
  });
  afterAll(() => t.close());

  const seqsOf = async (year: number) =>
    (await queryRows<{ protocol_seq: number }>(t.ctx.database.db, sql`select protocol_seq from requests where protocol_year = ${year} order by protocol_seq`)).map((r) => Number(r.protocol_seq));

  it('gives 500 simultaneous creates the numbers 1..500 of the year, no gap, no duplicate', async () => {
    const year = new Date().getFullYear();
    const category = await categoryId(t, 'cleaning');
    let numbers: string[];
    if (t.db.url) {
      // Two server processes, each with its own connection pool, 250 requests at once each.
      const username = (await t.ctx.database.db.query.users.findFirst({ where: (u, { eq }) => eq(u.id, operator.userId) }))!.username;
      const bursts = [runBurst(t.db.url, username, category, 250), runBurst(t.db.url, username, category, 250)];
      await new Promise((r) => setTimeout(r, 3000)); // both children signed in and waiting
      bursts.forEach((b) => b.go());
      numbers = (await Promise.all(bursts.map((b) => b.done))).flat();
    } else {
      // Embedded PGlite is one process by design: 500 at once through one app.
      const res = await Promise.all(Array.from({ length: 500 }, (_, i) => operator.post('/api/requests', { channel: 'phone', categoryId: category, description: `Αίτημα ${i}` })));
      numbers = res.map((r) => (r.status === 201 ? r.body.protocolNumber : `HTTP ${r.status}`));
    }
    expect(numbers.filter((n) => n.startsWith('HTTP'))).toEqual([]);
    const expected = Array.from({ length: 500 }, (_, i) => `${year}/${String(i + 1).padStart(6, '0')}`);
    expect([...numbers].sort()).toEqual(expected);
    expect(await seqsOf(year)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
  }, 240_000); // 500 Argon2-free creates take seconds, but minutes on an overloaded 2-core machine

  it('starts again at 1 when the year rolls over at midnight Athens time', async () => {
    t.setNow(new Date('2030-12-31T21:59:59Z')); // 23:59:59 in Athens
    const last = await registerRequest(t, operator);
    t.setNow(new Date('2030-12-31T22:00:00Z')); // 00:00 on 1 January 2031 in Athens
    const first = await registerRequest(t, operator);
    const second = await registerRequest(t, operator);
    t.setNow(null);
    expect(last.protocolNumber).toBe('2030/000001');
    expect(first.protocolNumber).toBe('2031/000001');
    expect(second.protocolNumber).toBe('2031/000002');
  });

  it('leaves no gap when a create fails inside its transaction', async () => {
    const year = 2032;
    t.setNow(new Date(`${year}-03-02T09:00:00Z`));
    await registerRequest(t, operator);
    const bad = await operator.post('/api/requests', {
      channel: 'phone',
      categoryId: await categoryId(t, 'cleaning'),
      description: 'Με λάθος τηλέφωνο',
      citizen: { fullName: 'Κάποιος', phone: '12345' },
    });
    expect(bad.status).toBe(400);
    const next = await registerRequest(t, operator);
    t.setNow(null);
    expect(next.protocolNumber).toBe(`${year}/000002`);
    expect(await seqsOf(year)).toEqual([1, 2]);
  });

  it('finds a request by its protocol number, written in the ways people type it', async () => {
    const r = await registerRequest(t, operator);
    const [year, seq] = r.protocolNumber.split('/');
    for (const path of [`${year}/${seq}`, `${year}/${Number(seq)}`]) {
      const res = await operator.get(`/api/requests/by-protocol/${path}`);
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(r.id);
    }
    expect((await operator.get(`/api/requests/by-protocol/${year}/999999`)).status).toBe(404);
    expect((await operator.get('/api/requests/by-protocol/abc/1')).body.code).toBe('invalid_protocol_number');
  });
});
