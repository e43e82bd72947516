/** Opens and migrates the database and builds the context every entry point (server, CLI, bench) shares. */
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { openDatabase } from './db/client.js';
import { migrateDatabase } from './db/migrate.js';
import { workingCalendar } from './modules/calendar/working-days.js';
import { seedReferenceData } from './seed/reference.js';

export async function prepareContext(config: Config): Promise<AppContext> {
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: config.DATABASE_POOL_SIZE });
  await migrateDatabase(database);
  await seedReferenceData(database.db);
  return { database, config, calendar: workingCalendar(config.LOCAL_HOLIDAYS), clock: () => new Date() };
}
