/**
 * Ready replies (response templates) per department, for public updates and status notes. Heads
 * manage their departments' texts, admins every department's; everyone who works a department's
 * requests may read its texts. Placeholders are checked when a text is saved.
 */
import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import { REPLY_PLACEHOLDERS, unknownPlaceholders } from '../../../shared/replies.js';
import type { ListRepliesQuery, ReplyTemplate, ReplyTemplateInput, ReplyTemplatePatch } from '../../../shared/schemas/replies.js';
import type { Db, Executor } from '../../db/client.js';
import { departments, responseTemplates } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { canSeeDepartment, isCitywide, type Actor } from '../auth/actor.js';
import { writeAudit } from '../audit/audit.service.js';

/** Admins manage every department's replies; department heads their own departments'. */
function requireManager(actor: Actor, departmentId: string): void {
  if (actor.role === 'admin') return;
  if (actor.role === 'department_head' && actor.departmentIds.includes(departmentId)) return;
  throw new AppError('forbidden');
}

function checkBody(body: string | undefined): void {
  const unknown = body ? unknownPlaceholders(body) : [];
  if (unknown.length) throw new AppError('unknown_placeholder', { field: 'body', unknown, allowed: REPLY_PLACEHOLDERS.map((p) => `{${p}}`) });
}

const columns = {
  id: responseTemplates.id,
  kind: responseTemplates.kind,
  title: responseTemplates.title,
  body: responseTemplates.body,
  updatedAt: responseTemplates.updatedAt,
  departmentId: departments.id,
  departmentEl: departments.nameEl,
  departmentEn: departments.nameEn,
};

async function select(db: Executor, where: SQL | undefined): Promise<ReplyTemplate[]> {
  const rows = await db
    .select(columns)
    .from(responseTemplates)
    .innerJoin(departments, eq(departments.id, responseTemplates.departmentId))
    .where(where)
    .orderBy(asc(departments.nameEl), asc(responseTemplates.kind), asc(responseTemplates.title));
  return rows.map((r) => ({
    id: r.id,
    department: { id: r.departmentId, name: { el: r.departmentEl, en: r.departmentEn } },
    kind: r.kind as ReplyTemplate['kind'],
    title: r.title,
    body: r.body,
    updatedAt: r.updatedAt.toISOString(),
  }));
}

/** The replies of the departments the actor works for (all, for citywide roles), optionally of one department and kind. */
export async function listReplyTemplates(db: Executor, actor: Actor, query: ListRepliesQuery): Promise<ReplyTemplate[]> {
  if (query.departmentId && !canSeeDepartment(actor, query.departmentId)) return [];
  const scope = isCitywide(actor) ? undefined : inArray(responseTemplates.departmentId, actor.departmentIds.length ? actor.departmentIds : ['00000000-0000-0000-0000-000000000000']);
  return select(db, and(
    scope,
    query.departmentId ? eq(responseTemplates.departmentId, query.departmentId) : undefined,
    query.kind ? eq(responseTemplates.kind, query.kind) : undefined,
  ));
}

async function one(db: Executor, id: string): Promise<ReplyTemplate> {
  const [row] = await select(db, eq(responseTemplates.id, id));
  if (!row) throw new AppError('not_found');
  return row;
}

export async function createReplyTemplate(db: Db, actor: Actor, input: ReplyTemplateInput, now = new Date()): Promise<ReplyTemplate> {
  requireManager(actor, input.departmentId);
  checkBody(input.body);
  return db.transaction(async (tx) => {
    const [dept] = await tx.select({ id: departments.id }).from(departments).where(eq(departments.id, input.departmentId));
    if (!dept) throw new AppError('unknown_department', { field: 'departmentId' });
    const [row] = await tx.insert(responseTemplates).values({ ...input, updatedById: actor.userId, createdAt: now, updatedAt: now }).returning({ id: responseTemplates.id });
    await writeAudit(tx, actor, { action: 'reply_template.create', entityType: 'reply_template', entityId: row!.id, data: { departmentId: input.departmentId, kind: input.kind }, at: now });
    return one(tx, row!.id);
  });
}

/** The template, if the actor may manage it; "not found" for another department's (as for requests). */
async function lockManaged(tx: Executor, actor: Actor, id: string): Promise<{ departmentId: string }> {
  const [row] = await tx.select({ departmentId: responseTemplates.departmentId }).from(responseTemplates).where(eq(responseTemplates.id, id)).for('update');
  if (!row || !canSeeDepartment(actor, row.departmentId)) throw new AppError('not_found');
  requireManager(actor, row.departmentId);
  return row;
}

export async function updateReplyTemplate(db: Db, actor: Actor, id: string, patch: ReplyTemplatePatch, now = new Date()): Promise<ReplyTemplate> {
  checkBody(patch.body);
  return db.transaction(async (tx) => {
    await lockManaged(tx, actor, id);
    await tx.update(responseTemplates).set({ ...patch, updatedById: actor.userId, updatedAt: now }).where(eq(responseTemplates.id, id));
    await writeAudit(tx, actor, { action: 'reply_template.update', entityType: 'reply_template', entityId: id, data: { fields: Object.keys(patch) }, at: now });
    return one(tx, id);
  });
}

export async function deleteReplyTemplate(db: Db, actor: Actor, id: string, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    await lockManaged(tx, actor, id);
    await tx.delete(responseTemplates).where(eq(responseTemplates.id, id));
    await writeAudit(tx, actor, { action: 'reply_template.delete', entityType: 'reply_template', entityId: id, at: now });
  });
}
