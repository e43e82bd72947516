/**
 * The public tracking page's check: something only the citizen knows (the last four digits of
 * the phone they gave, or their e-mail). Pure and without zod, so the citizens' page stays small.
 */
export type TrackCheck = { kind: 'phone_digits'; digits: string } | { kind: 'email'; email: string };

/**
 * Reads the check as typed. A whole phone number counts by its last four digits, so a person who
 * types all of it is not turned away; anything with an @ is an e-mail, compared case-insensitively.
 */
export function parseTrackCheck(text: string): TrackCheck | null {
  const t = text.trim();
  if (t.includes('@')) return /^[^\s@]+@[^\s@]+$/.test(t) ? { kind: 'email', email: t.toLowerCase() } : null;
  const digits = t.replace(/[\s().+-]/g, '');
  return /^\d{4,15}$/.test(digits) ? { kind: 'phone_digits', digits: digits.slice(-4) } : null;
}
