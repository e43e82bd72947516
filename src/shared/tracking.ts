/**
 * The public tracking page's check: something only the citizen knows (the last four digits of
 * the phone they gave, or their e-mail). Pure and without zod, so the citizens' page stays small.
 */
import { athensYear, formatProtocol, parseProtocol } from './protocol.js';

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

/**
 * Reads a protocol number as a citizen types it on a phone's number pad, where there may be no
 * slash: "2026 4512", "2026,4512", "2026 — 4512" and "20264512" all mean 2026/004512. A bare
 * number ("16", what the operator read out as "2026 — 16") means this year's, in Athens time.
 */
export function readProtocol(text: string, now: Date = new Date()): string | null {
  const year = athensYear(now);
  const t = text.trim().replace(/[\u2010-\u2015\u2212]/g, '-').replace(/(\d)\s*[\s,]\s*(\d)/g, '$1/$2').replace(/\s+/g, '');
  // Six digits and more starting with a recent year are year and number run together; up to seven digits otherwise are a number of this year.
  const runTogether = /^(\d{4})(\d{2,9})$/.exec(t);
  const recent = runTogether && Number(runTogether[1]) <= year && Number(runTogether[1]) >= year - 10;
  const p = recent ? parseProtocol(`${runTogether[1]}/${runTogether[2]}`) : /^\d{1,7}$/.test(t) ? parseProtocol(`${year}/${t}`) : parseProtocol(t);
  return p ? formatProtocol(p) : null;
}
