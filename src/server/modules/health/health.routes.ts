/** Liveness (the process answers) and readiness (the database answers). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';

export const healthRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const Health = z.object({ status: z.literal('ok') });
  app.get('/healthz', { config: { public: true }, schema: { tags: ['health'], response: { 200: Health } } }, async () => ({ status: 'ok' as const }));
  app.get('/readyz', { config: { public: true }, schema: { tags: ['health'], response: { 200: Health.extend({ database: z.string() }) } } }, async () => {
    await ctx.database.ping().catch(() => {
      throw new AppError('not_ready');
    });
    return { status: 'ok' as const, database: ctx.database.kind };
  });
};
