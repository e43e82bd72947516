/**
 * The request workflow as data: statuses with their open/closed group, and which role may move
 * a request from one status to another. Pure: the server enforces it, the web app uses it to
 * show only the actions a user may take. The server's `changeStatus` is the only code that
 * applies a transition.
 */
import type { Role } from './roles.js';

export const STATUSES = [
  'registered',
  'forwarded',
  'in_progress',
  'scheduled',
  'resolved',
  'rejected',
  'duplicate',
] as const;
export type Status = (typeof STATUSES)[number];

export type StatusGroup = 'open' | 'closed';

export interface StatusInfo {
  group: StatusGroup;
  el: string;
  en: string;
}

export const STATUS_INFO: Record<Status, StatusInfo> = {
  registered: { group: 'open', el: 'Καταχωρίστηκε', en: 'Registered' },
  forwarded: { group: 'open', el: 'Διαβιβάστηκε', en: 'Forwarded' },
  in_progress: { group: 'open', el: 'Σε εξέλιξη', en: 'In progress' },
  scheduled: { group: 'open', el: 'Προγραμματίστηκε', en: 'Scheduled' },
  resolved: { group: 'closed', el: 'Ολοκληρώθηκε', en: 'Resolved' },
  rejected: { group: 'closed', el: 'Εκτός αρμοδιότητας Δήμου', en: 'Not the municipality’s competence' },
  duplicate: { group: 'closed', el: 'Διπλότυπο', en: 'Duplicate' },
};

export const isOpenStatus = (s: Status): boolean => STATUS_INFO[s].group === 'open';

const OPEN: Status[] = STATUSES.filter(isOpenStatus);
const CLOSED: Status[] = STATUSES.filter((s) => !isOpenStatus(s));

type TransitionRule = { from: readonly Status[]; to: Status; roles: readonly Role[] };

const WORKERS: Role[] = ['department_staff', 'department_head', 'supervisor', 'admin'];
const HEADS: Role[] = ['department_head', 'supervisor', 'admin'];

/**
 * `forwarded` is not reachable here: it is set by forwarding, which also changes the department.
 * Reopening a closed request returns it to `registered`, so it shows as new in the department's inbox.
 */
export const TRANSITIONS: readonly TransitionRule[] = [
  { from: ['registered', 'forwarded', 'scheduled'], to: 'in_progress', roles: WORKERS },
  { from: ['registered', 'forwarded', 'in_progress'], to: 'scheduled', roles: WORKERS },
  { from: ['registered', 'forwarded', 'in_progress', 'scheduled'], to: 'resolved', roles: WORKERS },
  { from: OPEN, to: 'duplicate', roles: [...WORKERS, 'operator'] },
  { from: OPEN, to: 'rejected', roles: HEADS },
  { from: CLOSED, to: 'registered', roles: HEADS },
];

/** Whether `role` may move a request from `from` to `to`. */
export function canTransition(role: Role, from: Status, to: Status): boolean {
  return TRANSITIONS.some((t) => t.to === to && t.from.includes(from) && t.roles.includes(role));
}

/** The statuses `role` may move a request in status `from` to, for showing actions. */
export function allowedTargets(role: Role, from: Status): Status[] {
  return STATUSES.filter((to) => canTransition(role, from, to));
}

/** Which statuses a status change needs a public note for (what the citizen is told). */
export const NEEDS_PUBLIC_NOTE: readonly Status[] = ['rejected'];

export const CHANNELS = ['phone', 'email', 'voicemail', 'web', 'walk_in', 'api'] as const;
export type Channel = (typeof CHANNELS)[number];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
