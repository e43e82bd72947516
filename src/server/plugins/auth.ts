/**
 * Resolves the session cookie into `req.actor`, and checks the CSRF token on every unsafe
 * method. Routes opt out of authentication with `config: { public: true }`.
 */
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { AppError } from '../errors.js';
import type { Actor } from '../modules/auth/actor.js';
import { resolveSession } from '../modules/auth/auth.service.js';

export const SESSION_COOKIE = 'dimotis_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    actorOrNull: Actor | null;
    sessionToken: string | null;
    csrfToken: string | null;
  }
  interface FastifyContextConfig {
    /** No session needed (login, health, docs, public pages). */
    public?: boolean;
  }
}

/** The signed-in staff member; routes that are not public can rely on it. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actorOrNull) throw new AppError('not_authenticated');
  return req.actorOrNull;
}

export const authPlugin = fp(async (app: FastifyInstance, opts: { db: Db; config: Config }) => {
  await app.register(cookie);
  app.decorateRequest('actorOrNull', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('csrfToken', null);
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/') || req.url.startsWith('/api/docs') || req.routeOptions.config?.public) return;
    const token = req.cookies[SESSION_COOKIE];
    const session = token ? await resolveSession(opts.db, token, req.ip, req.headers['user-agent'] ?? null) : null;
    if (!session) throw new AppError('not_authenticated');
    if (!SAFE_METHODS.has(req.method) && req.headers[CSRF_HEADER] !== session.csrfToken) throw new AppError('csrf_failed');
    req.actorOrNull = session.actor;
    req.sessionToken = token ?? null;
    req.csrfToken = session.csrfToken;
  });
});
