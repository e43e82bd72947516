/**
 * What a log line may say about an error: its kind, codes and where it happened, never a value a
 * person typed. Driver errors are the danger: Drizzle's message carries the query's parameters
 * (names, phones, e-mails, descriptions, usernames), PostgreSQL's `detail` repeats the values of a
 * violated key, and many messages quote the input they choked on. Every logger of the server
 * (Fastify's, the worker's) serialises `err` through `safeError`.
 */

const MAX_CAUSES = 3;

/** Removes from a message what may be personal: parameters, quoted text, key values, numbers, addresses. */
export function scrubMessage(message: string): string {
  return message
    .replace(/\n?params: [\s\S]*$/, '') // Drizzle: "Failed query: <sql>\nparams: <values>"
    .replace(/\([^()]*\)=\([^()]*\)/g, '(…)=(…)') // key (col)=(value)
    .replace(/"[^"]*"|'[^']*'|«[^»]*»|“[^”]*”|<[^<>]*>/g, '"…"')
    .replace(/[^\s@]+@[^\s@]+/g, '…@…')
    .replace(/\+?\d[\d\s().-]{4,}\d/g, '#')
    .replace(/[^\s\x21-\x7e]/g, '…') // any non-ASCII letter (Greek names) that is left
    .slice(0, 500);
}

type Loggable = Record<string, unknown>;

/** Fields of driver errors that identify the failure without the data (SQLSTATE, constraint, table…). */
const SAFE_FIELDS = ['code', 'errno', 'syscall', 'statusCode', 'severity', 'constraint', 'table', 'column', 'schema', 'routine', 'dataType'] as const;

/** The `err` serializer: an Error (or a message string) as kind, codes, scrubbed message and stack frames. */
export function safeError(err: unknown, depth = 0): unknown {
  if (typeof err === 'string') return scrubMessage(err);
  if (!(err instanceof Error)) return err === undefined || err === null ? err : { type: typeof err };
  const out: Loggable = { type: err.constructor?.name ?? err.name, message: scrubMessage(err.message) };
  for (const f of SAFE_FIELDS) {
    const v = (err as unknown as Loggable)[f];
    if (typeof v === 'string' || typeof v === 'number') out[f] = typeof v === 'string' ? v.slice(0, 100) : v;
  }
  // The stack without its first lines, which repeat the message.
  const frames = err.stack?.split('\n').filter((l) => /^\s+at /.test(l));
  if (frames?.length) out.stack = frames.slice(0, 15).join('\n');
  if (err.cause && depth < MAX_CAUSES) out.cause = safeError(err.cause, depth + 1);
  return out;
}

/** pino options shared by every logger of the server. */
export function loggerOptions(level: string): { level: string; serializers: Record<string, (v: any) => unknown>; redact: string[] } {
  return {
    level,
    serializers: { err: safeError, error: safeError },
    // Personal data travels in bodies and cookies; neither is logged.
    redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'],
  };
}
