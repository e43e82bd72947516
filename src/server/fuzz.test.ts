/**
 * Generated malformed input over every route of the API (as the OpenAPI document lists them),
 * sent by an admin, an operator and nobody: whatever arrives, the answer is never a 5xx and always
 * problem+json when it is an error.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { registerRequest, staff, startTestApp, type Session, type TestApp } from './test/harness.js';

let t: TestApp;
let sessions: (Session | null)[];
let requestId: string;

beforeAll(async () => {
  t = await startTestApp();
  const admin = await staff(t, 'admin');
  const operator = await staff(t, 'operator');
  requestId = (await registerRequest(t, operator)).id;
  sessions = [admin, operator, null];
});
afterAll(() => t.close());

const BAD_VALUES: unknown[] = [
  '\u0000', 'a\u0000b', '\udfff\ud800x', '', ' ', 'x'.repeat(70_000), '0000-01-01', '9999-12-31T99:99:99Z', '2026-02-30',
  '-1', '1e309', 'NaN', '../../etc/passwd', '%00', '<script>', 'Δοκιμή', -1, 0, 1e308, -1e308, 2 ** 53 + 1, 3.5,
  true, null, [], {}, [[[[[[]]]]]], { a: { b: { c: {} } } }, ['\u0000'], { '\u0000': 1 },
];
const BAD_PATH = ['%00', '%ff%fe', '%E2%80%AE', 'x'.repeat(99), '00000000-0000-0000-0000-000000000000', '2026', '-1', '1e400', 'null', '%2e%2e'];

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; items?: Schema; enum?: unknown[]; anyOf?: Schema[]; oneOf?: Schema[]; default?: unknown };

/** A plausible value for a JSON schema, so that one bad field at a time gets past the others. */
function plausible(s: Schema | undefined, depth = 0): unknown {
  if (!s || depth > 4) return null;
  if (s.enum?.length) return s.enum[0];
  const alt = s.anyOf ?? s.oneOf;
  if (alt?.length) return plausible(alt[0], depth + 1);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === 'object' || s.properties) return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, plausible(v, depth + 1)]));
  if (type === 'array') return [plausible(s.items, depth + 1)];
  if (type === 'integer' || type === 'number') return 1;
  if (type === 'boolean') return true;
  return 'Δοκιμή';
}

/** Every body to try: the whole body replaced, and each top-level field replaced, by each bad value. */
function bodies(schema: Schema | undefined): unknown[] {
  const out: unknown[] = [...BAD_VALUES, '{"a":', '[1,2', 'null'];
  const base = plausible(schema) as Record<string, unknown> | null;
  if (base && typeof base === 'object') {
    out.push(base);
    for (const k of Object.keys(base)) for (const v of BAD_VALUES) out.push({ ...base, [k]: v });
  }
  return out;
}

it('no route answers a 5xx to generated malformed input', async () => {
  const spec = t.app.swagger() as { paths: Record<string, Record<string, { parameters?: { in: string; name: string }[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>> };
  const failures: string[] = [];
  let sent = 0;
  const send = async (method: string, url: string, session: Session | null, payload?: unknown) => {
    const raw = typeof payload === 'string' && /^[[{n]/.test(payload);
    const res = await t.app.inject({
      method: method.toUpperCase() as 'GET',
      url,
      headers: { ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}), ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(payload !== undefined ? { payload: raw ? (payload as string) : JSON.stringify(payload) } : {}),
    });
    sent++;
    const type = String(res.headers['content-type'] ?? '');
    if (res.statusCode >= 500 || (res.statusCode >= 400 && !type.includes('problem+json'))) failures.push(`${method.toUpperCase()} ${url.slice(0, 120)} ${JSON.stringify(payload)?.slice(0, 80)} → ${res.statusCode} ${res.body.slice(0, 120)}`);
  };

  for (const [path, ops] of Object.entries(spec.paths)) {
    // /api/events is a stream that stays open (inject would wait minutes for its end): events.test.ts covers it.
    if (path.startsWith('/api/docs') || path.includes('logout') || path === '/api/events') continue;
    for (const [method, op] of Object.entries(ops)) {
      const fill = (v: string) => path.replace(/\{(\w+)\}/g, (_m, name: string) => (name === 'id' ? requestId : v));
      const urls = [fill('2026'), ...BAD_PATH.map((b) => path.replace(/\{\w+\}/g, b))];
      const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      for (const session of sessions) {
        for (const url of urls) await send(method, url, session, method === 'get' ? undefined : {});
        for (const name of query) for (const v of BAD_VALUES) if (typeof v !== 'object') await send(method, `${fill('2026')}?${name}=${encodeURIComponent(String(v).isWellFormed() ? String(v) : 'x')}`, session);
        if (method !== 'get' && session) for (const b of bodies(bodySchema)) await send(method, fill('2026'), session, b);
      }
    }
  }
  expect(failures, failures.slice(0, 20).join('\n')).toEqual([]);
  expect(sent).toBeGreaterThan(2000);
}, 600_000);
