/** The caller look-up of the intake console. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CallerLookup, CallerLookupQuery } from '../../../shared/schemas/requests.js';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../plugins/auth.js';
import { lookupCaller } from './citizens.service.js';

export const citizensRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  app.get('/api/citizens/lookup', {
    schema: { tags: ['citizens'], summary: 'Find a caller by phone (complete, or the first digits) with their latest requests', querystring: CallerLookupQuery, response: { 200: CallerLookup } },
  }, (req) => lookupCaller(ctx.database.db, actorOf(req), req.query.phone, ctx.config.DEFAULT_PHONE_REGION));
};
