/** HTTP routes for ready replies (response templates) of departments. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../shared/schemas/common.js';
import { ListRepliesQuery, ReplyTemplate, ReplyTemplateInput, ReplyTemplatePatch } from '../../../shared/schemas/replies.js';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../plugins/auth.js';
import { createReplyTemplate, deleteReplyTemplate, listReplyTemplates, updateReplyTemplate } from './replies.service.js';

const tags = ['replies'];

export const repliesRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const db = ctx.database.db;
  app.get('/api/replies', {
    schema: { tags, summary: 'Ready replies of my departments (public updates, status notes)', querystring: ListRepliesQuery, response: { 200: z.array(ReplyTemplate) } },
  }, (req) => listReplyTemplates(db, actorOf(req), req.query));
  app.post('/api/replies', {
    schema: { tags, summary: 'Add a ready reply (department head, admin); unknown {placeholders} are refused', body: ReplyTemplateInput, response: { 201: ReplyTemplate } },
  }, async (req, reply) => reply.status(201).send(await createReplyTemplate(db, actorOf(req), req.body, ctx.clock())));
  app.patch('/api/replies/:id', {
    schema: { tags, summary: 'Change a ready reply', params: IdParams, body: ReplyTemplatePatch, response: { 200: ReplyTemplate } },
  }, (req) => updateReplyTemplate(db, actorOf(req), req.params.id, req.body, ctx.clock()));
  app.delete('/api/replies/:id', {
    schema: { tags, summary: 'Delete a ready reply', params: IdParams, response: { 204: z.null() } },
  }, async (req, reply) => {
    await deleteReplyTemplate(db, actorOf(req), req.params.id, ctx.clock());
    return reply.status(204).send(null);
  });
};
