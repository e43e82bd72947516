/** Municipality settings: shown on every screen, edited by an administrator. */
import { z } from 'zod';

const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

export const MunicipalitySettings = z.object({
  municipalityName: z.object({ el: z.string().trim().min(1).max(200), en: z.string().trim().min(1).max(200) }),
  /** A data: URL (PNG/SVG/JPEG, at most ~200 KB) or an https URL. */
  logoUrl: z.string().max(300_000).nullable(),
  phoneLine: z.string().trim().max(40),
  hours: z.object({ opens: Time, closes: Time }),
  /** Leaflet tile URL template; empty: the map shows no tiles but pins still work (offline). */
  mapTileUrl: z.string().trim().max(500),
  mapCenter: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180), zoom: z.number().int().min(1).max(19) }),
});
export type MunicipalitySettings = z.infer<typeof MunicipalitySettings>;
export const MunicipalitySettingsPatch = MunicipalitySettings.partial();
