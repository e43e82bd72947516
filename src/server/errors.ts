/**
 * One error type with a stable code, and the handler that turns every error into
 * `application/problem+json`. 5xx details never leave the server.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ERROR_CODES, type ErrorCode } from '../shared/error-codes.js';

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly details?: Record<string, unknown>,
    /** Which fields are at fault, as the validation errors name them. */
    readonly errors?: FieldProblem[],
  ) {
    super(ERROR_CODES[code].en);
    this.status = ERROR_CODES[code].status;
  }
}

export interface FieldProblem {
  path: string;
  message: string;
}

/** The problem+json body for a code (`status` only where the code's own does not fit, e.g. 414 vs 400). */
export function problem(code: ErrorCode, extra: Record<string, unknown> = {}, status?: number) {
  const e = ERROR_CODES[code];
  return {
    type: `urn:dimotis:error:${code}`,
    title: e.en,
    status: status ?? e.status,
    code,
    message: { el: e.el, en: e.en },
    ...extra,
  };
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation_failed',
};

/** Registers the one error handler and the 404 handler. */
export function registerErrorHandling(app: FastifyInstance, opts: { webAppIndex?: boolean } = {}): void {
  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    if (err instanceof AppError) {
      if (err.status === 429 && err.details?.retryAfterSeconds) reply.header('retry-after', String(err.details.retryAfterSeconds));
      return reply.status(err.status).type('application/problem+json').send(problem(err.code, { ...(err.details ? { details: err.details } : {}), ...(err.errors ? { errors: err.errors } : {}) }));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const errors: FieldProblem[] = err.validation.map((v) => ({
        path: `${err.validationContext ?? ''}${v.instancePath}`,
        message: v.message ?? 'invalid',
      }));
      return reply.status(400).type('application/problem+json').send(problem('validation_failed', { errors }));
    }
    const mapped = err.code ? FASTIFY_CODES[err.code] : undefined;
    if (mapped) return reply.status(ERROR_CODES[mapped].status).type('application/problem+json').send(problem(mapped));
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      const code: ErrorCode = err.statusCode === 404 ? 'not_found' : err.statusCode === 413 ? 'payload_too_large' : err.statusCode === 415 ? 'unsupported_media_type' : 'validation_failed';
      return reply.status(err.statusCode).type('application/problem+json').send(problem(code));
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).type('application/problem+json').send(problem('internal'));
  });
  app.setNotFoundHandler((req, reply) => {
    // The staff application's own routes (/intake, /requests/…) are answered with its index.html.
    const appRoute = req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/assets/');
    if (opts.webAppIndex && appRoute) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return reply.status(404).type('application/problem+json').send(problem('not_found'));
  });
}
