/** The public tracking page's API: no session, nothing personal in the answer, throttled against guessing. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { TrackInput, TrackResult } from '../../../shared/schemas/tracking.js';
import type { AppContext } from '../../context.js';
import { trackRequest } from './tracking.service.js';

export const trackingRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  app.post(
    '/api/public/track',
    {
      config: { public: true },
      schema: {
        tags: ['public'],
        summary: 'A citizen looks up their request by protocol number and the last four digits of their phone (or their e-mail)',
        security: [],
        body: TrackInput,
        response: { 200: TrackResult },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return trackRequest(ctx.database.db, req.body, req.ip);
    },
  );
};
