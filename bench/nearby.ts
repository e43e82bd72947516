/**
 * The console's nearby look-up at scale: seeds the bench database if needed (bench/seed.ts), then
 * times findNearbyRequests as an operator calls it (same street; a pin; both) and prints JSON with
 * p50/p95 and the plans. `BENCH_DATABASE_URL=… npx tsx bench/nearby.ts`
 */
import pg from 'pg';
import { openDatabase } from '../src/server/db/client.js';
import { PgDialect } from 'drizzle-orm/pg-core';
import { findNearbyRequests, nearbySql } from '../src/server/modules/requests/nearby.service.js';
import type { Actor } from '../src/server/modules/auth/actor.js';
import { BENCH_ROWS, BENCH_URL, log } from './bench-db.js';
import { STREETS } from './greek-data.js';
import { percentiles } from './measure.js';
import { seedBench } from './seed.js';

const RUNS = 300;
await seedBench(BENCH_URL, BENCH_ROWS);
const database = await openDatabase({ url: BENCH_URL, poolSize: 2 });
const admin = new pg.Client({ connectionString: BENCH_URL });
await admin.connect();
await admin.query('analyze requests');
const { rows: cats } = await admin.query<{ id: string; code: string; open: number }>(
  `select c.id, c.code, (select count(*)::int from requests r where r.category_id = c.id and r.closed_at is null) as open from categories c order by open desc`);
const actor = { userId: '00000000-0000-0000-0000-000000000000', role: 'operator', departmentIds: [] } as unknown as Actor;
const busiest = cats[0]!;
log(`busiest category ${busiest.code}: ${busiest.open} open requests`);

const cases = {
  street: (i: number) => ({ categoryId: busiest.id, street: `${STREETS[i % STREETS.length]} ${i % 90}` }),
  pin: (i: number) => ({ categoryId: busiest.id, lat: 35.30 + (i % 60) * 0.001, lng: 25.07 + (i % 120) * 0.001 }),
  both: (i: number) => ({ categoryId: busiest.id, street: `${STREETS[i % STREETS.length]} 5`, lat: 35.30 + (i % 60) * 0.001, lng: 25.07 + (i % 120) * 0.001 }),
};
const out: Record<string, unknown> = { rows: BENCH_ROWS, category: busiest.code, openInCategory: busiest.open };
for (const [name, make] of Object.entries(cases)) {
  for (let i = 0; i < 20; i++) await findNearbyRequests(database.db, actor, make(i));
  const times: number[] = [];
  let found = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    found += (await findNearbyRequests(database.db, actor, make(i))).items.length;
    times.push(performance.now() - t);
  }
  out[name] = { ...percentiles(times), meanFound: found / RUNS };
}
const plan = async (q: Parameters<typeof nearbySql>[1]) => {
  const { sql: text, params } = new PgDialect().sqlToQuery(nearbySql(actor, q)!);
  return (await admin.query(`explain (analyze) ${text}`, params as unknown[])).rows.map((r) => r['QUERY PLAN']).join('\n');
};
out.planStreet = await plan(cases.street(2));
out.planPin = await plan(cases.pin(7));
out.load = (await import('node:os')).loadavg().map((l) => Math.round(l * 10) / 10);
console.log(JSON.stringify(out, null, 2));
await admin.end();
await database.close();
