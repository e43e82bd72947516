/** The menu's counts: one small query over the open-requests indexes, in the actor's department scope. */
import { sql } from 'drizzle-orm';
import type { MenuCounts } from '../../../shared/schemas/alerts.js';
import { queryRows, type Executor } from '../../db/client.js';
import { isCitywide, type Actor } from '../auth/actor.js';

export async function menuCounts(db: Executor, actor: Actor, now: Date): Promise<MenuCounts> {
  const scope = isCitywide(actor) ? sql`true` : actor.departmentIds.length ? sql`department_id in ${actor.departmentIds}` : sql`false`;
  const [row] = await queryRows<{ inbox: number; overdue: number }>(db, sql`
    select count(*) filter (where status in ('registered', 'forwarded'))::int as inbox,
           count(*) filter (where due_at < ${now})::int as overdue
    from requests where closed_at is null and ${scope}`);
  return { inbox: Number(row?.inbox ?? 0), overdue: Number(row?.overdue ?? 0) };
}
