/** HTTP routes for requests: register, read, list, look up by protocol number, and work them. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parseProtocol } from '../../../shared/protocol.js';
import { IdParams } from '../../../shared/schemas/common.js';
import { NearbyList, NearbyQuery } from '../../../shared/schemas/nearby.js';
import {
  AssignInput,
  BulkInput,
  BulkResult,
  ContactInput,
  CreatedRequestAnswer,
  CreateRequestInput,
  ForwardInput,
  ListRequestsQuery,
  NoteInput,
  RequestDetail,
  RequestList,
  StatusCounts,
  TransitionInput,
  TriageCounts,
  TriageCountsQuery,
} from '../../../shared/schemas/requests.js';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { actorOf } from '../../plugins/auth.js';
import { countRequestsByStatus, getRequest, listRequests } from './requests.queries.js';
import { findNearbyRequests } from './nearby.service.js';
import { createRequest } from './requests.service.js';
import { triageCounts } from './requests.triage.js';
import { bulkUpdate } from './requests.bulk.js';
import { addNote, assignRequest, forwardRequest, logContact, transitionRequest } from './requests.workflow.js';

const tags = ['requests'];
const IdempotencyHeaders = z.object({ 'idempotency-key': z.string().trim().min(8).max(200).optional() });

export const requestsRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const db = ctx.database.db;
  const detail = (req: Parameters<typeof actorOf>[0], id: string) => getRequest(db, actorOf(req), id, ctx.clock(), ctx.calendar);

  app.post('/api/requests', {
    schema: { tags, summary: 'Register a request (call-centre operator)', headers: IdempotencyHeaders, body: CreateRequestInput, response: { 200: CreatedRequestAnswer, 201: CreatedRequestAnswer } },
  }, async (req, reply) => {
    const env = { now: ctx.clock(), calendar: ctx.calendar, phoneRegion: ctx.config.DEFAULT_PHONE_REGION };
    const result = await createRequest(db, actorOf(req), req.body, env, req.headers['idempotency-key']);
    if (result.replayed) reply.header('idempotent-replayed', 'true');
    const providers = { sms: ctx.config.SMS_PROVIDER !== 'none', email: !!ctx.config.SMTP_URL };
    return reply.status(result.replayed ? 200 : 201).send({ ...result.request, providers });
  });

  app.get('/api/requests', {
    schema: { tags, summary: 'List and search requests', querystring: ListRequestsQuery, response: { 200: RequestList } },
  }, (req) => listRequests(db, actorOf(req), req.query, ctx.clock(), ctx.config.DEFAULT_PHONE_REGION, ctx.calendar));

  app.get('/api/requests/counts', {
    schema: { tags, summary: 'How many requests match the filters, per status', querystring: ListRequestsQuery, response: { 200: StatusCounts } },
  }, (req) => countRequestsByStatus(db, actorOf(req), req.query, ctx.clock(), ctx.config.DEFAULT_PHONE_REGION));

  app.get('/api/requests/nearby', {
    schema: { tags, summary: 'Open requests of a category on the same street or within 150 m of a pin (is it already reported?)', querystring: NearbyQuery, response: { 200: NearbyList } },
  }, (req) => findNearbyRequests(db, actorOf(req), req.query));

  app.get('/api/requests/triage-counts', {
    schema: { tags, summary: 'Open requests of my departments that are overdue, due today, urgent, unassigned (the inbox views)', querystring: TriageCountsQuery, response: { 200: TriageCounts } },
  }, (req) => triageCounts(db, actorOf(req), req.query, ctx.clock()));

  app.post('/api/requests/bulk', {
    schema: { tags, summary: 'Apply one status change or assignment to many requests; each succeeds or fails on its own', body: BulkInput, response: { 200: BulkResult } },
  }, (req) => bulkUpdate(db, actorOf(req), req.body, ctx.clock()));

  app.get('/api/requests/by-protocol/:year/:seq', {
    schema: { tags, summary: 'Find a request by protocol number, e.g. /by-protocol/2026/4512', params: z.object({ year: z.string(), seq: z.string() }), response: { 200: RequestDetail } },
  }, async (req) => {
    const p = parseProtocol(`${req.params.year}/${req.params.seq}`);
    if (!p) throw new AppError('invalid_protocol_number');
    return getRequest(db, actorOf(req), p, ctx.clock(), ctx.calendar);
  });

  app.get('/api/requests/:id', { schema: { tags, summary: 'One request with its timeline', params: IdParams, response: { 200: RequestDetail } } }, (req) =>
    detail(req, req.params.id),
  );

  // Answers the request as it now is, or 204 when the action took it out of the actor's departments
  // (staff forwarding it elsewhere): the change is made, there is just nothing left they may see.
  const action = <T extends z.ZodType>(path: string, summary: string, body: T, run: (actor: ReturnType<typeof actorOf>, id: string, input: z.infer<T>) => Promise<void>) =>
    app.post(`/api/requests/:id/${path}`, { schema: { tags, summary, params: IdParams, body, response: { 200: RequestDetail, 204: z.null() } } }, async (req, reply) => {
      await run(actorOf(req), req.params.id, req.body as z.infer<T>);
      const current = await detail(req, req.params.id).catch((e) => (e instanceof AppError && e.code === 'not_found' ? null : Promise.reject(e)));
      return current ?? reply.status(204).send(null);
    });

  action('transition', 'Change the status', TransitionInput, (actor, id, input) => transitionRequest(db, actor, id, input, ctx.clock()));
  action('forward', 'Forward to another department, with the reason', ForwardInput, (actor, id, input) => forwardRequest(db, actor, id, input, ctx.clock()));
  action('assign', 'Assign to a member of the department, or clear', AssignInput, (actor, id, input) => assignRequest(db, actor, id, input, ctx.clock()));
  action('notes', 'Add an internal note or a public update', NoteInput, (actor, id, input) => addNote(db, actor, id, input, ctx.clock()));
  action('contacts', 'Record a contact with the citizen', ContactInput, (actor, id, input) => logContact(db, actor, id, input, ctx.clock()));
};
