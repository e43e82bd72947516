/**
 * Child process for the protocol-number concurrency test: its own app and connection pool on the
 * given database, signs in and registers N requests at once. Prints the protocol numbers as JSON.
 * usage: tsx create-burst.ts <database-url> <username> <password> <categoryId> <count>
 */
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { workingCalendar } from '../modules/calendar/working-days.js';

const [url, username, password, categoryId, count] = process.argv.slice(2);
const database = await openDatabase({ url: url!, poolSize: 20 });
const app = await buildApp({ database, config: loadConfig({ NODE_ENV: 'test' }), calendar: workingCalendar([]), clock: () => new Date() });
const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
const headers = { cookie, 'x-csrf-token': login.json().csrfToken as string };
// Wait for the parent's go signal so both processes start their burst together.
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
const results = await Promise.all(
  Array.from({ length: Number(count) }, (_, i) =>
    app.inject({ method: 'POST', url: '/api/requests', headers, payload: { channel: 'phone', categoryId, description: `Αίτημα ${process.pid}-${i}` } }),
  ),
);
process.stdout.write(JSON.stringify(results.map((r) => (r.statusCode === 201 ? r.json().protocolNumber : `HTTP ${r.statusCode}`))));
await app.close();
await database.close();
