/** The audit log: who did what to which record, when and from where. Written in the caller's transaction. */
import type { Executor } from '../../db/client.js';
import { auditLog } from '../../db/schema.js';
import type { Actor } from '../auth/actor.js';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  /** Field names and non-personal values only: the audit log must not become a copy of the PII. */
  data?: Record<string, unknown>;
  /** When, on the app's clock; unset: the database's. */
  at?: Date;
}

export async function writeAudit(tx: Executor, actor: Actor | null, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: actor?.userId ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    ip: actor?.ip ?? null,
    userAgent: actor?.userAgent?.slice(0, 300) ?? null,
    data: entry.data ?? null,
    ...(entry.at ? { at: entry.at } : {}),
  });
}
