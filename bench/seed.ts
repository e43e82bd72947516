/**
 * `npm run seed:bench`: fills the bench database with BENCH_ROWS requests (default 1,000,000) from
 * ~200k citizens over the last two years, in a handful of set-based INSERT ... SELECT statements.
 * Secondary indexes are dropped for the load and rebuilt afterwards (two at a time, one per core),
 * foreign-key triggers are skipped for the load session (the generator only makes valid keys).
 * Skips everything when the database already holds a seed of the requested size.
 */
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { BENCH_ROWS, BENCH_URL, checkBenchUrl, log, prepareBenchDatabase, type BenchIds } from './bench-db.js';
import { AREAS, FEMALE_FIRST, MALE_FIRST, PHRASES, RARE_EXTRAS, STREETS, SURNAMES } from './greek-data.js';

/** Bump when the generator changes, so that an old seed is replaced. */
const SEED_VERSION = 4;
const MARKER_KEY = 'bench.seed';
const LOADED_TABLES = ['requests', 'citizens', 'request_events', 'audit_log'];
const SPAN_DAYS = 730;

export interface SeedResult {
  skipped: boolean;
  rows: number;
  citizens: number;
  seconds: number;
  steps: Record<string, number>;
  ids: BenchIds;
}

export async function seedBench(url = BENCH_URL, rows = BENCH_ROWS): Promise<SeedResult> {
  checkBenchUrl(url);
  const started = performance.now();
  const ids = await prepareBenchDatabase(url);
  const citizensCount = Math.max(10, Math.round(rows / 5));
  const client = new pg.Client({ connectionString: url, application_name: 'dimotis-bench-seed' });
  await client.connect();
  const steps: Record<string, number> = {};
  const step = async (name: string, run: () => Promise<unknown>) => {
    const t = performance.now();
    await run();
    steps[name] = round((performance.now() - t) / 1000);
    log(`seed: ${name} ${steps[name]} s`);
  };
  try {
    await client.query('create table if not exists bench_seed_saved_indexes (name text primary key, tbl text not null, def text not null)');
    await restoreIndexes(client, url, 'all');
    const { rows: marker } = await client.query<{ value: { version: number; rows: number } }>('select value from settings where key = $1', [MARKER_KEY]);
    if (marker[0]?.value.version === SEED_VERSION && marker[0].value.rows === rows) {
      log(`seed: database already holds ${rows} seeded requests, skipping`);
      return { skipped: true, rows, citizens: citizensCount, seconds: round((performance.now() - started) / 1000), steps, ids };
    }
    log(`seed: filling ${rows} requests and ${citizensCount} citizens`);
    await client.query(`set maintenance_work_mem = '1GB'; set work_mem = '512MB'; set synchronous_commit = off`);
    await client.query('delete from settings where key = $1', [MARKER_KEY]);
    await step('truncate', () => client.query('truncate requests, request_events, citizens, citizen_keys, audit_log, idempotency_keys, protocol_counters cascade'));
    await step('drop indexes', () => dropIndexes(client));
    // The generator only produces valid keys; skipping the per-row foreign-key triggers saves a third of the load.
    await client.query('set session_replication_role = replica').catch(() => log('seed: not a superuser, foreign keys are checked row by row'));
    await client.query('select setseed(0.2026)');
    await step('vocabulary', () => loadVocabulary(client));
    await step('citizens', () => insertCitizens(client, citizensCount));
    // The citizens trigger is off in this session (replica role): their keys as it would write them.
    await step('citizen keys', () => client.query('insert into citizen_keys (key) select k from citizens, dimotis_citizen_keys_of(phone, email, full_name) as k on conflict do nothing'));
    await step('requests', () => insertRequests(client, rows, citizensCount, ids));
    // The trigram index takes longest to build (GIN builds use one core): start it now, beside the rest.
    const gin = timed(() => restoreIndexes(client, url, 'gin'));
    await step('events', () => insertEvents(client, ids));
    await step('audit', () => insertAudit(client, ids));
    await step('counters', () => client.query('insert into protocol_counters (year, last_seq) select protocol_year, max(protocol_seq) from requests group by protocol_year'));
    await client.query('set session_replication_role = origin');
    await step('btree indexes', () => restoreIndexes(client, url, 'btree'));
    await step('waiting for the trigram index', () => gin);
    await step('vacuum analyze', async () => {
      for (const t of [...LOADED_TABLES, 'protocol_counters']) await client.query(`vacuum (analyze) ${t}`);
    });
    await client.query(`insert into settings (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value, updated_at = now()`, [
      MARKER_KEY,
      JSON.stringify({ version: SEED_VERSION, rows, citizens: citizensCount, seededAt: new Date().toISOString() }),
    ]);
    const seconds = round((performance.now() - started) / 1000);
    log(`seed: done in ${seconds} s`);
    return { skipped: false, rows, citizens: citizensCount, seconds, steps, ids };
  } finally {
    await client.end();
  }
}

/** A deterministic, RFC 4122-shaped (version 4, variant 10) id for the k-th citizen, so requests can name it without a lookup. */
const citizenId = (k: string): string => `overlay(overlay(md5('bench-citizen-' || ${k}) placing '4' from 13) placing '8' from 17)::uuid`;

const round = (n: number, digits = 1): number => Number(n.toFixed(digits));

/** Secondary indexes (not primary keys or unique constraints) of the loaded tables: saved, then dropped. */
async function dropIndexes(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ name: string; tbl: string; def: string }>(`
    select i.relname as name, t.relname as tbl, pg_get_indexdef(x.indexrelid) as def
    from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
    join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = 'public' and t.relname = any($1) and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)`, [LOADED_TABLES]);
  for (const r of rows) {
    await client.query('insert into bench_seed_saved_indexes (name, tbl, def) values ($1, $2, $3) on conflict (name) do update set def = excluded.def', [r.name, r.tbl, r.def]);
    await client.query(`drop index if exists "${r.name}"`);
  }
}

/** Rebuilds saved indexes that are missing (also those of a seed that was interrupted), on a connection of its own. */
async function restoreIndexes(client: pg.Client, url: string, which: 'gin' | 'btree' | 'all'): Promise<void> {
  const { rows } = await client.query<{ name: string; def: string }>(`
    select s.name, s.def from bench_seed_saved_indexes s
    where not exists (select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = s.name)
      and ($1::text = 'all' or (s.def like '%USING gin%') = ($1::text = 'gin'))
    order by s.name`, [which]);
  if (!rows.length) return;
  const c = new pg.Client({ connectionString: url, application_name: 'dimotis-bench-seed' });
  await c.connect();
  try {
    // A GIN build spills its accumulator whenever maintenance_work_mem fills: 4GB built the trigram
    // index in 53 s here where 1GB took 130-230 s. Session-only, and the machine has 24 GB.
    await c.query(`set maintenance_work_mem = '${which === 'btree' ? '1GB' : '4GB'}'`);
    for (const r of rows) {
      const t = performance.now();
      await c.query(r.def);
      await c.query('delete from bench_seed_saved_indexes where name = $1', [r.name]);
      log(`seed:   index ${r.name} ${round((performance.now() - t) / 1000)} s`);
    }
  } finally {
    await c.end();
  }
}

/** Starts `run` now; the promise settles with it (kept apart so an early rejection is not unhandled). */
function timed(run: () => Promise<void>): Promise<void> {
  const p = run();
  p.catch(() => {});
  return p;
}

async function loadVocabulary(client: pg.Client): Promise<void> {
  await client.query(`drop table if exists pg_temp.vocab_categories; create temp table vocab_categories (
    code text primary key, category_id uuid, department_id uuid, sla int, wlo float8, whi float8, openings text[], places text[], endings text[])`);
  let cumulative = 0;
  for (const [code, p] of Object.entries(PHRASES)) {
    const lo = cumulative / 100;
    cumulative += p.weight;
    await client.query(`
      insert into vocab_categories
      select c.code, c.id, r.department_id, c.sla_working_days, $2, $3, $4, $5, $6
      from categories c join category_routes r on r.category_id = c.id where c.code = $1`, [code, lo, cumulative / 100, p.openings, p.places, p.endings]);
  }
  if (cumulative !== 100) throw new Error(`category weights add up to ${cumulative}, not 100`);
  await client.query(`update vocab_categories set whi = 1.0000001 where whi = 1`);
  const { rows } = await client.query<{ n: number }>('select count(*)::int as n from vocab_categories');
  if (rows[0]!.n !== Object.keys(PHRASES).length) throw new Error('some bench categories are missing from the reference data');
}

/** ~200k citizens: 92% on valid Greek mobiles (69x), the rest on Heraklion landlines (2810), all unique. */
async function insertCitizens(client: pg.Client, count: number): Promise<void> {
  await client.query(`
    insert into citizens (id, full_name, phone, phone_type, email, sms_consent, sms_consent_at, sms_consent_source,
      email_consent, email_consent_at, email_consent_source, created_at, updated_at)
    select ${citizenId('k')}, name, phone, kind,
      case when has_email then 'dimotis' || k || '@example.gr' end,
      sms, case when sms then created end, case when sms then 'phone' end,
      has_email and r3 < 0.5, case when has_email and r3 < 0.5 then created end, case when has_email and r3 < 0.5 then 'email' end,
      created, created
    from (
      select k, created, has_email, r3,
        case when female then ($1::text[])[1 + floor(r1 * array_length($1::text[], 1))::int] || ' ' || ($4::text[])[1 + floor(r2 * array_length($4::text[], 1))::int]
             else ($2::text[])[1 + floor(r1 * array_length($2::text[], 1))::int] || ' ' || ($3::text[])[1 + floor(r2 * array_length($3::text[], 1))::int] end as name,
        case when landline then '+302810' || lpad(((k::bigint * 7919) % 1000000)::text, 6, '0')
             else '+3069' || (array['0','3','4','5','7','8','9'])[1 + k % 7] || lpad(((k::bigint * 7919 + 12345) % 10000000)::text, 7, '0') end as phone,
        case when landline then 'fixed' else 'mobile' end as kind,
        not landline and r3 < 0.7 as sms
      from (
        select k, random() < 0.5 as female, random() as r1, random() as r2, random() as r3, random() < 0.2 as has_email,
          k % 12 = 0 as landline, now() - make_interval(days => ${SPAN_DAYS}) - random() * interval '400 days' as created
        from generate_series(0, $5::int - 1) k
        offset 0
      ) s
    ) c`, [FEMALE_FIRST, MALE_FIRST, SURNAMES.map((s) => s[0]), SURNAMES.map((s) => s[1]), count]);
}

/**
 * The requests, in created_at order (as an append-only table would be), protocol numbers 1..N per
 * Athens year, ~10% open (most of them recent), closed_at set exactly for the closed statuses.
 */
async function insertRequests(client: pg.Client, rows: number, citizens: number, ids: BenchIds): Promise<void> {
  const rareCases = RARE_EXTRAS.map((_, i) => {
    const lo = RARE_EXTRAS.slice(0, i).reduce((a, r) => a + r.perMillion, 0) / 1e6;
    const hi = lo + RARE_EXTRAS[i]!.perMillion / 1e6;
    return `when r_rare >= ${lo} and r_rare < ${hi} then $${6 + i}::text`;
  }).join(' ');
  await client.query(`
    insert into requests (id, protocol_year, protocol_seq, channel, category_id, department_id, status, priority, description,
      address_text, lat, lng, citizen_id, created_by_id, search_text, due_at, created_at, updated_at, closed_at)
    select gen_random_uuid(), year, row_number() over (partition by year order by created_at), channel, category_id, department_id, status, priority,
      description, address_text, lat, lng, citizen_id, $5::uuid,
      dimotis_fold(description || ' ' || coalesce(address_text, '') || ' ' || coalesce(full_name, '')),
      created_at + make_interval(days => ceil(sla * 1.4)::int), created_at,
      least(now(), coalesce(closed_at, case when status = 'registered' then created_at else created_at + r_upd * interval '5 days' end)), closed_at
    from (
      select g.*, extract(year from g.created_at at time zone 'Europe/Athens')::int as year,
        v.category_id, v.department_id, v.sla,
        v.openings[1 + floor(r_open * array_length(v.openings, 1))::int] || ' ' || v.places[1 + floor(r_place * array_length(v.places, 1))::int]
          || v.endings[1 + floor(r_end * array_length(v.endings, 1))::int] || case ${rareCases} else '' end as description,
        case when r_addr < 0.97 then ($3::text[])[1 + floor(r_street * array_length($3::text[], 1))::int] || ' ' || (1 + floor(r_num * 180))::int
          || ', ' || ($4::text[])[1 + floor(r_area * array_length($4::text[], 1))::int] end as address_text,
        case when r_addr < 0.7 then 35.30 + r_street * 0.06 end as lat, case when r_addr < 0.7 then 25.07 + r_num * 0.12 end as lng,
        c.id as citizen_id, c.full_name,
        case when is_open then (array['registered','registered','registered','registered','forwarded','in_progress','in_progress','in_progress','scheduled','scheduled'])[1 + floor(r_status * 10)::int]
             else (case when r_status < 0.85 then 'resolved' when r_status < 0.93 then 'rejected' else 'duplicate' end) end as status,
        case when is_open then null else least(now(), g.created_at + interval '1 hour' + r_close * interval '40 days') end as closed_at
      from (
        select g, created_at, r_cat, r_open, r_place, r_end, r_rare, r_addr, r_street, r_num, r_area, r_status, r_close, r_upd,
          random() < case when now() - created_at < interval '30 days' then 0.6 when now() - created_at < interval '180 days' then 0.15 else 0.06 end as is_open,
          (case when r_chan < 0.70 then 'phone' when r_chan < 0.80 then 'email' when r_chan < 0.92 then 'web' when r_chan < 0.97 then 'walk_in' else 'voicemail' end) as channel,
          (case when r_prio < 0.03 then 'low' when r_prio < 0.88 then 'normal' when r_prio < 0.98 then 'high' else 'urgent' end) as priority,
          case when r_cit < 0.05 then null when r_cit < 0.15 then floor(random() * least(2000, $2::int))::int else floor(random() * $2::int)::int end as citizen_k
        from (
          select g, now() - make_interval(days => ${SPAN_DAYS}) + ((g - 1) + random() * 0.9) * (make_interval(days => ${SPAN_DAYS}) / $1::int) as created_at,
            random() as r_cat, random() as r_open, random() as r_place, random() as r_end, random() as r_rare, random() as r_addr,
            random() as r_street, random() as r_num, random() as r_area, random() as r_status, random() as r_close, random() as r_upd,
            random() as r_chan, random() as r_prio, random() as r_cit
          from generate_series(1, $1::int) g
          offset 0
        ) r
        offset 0
      ) g
      join vocab_categories v on g.r_cat >= v.wlo and g.r_cat < v.whi
      left join citizens c on c.id = ${citizenId('g.citizen_k')}
    ) x`, [rows, citizens, STREETS, AREAS, ids.operatorId, ...RARE_EXTRAS.map((r) => r.text)]);
}

/** Each request's "created" event, and one status change (or forward) for those that moved on. */
async function insertEvents(client: pg.Client, ids: BenchIds): Promise<void> {
  await client.query(`
    insert into request_events (request_id, kind, visibility, actor_id, from_status, to_status, from_department_id, to_department_id, body, data, created_at)
    select r.id, 'created', 'public', $1::uuid, null, 'registered', null, r.department_id, null, jsonb_build_object('channel', r.channel), r.created_at
    from requests r
    union all
    select r.id, case when r.status = 'forwarded' then 'forward' else 'status_change' end, 'public', $2::uuid, 'registered', r.status,
      case when r.status = 'forwarded' then (select id from departments where code = 'citizen-service') end,
      case when r.status = 'forwarded' then r.department_id end,
      case r.status when 'resolved' then 'Η εργασία ολοκληρώθηκε από το συνεργείο.' when 'rejected' then 'Δεν είναι αρμοδιότητα του Δήμου.'
        when 'forwarded' then 'Διαβιβάστηκε στο αρμόδιο τμήμα.' else null end,
      null, coalesce(r.closed_at, r.updated_at)
    from requests r where r.status <> 'registered'
    order by 11`, [ids.operatorId, ids.techHeadId]);
}

/** The audit rows the service writes for every request and new citizen. */
async function insertAudit(client: pg.Client, ids: BenchIds): Promise<void> {
  await client.query(`
    insert into audit_log (actor_id, action, entity_type, entity_id, ip, user_agent, data, at)
    select $1::uuid, 'citizen.create', 'citizen', c.id::text, '127.0.0.1'::inet, 'dimotis-bench-seed', jsonb_build_object('source', 'phone'), c.created_at
    from citizens c
    union all
    select $1::uuid, 'request.create', 'request', r.id::text, '127.0.0.1'::inet, 'dimotis-bench-seed',
      jsonb_build_object('protocolYear', r.protocol_year, 'protocolSeq', r.protocol_seq, 'categoryId', r.category_id::text, 'channel', r.channel), r.created_at
    from requests r
    order by 8`, [ids.operatorId]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await seedBench();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
