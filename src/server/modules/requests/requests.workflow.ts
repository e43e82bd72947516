/**
 * Working a request: status changes, forwarding, assignment, notes and contacts with the citizen.
 * Each runs in one transaction that locks the request row, writes the change, its timeline event
 * and its audit row together. `applyStatusChange` is the only code that writes a status.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { AssignInput, ContactInput, ForwardInput, NoteInput, TransitionInput } from '../../../shared/schemas/requests.js';
import { canTransition, isOpenStatus, NEEDS_PUBLIC_NOTE, type Status } from '../../../shared/workflow.js';
import type { Db, Executor } from '../../db/client.js';
import { departments, requestEvents, requests, userDepartments, users } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { requireRole, type Actor } from '../auth/actor.js';
import { writeAudit } from '../audit/audit.service.js';
import { eventForStatus } from '../../../shared/notifications.js';
import { enqueueNotifications } from '../notifications/notifications.service.js';
import { scopeOf } from './requests.queries.js';

type RequestRow = typeof requests.$inferSelect;
type EventValues = Omit<typeof requestEvents.$inferInsert, 'requestId' | 'actorId'>;

/**
 * Locks a request the actor may see, or answers "not found". FOR NO KEY UPDATE, the lock an UPDATE
 * of its columns takes anyway: it does not block the key-share locks that inserting a row which
 * refers to the request takes (an event, a duplicate's link, a new request's citizen), so two
 * requests marked duplicates of each other at once, or a request worked while another is linked
 * to it, wait in turn instead of deadlocking.
 */
async function lockVisible(tx: Executor, actor: Actor, id: string): Promise<RequestRow> {
  const [row] = await tx.select().from(requests).where(and(eq(requests.id, id), scopeOf(actor))).for('no key update');
  if (!row) throw new AppError('not_found');
  return row;
}

/** Adds a timeline event at `now`; a status change or public update the citizen should hear of also queues its messages. */
async function addEvent(tx: Executor, actor: Actor, requestId: string, event: EventValues, now: Date): Promise<void> {
  const [row] = await tx.insert(requestEvents).values({ ...event, requestId, actorId: actor.userId, createdAt: now }).returning({ id: requestEvents.id });
  const notify = event.kind === 'public_update' ? 'public_update' : event.kind === 'status_change' || event.kind === 'forward' ? eventForStatus(event.toStatus ?? '') : null;
  if (notify) await enqueueNotifications(tx, requestId, row!.id, notify);
}

interface StatusChange {
  to: Status;
  publicNote?: string;
  /** Set by forwarding, the one way into `forwarded`; moves the request to another department. */
  forwardTo?: { departmentId: string; reason: string };
  duplicateOfId?: string;
}

/**
 * The only function that changes a request's status. Checks the transition table (forwarding
 * has its own rules, checked by its caller), keeps closed_at in step with the status group and
 * writes the timeline event in the caller's transaction.
 */
async function applyStatusChange(tx: Executor, actor: Actor, row: RequestRow, change: StatusChange, now: Date): Promise<void> {
  const from = row.status as Status;
  if (!change.forwardTo && !canTransition(actor.role, from, change.to)) {
    throw new AppError('transition_not_allowed', { from, to: change.to });
  }
  const closedAt = isOpenStatus(change.to) ? null : now;
  await tx
    .update(requests)
    .set({
      status: change.to,
      closedAt,
      updatedAt: now,
      duplicateOfId: change.to === 'duplicate' ? change.duplicateOfId ?? null : null,
      ...(change.forwardTo ? { departmentId: change.forwardTo.departmentId, assigneeId: null } : {}),
    })
    .where(eq(requests.id, row.id));
  if (change.forwardTo) {
    await addEvent(tx, actor, row.id, {
      kind: 'forward',
      visibility: 'public',
      fromStatus: from,
      toStatus: change.to,
      fromDepartmentId: row.departmentId,
      toDepartmentId: change.forwardTo.departmentId,
      body: change.forwardTo.reason,
      data: { reasonVisibility: 'internal' },
    }, now);
  } else {
    await addEvent(tx, actor, row.id, {
      kind: 'status_change',
      visibility: 'public',
      fromStatus: from,
      toStatus: change.to,
      body: change.publicNote ?? null,
      data: change.duplicateOfId ? { duplicateOfId: change.duplicateOfId } : null,
    }, now);
  }
  await writeAudit(tx, actor, {
    action: change.forwardTo ? 'request.forward' : 'request.transition',
    entityType: 'request',
    entityId: row.id,
    data: { from, to: change.to, ...(change.forwardTo ? { fromDepartmentId: row.departmentId, toDepartmentId: change.forwardTo.departmentId } : {}) },
    at: now,
  });
}

/** Moves a request to another status, with an optional note for the citizen and one for staff. `now`: the app's clock. */
export async function transitionRequest(db: Db, actor: Actor, id: string, input: TransitionInput, now = new Date()): Promise<void> {
  await db.transaction((tx) => transitionWithin(tx, actor, id, input, now));
}

/** transitionRequest in the caller's transaction (bulk changes, and their dry runs). */
export async function transitionWithin(tx: Executor, actor: Actor, id: string, input: TransitionInput, now: Date): Promise<void> {
  const row = await lockVisible(tx, actor, id);
  if (NEEDS_PUBLIC_NOTE.includes(input.to) && !input.publicNote) throw new AppError('public_note_required', { field: 'publicNote' });
  if (input.to === 'duplicate') {
    if (!input.duplicateOfId || input.duplicateOfId === id) throw new AppError('duplicate_of_required', { field: 'duplicateOfId' });
    // Within the actor's scope: staff must not learn of another department's requests this way.
    const [original] = await tx.select({ id: requests.id }).from(requests).where(and(eq(requests.id, input.duplicateOfId), scopeOf(actor)));
    if (!original) throw new AppError('duplicate_of_required', { field: 'duplicateOfId' });
  }
  await applyStatusChange(tx, actor, row, { to: input.to, publicNote: input.publicNote, duplicateOfId: input.duplicateOfId }, now);
  if (input.internalNote) await addEvent(tx, actor, id, { kind: 'internal_note', visibility: 'internal', body: input.internalNote }, now);
}

/** Sends a request to another department, with the reason; the new department sees it as forwarded. */
export async function forwardRequest(db: Db, actor: Actor, id: string, input: ForwardInput, now = new Date()): Promise<void> {
  requireRole(actor, 'department_staff', 'department_head', 'supervisor', 'admin');
  await db.transaction(async (tx) => {
    const row = await lockVisible(tx, actor, id);
    if (!isOpenStatus(row.status as Status)) throw new AppError('request_closed');
    if (row.departmentId === input.departmentId) throw new AppError('same_department');
    const [target] = await tx.select({ id: departments.id }).from(departments).where(and(eq(departments.id, input.departmentId), eq(departments.active, true)));
    if (!target) throw new AppError('unknown_department', { field: 'departmentId' });
    await applyStatusChange(tx, actor, row, { to: 'forwarded', forwardTo: { departmentId: input.departmentId, reason: input.reason } }, now);
  });
}

/**
 * Assigns a request to a member of its department, or clears the assignment. Heads, supervisors
 * and admins assign anyone there; staff may only take a request themselves or let it go.
 */
export async function assignRequest(db: Db, actor: Actor, id: string, input: AssignInput, now = new Date()): Promise<void> {
  await db.transaction((tx) => assignWithin(tx, actor, id, input, now));
}

/** assignRequest in the caller's transaction (bulk changes, and their dry runs). */
export async function assignWithin(tx: Executor, actor: Actor, id: string, input: AssignInput, now: Date): Promise<void> {
  requireRole(actor, 'department_staff', 'department_head', 'supervisor', 'admin');
  const row = await lockVisible(tx, actor, id);
  if (actor.role === 'department_staff' && input.userId !== actor.userId && !(input.userId === null && row.assigneeId === actor.userId)) {
    throw new AppError('forbidden');
  }
  if (input.userId) {
    const [member] = await tx
      .select({ id: users.id })
      .from(users)
      .innerJoin(userDepartments, eq(userDepartments.userId, users.id))
      .where(and(eq(users.id, input.userId), eq(users.active, true), eq(userDepartments.departmentId, row.departmentId)));
    if (!member) throw new AppError('assignee_not_in_department', { field: 'userId' });
  }
  if (row.assigneeId === input.userId) return;
  await tx.update(requests).set({ assigneeId: input.userId, updatedAt: now }).where(eq(requests.id, id));
  // Names as they were at the time, so the timeline reads right after a forward or a departure.
  const people = await tx.select({ id: users.id, fullName: users.fullName }).from(users).where(inArray(users.id, [row.assigneeId, input.userId].filter((x): x is string => !!x)));
  const nameOf = (uid: string | null) => people.find((p) => p.id === uid)?.fullName ?? null;
  await addEvent(tx, actor, id, {
    kind: 'assignment',
    visibility: 'internal',
    data: { fromUserId: row.assigneeId, fromName: nameOf(row.assigneeId), toUserId: input.userId, toName: nameOf(input.userId) },
  }, now);
  await writeAudit(tx, actor, { action: 'request.assign', entityType: 'request', entityId: id, data: { fromUserId: row.assigneeId, toUserId: input.userId }, at: now });
}

/** An internal note for staff, or a public update the citizen will see. */
export async function addNote(db: Db, actor: Actor, id: string, input: NoteInput, now = new Date()): Promise<void> {
  if (input.visibility === 'public') requireRole(actor, 'department_staff', 'department_head', 'supervisor', 'admin');
  await db.transaction(async (tx) => {
    await lockVisible(tx, actor, id);
    await tx.update(requests).set({ updatedAt: now }).where(eq(requests.id, id));
    await addEvent(tx, actor, id, { kind: input.visibility === 'public' ? 'public_update' : 'internal_note', visibility: input.visibility, body: input.body }, now);
    await writeAudit(tx, actor, { action: `request.${input.visibility === 'public' ? 'public_update' : 'note'}`, entityType: 'request', entityId: id, at: now });
  });
}

/** Records a contact with the citizen: a call made, an SMS, a visit, and how it went. */
export async function logContact(db: Db, actor: Actor, id: string, input: ContactInput, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    await lockVisible(tx, actor, id);
    await tx.update(requests).set({ updatedAt: now }).where(eq(requests.id, id));
    await addEvent(tx, actor, id, {
      kind: 'citizen_contact',
      visibility: 'internal',
      body: input.note ?? null,
      data: { method: input.method, direction: input.direction, outcome: input.outcome },
    }, now);
    await writeAudit(tx, actor, { action: 'request.contact', entityType: 'request', entityId: id, data: { method: input.method, outcome: input.outcome }, at: now });
  });
}
