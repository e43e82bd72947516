/** What route plugins need from the running app: the database, config, calendar and clock. */
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import type { WorkingCalendar } from './modules/calendar/working-days.js';

export interface AppContext {
  database: Database;
  config: Config;
  calendar: WorkingCalendar;
  /** The current time; tests replace it to cross a year boundary. */
  clock: () => Date;
}
