/**
 * Live events (PGlite and PostgreSQL, one process): a change to requests reaches the SSE streams
 * of those who may see its department, and no one else's; the menu counts follow. Across two
 * processes: alerts-processes.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryId, departmentId, registerRequest, staff, startTestApp, type Session, type TestApp } from '../../test/harness.js';
import { connectSse, type SseClient } from '../../test/sse-client.js';

let t: TestApp;
let base: string;
let operator: Session;
let technicalStaff: Session;
let greenStaff: Session;
let supervisor: Session;
const streams: SseClient[] = [];

beforeAll(async () => {
  t = await startTestApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const address = t.app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  operator = await staff(t, 'operator');
  technicalStaff = await staff(t, 'department_staff', ['technical']);
  greenStaff = await staff(t, 'department_staff', ['green']);
  supervisor = await staff(t, 'supervisor');
});
afterAll(async () => {
  for (const s of streams) s.close();
  await t?.close();
});

const open = async (s: Session) => {
  const c = await connectSse(base, s.cookie);
  streams.push(c);
  return c;
};

describe('live events', () => {
  it('without a session: 401, no stream', async () => {
    const res = await fetch(`${base}/api/events`);
    expect(res.status).toBe(401);
  });

  it('a department’s stream carries its requests and nothing of another department’s; a citywide role gets both', async () => {
    const [tech, green, sup] = [await open(technicalStaff), await open(greenStaff), await open(supervisor)];
    const technical = await departmentId(t, 'technical');
    const greenId = await departmentId(t, 'green');
    const road = await registerRequest(t, operator); // technical
    const tree = await registerRequest(t, operator, { categoryId: await categoryId(t, 'trees') }); // green
    const techEvent = await tech.waitFor((e) => e.event === 'requests' && e.data.requestId === road.id);
    expect(techEvent.data).toEqual({ topic: `department:${technical}`, departmentId: technical, requestId: road.id });
    await green.waitFor((e) => e.event === 'requests' && e.data.requestId === tree.id);
    await sup.waitFor((e) => e.data.requestId === road.id);
    await sup.waitFor((e) => e.data.requestId === tree.id);
    // Notifications arrive in commit order: once `later` is in, a stray event would be too.
    const later = await registerRequest(t, operator);
    await tech.waitFor((e) => e.data.requestId === later.id);
    expect(tech.events.some((e) => e.data.requestId === tree.id || e.data.departmentId === greenId)).toBe(false);
    expect(green.events.some((e) => e.data.requestId === road.id || e.data.requestId === later.id || e.data.departmentId === technical)).toBe(false);
    expect(JSON.stringify(tech.events)).not.toMatch(/Παπαδάκης|6944|Λακκούβα/);
  });

  it('a forward is heard by both departments; the menu counts follow', async () => {
    const tech = await open(technicalStaff);
    const green = await open(greenStaff);
    const before = (await greenStaff.get('/api/menu-counts')).body;
    const r = await registerRequest(t, operator);
    await tech.waitFor((e) => e.data.requestId === r.id);
    expect((await technicalStaff.post(`/api/requests/${r.id}/forward`, { departmentId: await departmentId(t, 'green'), reason: 'Δέντρο' })).status).toBe(204);
    await green.waitFor((e) => e.data.requestId === r.id);
    expect(tech.events.filter((e) => e.data.requestId === r.id).length).toBeGreaterThanOrEqual(1);
    const after = (await greenStaff.get('/api/menu-counts')).body;
    expect(after.inbox).toBe(before.inbox + 1);
    expect(after.overdue).toBe(0);
  });
});
