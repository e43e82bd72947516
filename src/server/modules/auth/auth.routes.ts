/** Sign in, sign out, and who am I. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { LoginInput, Me } from '../../../shared/schemas/auth.js';
import { OkResponse } from '../../../shared/schemas/common.js';
import type { AppContext } from '../../context.js';
import { actorOf, SESSION_COOKIE } from '../../plugins/auth.js';
import type { Actor } from './actor.js';
import { login, logout } from './auth.service.js';

const tags = ['auth'];
const toMe = (a: Actor, csrfToken: string): Me => ({ id: a.userId, username: a.username, fullName: a.fullName, role: a.role, departmentIds: a.departmentIds, csrfToken });

export const authRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const db = ctx.database.db;

  app.post('/api/auth/login', { config: { public: true }, schema: { tags, summary: 'Sign in', body: LoginInput, response: { 200: Me } } }, async (req, reply) => {
    // Not one transaction: a failed attempt must stay counted when the sign-in is refused.
    const r = await login(db, { ...req.body, ip: req.ip, userAgent: req.headers['user-agent'] ?? null, ttlHours: ctx.config.SESSION_TTL_HOURS });
    reply.setCookie(SESSION_COOKIE, r.token, { path: '/', httpOnly: true, sameSite: 'strict', secure: ctx.config.cookieSecure, expires: r.expiresAt });
    return toMe(r.actor, r.csrfToken);
  });

  app.post('/api/auth/logout', { schema: { tags, summary: 'Sign out', response: { 200: OkResponse } } }, async (req, reply) => {
    await logout(db, req.sessionToken ?? '', actorOf(req));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  app.get('/api/auth/me', { schema: { tags, summary: 'The signed-in user', response: { 200: Me } } }, async (req) => {
    return toMe(actorOf(req), req.csrfToken ?? '');
  });
};
