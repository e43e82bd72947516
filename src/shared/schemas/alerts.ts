/** Staff alerts: which ones a user gets, and the live counts in the menu. */
import { z } from 'zod';

export const AlertPreferences = z.object({
  /** An urgent request reaches one of my departments (department heads). */
  urgent: z.boolean(),
  /** A request is assigned to me by someone else. */
  assigned: z.boolean(),
  /** The morning digest on working days (new, due today, overdue). */
  digest: z.boolean(),
  /** A request passes its due time (heads), or stays overdue for days (supervisors). */
  escalation: z.boolean(),
  /** The language of my alert e-mails. */
  language: z.enum(['el', 'en']),
});
export type AlertPreferences = z.infer<typeof AlertPreferences>;

export const AlertPreferencesView = AlertPreferences.extend({
  /** Where alerts go; null: the account has no e-mail (an administrator sets it). */
  email: z.string().nullable(),
  /** The kinds of alert this role can receive at all. */
  applicable: z.array(z.enum(['urgent', 'assigned', 'digest', 'escalation'])),
});
export type AlertPreferencesView = z.infer<typeof AlertPreferencesView>;

export const MenuCounts = z.object({
  /** New or forwarded, open, in my departments (all, for citywide roles). */
  inbox: z.number().int(),
  /** Open and past the due time. */
  overdue: z.number().int(),
});
export type MenuCounts = z.infer<typeof MenuCounts>;
