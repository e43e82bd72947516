/** Re-routing a category moves no open request: the administrator is told how many stay where they are. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryId, departmentId, registerRequest, staff, startTestApp, type Session, type TestApp } from '../../test/harness.js';

let t: TestApp;
let admin: Session;
let operator: Session;
beforeAll(async () => {
  t = await startTestApp();
  [admin, operator] = await Promise.all([staff(t, 'admin'), staff(t, 'operator')]);
});
afterAll(() => t.close());

describe('routing impact', () => {
  it('counts the open requests of the category that a new routing does not move, for admins only', async () => {
    const road = await categoryId(t, 'road-damage');
    const [technical, lighting] = await Promise.all([departmentId(t, 'technical'), departmentId(t, 'lighting')]);
    const impact = async (to: string) => (await admin.get(`/api/admin/categories/${road}/routing-impact?departmentId=${to}`)).body.openRequestsNotMoved;
    const before = await impact(lighting);
    const a = await registerRequest(t, operator);
    await registerRequest(t, operator);
    const closed = await registerRequest(t, operator);
    const head = await staff(t, 'supervisor');
    expect((await head.post(`/api/requests/${closed.id}/transition`, { to: 'resolved', publicNote: 'Έγινε.' })).status).toBe(200);
    expect(await impact(lighting)).toBe(before + 2);
    // Routing to where they already are leaves nothing behind.
    expect(await impact(technical)).toBe(0);
    expect((await admin.patch(`/api/admin/categories/${road}`, { departmentId: lighting })).status).toBe(200);
    expect((await admin.get(`/api/requests/${a.id}`)).body.department.id).toBe(technical);
    expect((await operator.get(`/api/admin/categories/${road}/routing-impact?departmentId=${lighting}`)).status).toBe(403);
    expect((await admin.get(`/api/admin/categories/${road}/routing-impact?departmentId=x`)).status).toBe(400);
  });
});
