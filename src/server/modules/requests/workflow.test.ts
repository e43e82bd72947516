/**
 * The status workflow through the API: every (role, from, to) against the transition table, the
 * timeline event, audit row and closed_at each change writes (all or nothing), and working a
 * request: assignment, forwarding, notes and contacts with the citizen.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../../shared/roles.js';
import { canTransition, isOpenStatus, STATUSES, type Status } from '../../../shared/workflow.js';
import { queryRows } from '../../db/client.js';
import { categoryId, departmentId, registerRequest, staff, startTestApp, type Session, type TestApp } from '../../test/harness.js';

let t: TestApp;
let as: Record<Role, Session>;
let technical: string;
let green: string;
/** The request every `duplicate` case points at. */
let original: string;

/** Runs `fn` over `items`, `width` at a time (the PostgreSQL pool has 20 connections). */
async function inBatches<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += width) out.push(...(await Promise.all(items.slice(i, i + width).map(fn))));
  return out;
}

/** The body of a transition to `to` that passes the note and duplicate checks. */
const transitionTo = (to: Status) => ({
  to,
  ...(to === 'rejected' ? { publicNote: 'Αρμόδια είναι η Περιφέρεια.' } : {}),
  ...(to === 'duplicate' ? { duplicateOfId: original } : {}),
});

/** Registers a request in the Technical Services and brings it to `status` as admin, through the API. */
async function requestIn(status: Status): Promise<string> {
  // `forwarded` is reached only by forwarding: register it with Cleaning and forward it here.
  const category = await categoryId(t, status === 'forwarded' ? 'cleaning' : 'road-damage');
  const { id } = await registerRequest(t, as.operator, { categoryId: category });
  const res =
    status === 'registered' ? null
    : status === 'forwarded' ? await as.admin.post(`/api/requests/${id}/forward`, { departmentId: technical, reason: 'Αφορά οδόστρωμα' })
    : await as.admin.post(`/api/requests/${id}/transition`, transitionTo(status));
  if (res && res.status !== 200) throw new Error(`setup ${status}: ${res.status} ${JSON.stringify(res.body)}`);
  return id;
}

interface Stored { status: Status; closed_at: unknown; department_id: string; status_changes: number; transition_audits: number }

/** What the database holds for a request, read beside the API. */
async function stored(id: string): Promise<Stored> {
  const [row] = await queryRows<Stored>(t.ctx.database.db, sql`
    select r.status, r.closed_at, r.department_id,
      (select count(*)::int from request_events e where e.request_id = r.id and e.kind = 'status_change') as status_changes,
      (select count(*)::int from audit_log a where a.entity_id = r.id::text and a.action = 'request.transition') as transition_audits
    from requests r where r.id = ${id}`);
  return row!;
}

beforeAll(async () => {
  t = await startTestApp();
  as = {
    admin: await staff(t, 'admin'),
    supervisor: await staff(t, 'supervisor'),
    operator: await staff(t, 'operator'),
    department_head: await staff(t, 'department_head', ['technical']),
    department_staff: await staff(t, 'department_staff', ['technical']),
  };
  technical = await departmentId(t, 'technical');
  green = await departmentId(t, 'green');
  original = (await registerRequest(t, as.operator)).id;
});
afterAll(() => t?.close());

describe('the transition table, through the API', () => {
  const cases = ROLES.flatMap((role) => STATUSES.flatMap((from) => STATUSES.map((to) => ({ role, from, to, allowed: canTransition(role, from, to) }))));
  // A refusal must leave the request as it was (checked below), so the refusals from one status
  // share a request; each allowed change gets a request of its own.
  const key = (c: (typeof cases)[number]) => (c.allowed ? `${c.role}:${c.from}:${c.to}` : `refused:${c.from}`);
  const ids = new Map<string, string>();

  beforeAll(async () => {
    const needed = [...new Map(cases.map((c) => [key(c), c.from])).entries()];
    const created = await inBatches(needed, 20, ([, from]) => requestIn(from));
    needed.forEach(([k], i) => ids.set(k, created[i]!));
  });

  it('is the table we mean: what each role may do', () => {
    const allowedCount = (role: Role) => cases.filter((c) => c.role === role && c.allowed).length;
    expect(Object.fromEntries(ROLES.map((r) => [r, allowedCount(r)]))).toEqual({ admin: 21, supervisor: 21, department_head: 21, department_staff: 14, operator: 4 });
    expect(cases.filter((c) => c.role === 'operator' && c.allowed).map((c) => c.to)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
    expect(cases.some((c) => c.role === 'department_staff' && c.allowed && (c.to === 'rejected' || c.to === 'registered'))).toBe(false);
    expect(cases.some((c) => c.allowed && (c.to === 'forwarded' || c.from === c.to))).toBe(false);
  });

  it.each(cases.map((c) => ({ ...c, verdict: c.allowed ? 'allowed' : 'refused' })))('$role: $from → $to is $verdict', async (c) => {
    const id = ids.get(key(c))!;
    const before = await stored(id);
    expect(before.status).toBe(c.from);
    const res = await as[c.role].post(`/api/requests/${id}/transition`, transitionTo(c.to));
    const after = await stored(id);
    if (c.allowed) {
      expect(res.status).toBe(200);
      expect(res.body.status).toBe(c.to);
      const changes = res.body.timeline.filter((e: { kind: string }) => e.kind === 'status_change');
      expect(changes.at(-1)).toMatchObject({ fromStatus: c.from, toStatus: c.to, actor: { id: as[c.role].userId } });
      expect(res.body.closedAt === null).toBe(isOpenStatus(c.to));
    } else {
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('transition_not_allowed');
    }
    expect(after.status).toBe(c.allowed ? c.to : c.from);
    expect(after.closed_at === null).toBe(isOpenStatus(after.status));
    // Exactly one timeline event and one audit row per change; none for a refusal.
    const written = c.allowed ? 1 : 0;
    expect(after.status_changes).toBe(before.status_changes + written);
    expect(after.transition_audits).toBe(before.transition_audits + written);
  });
});

describe('a status change', () => {
  it('writes one status_change event and one request.transition audit row with from/to', async () => {
    const id = await requestIn('registered');
    const res = await as.department_staff.post(`/api/requests/${id}/transition`, { to: 'in_progress', internalNote: 'Συνεργείο την Τρίτη' });
    expect(res.status).toBe(200);
    expect(res.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(['created', 'status_change', 'internal_note']);
    const audits = await queryRows<{ actor_id: string; data: unknown }>(t.ctx.database.db, sql`
      select actor_id, data from audit_log where entity_id = ${id} and action = 'request.transition'`);
    expect(audits).toEqual([{ actor_id: as.department_staff.userId, data: { from: 'registered', to: 'in_progress' } }]);
  });

  it('sets closed_at when it closes a request, and reopening clears it', async () => {
    const id = await requestIn('in_progress');
    const resolved = await as.department_staff.post(`/api/requests/${id}/transition`, { to: 'resolved' });
    expect(resolved.body.closedAt).not.toBeNull();
    expect((await stored(id)).closed_at).not.toBeNull();
    const reopened = await as.department_head.post(`/api/requests/${id}/transition`, { to: 'registered' });
    expect(reopened.status).toBe(200);
    expect(reopened.body.closedAt).toBeNull();
    expect(reopened.body.timeline.at(-1)).toMatchObject({ kind: 'status_change', fromStatus: 'resolved', toStatus: 'registered' });
    expect(await stored(id)).toMatchObject({ status: 'registered', closed_at: null });
  });

  // A failing insert into either table must take the status change with it: one transaction.
  it.each(['audit_log', 'request_events'])('is undone entirely when writing %s fails', async (table) => {
    const id = await requestIn('registered');
    const db = t.ctx.database.db;
    await db.execute(sql.raw(`create or replace function fail_for_test() returns trigger language plpgsql as $$ begin raise exception 'refused by test'; end $$`));
    const column = table === 'audit_log' ? 'entity_id' : 'request_id::text';
    await db.execute(sql.raw(`create trigger fail_for_test before insert on ${table} for each row when (new.${column} = '${id}') execute function fail_for_test()`));
    try {
      const res = await as.admin.post(`/api/requests/${id}/transition`, { to: 'resolved' });
      expect(res.status).toBe(500);
      expect(res.body.code).toBe('internal');
    } finally {
      await db.execute(sql.raw(`drop trigger fail_for_test on ${table}`));
    }
    expect(await stored(id)).toMatchObject({ status: 'registered', closed_at: null, status_changes: 0, transition_audits: 0 });
  });

  it('to rejected needs a note for the citizen', async () => {
    const id = await requestIn('registered');
    for (const body of [{ to: 'rejected' }, { to: 'rejected', publicNote: '   ' }]) {
      const res = await as.department_head.post(`/api/requests/${id}/transition`, body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('public_note_required');
    }
    expect((await stored(id)).status).toBe('registered');
  });

  it('to duplicate needs the original, an existing request other than itself', async () => {
    const id = await requestIn('registered');
    for (const duplicateOfId of [undefined, id, randomUUID()]) {
      const res = await as.operator.post(`/api/requests/${id}/transition`, { to: 'duplicate', duplicateOfId });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('duplicate_of_required');
    }
    expect((await stored(id)).status).toBe('registered');
    const ok = await as.operator.post(`/api/requests/${id}/transition`, { to: 'duplicate', duplicateOfId: original });
    expect(ok.body.duplicateOf.id).toBe(original);
  });
});

describe('assignment', () => {
  let colleague: Session;
  let outsider: Session;
  beforeAll(async () => {
    colleague = await staff(t, 'department_staff', ['technical']);
    outsider = await staff(t, 'department_staff', ['green']);
  });
  const assign = (who: Session, id: string, userId: string | null) => who.post(`/api/requests/${id}/assign`, { userId });

  it('lets the head assign a colleague of the department, with an assignment event', async () => {
    const id = await requestIn('registered');
    const res = await assign(as.department_head, id, colleague.userId);
    expect(res.status).toBe(200);
    expect(res.body.assignee.id).toBe(colleague.userId);
    expect(res.body.timeline.at(-1)).toMatchObject({ kind: 'assignment', visibility: 'internal', data: { fromUserId: null, toUserId: colleague.userId } });
  });

  it('refuses an assignee from another department, or with no department', async () => {
    const id = await requestIn('registered');
    for (const userId of [outsider.userId, as.operator.userId]) {
      const res = await assign(as.department_head, id, userId);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('assignee_not_in_department');
    }
    expect((await as.admin.get(`/api/requests/${id}`)).body.assignee).toBeNull();
  });

  it('lets staff take a request and let it go, but not hand it to someone else', async () => {
    const id = await requestIn('registered');
    expect((await assign(as.department_staff, id, colleague.userId)).body.code).toBe('forbidden');
    const taken = await assign(as.department_staff, id, as.department_staff.userId);
    expect(taken.status).toBe(200);
    expect(taken.body.assignee.id).toBe(as.department_staff.userId);
    // Another staff member may not release it for them.
    const released = await assign(colleague, id, null);
    expect([released.status, released.body.code]).toEqual([403, 'forbidden']);
    const let_go = await assign(as.department_staff, id, null);
    expect(let_go.status).toBe(200);
    expect(let_go.body.assignee).toBeNull();
  });

  it('is not for operators', async () => {
    const id = await requestIn('registered');
    const res = await assign(as.operator, id, as.department_staff.userId);
    expect([res.status, res.body.code]).toEqual([403, 'forbidden']);
  });
});

describe('forwarding', () => {
  const forward = (who: Session, id: string, body: object) => who.post(`/api/requests/${id}/forward`, body);

  it('needs a reason', async () => {
    const id = await requestIn('registered');
    for (const reason of ['', '   ']) {
      const res = await forward(as.supervisor, id, { departmentId: green, reason });
      expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
    }
    expect((await stored(id)).department_id).toBe(technical);
  });

  it('refuses the same department, a closed request and an unknown or inactive department', async () => {
    const open = await requestIn('registered');
    const closed = await requestIn('resolved');
    const inactive = await as.admin.post('/api/admin/departments', { code: `closed-${Date.now()}`, name: { el: 'Καταργημένη', en: 'Abolished' }, active: false });
    expect(inactive.status).toBe(201);
    const attempts: [string, string, number, string][] = [
      [open, technical, 409, 'same_department'],
      [closed, green, 409, 'request_closed'],
      [open, randomUUID(), 422, 'unknown_department'],
      [open, inactive.body.id, 422, 'unknown_department'],
    ];
    for (const [id, to, status, code] of attempts) {
      const res = await forward(as.supervisor, id, { departmentId: to, reason: 'Δοκιμή' });
      expect([res.status, res.body.code]).toEqual([status, code]);
    }
    expect(await stored(open)).toMatchObject({ status: 'registered', department_id: technical });
    expect(await stored(closed)).toMatchObject({ status: 'resolved', department_id: technical });
  });

  it('moves the request, sets it forwarded and clears the assignee', async () => {
    const id = await requestIn('in_progress');
    expect((await as.department_head.post(`/api/requests/${id}/assign`, { userId: as.department_staff.userId })).status).toBe(200);
    const res = await forward(as.supervisor, id, { departmentId: green, reason: 'Αφορά δέντρο στο πεζοδρόμιο' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'forwarded', department: { id: green }, assignee: null, closedAt: null });
    expect(res.body.timeline.at(-1)).toMatchObject({
      kind: 'forward', fromStatus: 'in_progress', toStatus: 'forwarded', fromDepartment: { id: technical }, toDepartment: { id: green }, body: 'Αφορά δέντρο στο πεζοδρόμιο',
    });
    const [audit] = await queryRows<{ data: unknown }>(t.ctx.database.db, sql`select data from audit_log where entity_id = ${id} and action = 'request.forward'`);
    expect(audit!.data).toEqual({ from: 'in_progress', to: 'forwarded', fromDepartmentId: technical, toDepartmentId: green });
  });

  it('is not for operators', async () => {
    const id = await requestIn('registered');
    const res = await forward(as.operator, id, { departmentId: green, reason: 'Λάθος υπηρεσία' });
    expect([res.status, res.body.code]).toEqual([403, 'forbidden']);
  });
});

describe('notes and contacts', () => {
  it('lets an operator add an internal note but not a public update', async () => {
    const id = await requestIn('registered');
    const note = await as.operator.post(`/api/requests/${id}/notes`, { body: 'Ξανακάλεσε ο δημότης' });
    expect(note.status).toBe(200);
    expect(note.body.timeline.at(-1)).toMatchObject({ kind: 'internal_note', visibility: 'internal', body: 'Ξανακάλεσε ο δημότης' });
    const update = await as.operator.post(`/api/requests/${id}/notes`, { body: 'Θα έρθει συνεργείο', visibility: 'public' });
    expect([update.status, update.body.code]).toEqual([403, 'forbidden']);
    expect((await as.admin.get(`/api/requests/${id}`)).body.timeline).toHaveLength(2);
  });

  it('lets department staff post a public update', async () => {
    const id = await requestIn('registered');
    const res = await as.department_staff.post(`/api/requests/${id}/notes`, { body: 'Η επισκευή προγραμματίστηκε', visibility: 'public' });
    expect(res.status).toBe(200);
    expect(res.body.timeline.at(-1)).toMatchObject({ kind: 'public_update', visibility: 'public', body: 'Η επισκευή προγραμματίστηκε', actor: { id: as.department_staff.userId } });
  });

  it('records a contact with the citizen on the timeline', async () => {
    const id = await requestIn('registered');
    const res = await as.department_staff.post(`/api/requests/${id}/contacts`, { method: 'phone', outcome: 'no_answer', note: 'Δεν απάντησε στις 10:00' });
    expect(res.status).toBe(200);
    expect(res.body.timeline.at(-1)).toMatchObject({
      kind: 'citizen_contact', visibility: 'internal', body: 'Δεν απάντησε στις 10:00', data: { method: 'phone', direction: 'outgoing', outcome: 'no_answer' },
    });
  });
});

describe('the app clock', () => {
  it('dates each change, its timeline event and its audit row by the app clock, like registration', async () => {
    const id = await requestIn('registered');
    const at = (iso: string) => {
      t.setNow(new Date(iso));
      return iso;
    };
    try {
      const noted = at('2027-03-01T08:00:00.000Z');
      await as.department_staff.post(`/api/requests/${id}/notes`, { body: 'Αυτοψία αύριο' });
      const taken = at('2027-03-02T09:30:00.000Z');
      await as.department_staff.post(`/api/requests/${id}/assign`, { userId: as.department_staff.userId });
      const called = at('2027-03-03T10:00:00.000Z');
      await as.department_staff.post(`/api/requests/${id}/contacts`, { method: 'phone', outcome: 'reached' });
      const resolved = at('2027-03-04T11:15:00.000Z');
      const res = await as.department_staff.post(`/api/requests/${id}/transition`, { to: 'resolved', publicNote: 'Επισκευάστηκε' });
      expect(res.status).toBe(200);
      expect(res.body.timeline.slice(1).map((e: { kind: string; createdAt: string }) => [e.kind, e.createdAt])).toEqual([
        ['internal_note', noted], ['assignment', taken], ['citizen_contact', called], ['status_change', resolved],
      ]);
      expect([res.body.updatedAt, res.body.closedAt]).toEqual([resolved, resolved]);
      const audits = await queryRows<{ action: string; at: Date | string }>(t.ctx.database.db, sql`select action, at from audit_log where entity_id = ${id} and action <> 'request.create' order by at`);
      expect(audits.map((a) => [a.action, new Date(a.at).toISOString()])).toEqual([
        ['request.note', noted], ['request.assign', taken], ['request.contact', called], ['request.transition', resolved],
      ]);
    } finally {
      t.setNow(null);
    }
  });
});
