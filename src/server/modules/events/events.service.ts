/** The menu's counts, from the same pass over open requests as the inbox's one-click views. */
import type { MenuCounts } from '../../../shared/schemas/alerts.js';
import type { Executor } from '../../db/client.js';
import type { Actor } from '../auth/actor.js';
import { openRequestCounts } from '../requests/requests.triage.js';

export async function menuCounts(db: Executor, actor: Actor, now: Date): Promise<MenuCounts> {
  const counts = await openRequestCounts(db, actor, now);
  return { inbox: counts.newOrForwarded, overdue: counts.overdue };
}
