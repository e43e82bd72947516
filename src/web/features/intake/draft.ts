/**
 * The call being typed, kept so that it is never lost: it lives in this tab's sessionStorage under
 * the user's id (see auth/session draftKey), so it survives leaving the console, a reload and a
 * sign-in again after the session ended, and goes when the tab closes, the user signs out or the
 * call is registered. It carries the call's Idempotency-Key, so sending it again after any of these
 * never registers it twice.
 */
import { useEffect, useState } from 'react';
import { CHANNELS, PRIORITIES, type Channel, type Priority } from '../../../shared/workflow';
import { draftKey } from '../auth/session';
import type { Pin } from './PinMap';

export interface Draft {
  phone: string;
  citizenId?: string;
  categoryId: string | null;
  description: string;
  addressText: string;
  pin: Pin | null;
  fullName: string;
  email: string;
  smsConsent: boolean;
  emailConsent: boolean;
  channel: Channel;
  priority: Priority;
  /** One key per call: a double submit, a retry after a network error or a new sign-in never registers it twice. */
  idempotencyKey: string;
}

export const emptyDraft = (): Draft => ({
  phone: '', categoryId: null, description: '', addressText: '', pin: null, fullName: '', email: '',
  smsConsent: false, emailConsent: false, channel: 'phone', priority: 'normal', idempotencyKey: crypto.randomUUID(),
});

/** Whether the operator has typed or chosen anything yet. */
export const isBlank = (d: Draft): boolean =>
  !d.phone.trim() && !d.categoryId && !d.description.trim() && !d.addressText.trim() && !d.pin && !d.fullName.trim() && !d.email.trim();

function load(key: string): Draft | null {
  try {
    const raw = sessionStorage.getItem(key);
    if (!raw) return null;
    const d = { ...emptyDraft(), ...(JSON.parse(raw) as Partial<Draft>) };
    // A stored value from an older version of the app must not break the form.
    if (!CHANNELS.includes(d.channel) || !PRIORITIES.includes(d.priority) || typeof d.idempotencyKey !== 'string') return null;
    return d;
  } catch {
    return null;
  }
}

/** The draft of `userId`'s call, and whether it was restored from an earlier visit. */
export function useDraft(userId: string) {
  const key = draftKey(userId, 'intake');
  const [restored] = useState(() => load(key));
  const [draft, setDraft] = useState<Draft>(() => restored ?? emptyDraft());
  useEffect(() => {
    if (isBlank(draft)) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, JSON.stringify(draft));
  }, [key, draft]);
  return { draft, setDraft, restored: restored !== null && !isBlank(restored), clear: () => sessionStorage.removeItem(key) };
}
