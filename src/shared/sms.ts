/**
 * SMS text rules (GSM 03.38 / 3GPP TS 23.038 and 23.040): which alphabet a text needs, how many
 * segments it costs and where it is cut. Pure, so the template preview in the browser and the
 * sender on the server count the same way; the byte encoding lives on the server.
 */

export type SmsEncoding = 'gsm7' | 'ucs2';

/** The GSM 03.38 default alphabet in code order; 0x1B (escape to the extension table) is a placeholder. */
export const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u0000ÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** The extension table: each character is sent as 0x1B followed by this code, so it costs two septets. */
export const GSM7_EXTENSION: Readonly<Record<string, number>> = {
  '\f': 0x0a, '^': 0x14, '{': 0x28, '}': 0x29, '\\': 0x2f, '[': 0x3c, '~': 0x3d, ']': 0x3e, '|': 0x40, '€': 0x65,
};

const BASIC = new Set([...GSM7_BASIC].filter((c) => c !== '\u0000'));

/** Single-message and per-part limits; a concatenated part loses room to its 6-octet UDH. */
export const SMS_LIMITS = {
  gsm7: { single: 160, part: 153 },
  ucs2: { single: 70, part: 67 },
} as const;

/** Septets one character costs in GSM-7: 1, 2 for the extension table, 0 when it is not in GSM-7 at all. */
function gsm7Cost(char: string): number {
  if (BASIC.has(char)) return 1;
  return char in GSM7_EXTENSION ? 2 : 0;
}

/** Whether the whole text can go in the GSM-7 default alphabet plus its extension table. */
export function isGsm7(text: string): boolean {
  for (const c of text) if (gsm7Cost(c) === 0) return false;
  return true;
}

/** Length in septets, extension characters counting two. Assumes `isGsm7(text)`. */
export function gsm7Length(text: string): number {
  let n = 0;
  for (const c of text) n += gsm7Cost(c);
  return n;
}

// Only these Greek capitals are in GSM 03.38; the other fourteen have identical-looking Latin capitals.
const GREEK_TO_LATIN: Readonly<Record<string, string>> = {
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
};

// Typography that word processors put into templates; each has a plain GSM-7 counterpart.
const TYPOGRAPHY: Readonly<Record<string, string>> = {
  '‘': "'", '’': "'", '‚': "'", '‛': "'", '\u02b9': "'", '\u0384': "'", '“': '"', '”': '"', '„': '"', '«': '"', '»': '"',
  '‐': '-', '‑': '-', '‒': '-', '–': '-', '—': '-', '―': '-', '−': '-', '…': '...', '•': '-',
  // NFC has already made the Greek question mark a semicolon and the ano teleia (a pause) a middle dot.
  '\u00b7': ',',
  '\u00a0': ' ', '\u2007': ' ', '\u2009': ' ', '\u202f': ' ', '\t': ' ',
};

const GREEK = /\p{Script=Greek}/u;
const MARKS = /\p{M}/gu;

function toGsmCharacter(char: string): string {
  const typographic = TYPOGRAPHY[char];
  if (typographic !== undefined) return typographic;
  if (GREEK.test(char)) {
    const capital = char.normalize('NFD').replace(MARKS, '').toUpperCase();
    return [...capital].map((c) => GREEK_TO_LATIN[c] ?? c).join('');
  }
  if (gsm7Cost(char) > 0) return char;
  // Accented Latin letters outside GSM-7 (á, ô, ż…) lose the accent; anything else is kept and forces UCS-2.
  const bare = char.normalize('NFD').replace(MARKS, '');
  return isGsm7(bare) ? bare : char;
}

/**
 * Greek as unaccented capitals that fit GSM-7 (a municipality's choice: 160 instead of 70
 * characters per SMS): 'Το αίτημά σας' → 'TO AITHMA ΣAΣ', with Latin look-alikes where GSM-7
 * has no Greek capital. Characters with no GSM-7 equivalent (emoji) are left in place.
 */
export function toGreekGsmCapitals(text: string): string {
  let out = '';
  for (const c of text.normalize('NFC')) out += toGsmCharacter(c);
  return out;
}

export interface SmsSegmentInfo {
  encoding: SmsEncoding;
  /** The text as it will be sent (capitalised when Greek goes as GSM-7). */
  text: string;
  /** Septets for GSM-7 (extension characters count two), UTF-16 code units for UCS-2. */
  length: number;
  segments: number;
  /** Room per segment: the single-message limit for one segment, the per-part limit otherwise. */
  perSegment: number;
}

/** The encoding and text a message will be sent with. */
export function smsEncodingFor(text: string, opts: { greekAsGsm7?: boolean } = {}): { encoding: SmsEncoding; text: string } {
  if (isGsm7(text)) return { encoding: 'gsm7', text };
  if (opts.greekAsGsm7) {
    const capitals = toGreekGsmCapitals(text);
    if (isGsm7(capitals)) return { encoding: 'gsm7', text: capitals };
  }
  // Something (an emoji, a script GSM-7 lacks) still does not fit: send the original, intact, as UCS-2.
  return { encoding: 'ucs2', text };
}

/** How a text will be sent and what it costs in segments. Never throws, whatever the length. */
export function smsSegments(text: string, opts: { greekAsGsm7?: boolean } = {}): SmsSegmentInfo {
  const chosen = smsEncodingFor(text, opts);
  const segments = splitSms(chosen.text, chosen.encoding).length;
  const limits = SMS_LIMITS[chosen.encoding];
  return {
    ...chosen,
    length: chosen.encoding === 'gsm7' ? gsm7Length(chosen.text) : chosen.text.length,
    segments,
    perSegment: segments > 1 ? limits.part : limits.single,
  };
}

/**
 * Cuts a text into the parts of a concatenated SMS (one part when it fits a single message, none
 * when empty). A cut never falls inside a GSM-7 escape pair or a UTF-16 surrogate pair, so a part
 * may hold one unit less than the limit.
 */
export function splitSms(text: string, encoding: SmsEncoding): string[] {
  // A character GSM-7 lacks counts one septet here: the encoder sends it as a space.
  const cost = encoding === 'gsm7' ? (c: string) => gsm7Cost(c) || 1 : (c: string) => c.length;
  const limits = SMS_LIMITS[encoding];
  let total = 0;
  for (const c of text) total += cost(c);
  if (total === 0) return [];
  if (total <= limits.single) return [text];
  const parts: string[] = [];
  let part = '';
  let used = 0;
  for (const c of text) {
    const n = cost(c);
    if (used + n > limits.part) {
      parts.push(part);
      part = '';
      used = 0;
    }
    part += c;
    used += n;
  }
  parts.push(part);
  return parts;
}
