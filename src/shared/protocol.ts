/**
 * Protocol numbers (αριθμός πρωτοκόλλου): per calendar year (Athens time), from 1, no gaps.
 * Written `2026/004512`: the year, a slash, six digits. Read out on the phone as
 * "two thousand twenty-six, four thousand five hundred twelve"; typed back in any of
 * `2026/4512`, `2026-4512`, `4512/2026`, with or without the leading zeros.
 */
export interface ProtocolNumber {
  year: number;
  seq: number;
}

export const PROTOCOL_SEQ_DIGITS = 6;

export function formatProtocol({ year, seq }: ProtocolNumber): string {
  return `${year}/${String(seq).padStart(PROTOCOL_SEQ_DIGITS, '0')}`;
}

/** Accepts what a person types or reads back; returns null when it is not a protocol number. */
export function parseProtocol(text: string): ProtocolNumber | null {
  const t = text.trim().replace(/\s+/g, '');
  let m = /^(\d{4})[/\-.](\d{1,9})$/.exec(t);
  // `4512/2026` also fits this pattern (year 4512); fall through to the reversed form then.
  const yearFirst = m ? valid(Number(m[1]), Number(m[2])) : null;
  if (yearFirst) return yearFirst;
  m = /^(\d{1,9})[/\-.](\d{4})$/.exec(t);
  if (m) return valid(Number(m[2]), Number(m[1]));
  return null;
}

function valid(year: number, seq: number): ProtocolNumber | null {
  if (year < 2000 || year > 2999 || seq < 1 || seq > 999_999_999) return null;
  return { year, seq };
}

/** Calendar year in Europe/Athens, the year a protocol number belongs to. */
// Made once: building an Intl formatter costs ~0.1 ms, using one ~1 µs, and every create asks.
const athensYearFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Athens', year: 'numeric' });

export function athensYear(at: Date): number {
  return Number(athensYearFormat.format(at));
}
