/** Brings a database up to date: committed migrations, then the statuses from the workflow module. */
import { sql } from 'drizzle-orm';
import { STATUS_INFO, STATUSES } from '../../shared/workflow.js';
import type { Database } from './client.js';
import { statuses } from './schema.js';

export async function migrateDatabase(database: Database): Promise<void> {
  await database.migrate();
  await database.db
    .insert(statuses)
    .values(STATUSES.map((code, i) => ({ code, statusGroup: STATUS_INFO[code].group, nameEl: STATUS_INFO[code].el, nameEn: STATUS_INFO[code].en, sortOrder: i + 1 })))
    .onConflictDoUpdate({
      target: statuses.code,
      set: { statusGroup: sql`excluded.status_group`, nameEl: sql`excluded.name_el`, nameEn: sql`excluded.name_en`, sortOrder: sql`excluded.sort_order` },
    });
}
