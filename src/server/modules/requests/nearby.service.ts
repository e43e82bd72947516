/**
 * "Is it already reported?": while an operator registers a call, the open requests of the same
 * category on the same street (by dimotis_street_key, so "Λεωφ. Ικάρου 45" meets "Ικάρου 12") or
 * within NEARBY_METRES of the pin. The operator can then tell the caller it is known and link the
 * call to it (a contact on that request) instead of opening a duplicate.
 *
 * Fast at any size: each half is an index range of open requests of one category
 * (requests_open_category_street, requests_open_category_place, both partial on closed_at is null).
 */
import { sql, type SQL } from 'drizzle-orm';
import { formatProtocol } from '../../../shared/protocol.js';
import { NEARBY_METRES, type NearbyList, type NearbyQuery } from '../../../shared/schemas/nearby.js';
import type { Status } from '../../../shared/workflow.js';
import { queryRows, type Executor } from '../../db/client.js';
import { isCitywide, type Actor } from '../auth/actor.js';

const LIMIT = 10;
/** Metres per degree of latitude, and of longitude at the equator. */
const M_PER_DEG_LAT = 110_574;
const M_PER_DEG_LNG = 111_320;

interface Row {
  id: string;
  protocol_year: number;
  protocol_seq: number;
  status: Status;
  address_text: string | null;
  summary: string;
  created_at: string | Date;
  same_street: boolean;
  distance: number | null;
  contacts: number;
}

/** Open requests of the category on the street or near the pin that the actor may see, closest first. */
export async function findNearbyRequests(db: Executor, actor: Actor, q: NearbyQuery): Promise<NearbyList> {
  const query = nearbySql(actor, q);
  if (!query) return { items: [] };
  const rows = await queryRows<Row>(db, query);
  return {
    items: rows.map((r) => ({
      id: r.id,
      protocolNumber: formatProtocol({ year: Number(r.protocol_year), seq: Number(r.protocol_seq) }),
      status: r.status,
      addressText: r.address_text,
      summary: r.summary,
      createdAt: new Date(r.created_at).toISOString(),
      sameStreet: r.same_street,
      distanceMetres: r.distance === null ? null : Math.round(Number(r.distance)),
      contacts: Number(r.contacts),
    })),
  };
}

/** The look-up's statement (exported for bench/nearby.ts to EXPLAIN); null when there is nothing to look by. */
export function nearbySql(actor: Actor, q: NearbyQuery): SQL | null {
  const street = q.street?.trim() || null;
  const pin = q.lat !== undefined && q.lng !== undefined ? { lat: q.lat, lng: q.lng } : null;
  if (!street && !pin) return null;
  const dLat = NEARBY_METRES / M_PER_DEG_LAT;
  const dLng = pin ? NEARBY_METRES / (M_PER_DEG_LNG * Math.max(0.01, Math.cos((pin.lat * Math.PI) / 180))) : 0;
  const scope = isCitywide(actor) ? sql`true` : actor.departmentIds.length ? sql`r.department_id in ${actor.departmentIds}` : sql`false`;
  // Equirectangular distance: exact enough over a few hundred metres.
  const distance = pin
    ? sql`sqrt(power((r.lat - ${pin.lat}::float8) * ${M_PER_DEG_LAT}::float8, 2) + power((r.lng - ${pin.lng}::float8) * ${M_PER_DEG_LNG * Math.cos((pin.lat * Math.PI) / 180)}::float8, 2))`
    : sql`null::float8`;
  return sql`
    with on_street as (
      select r.id from requests r
      where ${street}::text is not null and r.closed_at is null and r.category_id = ${q.categoryId}::uuid
        and dimotis_street_key(r.address_text) = dimotis_street_key(${street}::text)
      order by r.created_at desc
      limit ${LIMIT}
    ), near_pin as (
      select r.id from requests r
      where ${pin !== null}::boolean and r.closed_at is null and r.category_id = ${q.categoryId}::uuid and r.lat is not null
        and r.lat between ${(pin?.lat ?? 0) - dLat}::float8 and ${(pin?.lat ?? 0) + dLat}::float8
        and r.lng between ${(pin?.lng ?? 0) - dLng}::float8 and ${(pin?.lng ?? 0) + dLng}::float8
      limit 200
    )
    select r.id, r.protocol_year, r.protocol_seq, r.status, r.address_text, left(r.description, 160) as summary, r.created_at,
      r.id in (select id from on_street) as same_street,
      case when r.lat is not null then ${distance} end as distance,
      (select count(*)::int from request_events e where e.request_id = r.id and e.kind = 'citizen_contact') as contacts
    from requests r
    where r.id in (select id from on_street union select id from near_pin) and ${scope}
      and (r.id in (select id from on_street) or ${distance} <= ${NEARBY_METRES}::float8)
    order by same_street desc, distance asc nulls last, r.created_at desc
    limit ${LIMIT}`;
}
