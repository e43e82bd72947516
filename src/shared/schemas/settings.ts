/** Municipality settings: shown on every screen, edited by an administrator. */
import { z } from 'zod';

const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

export const MunicipalitySettings = z.object({
  municipalityName: z.object({ el: z.string().trim().min(1).max(200), en: z.string().trim().min(1).max(200) }),
  /** A data: URL (PNG/JPEG/WebP/SVG, at most ~200 KB) or an https URL; see `logoUrlProblem`. */
  logoUrl: z.string().max(300_000).nullable(),
  phoneLine: z.string().trim().max(40),
  hours: z.object({ opens: Time, closes: Time }),
  /** Leaflet tile URL template (see `tileUrlProblem`); empty: the map shows no tiles but pins still work (offline). */
  mapTileUrl: z.string().trim().max(500),
  mapCenter: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180), zoom: z.number().int().min(1).max(19) }),
  /** Greek SMS as unaccented capitals in GSM-7 (160 characters a part) instead of UCS-2 (70). */
  smsGreekAsGsm7: z.boolean(),
});
export type MunicipalitySettings = z.infer<typeof MunicipalitySettings>;
export const MunicipalitySettingsPatch = MunicipalitySettings.partial();

export const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/svg+xml'] as const;
export const LOGO_MAX_BYTES = 200 * 1024;

/** Whether an http: URL points at this machine (allowed outside production, for development). */
const isLocalHost = (host: string): boolean => host === 'localhost' || host === '127.0.0.1' || host === '[::1]';

function webUrlProblem(text: string, allowLocalHttp: boolean): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return true;
  }
  if (url.username || url.password) return true;
  return !(url.protocol === 'https:' || (allowLocalHttp && url.protocol === 'http:' && isLocalHost(url.hostname)));
}

/** The first bytes each logo type starts with, so a data: URL is what it says it is. */
function looksLike(type: (typeof LOGO_TYPES)[number], head: string): boolean {
  if (type === 'image/png') return head.startsWith('\x89PNG\r\n\x1a\n');
  if (type === 'image/jpeg') return head.startsWith('\xff\xd8\xff');
  if (type === 'image/webp') return head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP';
  return /<svg[\s>]/.test(head);
}

/**
 * Why a logo address is refused, or null when it is fine: an https image address (http only on
 * this machine, outside production), or a data: URL of a PNG, JPEG, WebP or SVG image, base64,
 * whose bytes are that type. Anything else (javascript:, data:text/html, other schemes) is refused.
 */
export function logoUrlProblem(value: string, opts: { allowLocalHttp: boolean }): 'invalid' | 'too_big' | null {
  const data = /^data:([a-z+/.-]+);base64,([A-Za-z0-9+/]*={0,2})$/i.exec(value);
  if (data) {
    const type = LOGO_TYPES.find((t) => t === data[1]!.toLowerCase());
    if (!type) return 'invalid';
    if ((data[2]!.length * 3) / 4 > LOGO_MAX_BYTES * 1.01) return 'too_big';
    let head: string;
    try {
      head = atob(data[2]!.slice(0, 1400));
    } catch {
      return 'invalid';
    }
    return looksLike(type, head) ? null : 'invalid';
  }
  return webUrlProblem(value, opts.allowLocalHttp) ? 'invalid' : null;
}

/**
 * Whether a map tile template is refused: it must be an https address (http only on this machine,
 * outside production) holding {z}, {x} and {y}. Any https tile host is accepted: only staff
 * browsers fetch tiles (the server never does), and a municipality changes provider by an edit,
 * not a new release. Empty means no tiles.
 */
export function tileUrlProblem(value: string, opts: { allowLocalHttp: boolean }): boolean {
  const t = value.trim();
  if (t === '') return false;
  if (!['{z}', '{x}', '{y}'].every((p) => t.includes(p))) return true;
  return webUrlProblem(t.replace(/\{[a-z]\}/g, '0'), opts.allowLocalHttp);
}
