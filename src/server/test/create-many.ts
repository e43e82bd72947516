/**
 * Child process for the two-server-process tests of registering: its own app and connection pool on
 * the given database, signs in, reads a plan (JSON: [{ key?, body }]) from a file and, on the
 * parent's go, sends every POST /api/requests of it at once. Prints one JSON line:
 * [{ status, id, code }] in the plan's order.
 * usage: tsx create-many.ts <database-url> <username> <password> <plan.json>
 */
import { readFileSync } from 'node:fs';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { workingCalendar } from '../modules/calendar/working-days.js';

const [url, username, password, planFile] = process.argv.slice(2);
const plan = JSON.parse(readFileSync(planFile!, 'utf8')) as { key?: string; body: unknown }[];
const database = await openDatabase({ url: url!, poolSize: 20 });
const app = await buildApp({ database, config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), calendar: workingCalendar([]), clock: () => new Date() });
const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
const headers = { cookie, 'x-csrf-token': login.json().csrfToken as string };
process.stdout.write('ready\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
const results = await Promise.all(
  plan.map(({ key, body }) =>
    app.inject({ method: 'POST', url: '/api/requests', headers: key ? { ...headers, 'idempotency-key': key } : headers, payload: body as object }),
  ),
);
process.stdout.write(`${JSON.stringify(results.map((r) => ({ status: r.statusCode, id: r.json().id ?? null, code: r.json().code ?? null })))}\n`);
await app.close();
await database.close();
