/**
 * The benchmark's own database: created if missing, migrated and given reference data and two
 * staff accounts exactly as the server would. Nothing here touches any other database; the only
 * thing ever created is BENCH_DATABASE_URL's database, and nothing is ever dropped.
 */
import pg from 'pg';
import { eq, sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../src/server/db/client.js';
import { migrateDatabase } from '../src/server/db/migrate.js';
import { departments, users } from '../src/server/db/schema.js';
import { createUser } from '../src/server/modules/users/users.service.js';
import { seedReferenceData } from '../src/server/seed/reference.js';
import { databaseUrl } from '../src/server/test/pg-admin.js';

// The bench reads its environment here and nowhere else (src/server/config.ts is not ours to change).
export const BENCH_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/dimotis_bench';
export const BENCH_ROWS = Number(process.env.BENCH_ROWS || 1_000_000);

export const BENCH_PASSWORD = 'bench-password-2026';
export const OPERATOR = { username: 'bench.operator', fullName: 'Μαρία Μπενάκη', role: 'operator' as const };
export const TECH_HEAD = { username: 'bench.technical', fullName: 'Σταύρος Μετράκης', role: 'department_head' as const };

export const log = (...parts: unknown[]): void => void process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${parts.join(' ')}\n`);

/** Refuses anything but a loopback server and a database of the bench's own. */
export function checkBenchUrl(url: string): { database: string } {
  const u = new URL(url);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  // Loopback TCP, or a Unix socket directory given as ?host=/path (then the host part is ignored).
  const socketDir = u.searchParams.get('host');
  if (!(socketDir?.startsWith('/') || ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(u.hostname))) throw new Error(`BENCH_DATABASE_URL must be on loopback, got ${u.hostname}`);
  if (!/^[a-z_][a-z0-9_]*$/.test(database) || !database.includes('bench')) throw new Error(`BENCH_DATABASE_URL must name a database whose name contains "bench", got "${database}"`);
  return { database };
}

/** Creates the bench database when it does not exist (connecting to the server's `postgres` database to do it). */
export async function ensureBenchDatabase(url = BENCH_URL): Promise<void> {
  const { database } = checkBenchUrl(url);
  const admin = new pg.Client({ connectionString: databaseUrl(url, 'postgres') });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) {
      log(`creating database ${database}`);
      await admin.query(`create database ${database}`);
    }
  } finally {
    await admin.end();
  }
}

export interface BenchIds {
  operatorId: string;
  techHeadId: string;
  technicalDepartmentId: string;
}

/** Migrates, seeds reference data and makes sure the bench staff accounts exist. */
export async function prepareBenchDatabase(url = BENCH_URL): Promise<BenchIds> {
  await ensureBenchDatabase(url);
  const database = await openDatabase({ url, poolSize: 2 });
  try {
    await migrateDatabase(database);
    await seedReferenceData(database.db);
    const [tech] = await database.db.select({ id: departments.id }).from(departments).where(eq(departments.code, 'technical'));
    if (!tech) throw new Error('reference data has no technical department');
    const operatorId = await ensureUser(database, OPERATOR, []);
    const techHeadId = await ensureUser(database, TECH_HEAD, [tech.id]);
    return { operatorId, techHeadId, technicalDepartmentId: tech.id };
  } finally {
    await database.close();
  }
}

async function ensureUser(database: Database, u: { username: string; fullName: string; role: 'operator' | 'department_head' }, departmentIds: string[]): Promise<string> {
  const [existing] = await database.db.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = ${u.username}`);
  if (existing) return existing.id;
  const created = await createUser(database.db, null, { ...u, email: null, active: true, password: BENCH_PASSWORD, departmentIds });
  return created.id;
}
