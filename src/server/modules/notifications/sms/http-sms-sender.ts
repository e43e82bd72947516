/**
 * SMS through an HTTP aggregator, for municipalities without an SMPP account. Aggregators differ
 * only in names, so the request is described by configuration (SMS_HTTP_FIELDS): method, JSON or
 * form body, the field names, fixed extra fields, and where the answer holds the message id. Every
 * request carries the message's reference (Idempotency-Key header, optionally a body field), so an
 * aggregator that deduplicates on it delivers a message once however often a crash makes us repeat it.
 * 4xx means the request itself is wrong (permanent); 5xx, 408, 429 and network trouble are retryable.
 */
import { z } from 'zod';
import { SendError } from '../send-error.js';
import { smsSegments } from './sms-encoding.js';
import type { SmsMessage, SmsReceipt, SmsReceiptCallback, SmsSender, SmsSendResult } from './sms-sender.js';

export const HttpSmsFieldsSchema = z.object({
  method: z.enum(['POST', 'PUT']).default('POST'),
  format: z.enum(['json', 'form']).default('json'),
  to: z.string().min(1).default('to'),
  text: z.string().min(1).default('text'),
  from: z.string().min(1).default('from'),
  /** Unset: the encoding is not sent (the aggregator detects it). */
  encoding: z.string().min(1).optional(),
  encodingValues: z.object({ gsm7: z.string(), ucs2: z.string() }).default({ gsm7: 'gsm7', ucs2: 'ucs2' }),
  /** 'digits' sends 306912345678 instead of +306912345678. */
  toFormat: z.enum(['e164', 'digits']).default('e164'),
  /** Dot path of the message id in the JSON answer, e.g. 'messages.0.id'. */
  idPath: z.string().min(1).default('id'),
  /**
   * Header that carries the message's reference as an idempotency key (the same on every attempt,
   * so an aggregator that honours it never delivers a repeated hand-over twice); '' sends none.
   */
  idempotencyHeader: z.string().default('Idempotency-Key'),
  /** Body field for the same reference, for aggregators that take a client reference instead. */
  reference: z.string().min(1).optional(),
  /** Fixed fields every request carries (an account or route name). */
  extra: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  timeoutMs: z.number().int().positive().default(10_000),
  /**
   * Delivery reports the aggregator posts to /api/public/sms-receipts/<SMS_HTTP_RECEIPT_TOKEN> (JSON,
   * form or query string; one report or an array): where the message id and the status are, and
   * which statuses are final. Other statuses (accepted, sent, queued…) change nothing.
   */
  receipt: z
    .object({
      idPath: z.string().min(1).default('id'),
      statusPath: z.string().min(1).default('status'),
      errorPath: z.string().min(1).optional(),
      delivered: z.array(z.string()).default(['delivered', 'DELIVRD']),
      failed: z.array(z.string()).default(['failed', 'undelivered', 'UNDELIV', 'rejected', 'REJECTD', 'expired', 'EXPIRED']),
    })
    // Parsed like a given value, so the field defaults above fill it.
    .prefault({}),
});
export type HttpSmsFields = z.infer<typeof HttpSmsFieldsSchema>;

export interface HttpSmsSenderOptions {
  /** May carry user:password@ for basic auth. */
  url: string;
  /** 'Name: value', or a bare value for the Authorization header ('Bearer abc'). */
  authHeader?: string;
  fields?: Partial<z.input<typeof HttpSmsFieldsSchema>>;
}

/** Headers and the URL to call, with credentials taken out of the URL (fetch refuses them there). */
function requestTarget(url: string, authHeader?: string): { url: string; headers: Record<string, string> } {
  const target = new URL(url);
  const headers: Record<string, string> = {};
  if (target.username || target.password) {
    const user = decodeURIComponent(target.username);
    const password = decodeURIComponent(target.password);
    headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    target.username = '';
    target.password = '';
  }
  if (authHeader) {
    const named = /^([A-Za-z0-9-]+):\s*(.+)$/.exec(authHeader);
    if (named) headers[named[1]!.toLowerCase()] = named[2]!;
    else headers.authorization = authHeader;
  }
  return { url: target.toString(), headers };
}

/** The value at a dot path ('a.0.b') of a parsed JSON answer. */
export function valueAtPath(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), value);
}

function providerIdFrom(body: string, path: string): string {
  try {
    const id = valueAtPath(JSON.parse(body), path);
    return typeof id === 'string' || typeof id === 'number' ? String(id) : '';
  } catch {
    return '';
  }
}

function statusError(status: number, body: string): SendError {
  const retryable = status >= 500 || status === 408 || status === 429;
  return new SendError(`the SMS aggregator answered ${status}: ${body.slice(0, 200)}`, retryable, `http_${status}`);
}

export class HttpSmsSender implements SmsSender {
  private readonly fields: HttpSmsFields;
  private readonly target: { url: string; headers: Record<string, string> };

  constructor(opts: HttpSmsSenderOptions) {
    this.fields = HttpSmsFieldsSchema.parse(opts.fields ?? {});
    this.target = requestTarget(opts.url, opts.authHeader);
  }

  async send(msg: SmsMessage): Promise<SmsSendResult> {
    const { encoding, text, segments } = smsSegments(msg.text, { greekAsGsm7: msg.greekAsGsm7 });
    if (segments === 0) throw new SendError('empty message', false, 'empty');
    const f = this.fields;
    const payload: Record<string, string | number | boolean> = {
      ...f.extra,
      [f.to]: f.toFormat === 'digits' ? msg.to.replace(/^\+/, '') : msg.to,
      [f.text]: text,
      [f.from]: msg.senderId,
      ...(f.encoding ? { [f.encoding]: f.encodingValues[encoding] } : {}),
      ...(f.reference && msg.reference ? { [f.reference]: msg.reference } : {}),
    };
    const response = await this.post(payload, f.idempotencyHeader && msg.reference ? { [f.idempotencyHeader.toLowerCase()]: msg.reference } : {});
    const body = await response.text().catch(() => '');
    if (!response.ok) throw statusError(response.status, body);
    // Accepted without a readable id: the message is out, so no retry; receipts just cannot match it.
    return { providerId: providerIdFrom(body, f.idPath), parts: segments, encoding };
  }

  /** Aggregators report delivery by webhook to the web server (sms-receipts.routes.ts), which records it itself. */
  onReceipt(_cb: SmsReceiptCallback): void {}

  async close(): Promise<void> {}

  private async post(payload: Record<string, string | number | boolean>, extraHeaders: Record<string, string>): Promise<Response> {
    const json = this.fields.format === 'json';
    const body = json ? JSON.stringify(payload) : new URLSearchParams(Object.entries(payload).map(([k, v]) => [k, String(v)]));
    const headers = { ...this.target.headers, ...extraHeaders, accept: 'application/json', ...(json ? { 'content-type': 'application/json' } : {}) };
    try {
      return await fetch(this.target.url, { method: this.fields.method, headers, body, signal: AbortSignal.timeout(this.fields.timeoutMs) });
    } catch (cause) {
      const reason = cause instanceof Error && cause.name === 'TimeoutError' ? `no answer in ${this.fields.timeoutMs} ms` : 'network error';
      throw new SendError(`the SMS aggregator could not be reached: ${reason}`, true, 'network', { cause });
    }
  }
}

/**
 * The final delivery reports in a webhook body (one report or an array), by the configured paths
 * and status names (compared without case). Reports without an id, or with a status that is not
 * final, are left out.
 */
export function receiptsFrom(body: unknown, map: HttpSmsFields['receipt']): SmsReceipt[] {
  const items = Array.isArray(body) ? body : [body];
  const delivered = new Set(map.delivered.map((s) => s.toLowerCase()));
  const failed = new Set(map.failed.map((s) => s.toLowerCase()));
  const receipts: SmsReceipt[] = [];
  for (const item of items) {
    const id = valueAtPath(item, map.idPath);
    const status = String(valueAtPath(item, map.statusPath) ?? '').toLowerCase();
    if ((typeof id !== 'string' && typeof id !== 'number') || String(id) === '') continue;
    if (delivered.has(status)) receipts.push({ providerId: String(id), status: 'delivered' });
    else if (failed.has(status)) {
      const error = map.errorPath ? valueAtPath(item, map.errorPath) : undefined;
      receipts.push({ providerId: String(id), status: 'failed', error: `${status}${error !== undefined && error !== null && error !== '' ? `: ${String(error).slice(0, 200)}` : ''}` });
    }
  }
  return receipts;
}

/** An HTTP aggregator sender; options are validated here, so a bad field map fails at start-up. */
export function createHttpSmsSender(opts: HttpSmsSenderOptions): HttpSmsSender {
  return new HttpSmsSender(opts);
}
