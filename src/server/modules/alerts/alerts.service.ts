/** A user's choice of staff alerts. No row means every alert, in Greek; the triggers and jobs read the same table. */
import { eq } from 'drizzle-orm';
import type { Role } from '../../../shared/roles.js';
import type { AlertPreferences, AlertPreferencesView } from '../../../shared/schemas/alerts.js';
import type { Db, Executor } from '../../db/client.js';
import { userAlertPreferences, users } from '../../db/schema.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../audit/audit.service.js';

const DEFAULTS: AlertPreferences = { urgent: true, assigned: true, digest: true, escalation: true, language: 'el' };

/** Which alerts reach a role at all (see the triggers in drizzle/*_alerts_triggers.sql and alerts.jobs.ts). */
export function applicableAlerts(role: Role): AlertPreferencesView['applicable'] {
  if (role === 'department_head') return ['urgent', 'assigned', 'digest', 'escalation'];
  if (role === 'department_staff') return ['assigned', 'digest'];
  if (role === 'supervisor') return ['escalation'];
  return [];
}

export async function getAlertPreferences(db: Executor, actor: Actor): Promise<AlertPreferencesView> {
  const [row] = await db
    .select({ email: users.email, urgent: userAlertPreferences.urgent, assigned: userAlertPreferences.assigned, digest: userAlertPreferences.digest, escalation: userAlertPreferences.escalation, language: userAlertPreferences.language })
    .from(users)
    .leftJoin(userAlertPreferences, eq(userAlertPreferences.userId, users.id))
    .where(eq(users.id, actor.userId));
  const prefs: AlertPreferences = {
    urgent: row?.urgent ?? DEFAULTS.urgent,
    assigned: row?.assigned ?? DEFAULTS.assigned,
    digest: row?.digest ?? DEFAULTS.digest,
    escalation: row?.escalation ?? DEFAULTS.escalation,
    language: row?.language === 'en' ? 'en' : 'el',
  };
  return { ...prefs, email: row?.email ?? null, applicable: applicableAlerts(actor.role) };
}

export async function updateAlertPreferences(db: Db, actor: Actor, input: AlertPreferences): Promise<AlertPreferencesView> {
  await db.transaction(async (tx) => {
    const values = { ...input, updatedAt: new Date() };
    await tx.insert(userAlertPreferences).values({ userId: actor.userId, ...values }).onConflictDoUpdate({ target: userAlertPreferences.userId, set: values });
    await writeAudit(tx, actor, { action: 'alerts.preferences', entityType: 'user', entityId: actor.userId, data: { ...input } });
  });
  return getAlertPreferences(db, actor);
}
