/** The message templates an admin edits: every event × channel × language, saved over the defaults. */
import { and, eq } from 'drizzle-orm';
import { closestPlaceholder, DEFAULT_TEMPLATES, PLACEHOLDERS, NOTIFICATION_CHANNELS, NOTIFICATION_EVENTS, unknownPlaceholders, type Lang, type NotificationChannel, type NotificationEvent } from '../../../shared/notifications.js';
import type { Template } from '../../../shared/schemas/notifications.js';
import type { Db, Executor } from '../../db/client.js';
import { notificationTemplates } from '../../db/schema.js';
import { requireRole, type Actor } from '../auth/actor.js';
import { writeAudit } from '../audit/audit.service.js';
import { AppError } from '../../errors.js';

export async function listTemplates(db: Executor, actor: Actor): Promise<Template[]> {
  requireRole(actor, 'admin');
  const saved = await db.select().from(notificationTemplates);
  const out: Template[] = [];
  for (const event of NOTIFICATION_EVENTS)
    for (const channel of NOTIFICATION_CHANNELS)
      for (const language of ['el', 'en'] as const) {
        const s = saved.find((t) => t.event === event && t.channel === channel && t.language === language);
        const d = DEFAULT_TEMPLATES[event][channel][language];
        out.push({ event, channel, language, subject: s ? s.subject : d.subject, body: s?.body ?? d.body, isDefault: !s });
      }
  return out;
}

interface Key { event: NotificationEvent; channel: NotificationChannel; language: Lang }

/** Refuses a text with an unknown placeholder or a stray brace: it would reach citizens as written. */
function assertPlaceholders(field: 'subject' | 'body', text: string | null): void {
  const unknown = text ? unknownPlaceholders(text) : [];
  if (unknown.length) throw new AppError('unknown_placeholder', { field, unknown, suggestions: unknown.map(closestPlaceholder), allowed: PLACEHOLDERS.map((p) => `{${p}}`) });
}

export async function saveTemplate(db: Db, actor: Actor, key: Key, input: { subject: string | null; body: string }): Promise<void> {
  requireRole(actor, 'admin');
  if (key.channel === 'email') assertPlaceholders('subject', input.subject);
  assertPlaceholders('body', input.body);
  await db.transaction(async (tx) => {
    const values = { ...key, subject: key.channel === 'email' ? input.subject : null, body: input.body, updatedAt: new Date() };
    await tx.insert(notificationTemplates).values(values).onConflictDoUpdate({ target: [notificationTemplates.event, notificationTemplates.channel, notificationTemplates.language], set: values });
    await writeAudit(tx, actor, { action: 'template.update', entityType: 'template', entityId: `${key.event}/${key.channel}/${key.language}` });
  });
}

/** Back to the default text. */
export async function resetTemplate(db: Db, actor: Actor, key: Key): Promise<void> {
  requireRole(actor, 'admin');
  await db.transaction(async (tx) => {
    await tx.delete(notificationTemplates).where(and(eq(notificationTemplates.event, key.event), eq(notificationTemplates.channel, key.channel), eq(notificationTemplates.language, key.language)));
    await writeAudit(tx, actor, { action: 'template.reset', entityType: 'template', entityId: `${key.event}/${key.channel}/${key.language}` });
  });
}
