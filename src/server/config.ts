/**
 * The only place that reads process.env. Every problem is collected and reported at once,
 * so an operator fixing a deployment sees the whole list instead of one error per restart.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { HttpSmsFieldsSchema } from './modules/notifications/sms/http-sms-sender.js';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Unset: embedded PGlite in DATA_DIR. Set: a real PostgreSQL server. */
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Cookies get the Secure flag; turn off only for plain-http development. */
  COOKIE_SECURE: booleanFromEnv.optional(),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  /** Extra non-working days (local holidays, the patron saint's day) as MM-DD or YYYY-MM-DD, comma-separated. */
  LOCAL_HOLIDAYS: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^(\d{4}-)?\d{2}-\d{2}$/, 'expected MM-DD or YYYY-MM-DD'))),
  DEFAULT_PHONE_REGION: z.string().length(2).default('GR'),
  TRUST_PROXY: booleanFromEnv.default(false),
  /** The built staff application (vite build); unset: dist/web of this checkout. */
  WEB_DIST_DIR: z.string().min(1).default(fileURLToPath(new URL('../../dist/web', import.meta.url))),
  MUNICIPALITY_NAME_EL: z.string().min(1).default('Δήμος Ηρακλείου'),
  MUNICIPALITY_NAME_EN: z.string().min(1).default('Municipality of Heraklion'),
  MUNICIPALITY_PHONE: z.string().default('2813 409409'),
  /** Leaflet tile template; set empty for no tiles (offline installations). */
  MAP_TILE_URL: z.string().default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
  /** lat,lng,zoom of the map's starting view. */
  MAP_CENTER: z
    .string()
    .default('35.3387,25.1442,14')
    .transform((s) => s.split(',').map(Number))
    .pipe(z.tuple([z.number().min(-90).max(90), z.number().min(-180).max(180), z.number().int().min(1).max(19)]))
    .transform(([lat, lng, zoom]) => ({ lat, lng, zoom })),
  /** The address citizens reach Dimotis at: tracking links in SMS and e-mail point here. */
  PUBLIC_URL: z.string().url().default('http://localhost:3000'),
  /** smtp://user:pass@host:587 (STARTTLS) or smtps://…:465; unset: e-mails are recorded, not sent. */
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().min(3).default('Δήμος <no-reply@example.gov.gr>'),
  /** Reply-To with {protocol} (e.g. aitimata+{protocol}@dimos.gr), so replies can be threaded back to the request. */
  MAIL_REPLY_TO: z.string().regex(/^[^@\s]+@[^@\s]+$/, 'an e-mail address, may contain {protocol}').default('aitimata+{protocol}@example.gov.gr'),
  /** Run the outbox worker inside the server process (off: run `npm run worker` separately). */
  OUTBOX_WORKER: booleanFromEnv.default(true),
  OUTBOX_POLL_MS: z.coerce.number().int().min(20).max(60_000).default(200),
  /** How citizens' SMS leave: not at all, SMPP to a carrier's SMSC, or an HTTP aggregator. */
  SMS_PROVIDER: z.enum(['none', 'smpp', 'http']).default('none'),
  SMPP_HOST: z.string().min(1).optional(),
  SMPP_PORT: z.coerce.number().int().min(1).max(65535).default(2775),
  SMPP_SYSTEM_ID: z.string().min(1).optional(),
  SMPP_PASSWORD: z.string().optional(),
  SMPP_SYSTEM_TYPE: z.string().default(''),
  /** Alphanumeric sender ID (up to 11 letters, digits, spaces) or a number. */
  SMS_SENDER_ID: z.string().regex(/^(?:[A-Za-z0-9 ]{1,11}|\+?\d{1,15})$/, 'up to 11 letters/digits, or a number').default('Dimos'),
  /** The carrier's contracted submissions per second. */
  SMS_RATE_PER_SECOND: z.coerce.number().positive().max(1000).default(20),
  SMS_HTTP_URL: z.string().url().optional(),
  /** 'Header-Name: value', or a bare value for Authorization. */
  SMS_HTTP_AUTH_HEADER: z.string().optional(),
  /** JSON: method, format (json|form), to/text/from/encoding field names, idPath, extra; see http-sms-sender.ts. */
  SMS_HTTP_FIELDS: z
    .string()
    .default('{}')
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(HttpSmsFieldsSchema),
  /**
   * Secret part of the delivery-report address an HTTP aggregator is given:
   * PUBLIC_URL/api/public/sms-receipts/<token>. Unset: no such address.
   */
  SMS_HTTP_RECEIPT_TOKEN: z.string().regex(/^[A-Za-z0-9_-]{24,128}$/, '24 to 128 letters, digits, - or _').optional(),
  /** Staff alerts: the morning digest's time on working days, Athens time. */
  ALERTS_DIGEST_TIME: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM').default('07:30'),
  /** Staff alerts: an overdue request goes to the supervisors this many working days after its due day. */
  ALERTS_SUPERVISOR_AFTER_WORKING_DAYS: z.coerce.number().int().min(0).max(60).default(2),
  /** How often a process looks for scheduled jobs that are due (digest, escalations, housekeeping). */
  JOBS_POLL_MS: z.coerce.number().int().min(20).max(600_000).default(15_000),
  /** Default for sending Greek as unaccented GSM-7 capitals (160 characters per SMS instead of 70). */
  SMS_GREEK_AS_GSM7: booleanFromEnv.default(false),
}).superRefine(
  (c, ctx) => {
    const needs: Record<string, string[]> = { smpp: ['SMPP_HOST', 'SMPP_SYSTEM_ID', 'SMPP_PASSWORD'], http: ['SMS_HTTP_URL'] };
    for (const key of needs[c.SMS_PROVIDER] ?? []) {
      if (c[key as keyof typeof c] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `required when SMS_PROVIDER=${c.SMS_PROVIDER}` });
    }
  },
  // Also when other variables are wrong, so that the operator sees every problem at once.
  { when: () => true },
);

export type Config = z.infer<typeof ConfigSchema> & { cookieSecure: boolean };

/** Parses the environment; on any problem prints every one of them and exits. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(env)'}: ${i.message}`);
    console.error(`Dimotis cannot start, the configuration has ${lines.length === 1 ? '1 problem' : `${lines.length} problems`}:\n${lines.join('\n')}`);
    process.exit(1);
  }
  const c = parsed.data;
  return { ...c, cookieSecure: c.COOKIE_SECURE ?? c.NODE_ENV === 'production' };
}

/** Test and benchmark databases, read here so that nothing else touches process.env. */
export function testDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.TEST_DATABASE_URL || undefined;
}
