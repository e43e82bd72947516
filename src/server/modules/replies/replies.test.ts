/** Ready replies: placeholders checked, managed by the department's head and admins, read within scope. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReply, unknownPlaceholders } from '../../../shared/replies.js';
import { departmentId, staff, startTestApp, type Session, type TestApp } from '../../test/harness.js';

let t: TestApp;
let head: Session;
let staffer: Session;
let otherHead: Session;
let admin: Session;
let technical: string;
let lighting: string;

beforeAll(async () => {
  t = await startTestApp();
  [head, staffer, otherHead, admin] = await Promise.all([
    staff(t, 'department_head', ['technical']), staff(t, 'department_staff', ['technical']), staff(t, 'department_head', ['lighting']), staff(t, 'admin'),
  ]);
  technical = await departmentId(t, 'technical');
  lighting = await departmentId(t, 'lighting');
});
afterAll(() => t.close());

const del = (as: Session, id: string) => t.app.inject({ method: 'DELETE', url: `/api/replies/${id}`, headers: { cookie: as.cookie, 'x-csrf-token': as.csrf } });

describe('placeholders', () => {
  it('finds unknown and misspelt ones, and fills in the known ones', () => {
    expect(unknownPlaceholders('Το αίτημα {protocol} στην {address}, {protocl} {x}{protocl}')).toEqual(['{protocl}', '{x}']);
    expect(renderReply('Αίτημα {protocol} ({category}) έως {due_date}{address}', { protocol: '2026/000012', category: 'Λακκούβες', due_date: '20/03/2026', address: null, department: 'Τεχνική' }))
      .toBe('Αίτημα 2026/000012 (Λακκούβες) έως 20/03/2026—');
  });
});

describe('managing ready replies', () => {
  let id: string;
  it('a head adds one for their department; an unknown placeholder is refused at the body', async () => {
    const bad = await head.post('/api/replies', { departmentId: technical, kind: 'public_update', title: 'Προγραμματισμός', body: 'Το αίτημα {protocl} προγραμματίστηκε.' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'unknown_placeholder', details: { field: 'body', unknown: ['{protocl}'], allowed: expect.arrayContaining(['{protocol}', '{due_date}']) } });
    const ok = await head.post('/api/replies', { departmentId: technical, kind: 'public_update', title: 'Προγραμματισμός', body: 'Το αίτημα {protocol} στην {address} προγραμματίστηκε έως {due_date}.' });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ kind: 'public_update', department: { id: technical } });
    id = ok.body.id;
  });

  it('staff read their departments’ replies but may not manage them; other departments see nothing', async () => {
    expect((await staffer.get('/api/replies')).body.map((r: { id: string }) => r.id)).toEqual([id]);
    expect((await staffer.post('/api/replies', { departmentId: technical, kind: 'status_note', title: 'x', body: 'y' })).status).toBe(403);
    expect((await staffer.patch(`/api/replies/${id}`, { title: 'Άλλο' })).status).toBe(403);
    expect((await otherHead.get('/api/replies')).body).toEqual([]);
    expect((await otherHead.get(`/api/replies?departmentId=${technical}`)).body).toEqual([]);
    expect((await otherHead.patch(`/api/replies/${id}`, { title: 'Άλλο' })).status).toBe(404);
    expect((await otherHead.post('/api/replies', { departmentId: technical, kind: 'status_note', title: 'x', body: 'y' })).status).toBe(403);
  });

  it('a head edits (placeholders checked again) and deletes; an admin manages any department', async () => {
    expect((await head.patch(`/api/replies/${id}`, { body: 'Για το {protocl}' })).body.code).toBe('unknown_placeholder');
    const edited = await head.patch(`/api/replies/${id}`, { title: 'Προγραμματίστηκε', kind: 'status_note' });
    expect(edited.body).toMatchObject({ title: 'Προγραμματίστηκε', kind: 'status_note' });
    const adminMade = await admin.post('/api/replies', { departmentId: lighting, kind: 'status_note', title: 'Αντικατάσταση λαμπτήρα', body: 'Αντικαταστάθηκε ο λαμπτήρας στην {address}.' });
    expect(adminMade.status).toBe(201);
    expect((await otherHead.get('/api/replies?kind=status_note')).body.map((r: { id: string }) => r.id)).toEqual([adminMade.body.id]);
    expect((await del(otherHead, id)).statusCode).toBe(404);
    expect((await del(head, id)).statusCode).toBe(204);
    expect((await head.get('/api/replies')).body).toEqual([]);
  });
});
