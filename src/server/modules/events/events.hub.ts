/**
 * Live request events in this process, fed by PostgreSQL LISTEN/NOTIFY: the triggers on `requests`
 * (drizzle/*_alerts_triggers.sql) notify `dimotis_requests` with ids only, at commit, from whichever
 * process made the change; each process listens once and fans out to its browsers' streams.
 */
import type { Database } from '../../db/client.js';

export const REQUESTS_CHANNEL = 'dimotis_requests';

/** A change to requests of one department: `requestId` when the statement changed exactly one. */
export interface RequestsChanged {
  departmentId: string;
  requestId: string | null;
}

/** `resync`: notifications may have been missed (the listening connection was lost): refetch everything. */
export type HubEvent = { type: 'requests'; change: RequestsChanged } | { type: 'resync' };

export interface EventHub {
  subscribe(fn: (e: HubEvent) => void): Promise<() => void>;
  close(): Promise<void>;
}

export function createEventHub(database: Database): EventHub {
  const subscribers = new Set<(e: HubEvent) => void>();
  let unlisten: Promise<() => Promise<void>> | null = null;
  const emit = (e: HubEvent) => {
    for (const fn of subscribers) fn(e);
  };
  const onPayload = (payload: string) => {
    try {
      const p = JSON.parse(payload) as { d?: string; r?: string | null };
      if (typeof p.d === 'string') emit({ type: 'requests', change: { departmentId: p.d, requestId: typeof p.r === 'string' ? p.r : null } });
    } catch {
      /* not ours */
    }
  };
  return {
    async subscribe(fn) {
      // The listening connection opens with the first subscriber, not at boot: no browser, no connection.
      unlisten ??= database.listen(REQUESTS_CHANNEL, onPayload, () => emit({ type: 'resync' })).catch((err) => {
        unlisten = null;
        throw err;
      });
      await unlisten;
      subscribers.add(fn);
      return () => void subscribers.delete(fn);
    },
    async close() {
      subscribers.clear();
      const stop = await unlisten?.catch(() => null);
      unlisten = null;
      await stop?.();
    },
  };
}
