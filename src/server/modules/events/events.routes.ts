/**
 * The one server-push channel to the staff app: GET /api/events, Server-Sent Events. A stream
 * carries only the departments its user may see (topic `department:<id>`; citywide roles: all),
 * ids only. It ends after a few minutes and the browser reconnects (EventSource does so itself),
 * which checks the session again and picks up a change of departments. Also the menu's live counts.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ServerResponse } from 'node:http';
import { MenuCounts } from '../../../shared/schemas/alerts.js';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { actorOf } from '../../plugins/auth.js';
import { canSeeDepartment } from '../auth/actor.js';
import { createEventHub } from './events.hub.js';
import { menuCounts } from './events.service.js';

const HEARTBEAT_MS = 25_000;
const STREAM_LIFETIME_MS = 5 * 60_000;

export const eventsRoutes: FastifyPluginAsyncZod<AppContext & { sseLifetimeMs?: number }> = async (app, ctx) => {
  const hub = createEventHub(ctx.database);
  const open = new Set<ServerResponse>();
  // Streams never end by themselves: end them so that the server can close.
  app.addHook('preClose', async () => {
    for (const res of open) res.end();
    await hub.close();
  });

  app.get('/api/events', {
    schema: { tags: ['events'], summary: 'Server-Sent Events: `requests` (topic department:<id>, requestId) when requests of your departments change; `resync` to refetch everything' },
  }, async (req, reply) => {
    const actor = actorOf(req);
    const res = reply.raw;
    let started = false;
    const send = (event: string, data: object) => started && res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    // Subscribed before the stream starts, so that a database that cannot LISTEN is a plain 503.
    const unsubscribe = await hub.subscribe((e) => {
      if (e.type === 'resync') send('resync', {});
      else if (canSeeDepartment(actor, e.change.departmentId)) send('requests', { topic: `department:${e.change.departmentId}`, departmentId: e.change.departmentId, requestId: e.change.requestId });
    }).catch(() => Promise.reject(new AppError('not_ready')));
    reply.hijack();
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    open.add(res);
    started = true;
    res.write(`retry: 3000\n\n`);
    send('ready', {});
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    const lifetime = setTimeout(() => res.end(), ctx.sseLifetimeMs ?? STREAM_LIFETIME_MS);
    res.on('close', () => {
      clearInterval(heartbeat);
      clearTimeout(lifetime);
      unsubscribe();
      open.delete(res);
    });
  });

  app.get('/api/menu-counts', {
    schema: { tags: ['events'], summary: 'Live counts for the menu: inbox (new and forwarded) and overdue, in your departments', response: { 200: MenuCounts } },
  }, (req) => menuCounts(ctx.database.db, actorOf(req), ctx.clock()));
};
