/** A user's own choice of staff alerts. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AlertPreferences, AlertPreferencesView } from '../../../shared/schemas/alerts.js';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../plugins/auth.js';
import { getAlertPreferences, updateAlertPreferences } from './alerts.service.js';

export const alertsRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const db = ctx.database.db;
  const tags = ['alerts'];
  app.get('/api/me/alert-preferences', { schema: { tags, summary: 'Which alert e-mails I get', response: { 200: AlertPreferencesView } } }, (req) => getAlertPreferences(db, actorOf(req)));
  app.put('/api/me/alert-preferences', { schema: { tags, summary: 'Choose which alert e-mails I get', body: AlertPreferences, response: { 200: AlertPreferencesView } } }, (req) =>
    updateAlertPreferences(db, actorOf(req), req.body),
  );
};
