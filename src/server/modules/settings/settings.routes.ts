import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { MunicipalitySettings, MunicipalitySettingsPatch } from '../../../shared/schemas/settings.js';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../plugins/auth.js';
import { getSettings, updateSettings } from './settings.service.js';

export const settingsRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  app.get('/api/settings', { config: { public: true }, schema: { tags: ['reference'], summary: 'Municipality settings (name, logo, line, hours, map)', response: { 200: MunicipalitySettings } } }, () =>
    getSettings(ctx.database.db, ctx.config),
  );
  app.patch('/api/admin/settings', { schema: { tags: ['admin'], summary: 'Change municipality settings', body: MunicipalitySettingsPatch, response: { 200: MunicipalitySettings } } }, (req) =>
    updateSettings(ctx.database.db, actorOf(req), ctx.config, req.body),
  );
};
