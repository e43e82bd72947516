/**
 * The inbox's triage: overdue and urgent first, then by due time; the one-click counts within the
 * user's departments; working days late and due soon; and bulk changes that say who would be
 * messaged (dry run) and the true reason each request failed.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications, requestEvents, requests } from '../../db/schema.js';
import { categoryId, departmentId, staff, startTestApp, type Session, type TestApp } from '../../test/harness.js';

let t: TestApp;
let operator: Session;
let head: Session;
let otherHead: Session;
let supervisor: Session;
/** Wednesday 18 March 2026, 12:00 in Athens. */
const NOW = new Date('2026-03-18T10:00:00Z');

async function create(at: string, priority: string, note: string, phone = '6944000001'): Promise<string> {
  t.setNow(new Date(at));
  const res = await operator.post('/api/requests', {
    channel: 'phone', categoryId: await categoryId(t, 'street-lighting'), description: `triage ${note}`, priority,
    citizen: { fullName: `Δημότης ${note}`, phone, smsConsent: true },
  });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}
const setDue = (id: string, due: string | null) => t.ctx.database.db.update(requests).set({ dueAt: due ? new Date(due) : null }).where(eq(requests.id, id));

const ids: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestApp();
  [operator, head, otherHead, supervisor] = await Promise.all([
    staff(t, 'operator'), staff(t, 'department_head', ['lighting']), staff(t, 'department_head', ['technical']), staff(t, 'supervisor'),
  ]);
  // Newest first these would read: soon, nodue, urgentLater, dueToday, late, urgentLate, closedLate.
  ids.closedLate = await create('2026-02-01T08:00:00Z', 'urgent', 'closedLate');
  ids.urgentLate = await create('2026-02-10T08:00:00Z', 'urgent', 'urgentLate');
  ids.late = await create('2026-02-02T08:00:00Z', 'normal', 'late');
  ids.dueToday = await create('2026-03-10T08:00:00Z', 'high', 'dueToday');
  ids.urgentLater = await create('2026-03-17T08:00:00Z', 'urgent', 'urgentLater');
  ids.nodue = await create('2026-03-17T09:00:00Z', 'low', 'nodue');
  ids.soon = await create('2026-03-18T08:00:00Z', 'normal', 'soon');
  // Due Friday 13 March, end of day in Athens: Mon 16, Tue 17 and Wed 18 are three working days late.
  await setDue(ids.late!, '2026-03-13T21:59:59Z');
  await setDue(ids.urgentLate!, '2026-03-17T21:59:59Z');
  await setDue(ids.dueToday!, '2026-03-18T18:00:00Z');
  await setDue(ids.urgentLater!, '2026-03-25T21:59:59Z');
  await setDue(ids.nodue!, null);
  await setDue(ids.soon!, '2026-03-19T21:59:59Z');
  t.setNow(NOW);
  const closed = await head.post(`/api/requests/${ids.closedLate}/transition`, { to: 'resolved' });
  expect(closed.status).toBe(200);
});
afterAll(() => t.close());

const name = (id: string) => Object.entries(ids).find(([, v]) => v === id)?.[0] ?? id;
async function list(params: Record<string, string>, as: Session = head): Promise<{ names: string[]; items: any[]; hasMore: boolean }> {
  const res = await as.get(`/api/requests?${new URLSearchParams(params)}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { names: res.body.items.map((i: { id: string }) => name(i.id)), items: res.body.items, hasMore: res.body.hasMore };
}

describe('triage order', () => {
  const expected = ['urgentLate', 'late', 'urgentLater', 'dueToday', 'soon', 'nodue'];

  it('puts overdue and urgent first, then by due time, then by registration', async () => {
    expect((await list({ group: 'open', sort: 'triage' })).names).toEqual(expected);
    // The inbox's own filter (new and forwarded) reads the same.
    expect((await list({ status: 'registered,forwarded', sort: 'triage' })).names).toEqual(expected);
  });

  it('gives the same order when it cannot use the slices (text search, closed requests included)', async () => {
    expect((await list({ group: 'open', sort: 'triage', q: 'triage' })).names).toEqual(expected);
    // Closed requests come after every open one.
    expect((await list({ sort: 'triage' })).names).toEqual([...expected, 'closedLate']);
  });

  it('pages through the order without losing or repeating a request', async () => {
    const pages = [];
    for (let offset = 0; offset < 6; offset += 2) pages.push(await list({ group: 'open', sort: 'triage', limit: '2', offset: String(offset) }));
    expect(pages.flatMap((p) => p.names)).toEqual(expected);
    expect(pages.map((p) => p.hasMore)).toEqual([true, true, false]);
  });

  it('says how many working days late, and which are due soon', async () => {
    const { items } = await list({ group: 'open', sort: 'triage' });
    const by = Object.fromEntries(items.map((i) => [name(i.id), i]));
    expect(by.late).toMatchObject({ overdue: true, workingDaysLate: 3, dueSoon: false });
    expect(by.urgentLate).toMatchObject({ overdue: true, workingDaysLate: 1 });
    expect(by.dueToday).toMatchObject({ overdue: false, workingDaysLate: null, dueSoon: true });
    expect(by.soon).toMatchObject({ dueSoon: true });
    expect(by.urgentLater).toMatchObject({ dueSoon: false, workingDaysLate: null });
  });

  it('filters the one-click views: due today and urgent', async () => {
    expect((await list({ group: 'open', sort: 'triage', due: 'today' })).names).toEqual(['dueToday']);
    expect((await list({ group: 'open', sort: 'triage', priority: 'urgent' })).names).toEqual(['urgentLate', 'urgentLater']);
    expect((await list({ group: 'open', sort: 'triage', overdue: 'true' })).names).toEqual(['urgentLate', 'late']);
  });
});

describe('triage counts', () => {
  it('counts open requests overdue, due today, urgent and unassigned', async () => {
    const res = await head.get('/api/requests/triage-counts');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ overdue: 2, dueToday: 1, urgent: 2, unassigned: 6 });
    await head.post(`/api/requests/${ids.late}/assign`, { userId: head.userId });
    expect((await head.get('/api/requests/triage-counts')).body.unassigned).toBe(5);
    await head.post(`/api/requests/${ids.late}/assign`, { userId: null });
  });

  it("respects the user's department scope", async () => {
    expect((await otherHead.get('/api/requests/triage-counts')).body).toEqual({ overdue: 0, dueToday: 0, urgent: 0, unassigned: 0 });
    // Another department's id does not widen a head's scope.
    expect((await otherHead.get(`/api/requests/triage-counts?departmentId=${await departmentId(t, 'lighting')}`)).body.overdue).toBe(0);
    expect((await supervisor.get(`/api/requests/triage-counts?departmentId=${await departmentId(t, 'lighting')}`)).body.overdue).toBe(2);
  });
});

describe('bulk changes', () => {
  it('refuses "not our competence" without a note once, at the note field', async () => {
    const res = await head.post('/api/requests/bulk', { ids: [ids.soon, ids.nodue], action: { type: 'transition', to: 'rejected' } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'public_note_required', details: { field: 'publicNote' } });
  });

  it('a dry run says who would get an SMS and changes nothing', async () => {
    const before = await t.ctx.database.db.select().from(notifications);
    const events = await t.ctx.database.db.select().from(requestEvents);
    const res = await head.post('/api/requests/bulk', { ids: [ids.soon, ids.nodue, ids.closedLate], dryRun: true, action: { type: 'transition', to: 'resolved' } });
    expect(res.status).toBe(200);
    expect(res.body.dryRun).toBe(true);
    // Two requests of one citizen (same mobile, SMS consent): two SMS, one citizen.
    expect(res.body.recipients).toEqual({ sms: 1, email: 0 });
    expect(res.body.results).toEqual([
      { id: ids.soon, ok: true, messages: ['sms'] },
      { id: ids.nodue, ok: true, messages: ['sms'] },
      { id: ids.closedLate, ok: false, code: 'transition_not_allowed', from: 'resolved' },
    ]);
    expect(await t.ctx.database.db.select().from(notifications)).toHaveLength(before.length);
    expect(await t.ctx.database.db.select().from(requestEvents)).toHaveLength(events.length);
    expect((await list({ group: 'open', sort: 'triage' })).names).toContain('soon');
  });

  it('a real run applies what it can and gives the true reason for the rest', async () => {
    const res = await head.post('/api/requests/bulk', { ids: [ids.soon, ids.closedLate, otherId], action: { type: 'transition', to: 'in_progress' } });
    expect(res.status).toBe(200);
    expect(res.body.dryRun).toBe(false);
    expect(res.body.results).toEqual([
      { id: ids.soon, ok: true, messages: [] },
      { id: ids.closedLate, ok: false, code: 'transition_not_allowed', from: 'resolved' },
      { id: otherId, ok: false, code: 'not_found' },
    ]);
    const [row] = await t.ctx.database.db.select().from(requests).where(eq(requests.id, ids.soon!));
    expect(row!.status).toBe('in_progress');
  });
});

const otherId = '00000000-0000-4000-8000-000000000000';
