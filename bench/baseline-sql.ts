/**
 * The raw SQL the create benchmark is compared with, run through a plain pg Pool at the same
 * concurrency. Parameters: $1 year, $2 category, $3 department, $4 description, $5 address,
 * $6 operator, $7 citizen name.
 */

/** The baseline: the protocol counter and the request row in one statement, in BEGIN/COMMIT. */
export const BASELINE_SQL = `
  with c as (
    insert into protocol_counters (year, last_seq) values ($1, 1)
    on conflict (year) do update set last_seq = protocol_counters.last_seq + 1
    returning last_seq
  )
  insert into requests (id, protocol_year, protocol_seq, channel, category_id, department_id, status, priority, description, address_text,
    created_by_id, search_text, due_at, created_at, updated_at)
  select gen_random_uuid(), $1, c.last_seq, 'phone', $2, $3, 'registered', 'normal', $4, $5, $6,
    dimotis_fold($4 || ' ' || $5 || ' ' || $7), now() + interval '14 days', now(), now()
  from c`;

/** The same plus the timeline event and audit row the service writes, still one statement: the ceiling for the app's writes. */
export const BASELINE_FULL_SQL = `
  with c as (
    insert into protocol_counters (year, last_seq) values ($1, 1)
    on conflict (year) do update set last_seq = protocol_counters.last_seq + 1
    returning last_seq
  ), r as (
    insert into requests (id, protocol_year, protocol_seq, channel, category_id, department_id, status, priority, description, address_text,
      created_by_id, search_text, due_at, created_at, updated_at)
    select gen_random_uuid(), $1, c.last_seq, 'phone', $2, $3, 'registered', 'normal', $4, $5, $6,
      dimotis_fold($4 || ' ' || $5 || ' ' || $7), now() + interval '14 days', now(), now()
    from c returning id, protocol_seq
  ), e as (
    insert into request_events (request_id, kind, visibility, actor_id, to_status, to_department_id, data)
    select r.id, 'created', 'public', $6, 'registered', $3, jsonb_build_object('channel', 'phone') from r
  )
  insert into audit_log (actor_id, action, entity_type, entity_id, ip, data)
  select $6, 'request.create', 'request', r.id::text, '127.0.0.1', jsonb_build_object('protocolYear', $1::int, 'protocolSeq', r.protocol_seq) from r`;
