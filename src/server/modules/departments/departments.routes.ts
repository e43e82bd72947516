/** Reference data for all staff (departments, categories, statuses) and its administration. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Category, CategoryInput, CategoryPatch, Department, DepartmentInput, DepartmentPatch, RoutingImpact, RoutingImpactQuery, StatusView } from '../../../shared/schemas/admin.js';
import { IdParams } from '../../../shared/schemas/common.js';
import { STATUS_INFO, STATUSES } from '../../../shared/workflow.js';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../plugins/auth.js';
import { countOpenNotMoved, createCategory, createDepartment, listCategories, listDepartments, updateCategory, updateDepartment } from './departments.service.js';

export const departmentsRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const db = ctx.database.db;
  const tags = ['reference'];
  const admin = ['admin'];

  app.get('/api/departments', { schema: { tags, summary: 'Departments', response: { 200: z.array(Department) } } }, () => listDepartments(db));
  app.get('/api/categories', { schema: { tags, summary: 'Categories with their competent department', response: { 200: z.array(Category) } } }, () => listCategories(db));
  app.get('/api/statuses', { schema: { tags, summary: 'Statuses and their open/closed group', response: { 200: z.array(StatusView) } } }, async () =>
    STATUSES.map((code) => ({ code, group: STATUS_INFO[code].group, name: { el: STATUS_INFO[code].el, en: STATUS_INFO[code].en } })),
  );

  app.post('/api/admin/departments', { schema: { tags: admin, summary: 'Create a department', body: DepartmentInput, response: { 201: Department } } }, async (req, reply) =>
    reply.status(201).send(await createDepartment(db, actorOf(req), req.body)),
  );
  app.patch('/api/admin/departments/:id', { schema: { tags: admin, summary: 'Change a department', params: IdParams, body: DepartmentPatch, response: { 200: Department } } }, (req) =>
    updateDepartment(db, actorOf(req), req.params.id, req.body),
  );
  app.post('/api/admin/categories', { schema: { tags: admin, summary: 'Create a category and route it', body: CategoryInput, response: { 201: Category } } }, async (req, reply) =>
    reply.status(201).send(await createCategory(db, actorOf(req), req.body)),
  );
  app.patch('/api/admin/categories/:id', { schema: { tags: admin, summary: 'Change a category or its routing', params: IdParams, body: CategoryPatch, response: { 200: Category } } }, (req) =>
    updateCategory(db, actorOf(req), req.params.id, req.body),
  );  app.get(
    '/api/admin/categories/:id/routing-impact',
    { schema: { tags: admin, summary: 'Before re-routing: open requests of the category that stay with their department', params: IdParams, querystring: RoutingImpactQuery, response: { 200: RoutingImpact } } },
    async (req) => ({ openRequestsNotMoved: await countOpenNotMoved(db, actorOf(req), req.params.id, req.query.departmentId) }),
  );
};
