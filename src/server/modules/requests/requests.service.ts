/**
 * Registering a request: the protocol number is taken from the year's counter in the same
 * statement that inserts the request, its first timeline event and its audit row, so the counter
 * row stays locked for one statement and a commit, and a rolled-back transaction leaves no gap.
 */
import { createHash, randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { athensYear, formatProtocol } from '../../../shared/protocol.js';
import type { CreatedRequest, CreateRequestInput } from '../../../shared/schemas/requests.js';
import { isRetryableConflict, isUniqueViolation, queryNamed, queryRows, type Db, type Executor } from '../../db/client.js';
import { idempotencyKeys } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../auth/actor.js';
import { requireRole } from '../auth/actor.js';
import type { WorkingCalendar } from '../calendar/working-days.js';
import {
  candidatesJson, citizenKeySql, citizenLockKey, insertNewCitizenCtes, lookupKeysSql, planCitizen, planCitizenUnlocked,
  type CitizenJson, type CitizenKey, type CitizenPlan,
} from '../citizens/citizens.service.js';
import { consentedChannelsSql } from '../notifications/notifications.service.js';

export interface IntakeEnv {
  now: Date;
  calendar: WorkingCalendar;
  phoneRegion: string;
}

export interface CreateResult {
  request: CreatedRequest;
  /** True when an earlier POST with the same Idempotency-Key already made this request. */
  replayed: boolean;
}

const fingerprintOf = (input: CreateRequestInput): string => createHash('sha256').update(JSON.stringify(input)).digest('hex');

/**
 * Registers a citizen's request under the next protocol number of the year.
 *
 * Most calls take the fast path, three round trips in all with the session: one read (the route and
 * the citizens the caller may be), then one statement that writes everything. That statement
 * claims the new caller's key (citizen_keys) and the Idempotency-Key with plain inserts, so when
 * another call got there first it fails on a unique key, writes nothing, and the request is
 * registered again on the locked path: a transaction that takes the caller's lock first, replays a
 * known Idempotency-Key, and updates a citizen whom the call changes.
 *
 * Both paths take their locks in one order, so that they cannot deadlock with each other: the
 * Idempotency-Key, then (locked path) the caller's advisory lock, then the caller's keys in
 * citizen_keys, then the citizen's row, and the year's counter last.
 */
export async function createRequest(db: Db, actor: Actor, input: CreateRequestInput, env: IntakeEnv, idempotencyKey?: string): Promise<CreateResult> {
  requireRole(actor, 'operator', 'supervisor', 'admin');
  return (await createUnlocked(db, actor, input, env, idempotencyKey)) ?? createLocked(db, actor, input, env, idempotencyKey);
}

/** The fast path; null when the locked path must decide (see createRequest). */
async function createUnlocked(db: Db, actor: Actor, input: CreateRequestInput, env: IntakeEnv, idempotencyKey?: string): Promise<CreateResult | null> {
  const [row] = await queryNamed<RouteRow & { candidates: CitizenJson[] }>(db, 'route_and_candidates', sql`
    ${routeSelect()}, ${candidatesJson(input.citizen, env.phoneRegion)} as candidates
    ${routeTables(input.categoryId)}`);
  const route = routeFromRow(row);
  const plan = input.citizen ? planCitizenUnlocked(input.citizen, input.channel, env.phoneRegion, row!.candidates) : null;
  if (input.citizen && !plan) return null;
  const id = randomUUID();
  try {
    const request = await insertRequest(db, actor, input, env, route, plan, {
      id,
      citizenKey: plan?.isNew ? plan.key : null,
      idempotency: idempotencyKey ? { key: idempotencyKey, fingerprint: fingerprintOf(input) } : null,
    });
    return { replayed: false, request };
  } catch (err) {
    // A lost race wrote nothing (one statement); the locked path decides, and a deadlock there is retried.
    if (isUniqueViolation(err, 'citizen_keys_pkey') || isUniqueViolation(err, 'idempotency_keys_user_id_key_pk') || isRetryableConflict(err)) return null;
    throw err;
  }
}

/** The locked path: one transaction, the caller's lock taken before their citizen is looked up. */
function createLocked(db: Db, actor: Actor, input: CreateRequestInput, env: IntakeEnv, idempotencyKey?: string): Promise<CreateResult> {
  return db.transaction(async (tx) => {
    const id = randomUUID();
    if (idempotencyKey) {
      const replay = await claimIdempotencyKey(tx, actor, idempotencyKey, fingerprintOf(input), id);
      if (replay) return { request: await loadCreated(tx, replay), replayed: true };
    }
    // The route look-up also takes the caller's lock (see citizenLockKey) and then waits for a fast
    // path still claiming this caller's keys (see lookupKeysSql): one round trip for all three.
    const route = await routeOf(tx, input.categoryId, input.citizen ?? null, env.phoneRegion);
    const plan = input.citizen ? await planCitizen(tx, actor, input.citizen, input.channel, env.phoneRegion, true) : null;
    return { replayed: false, request: await insertRequest(tx, actor, input, env, route, plan, { id, citizenKey: null, idempotency: null }) };
  });
}

interface InsertClaims {
  id: string;
  /** The new caller's key, claimed with a plain insert (fast path). */
  citizenKey: CitizenKey | null;
  /** The Idempotency-Key, recorded with a plain insert (fast path). */
  idempotency: { key: string; fingerprint: string } | null;
}

/**
 * Writes a request in one statement, the same text every time (prepared once per connection): the
 * claims, a new citizen, the counter, the request, its first event, the registration messages and
 * the audit rows.
 */
async function insertRequest(db: Executor, actor: Actor, input: CreateRequestInput, env: IntakeEnv, route: Route, plan: CitizenPlan | null, claims: InsertClaims): Promise<CreatedRequest> {
  const { id } = claims;
  const citizen = plan?.row ?? null;
  const fresh = plan?.isNew ? plan.row : null;
  const year = athensYear(env.now);
  const dueAt = env.calendar.dueAfterWorkingDays(env.now, route.slaWorkingDays);
  const searchable = [input.description, input.addressText ?? '', citizen?.fullName ?? ''].join(' ');
  // The claims run first and in this order because each reads the one before it (a data-modifying
  // CTE that nothing reads runs only after the main query, that is after the counter): the
  // Idempotency-Key, the caller's key, every key of a new citizen (sorted; its trigger finds them
  // taken), and only then the counter, the lock every registration waits for.
  const [created] = await queryNamed<{ protocol_seq: number; messages: CreatedRequest['messages'] }>(db, 'create_request', sql`
      with claimed_idempotency as (
        insert into idempotency_keys (user_id, key, fingerprint, request_id)
        select ${actor.userId}::uuid, ${claims.idempotency?.key ?? null}::text, ${claims.idempotency?.fingerprint ?? null}::text, ${id}::uuid
        where ${claims.idempotency?.key ?? null}::text is not null
        returning 1
      ), claimed_key as (
        insert into citizen_keys (key) select ${citizenKeySql(claims.citizenKey)}
        where ${claims.citizenKey?.contact ?? null}::text is not null and (select count(*) from claimed_idempotency) >= 0
        returning 1
      ), new_citizen_keys as (
        insert into citizen_keys (key)
        select k from dimotis_citizen_keys_of(${fresh?.phone ?? null}::text, ${fresh?.email ?? null}::text, ${fresh?.fullName ?? null}::text) as k
        where (select count(*) from claimed_key) >= 0
        on conflict do nothing
        returning 1
      ), ${insertNewCitizenCtes(actor, plan, input.channel)}, c as (
        insert into protocol_counters (year, last_seq) select ${year}::int, 1 where (select count(*) from new_citizen_keys) >= 0
        on conflict (year) do update set last_seq = protocol_counters.last_seq + 1
        returning last_seq
      ), r as (
        insert into requests (id, protocol_year, protocol_seq, channel, category_id, department_id, status, priority,
          description, address_text, lat, lng, citizen_id, created_by_id, search_text, due_at, created_at, updated_at)
        select ${id}::uuid, ${year}::int, c.last_seq, ${input.channel}::text, ${route.categoryId}::uuid, ${route.departmentId}::uuid, 'registered', ${input.priority}::text,
          ${input.description}::text, ${input.addressText ?? null}::text, ${input.location?.lat ?? null}::float8, ${input.location?.lng ?? null}::float8,
          ${citizen?.id ?? null}::uuid, ${actor.userId}::uuid, dimotis_fold(${searchable}::text), ${dueAt}::timestamptz, ${env.now}::timestamptz, ${env.now}::timestamptz
        from c
        returning id, protocol_seq
      ), e as (
        insert into request_events (request_id, kind, visibility, actor_id, to_status, to_department_id, data, created_at)
        select r.id, 'created', 'public', ${actor.userId}::uuid, 'registered', ${route.departmentId}::uuid,
          jsonb_build_object('channel', ${input.channel}::text), ${env.now}::timestamptz from r
        returning id, request_id
      ), n as (
        -- The registration message (with the protocol number) to the channels the citizen agreed to:
        -- a citizen on file as they are now, a new one (not visible to this statement) as planned.
        insert into notifications (request_id, event_id, channel, event, recipient)
        select e.request_id, e.id, ch.channel, 'registered', ch.recipient
        from e cross join (
          select sms_consent, phone_type, phone, email_consent, email from citizens
          where id = ${citizen?.id ?? null}::uuid and not ${fresh !== null}::boolean
          union all
          select ${fresh?.smsConsent ?? false}::boolean, ${fresh?.phoneType ?? null}::text, ${fresh?.phone ?? null}::text,
            ${fresh?.emailConsent ?? false}::boolean, ${fresh?.email ?? null}::text
          where ${fresh !== null}::boolean
        ) cz
        cross join lateral ${consentedChannelsSql('cz')}
        where ch.recipient is not null
        returning channel, recipient
      ), a as (
        insert into audit_log (actor_id, action, entity_type, entity_id, ip, user_agent, data, at)
        select ${actor.userId}::uuid, 'request.create', 'request', r.id::text, ${actor.ip ?? null}::inet, ${actor.userAgent?.slice(0, 300) ?? null}::text,
          jsonb_build_object('protocolYear', ${year}::int, 'protocolSeq', r.protocol_seq, 'categoryId', ${route.categoryId}::text, 'channel', ${input.channel}::text),
          ${env.now}::timestamptz from r
      )
      select protocol_seq, (select coalesce(json_agg(json_build_object('channel', channel, 'recipient', recipient) order by channel desc), '[]') from n) as messages from r`);
  const seq = Number(created!.protocol_seq);
  return {
    id,
    protocolNumber: formatProtocol({ year, seq }),
    status: 'registered',
    category: { id: route.categoryId, name: route.categoryName },
    department: { id: route.departmentId, name: route.departmentName },
    citizenId: citizen?.id ?? null,
    dueAt: dueAt.toISOString(),
    createdAt: env.now.toISOString(),
    messages: created!.messages,
  };
}

/**
 * Records the key with the id the new request will get. If the key exists (the first POST
 * committed, or is committing: the primary key makes us wait for it), returns that request's id.
 */
async function claimIdempotencyKey(tx: Executor, actor: Actor, key: string, fingerprint: string, requestId: string): Promise<string | null> {
  const inserted = await tx
    .insert(idempotencyKeys)
    .values({ userId: actor.userId, key, fingerprint, requestId })
    .onConflictDoNothing()
    .returning({ requestId: idempotencyKeys.requestId });
  if (inserted.length) return null;
  const [existing] = await tx
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, actor.userId), eq(idempotencyKeys.key, key)));
  if (!existing || existing.fingerprint !== fingerprint) throw new AppError('idempotency_key_reused');
  return existing.requestId;
}

interface Route {
  categoryId: string;
  categoryName: { el: string; en: string };
  slaWorkingDays: number;
  departmentId: string;
  departmentName: { el: string; en: string };
}

interface RouteRow {
  category_id: string;
  category_el: string;
  category_en: string;
  sla: number;
  department_id: string | null;
  department_el: string | null;
  department_en: string | null;
  department_active: boolean | null;
}

const routeSelect = () => sql`
    select c.id as category_id, c.name_el as category_el, c.name_en as category_en, c.sla_working_days as sla,
      d.id as department_id, d.name_el as department_el, d.name_en as department_en, d.active as department_active`;
const routeTables = (categoryId: string) => sql`
    from categories c
    left join category_routes cr on cr.category_id = c.id
    left join departments d on d.id = cr.department_id
    where c.id = ${categoryId}::uuid and c.active`;

function routeFromRow(row: RouteRow | undefined): Route {
  if (!row) throw new AppError('unknown_category', { field: 'categoryId' });
  if (!row.department_id || !row.department_active) throw new AppError('category_not_routed', { field: 'categoryId' });
  return {
    categoryId: row.category_id,
    categoryName: { el: row.category_el, en: row.category_en },
    slaWorkingDays: Number(row.sla),
    departmentId: row.department_id,
    departmentName: { el: row.department_el!, en: row.department_en! },
  };
}

/**
 * The competent department of an active category, from the routing table. With a caller, the same
 * statement takes the transaction's advisory lock on their contact (planCitizen's serialisation of
 * first calls) and then claims the keys their call may create, so that a fast-path registration
 * still claiming one is waited for (the claim reads the lock, the route reads the claim: that
 * order). One round trip for the three.
 */
export async function routeOf(tx: Executor, categoryId: string, citizen: CreateRequestInput['citizen'] | null = null, region = 'GR'): Promise<Route> {
  const lockKey = citizen ? citizenLockKey(citizen, region) : null;
  const [row] = await queryNamed<RouteRow>(tx, 'route_of_category_locked', sql`
    with locked as (
      select pg_advisory_xact_lock(hashtext(${lockKey}::text)) where ${lockKey}::text is not null
    ), claimed as (
      insert into citizen_keys (key) select k from locked, (${lookupKeysSql(citizen ?? undefined, region)}) keys
      on conflict do nothing
      returning 1
    )
    ${routeSelect()}, (select count(*) from claimed) as claimed ${routeTables(categoryId)}`);
  return routeFromRow(row);
}

async function loadCreated(tx: Executor, id: string): Promise<CreatedRequest> {
  const [r] = await queryRows<{
    id: string; protocol_year: number; protocol_seq: number; status: string; citizen_id: string | null; due_at: string | Date | null; created_at: string | Date;
    category_id: string; category_el: string; category_en: string; department_id: string; department_el: string; department_en: string;
    messages: CreatedRequest['messages'];
  }>(tx, sql`
    select r.id, r.protocol_year, r.protocol_seq, r.status, r.citizen_id, r.due_at, r.created_at,
      c.id as category_id, c.name_el as category_el, c.name_en as category_en,
      d.id as department_id, d.name_el as department_el, d.name_en as department_en,
      (select coalesce(json_agg(json_build_object('channel', n.channel, 'recipient', n.recipient) order by n.channel desc), '[]')
        from notifications n where n.request_id = r.id and n.event = 'registered') as messages
    from requests r join categories c on c.id = r.category_id join departments d on d.id = r.department_id
    where r.id = ${id}`);
  if (!r) throw new AppError('not_found');
  return {
    id: r.id,
    protocolNumber: formatProtocol({ year: Number(r.protocol_year), seq: Number(r.protocol_seq) }),
    status: r.status as CreatedRequest['status'],
    category: { id: r.category_id, name: { el: r.category_el, en: r.category_en } },
    department: { id: r.department_id, name: { el: r.department_el, en: r.department_en } },
    citizenId: r.citizen_id,
    dueAt: r.due_at ? new Date(r.due_at).toISOString() : null,
    createdAt: new Date(r.created_at).toISOString(),
    messages: r.messages,
  };
}
