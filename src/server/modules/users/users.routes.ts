/** Staff accounts (admin) and colleagues (for assignment). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Colleague, ColleaguesQuery, User, UserInput, UserPatch } from '../../../shared/schemas/admin.js';
import { IdParams } from '../../../shared/schemas/common.js';
import type { AppContext } from '../../context.js';
import { requireRole } from '../auth/actor.js';
import { actorOf } from '../../plugins/auth.js';
import { createUser, listColleagues, listUsers, updateUser } from './users.service.js';

export const usersRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const db = ctx.database.db;
  const tags = ['admin'];

  app.get('/api/colleagues', { schema: { tags: ['reference'], summary: 'Active department members, for assignment', querystring: ColleaguesQuery, response: { 200: z.array(Colleague) } } }, (req) =>
    listColleagues(db, actorOf(req), req.query.departmentId),
  );
  app.get('/api/admin/users', { schema: { tags, summary: 'Staff accounts', response: { 200: z.array(User) } } }, (req) => {
    requireRole(actorOf(req), 'admin');
    return listUsers(db);
  });
  app.post('/api/admin/users', { schema: { tags, summary: 'Create a staff account', body: UserInput, response: { 201: User } } }, async (req, reply) =>
    reply.status(201).send(await createUser(db, actorOf(req), req.body)),
  );
  app.patch('/api/admin/users/:id', { schema: { tags, summary: 'Change a staff account (role, departments, password, active)', params: IdParams, body: UserPatch, response: { 200: User } } }, (req) =>
    updateUser(db, actorOf(req), req.params.id, req.body),
  );
};
