/**
 * Starts the real server for a browser test: a fresh embedded database with the demo data, the
 * built staff application (run `npm run build` first), on a free port of 127.0.0.1.
 */
import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from './browser.js';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { openDatabase, type Database } from '../src/server/db/client.js';
import { migrateDatabase } from '../src/server/db/migrate.js';
import { workingCalendar } from '../src/server/modules/calendar/working-days.js';
import { DEMO_PASSWORD, seedDemo } from '../src/server/seed/demo.js';
import { seedReferenceData } from '../src/server/seed/reference.js';

export { DEMO_PASSWORD };

export interface E2EServer {
  url: string;
  app: FastifyInstance;
  database: Database;
  close(): Promise<void>;
}

export async function startServer(): Promise<E2EServer> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', MAP_TILE_URL: '' });
  if (!existsSync(`${config.WEB_DIST_DIR}/index.html`)) throw new Error(`no built web app in ${config.WEB_DIST_DIR}: run npm run build`);
  const database = await openDatabase({ dataDir: 'memory://' });
  await migrateDatabase(database);
  await seedReferenceData(database.db);
  const calendar = workingCalendar([]);
  await seedDemo(database.db, calendar);
  const app = await buildApp({ database, config, calendar, clock: () => new Date() });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    database,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

/**
 * The server and a browser for one test file, started before its tests and closed after them.
 * Call inside `describe`; read `.server` and `.browser` inside the tests.
 */
export function useServerAndBrowser(): { server: E2EServer; browser: import('playwright-core').Browser } {
  const env = {} as { server: E2EServer; browser: import('playwright-core').Browser };
  beforeAll(async () => {
    env.server = await startServer();
    env.browser = await launchBrowser();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}
