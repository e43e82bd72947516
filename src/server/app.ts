/**
 * Builds the Fastify app. Every route plugin is registered here, explicitly, so that grep finds
 * the wiring. `main.ts` starts it; tests call `buildApp` and `app.inject`.
 */
import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyServerOptions, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from './context.js';
import { problem, registerErrorHandling } from './errors.js';
import { safeError } from './logging.js';
import { alertsRoutes } from './modules/alerts/alerts.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { citizensRoutes } from './modules/citizens/citizens.routes.js';
import { departmentsRoutes } from './modules/departments/departments.routes.js';
import { eventsRoutes } from './modules/events/events.routes.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { attachmentsRoutes } from './modules/requests/attachments.routes.js';
import { requestsRoutes } from './modules/requests/requests.routes.js';
import { repliesRoutes } from './modules/replies/replies.routes.js';
import { notificationsRoutes } from './modules/notifications/notifications.routes.js';
import { settingsRoutes } from './modules/settings/settings.routes.js';
import { smsReceiptsRoutes } from './modules/notifications/sms/sms-receipts.routes.js';
import { trackingRoutes } from './modules/tracking/tracking.routes.js';
import { usersRoutes } from './modules/users/users.routes.js';
import { authPlugin, CSRF_HEADER } from './plugins/auth.js';
import { checkInputAtTheEdge, clientErrorAnswer } from './plugins/edge.js';

/**
 * Serves the built staff application (`npm run build`). Files are looked up per request, so a new
 * build is served without a restart. Hashed assets are cached for a year; index.html never.
 * Unknown paths outside /api and /assets get index.html (the app's own routes): see errors.ts.
 */
async function registerWebApp(app: FastifyInstance, dir: string): Promise<boolean> {
  if (!existsSync(`${dir}/index.html`)) return false;
  await app.register(fastifyStatic, {
    root: dir,
    setHeaders: (reply, path) => reply.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  return true;
}

export interface BuildOptions {
  /** pino logger options, or false for none (tests). */
  logger?: boolean | object;
}

/**
 * What a log line says about a request: method, path and client IP. Never the query string (the
 * caller look-up carries a phone number there), the body or the cookies.
 */
function requestLogLine(req: { method: string; url: string; ip?: string }) {
  return { method: req.method, path: req.url.split('?')[0], ip: req.ip };
}

/** Whatever logger options are given, requests and errors are serialised without personal data. */
function withSafeSerializers(logger: Record<string, unknown>) {
  const serializers = (logger.serializers ?? {}) as Record<string, unknown>;
  return { ...logger, serializers: { ...serializers, req: requestLogLine, err: safeError, error: safeError } } as FastifyServerOptions['logger'];
}

/** One log line per request, when it is answered (with the request's method, path and IP), instead of Fastify's two. */
class OneLinePerRequest extends LogController {
  override incomingRequest() {}
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    const line = { req: request, res: reply, responseTime: Math.round(reply.elapsedTime * 10) / 10 };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}

export async function buildApp(ctx: AppContext, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ? withSafeSerializers(opts.logger === true ? {} : (opts.logger as Record<string, unknown>)) : false,
    trustProxy: ctx.config.TRUST_PROXY,
    bodyLimit: 1024 * 1024,
    logController: new OneLinePerRequest(),
    // Errors before routing (a URL that does not decode, a path parameter over 100 characters) and
    // HTTP the parser cannot read are answered as problem+json like every other error.
    frameworkErrors: (err, _req, reply) => {
      const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
      void (reply as FastifyReply).status(tooLong ? 414 : 400).type('application/problem+json').send(problem(tooLong ? 'url_too_long' : 'bad_url'));
    },
    clientErrorHandler: (err: NodeJS.ErrnoException, socket) => {
      if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
      socket.end(clientErrorAnswer(err));
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const servesWebApp = existsSync(`${ctx.config.WEB_DIST_DIR}/index.html`);
  registerErrorHandling(app, { webAppIndex: servesWebApp });
  checkInputAtTheEdge(app);

  await app.register(swagger, {
    openapi: {
      info: { title: 'Dimotis API', version: '0.1.0', description: 'Citizens’ requests under protocol numbers, routed to departments. Errors are application/problem+json with a stable `code` and a message in Greek and English.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'dimotis_session' },
          csrf: { type: 'apiKey', in: 'header', name: CSRF_HEADER },
        },
      },
      security: [{ session: [], csrf: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await app.register(authPlugin, { db: ctx.database.db, config: ctx.config });

  await app.register(healthRoutes, ctx);
  await app.register(authRoutes, ctx);
  await app.register(requestsRoutes, ctx);
  await app.register(attachmentsRoutes, ctx);
  await app.register(repliesRoutes, ctx);
  await app.register(citizensRoutes, ctx);
  await app.register(departmentsRoutes, ctx);
  await app.register(usersRoutes, ctx);
  await app.register(settingsRoutes, ctx);
  await app.register(notificationsRoutes, ctx);
  await app.register(trackingRoutes, ctx);
  await app.register(smsReceiptsRoutes, ctx);
  await app.register(alertsRoutes, ctx);
  await app.register(eventsRoutes, ctx);
  await registerWebApp(app, ctx.config.WEB_DIST_DIR);
  return app;
}
