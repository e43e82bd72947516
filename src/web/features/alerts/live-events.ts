/**
 * The app's one server-push connection: an EventSource on /api/events while someone is signed in.
 * Screens subscribe to topics (`department:<id>`, or '*' for all) and invalidate their own queries;
 * the server sends only the departments the user may see, ids only. Bursts are coalesced.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

export interface RequestsEvent {
  topic: string;
  departmentId: string;
  requestId: string | null;
}

type Listener = (e: RequestsEvent | null) => void;
const listeners = new Map<string, Set<Listener>>();

/** Subscribes to a topic ('*': every event); `null` means "missed events, refetch everything". Returns unsubscribe. */
export function subscribe(topic: string, fn: Listener): () => void {
  let set = listeners.get(topic);
  if (!set) listeners.set(topic, (set = new Set()));
  set.add(fn);
  return () => void set.delete(fn);
}

function dispatch(e: RequestsEvent | null): void {
  for (const fn of listeners.get('*') ?? []) fn(e);
  if (e) for (const fn of listeners.get(e.topic) ?? []) fn(e);
}

/** Opens the stream for the signed-in user (EventSource reconnects by itself, re-checking the session). */
export function useLiveEvents(enabled: boolean): void {
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/events');
    let opened = false;
    source.addEventListener('requests', (m) => dispatch(JSON.parse((m as MessageEvent<string>).data) as RequestsEvent));
    source.addEventListener('resync', () => dispatch(null));
    // A reconnection may have missed events: refetch what is shown.
    source.addEventListener('ready', () => (opened ? dispatch(null) : (opened = true)));
    return () => source.close();
  }, [enabled]);
}

/** Invalidates the given queries when an event on `topic` arrives, at most once per `waitMs`. */
export function useInvalidateOn(topic: string, queryKeys: readonly (readonly unknown[])[], waitMs = 500): void {
  const qc = useQueryClient();
  const keys = JSON.stringify(queryKeys);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = subscribe(topic, () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        for (const queryKey of JSON.parse(keys) as unknown[][]) void qc.invalidateQueries({ queryKey });
      }, waitMs);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [topic, keys, waitMs, qc]);
}
