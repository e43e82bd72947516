/**
 * Prototype behind the bench's create recommendation (not used by `npm run bench`):
 *   npx tsx bench/prototype-lean-create.ts
 * Registers the same requests one at a time through (a) the real createRequest() and (b) a lean
 * variant: category routes cached in memory, the citizen's insert and audit row folded into the
 * one statement that takes the protocol number, cached Intl formatters. Prints CPU milliseconds
 * per request of this Node process and of the one PostgreSQL backend, and statements per request.
 * Writes into the bench database; `npm run bench` removes the rows again (they are newer than the seed).
 */
import { readFileSync } from 'node:fs';
import { drizzle } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { Db } from '../src/server/db/client.js';
import * as schema from '../src/server/db/schema.js';
import { loadActor } from '../src/server/modules/auth/auth.service.js';
import { workingCalendar } from '../src/server/modules/calendar/working-days.js';
import { createRequest, routeOf } from '../src/server/modules/requests/requests.service.js';
import { normalisePhone } from '../src/shared/phone.js';
import { athensYear } from '../src/shared/protocol.js';
import { BENCH_URL, OPERATOR, prepareBenchDatabase } from './bench-db.js';

const N = Number(process.env.PROTOTYPE_N || 1500);
await prepareBenchDatabase();
const pool = new pg.Pool({ connectionString: BENCH_URL, max: 1 });
let statements = 0;
const db = drizzle(pool, { schema, logger: { logQuery: () => void statements++ } }) as unknown as Db;
const { rows: [me] } = await pool.query<{ id: string; pid: number }>(`select id, pg_backend_pid() as pid from users where username = $1`, [OPERATOR.username]);
const actor = (await loadActor(db, me!.id, '127.0.0.1', 'prototype'))!;
const calendar = workingCalendar([]);
const { rows: cats } = await pool.query<{ id: string }>(`select id from categories where code in ('road-damage', 'cleaning', 'street-lighting')`);
const { rows: callers } = await pool.query<{ full_name: string; phone: string; sms_consent: boolean }>(
  `select full_name, phone, sms_consent from citizens tablesample bernoulli (1) repeatable (3) where phone_type = 'mobile' limit 500`);

let k = Math.floor(Math.random() * 9e6);
const input = (i: number) => {
  const existing = i % 2 === 0 ? callers[i % callers.length]! : null;
  return {
    channel: 'phone' as const,
    categoryId: cats[i % cats.length]!.id,
    description: `Λακκούβα στη μέση του δρόμου ${i}`,
    addressText: 'Οδός Έβανς 12',
    priority: 'normal' as const,
    citizen: existing
      ? { fullName: existing.full_name, phone: existing.phone, smsConsent: existing.sms_consent }
      : { fullName: 'Γιάννης Πρωτοτυπάκης', phone: `697${String(1_000_000 + (k++ % 8_999_999))}`, smsConsent: true },
  };
};

// --- the lean variant ---------------------------------------------------------------------
const athensYearFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Athens', year: 'numeric' });
const routes = new Map<string, Awaited<ReturnType<typeof routeOf>>>();

async function leanCreate(i: number): Promise<void> {
  const body = input(i);
  const now = new Date();
  let route = routes.get(body.categoryId);
  if (!route) routes.set(body.categoryId, (route = await routeOf(db, body.categoryId)));
  const phone = normalisePhone(body.citizen.phone, 'GR')!;
  const year = Number(athensYearFormat.format(now));
  const dueAt = calendar.dueAfterWorkingDays(now, route.slaWorkingDays);
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${phone.e164}))`);
    const found = (await tx.execute(sql`select id, full_name, sms_consent from citizens where phone = ${phone.e164} order by updated_at desc limit 20`)) as unknown as { rows: { id: string; full_name: string | null; sms_consent: boolean }[] };
    const same = found.rows.find((c) => !c.full_name || c.full_name.localeCompare(body.citizen.fullName, 'el', { sensitivity: 'base' }) === 0);
    // (A changed name or consent would still go through the existing update path.)
    const searchable = [body.description, body.addressText, body.citizen.fullName].join(' ');
    await tx.execute(sql`
      with cz as (
        insert into citizens (full_name, phone, phone_type, sms_consent, sms_consent_at, sms_consent_source, created_at, updated_at)
        select ${body.citizen.fullName}, ${phone.e164}, ${phone.kind}, ${body.citizen.smsConsent}, ${body.citizen.smsConsent ? now : null}::timestamptz,
          ${body.citizen.smsConsent ? 'phone' : null}, ${now}, ${now}
        where ${!same}
        returning id
      ), cza as (
        insert into audit_log (actor_id, action, entity_type, entity_id, ip, user_agent, data, at)
        select ${actor.userId}, 'citizen.create', 'citizen', cz.id::text, ${actor.ip ?? null}, ${actor.userAgent ?? null}, jsonb_build_object('source', 'phone'), ${now} from cz
      ), c as (
        insert into protocol_counters (year, last_seq) values (${year}, 1)
        on conflict (year) do update set last_seq = protocol_counters.last_seq + 1
        returning last_seq
      ), r as (
        insert into requests (protocol_year, protocol_seq, channel, category_id, department_id, status, priority, description, address_text,
          citizen_id, created_by_id, search_text, due_at, created_at, updated_at)
        select ${year}, c.last_seq, ${body.channel}, ${route.categoryId}, ${route.departmentId}, 'registered', ${body.priority}, ${body.description}, ${body.addressText},
          coalesce((select id from cz), ${same?.id ?? null}::uuid), ${actor.userId}, dimotis_fold(${searchable}), ${dueAt}, ${now}, ${now}
        from c returning id, protocol_seq
      ), e as (
        insert into request_events (request_id, kind, visibility, actor_id, to_status, to_department_id, data, created_at)
        select r.id, 'created', 'public', ${actor.userId}, 'registered', ${route.departmentId}, jsonb_build_object('channel', ${body.channel}::text), ${now} from r
      ), a as (
        insert into audit_log (actor_id, action, entity_type, entity_id, ip, user_agent, data, at)
        select ${actor.userId}, 'request.create', 'request', r.id::text, ${actor.ip ?? null}, ${actor.userAgent ?? null},
          jsonb_build_object('protocolYear', ${year}::int, 'protocolSeq', r.protocol_seq, 'categoryId', ${route.categoryId}::text, 'channel', ${body.channel}::text), ${now} from r
      )
      select protocol_seq from r`);
  });
}

// --- measuring -----------------------------------------------------------------------------
/** utime + stime of a local PostgreSQL backend (clock ticks of 1/100 s). */
const backendCpuMs = (pid: number): number => {
  const rest = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(rest[11]) + Number(rest[12])) * 1000) / 100;
};

async function measure(name: string, one: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 100; i++) await one(i);
  const { rows: [b] } = await pool.query<{ pid: number }>('select pg_backend_pid() as pid');
  statements = 0;
  const pg0 = backendCpuMs(b!.pid);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) await one(100 + i);
  const c = process.cpuUsage(c0);
  const result = {
    variant: name,
    nodeCpuMsPerRequest: Math.round(((c.user + c.system) / 1000 / N) * 1000) / 1000,
    postgresCpuMsPerRequest: Math.round(((backendCpuMs(b!.pid) - pg0) / N) * 1000) / 1000,
    wallMsPerRequest: Math.round(((performance.now() - t0) / N) * 1000) / 1000,
    statementsPerRequest: Math.round((statements / N) * 10) / 10,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

const intl = (f: () => unknown) => {
  const c0 = process.cpuUsage();
  for (let i = 0; i < 5000; i++) f();
  const c = process.cpuUsage(c0);
  return Math.round(((c.user + c.system) / 5000) * 10) / 10;
};
process.stdout.write(`${JSON.stringify({ athensYearMicros: intl(() => athensYear(new Date())), cachedFormatterMicros: intl(() => Number(athensYearFormat.format(new Date()))), dueAfterWorkingDaysMicros: intl(() => calendar.dueAfterWorkingDays(new Date(), 10)) })}\n`);
await measure('createRequest (current)', (i) => createRequest(db, actor, input(i), { now: new Date(), calendar, phoneRegion: 'GR' }));
await measure('lean prototype', leanCreate);
await measure('createRequest (current)', (i) => createRequest(db, actor, input(i), { now: new Date(), calendar, phoneRegion: 'GR' }));
await measure('lean prototype', leanCreate);
await pool.end();
