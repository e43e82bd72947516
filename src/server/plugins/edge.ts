/**
 * The server's edge: what arrives from outside is decided here once, for every route, before any
 * schema or handler sees it. Text that cannot be stored (NUL, lone surrogates) and bodies nested
 * absurdly deep get a 400 problem naming the field; HTTP the parser cannot read gets a
 * problem+json answer too (see clientErrorAnswer).
 */
import type { FastifyInstance } from 'fastify';
import { ERROR_CODES, type ErrorCode } from '../../shared/error-codes.js';
import { findTextProblem } from '../../shared/storable-text.js';
import { AppError, problem } from '../errors.js';

/** Refuses unstorable text in the path, the query string and the body of every request. */
export function checkInputAtTheEdge(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    const found =
      findTextProblem(req.params, 'params') ?? findTextProblem(req.query, 'querystring') ?? findTextProblem(req.body, 'body');
    if (found) throw new AppError(found.kind, undefined, [{ path: found.path, message: ERROR_CODES[found.kind].en }]);
  });
}

/** Node's HTTP parser errors, by their code, as the status a client should see. */
const PARSER_STATUS: Record<string, [number, ErrorCode]> = {
  HPE_HEADER_OVERFLOW: [431, 'headers_too_large'],
  HPE_URI_TOO_LONG: [414, 'url_too_long'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'request_timeout'],
  ERR_HTTP_HEADERS_TIMEOUT: [408, 'request_timeout'],
};

/**
 * The raw answer to a request Node's HTTP parser could not read (bad request line, broken chunked
 * encoding, a wrong Content-Length, headers over 16 KB): problem+json like every other error, then
 * the connection is closed because nothing after the broken request can be trusted.
 */
export function clientErrorAnswer(err: { code?: string }): string {
  const [status, code] = PARSER_STATUS[err.code ?? ''] ?? [400, 'bad_http_request'];
  const body = JSON.stringify(problem(code, {}, status));
  return [
    `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : status === 414 ? 'URI Too Long' : status === 408 ? 'Request Timeout' : 'Bad Request'}`,
    'Content-Type: application/problem+json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}
