/** The outbox screen and the template editor. A request's own messages come with the request detail. */
import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatProtocol } from '../../../shared/protocol.js';
import { OkResponse } from '../../../shared/schemas/common.js';
import { OutboxPage, OutboxQuery, Template, TemplateInput, TemplateParams } from '../../../shared/schemas/notifications.js';
import type { AppContext } from '../../context.js';
import { queryRows } from '../../db/client.js';
import { actorOf } from '../../plugins/auth.js';
import { listOutbox } from './notifications.service.js';
import { listTemplates, resetTemplate, saveTemplate } from './templates.service.js';

export const notificationsRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const db = ctx.database.db;

  app.get('/api/outbox', { schema: { tags: ['notifications'], summary: 'Messages to citizens, newest first (admins, supervisors)', querystring: OutboxQuery, response: { 200: OutboxPage } } }, async (req) => {
    const items = await listOutbox(db, actorOf(req), req.query);
    const ids = [...new Set(items.map((n) => n.requestId))];
    const protocols = ids.length
      ? await queryRows<{ id: string; protocol_year: number; protocol_seq: number }>(db, sql`select id, protocol_year, protocol_seq from requests where id in ${ids}`)
      : [];
    const counts = await queryRows<{ status: string; n: number }>(db, sql`select status, count(*)::int as n from notifications where audience = 'citizen' group by status`);
    const byId = new Map(protocols.map((p) => [p.id, formatProtocol({ year: Number(p.protocol_year), seq: Number(p.protocol_seq) })]));
    return {
      items: items.map((n) => ({ ...n, protocolNumber: byId.get(n.requestId) ?? '' })),
      providers: { sms: ctx.config.SMS_PROVIDER, email: !!ctx.config.SMTP_URL },
      counts: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])),
    };
  });

  app.get('/api/admin/templates', { schema: { tags: ['admin'], summary: 'Message templates (every event, channel and language)', response: { 200: z.array(Template) } } }, (req) =>
    listTemplates(db, actorOf(req)),
  );
  app.put('/api/admin/templates/:event/:channel/:language', { schema: { tags: ['admin'], summary: 'Save a template', params: TemplateParams, body: TemplateInput, response: { 200: OkResponse } } }, async (req) => {
    await saveTemplate(db, actorOf(req), req.params, req.body);
    return { ok: true as const };
  });
  app.delete('/api/admin/templates/:event/:channel/:language', { schema: { tags: ['admin'], summary: 'Back to the default text', params: TemplateParams, response: { 200: OkResponse } } }, async (req) => {
    await resetTemplate(db, actorOf(req), req.params);
    return { ok: true as const };
  });
};
