/**
 * The public tracking page: a citizen gives the protocol number and something only they know
 * (the last four digits of their phone, or their e-mail) and sees where their request stands.
 * The answer holds nothing personal: no name, contact details or staff; of the description only
 * its first words with phones, e-mails and names taken out.
 */
import { z } from 'zod';
import { parseProtocol } from '../protocol.js';
import { parseTrackCheck } from '../tracking.js';
import { STATUSES } from '../workflow.js';
import { LocalisedName } from './common.js';

export const TrackInput = z.object({
  protocolNumber: z.string().trim().max(40).refine((s) => parseProtocol(s) !== null, 'protocol_number'),
  check: z.string().trim().max(254).refine((s) => parseTrackCheck(s) !== null, 'phone_digits_or_email'),
});
export type TrackInput = z.infer<typeof TrackInput>;

/** The kinds of event a citizen is shown; every other kind is internal by nature. */
export const TRACKED_EVENT_KINDS = ['created', 'status_change', 'forward', 'public_update'] as const;

export const TrackedEvent = z.object({
  kind: z.enum(TRACKED_EVENT_KINDS),
  /** The status the request moved to (created, status change, forward). */
  toStatus: z.enum(STATUSES).nullable(),
  /** Where the request went: the first department on registration, the new one on forwarding. */
  department: LocalisedName.nullable(),
  /** What the municipality wrote for the citizen (a public note or update); never a forward's reason. */
  text: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type TrackedEvent = z.infer<typeof TrackedEvent>;

export const TrackResult = z.object({
  protocolNumber: z.string(),
  status: z.object({ code: z.enum(STATUSES), name: LocalisedName }),
  statusGroup: z.enum(['open', 'closed']),
  category: LocalisedName,
  department: LocalisedName,
  /** Where the problem is, as registered (the citizen told it; it tells their requests apart). */
  address: z.string().nullable(),
  /** The description's first words, without phone numbers, e-mails or names. */
  summary: z.string(),
  /** When the municipality expects to finish (the category's working days); null once closed. */
  expectedBy: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  closedAt: z.iso.datetime().nullable(),
  /** Oldest first. */
  timeline: z.array(TrackedEvent),
});
export type TrackResult = z.infer<typeof TrackResult>;
