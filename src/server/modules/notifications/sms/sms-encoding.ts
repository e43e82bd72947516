/**
 * SMS text rules (shared with the web app's preview, re-exported here) and their bytes on the wire:
 * GSM-7 one septet per octet (unpacked, as SMPP data_coding 0 expects), UCS-2 as UTF-16 big-endian,
 * and the 8-bit-reference concatenation header.
 */
import { GSM7_BASIC, GSM7_EXTENSION, splitSms, type SmsEncoding } from '../../../../shared/sms.js';

export * from '../../../../shared/sms.js';

const ESCAPE = 0x1b;
const SPACE = 0x20;
const BASIC_CODES = new Map([...GSM7_BASIC].map((c, i) => [c, i]));
BASIC_CODES.delete('\u0000'); // the escape placeholder is not a character

/** GSM-7 septets, one per octet; extension characters as escape + code; anything else as a space. */
export function encodeGsm7(text: string): Buffer {
  const out: number[] = [];
  for (const c of text) {
    const ext = GSM7_EXTENSION[c];
    if (ext !== undefined) out.push(ESCAPE, ext);
    else out.push(BASIC_CODES.get(c) ?? SPACE);
  }
  return Buffer.from(out);
}

/** UTF-16 big-endian (surrogate pairs kept, as phones display them). */
export function encodeUcs2(text: string): Buffer {
  return Buffer.from(text, 'utf16le').swap16();
}

/** User data header for part `seq` (1-based) of `total`: IEI 00, 8-bit reference. */
export function concatenationHeader(reference: number, total: number, seq: number): Buffer {
  return Buffer.from([0x05, 0x00, 0x03, reference & 0xff, total, seq]);
}

export interface EncodedSms {
  dataCoding: 0 | 8;
  /** 0x40 (UDH indicator) when the message is concatenated. */
  esmClass: number;
  /** One short_message per part, UDH included. */
  parts: Buffer[];
}

/** The short_message octets of each part of `text`, sent in `encoding`. */
export function encodeSms(text: string, encoding: SmsEncoding, reference: number): EncodedSms {
  const encode = encoding === 'gsm7' ? encodeGsm7 : encodeUcs2;
  const texts = splitSms(text, encoding);
  const dataCoding = encoding === 'gsm7' ? 0 : 8;
  if (texts.length <= 1) return { dataCoding, esmClass: 0, parts: texts.map(encode) };
  return {
    dataCoding,
    esmClass: 0x40,
    parts: texts.map((t, i) => Buffer.concat([concatenationHeader(reference, texts.length, i + 1), encode(t)])),
  };
}
