/**
 * Delivery reports from an HTTP SMS aggregator: the address PUBLIC_URL/api/public/sms-receipts/<token>
 * is given to the aggregator as its callback. No session (the aggregator has none): the token in
 * the path is the secret, compared in constant time; a wrong one is "not found", like any unknown
 * path. Reports come as JSON, a form or a query string, one or an array; each final one moves its
 * message to delivered or failed (a report that overtakes our own "sent" is waited for briefly).
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import { AppError } from '../../../errors.js';
import { applyReceipt } from '../notifications.service.js';
import { receiptsFrom } from './http-sms-sender.js';

const sameToken = (given: string, expected: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

const ReceiptsAnswer = z.object({ received: z.number(), applied: z.number() });

export const smsReceiptsRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const expected = ctx.config.SMS_HTTP_RECEIPT_TOKEN;
  const map = ctx.config.SMS_HTTP_FIELDS.receipt;
  // Aggregators that post forms: read as the fields they are (this plugin only).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  const handle = async (token: string, body: unknown) => {
    if (!expected || !sameToken(token, expected)) throw new AppError('not_found');
    const receipts = receiptsFrom(body, map);
    // Ten at a time, and a report for an id not (yet) on file is retried once, not five times: a batch
    // of reports about messages that are not ours must not hold the aggregator's call for minutes.
    let applied = 0;
    for (let i = 0; i < receipts.length; i += 10) {
      const done = await Promise.all(receipts.slice(i, i + 10).map((r) => applyReceipt(ctx.database.db, r, 2)));
      applied += done.filter(Boolean).length;
    }
    return { received: receipts.length, applied };
  };
  const schema = (summary: string) => ({
    tags: ['public'],
    summary,
    security: [],
    params: z.object({ token: z.string().max(200) }),
    response: { 200: ReceiptsAnswer },
  });

  app.post('/api/public/sms-receipts/:token', { config: { public: true }, schema: schema('Delivery reports from the HTTP SMS aggregator (JSON or form; one or an array)') }, (req) =>
    handle(req.params.token, req.body),
  );
  app.get('/api/public/sms-receipts/:token', { config: { public: true }, schema: schema('A delivery report from the HTTP SMS aggregator in the query string') }, (req) =>
    handle(req.params.token, req.query),
  );
};
