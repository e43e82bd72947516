/**
 * Prepares one migrated, seeded template database per run; each test file clones it.
 * TEST_DATABASE_URL set: a real PostgreSQL (template database). Unset: PGlite (a data-dir dump).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { testDatabaseUrl } from '../config.js';
import { openDatabase } from '../db/client.js';
import { migrateDatabase } from '../db/migrate.js';
import { seedReferenceData } from '../seed/reference.js';
import { adminClient, databaseUrl } from './pg-admin.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
    pgliteDump: string;
  }
}

export default async function setup(project: TestProject) {
  const url = testDatabaseUrl();
  if (url) {
    const template = `dimotis_tpl_${process.pid}`;
    const admin = await adminClient(url);
    await admin.query(`drop database if exists ${template}`);
    await admin.query(`create database ${template}`);
    const database = await openDatabase({ url: databaseUrl(url, template), poolSize: 2 });
    await migrateDatabase(database);
    await seedReferenceData(database.db);
    await database.close();
    project.provide('templateDatabase', template);
    project.provide('pgliteDump', '');
    return async () => {
      // Only this run's databases: other runs (another terminal, CI) may be using theirs.
      const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where starts_with(datname, $1)`, [template]);
      for (const r of rows) await admin.query(`drop database if exists ${r.datname} with (force)`);
      await admin.end();
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'dimotis-test-'));
  const database = await openDatabase({ dataDir: 'memory://' });
  await migrateDatabase(database);
  await seedReferenceData(database.db);
  const dump = await database.dumpDataDir!();
  await database.close();
  const file = join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('templateDatabase', '');
  project.provide('pgliteDump', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
