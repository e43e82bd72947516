/**
 * What an uploaded file really is, and how to hand it back. The declared content type comes from
 * the uploader's browser and proves nothing: images, PDFs and office documents must start with
 * their format's signature, and text must look like text, or the upload is refused.
 */
import { extname } from 'node:path';
import { ATTACHMENT_TYPES, type AttachmentType } from '../../../shared/attachments.js';

const ascii = (s: string) => Buffer.from(s, 'latin1');
const startsWith = (head: Buffer, sig: Buffer | number[], at = 0) => Buffer.from(sig).equals(head.subarray(at, at + sig.length));

const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** ISO-BMFF brands HEIC and HEIF pictures use (iPhone photos are `heic`, some cameras `mif1`). */
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1']);

const SIGNATURES: Record<AttachmentType, (head: Buffer) => boolean> = {
  'image/jpeg': (h) => startsWith(h, [0xff, 0xd8, 0xff]),
  'image/png': (h) => startsWith(h, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/webp': (h) => startsWith(h, ascii('RIFF')) && startsWith(h, ascii('WEBP'), 8),
  'image/heic': (h) => startsWith(h, ascii('ftyp'), 4) && HEIF_BRANDS.has(h.subarray(8, 12).toString('latin1')),
  // The PDF header may follow a little junk; readers accept it anywhere in the first 1024 bytes.
  'application/pdf': (h) => h.subarray(0, 1024).includes(ascii('%PDF-')),
  'application/msword': (h) => startsWith(h, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': (h) => startsWith(h, ZIP),
  // An OpenDocument file is a zip whose first entry is the uncompressed `mimetype`.
  'application/vnd.oasis.opendocument.text': (h) => startsWith(h, ZIP) && startsWith(h, ascii('mimetypeapplication/vnd.oasis.opendocument.text'), 30),
  'text/plain': (h) => !h.subarray(0, 8192).includes(0) && !isKnownBinary(h),
};

function isKnownBinary(head: Buffer): boolean {
  return (Object.keys(SIGNATURES) as AttachmentType[]).some((t) => t !== 'text/plain' && SIGNATURES[t](head));
}

/** Other names browsers use for the allowed types. */
const ALIASES: Record<string, AttachmentType> = { 'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg', 'image/heif': 'image/heic', 'image/x-png': 'image/png' };

const byExtension = (filename: string): AttachmentType | undefined => {
  const ext = extname(filename).toLowerCase();
  return (Object.entries(ATTACHMENT_TYPES) as [AttachmentType, readonly string[]][]).find(([, exts]) => exts.includes(ext))?.[0];
};

/**
 * The content type to store for an upload, or null when the type is not allowed or the bytes are
 * not what it claims. Browsers send `application/octet-stream` (or nothing) for types their system
 * does not know, such as HEIC on Windows: then the extension names the claim, and the bytes decide.
 */
export function acceptedType(declared: string | undefined, filename: string, head: Buffer): AttachmentType | null {
  const base = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  const claimed = base in ATTACHMENT_TYPES ? (base as AttachmentType) : ALIASES[base] ?? (base === '' || base === 'application/octet-stream' ? byExtension(filename) : undefined);
  if (!claimed || !SIGNATURES[claimed](head)) return null;
  return claimed;
}

// Bidirectional overrides can make `photo‮gpj.exe` read as `photoexe.jpg`.
const INVISIBLE = /[\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The name to keep: NFC (macOS sends decomposed Greek accents), no path, no control characters, ≤ 255 characters. */
export function cleanFilename(name: string | undefined): string {
  let n = (name ?? '').normalize('NFC').replace(INVISIBLE, '').replace(/^.*[\\/]/, '').trim();
  if (!n || n === '.' || n === '..') n = 'file';
  const chars = Array.from(n);
  if (chars.length <= 255) return n;
  const ext = Array.from(extname(n)).slice(0, 20);
  return chars.slice(0, 255 - ext.length).join('') + ext.join('');
}

/** Pictures a browser can show open inline; everything else is downloaded. */
export const showsInline = (contentType: string): boolean => contentType.startsWith('image/');

/**
 * A Content-Disposition header that keeps a Greek name: `filename*` (RFC 5987, UTF-8) for every
 * current browser, and a plain ASCII `filename` for anything older.
 */
export function contentDisposition(filename: string, inline: boolean): string {
  const fallback = filename.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]+/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${inline ? 'inline' : 'attachment'}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
