/**
 * The guard in front of the citizens' look-up: it throttles whoever guesses, not the citizen.
 *
 * - A client is an IPv4 address or an IPv6 /64 (one subscriber's whole allocation). It has
 *   FREE_FAILURES wrong tries a day; after that each further try must wait twice as long as the
 *   last (1, 2, 4, 8… minutes after its latest failure), about fifteen tries a day in all. This
 *   counts wrong tries over every number, so walking the sequential numbers spends it as fast
 *   as hammering one.
 * - A number that has had NUMBER_DAILY_CAP wrong tries in a day, from anywhere, is under attack:
 *   then each client may make only CAPPED_FAILURES_PER_CLIENT wrong tries on it. A distributed
 *   guesser needs thousands of /64s or IPv4 addresses for one number's 10 000 endings.
 * - Nobody's right answer is refused because of what other clients did: a refusal (429) always
 *   comes from this client's own wrong tries, and it is decided before the answer is checked, so
 *   it tells nothing about the answer. Every wrong answer gets the same 404, in the same time.
 * Counted in the database under advisory locks, so the limits hold across server processes.
 */
import ipaddr from 'ipaddr.js';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import { trackingFailures } from '../../db/schema.js';
import { AppError } from '../../errors.js';

export const FREE_FAILURES = 5;
export const FIRST_WAIT_SECONDS = 60;
export const NUMBER_DAILY_CAP = 20;
export const CAPPED_FAILURES_PER_CLIENT = 3;
const WINDOW = sql`now() - interval '1 day'`;

/** The throttled unit of a client address: the IPv4 address, or the IPv6 /64 it belongs to. */
export function clientKey(ip: string | null | undefined): string | null {
  if (!ip || !ipaddr.isValid(ip)) return null;
  const addr = ipaddr.process(ip);
  return addr.kind() === 'ipv4' ? addr.toString() : `${ipaddr.IPv6.networkAddressFromCIDR(`${addr.toString()}/64`).toString()}/64`;
}

/** Wait before the next try after `failures` wrong tries in a day (0 while within the free ones). */
export const waitSeconds = (failures: number): number => (failures < FREE_FAILURES ? 0 : FIRST_WAIT_SECONDS * 2 ** (failures - FREE_FAILURES));

/**
 * Counts the attempt as a failure before anything is checked (checking first would let parallel
 * guesses all pass the check before any is counted), or refuses it with 429. Returns the row's
 * id, for a right answer to take back its own count.
 */
export async function claimAttempt(db: Db, protocol: string, ip: string | null): Promise<number> {
  const client = clientKey(ip);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`track:${protocol}`}))`);
    if (client) await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`track-ip:${client}`}))`);
    const [c] = await queryRows<{ client_failures: number; since_last: number | null; number_failures: number; ours_on_number: number; ours_expire_in: number | null }>(tx, sql`
      select
        count(*) filter (where ip = ${client}::inet)::int as client_failures,
        extract(epoch from now() - max(at) filter (where ip = ${client}::inet))::float8 as since_last,
        count(*) filter (where protocol = ${protocol})::int as number_failures,
        count(*) filter (where protocol = ${protocol} and ip = ${client}::inet)::int as ours_on_number,
        extract(epoch from min(at) filter (where protocol = ${protocol} and ip = ${client}::inet) + interval '1 day' - now())::float8 as ours_expire_in
      from ${trackingFailures}
      where at > ${WINDOW} and (protocol = ${protocol} or ip = ${client}::inet)`);
    if (client && c) {
      const wait = waitSeconds(Number(c.client_failures));
      const left = Math.ceil(wait - Number(c.since_last ?? Infinity));
      if (left > 0) throw new AppError('too_many_attempts', { retryAfterSeconds: left });
      if (Number(c.number_failures) >= NUMBER_DAILY_CAP && Number(c.ours_on_number) >= CAPPED_FAILURES_PER_CLIENT) {
        throw new AppError('too_many_attempts', { retryAfterSeconds: Math.max(1, Math.ceil(Number(c.ours_expire_in))) });
      }
    }
    const [claimed] = await tx.insert(trackingFailures).values({ protocol, ip: client }).returning({ id: trackingFailures.id });
    return claimed!.id;
  });
}
