/**
 * The staff console as a browser sees it: initial JavaScript (gzip) of the first load and of the
 * console route, cold load of the console until it is ready for typing, and the caller look-up —
 * from the last keystroke of a known number to the caller's requests on screen — over the bench
 * database of 1,000,000 requests. Runs alone (`npx tsx bench/web.ts`) or from bench/run.ts.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { launchBrowser } from '../e2e/browser.js';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { openDatabase, queryRows } from '../src/server/db/client.js';
import { workingCalendar } from '../src/server/modules/calendar/working-days.js';
import { BENCH_PASSWORD, BENCH_URL, log, OPERATOR, prepareBenchDatabase } from './bench-db.js';
import { percentiles } from './measure.js';

const DIST = 'dist/web';
const gz = (file: string): number => gzipSync(readFileSync(file)).length;

/** JS the browser must fetch before anything shows: the entry script and the chunks it preloads. */
function bundleSizes() {
  if (!existsSync(`${DIST}/index.html`)) execFileSync('npx', ['vite', 'build'], { stdio: 'ignore' });
  const html = readFileSync(`${DIST}/index.html`, 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const assets = readdirSync(`${DIST}/assets`);
  const intake = assets.filter((f) => /^IntakePage-.*\.js$/.test(f)).map((f) => `assets/${f}`);
  const kb = (files: string[]) => Math.round(files.reduce((n, f) => n + gz(join(DIST, f)), 0) / 102.4) / 10;
  return { initialJsGzipKb: kb(initial), consoleRouteJsGzipKb: kb([...initial, ...intake]), initialFiles: initial.length };
}

export async function runWebBench(samples = 7) {
  const sizes = bundleSizes();
  await prepareBenchDatabase(BENCH_URL);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', MAP_TILE_URL: '', OUTBOX_WORKER: 'false' });
  const database = await openDatabase({ url: BENCH_URL, poolSize: 10 });
  const app = await buildApp({ database, config, calendar: workingCalendar([]), clock: () => new Date() });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  // Callers who have requests, picked across the table.
  const callers = await queryRows<{ phone: string; full_name: string }>(database.db, sql`
    select c.phone, c.full_name from citizens c where c.phone like '+3069%' and exists (select 1 from requests r where r.citizen_id = c.id)
    order by c.id limit ${samples * 3}`);
  const browser = await launchBrowser();
  const coldMs: number[] = [];
  const lookupMs: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'el-GR' });
      const login = await context.request.post(`${base}/api/auth/login`, { data: { username: OPERATOR.username, password: BENCH_PASSWORD } });
      if (!login.ok()) throw new Error(`bench login failed: ${login.status()}`);
      const page = await context.newPage();
      // Cold: a new context has an empty cache.
      const start = Date.now();
      await page.goto(`${base}/intake`);
      await page.getByTestId('caller-phone').waitFor({ state: 'visible' });
      await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'caller-phone');
      coldMs.push(Date.now() - start);

      for (const caller of callers.slice(i * 3, i * 3 + 3)) {
        const digits = caller.phone.replace('+30', '');
        await page.getByTestId('caller-phone').fill('');
        await page.getByTestId('caller-phone').pressSequentially(digits, { delay: 40 });
        const typed = Date.now();
        await page.getByTestId('caller-panel').getByText(caller.full_name, { exact: false }).first().waitFor({ timeout: 10_000 });
        lookupMs.push(Date.now() - typed);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await app.close();
    await database.close();
  }
  const cold = percentiles(coldMs);
  const lookup = percentiles(lookupMs);
  return {
    ...sizes,
    coldLoadConsoleMs: cold,
    callerLookupAfterLastKeystrokeMs: lookup,
    targets: {
      initialJsGzipKbMax350: sizes.initialJsGzipKb <= 350,
      coldLoadP95Max1500: cold.p95 <= 1500,
      callerLookupP95Max150: lookup.p95 <= 150,
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  log('web bench: bundle, cold load, caller look-up');
  const result = await runWebBench();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.exit(0);
}
