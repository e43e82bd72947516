/**
 * Municipality settings, stored as one row in `settings`, over defaults from the configuration
 * (which therefore only decide the first start: SMS_GREEK_AS_GSM7, MAP_TILE_URL…).
 */
import { eq } from 'drizzle-orm';
import { logoUrlProblem, tileUrlProblem, type MunicipalitySettings } from '../../../shared/schemas/settings.js';
import type { Config } from '../../config.js';
import type { Db, Executor } from '../../db/client.js';
import { settings } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { requireRole, type Actor } from '../auth/actor.js';
import { writeAudit } from '../audit/audit.service.js';

const KEY = 'municipality';

export function defaultSettings(config: Config): MunicipalitySettings {
  return {
    municipalityName: { el: config.MUNICIPALITY_NAME_EL, en: config.MUNICIPALITY_NAME_EN },
    logoUrl: null,
    phoneLine: config.MUNICIPALITY_PHONE,
    hours: { opens: '08:00', closes: '14:30' },
    mapTileUrl: config.MAP_TILE_URL,
    mapCenter: config.MAP_CENTER,
    smsGreekAsGsm7: config.SMS_GREEK_AS_GSM7,
  };
}

/** http to this machine only outside production, so a developer can serve a logo or tiles locally. */
const allowLocalHttpIn = (config: Config) => ({ allowLocalHttp: config.NODE_ENV !== 'production' });

export async function getSettings(db: Executor, config: Config): Promise<MunicipalitySettings> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, KEY));
  const defaults = defaultSettings(config);
  const merged = { ...defaults, ...((row?.value as Partial<MunicipalitySettings>) ?? {}) };
  // A value stored before these rules existed (a javascript: logo) is never handed to a browser.
  if (merged.logoUrl && logoUrlProblem(merged.logoUrl, allowLocalHttpIn(config))) merged.logoUrl = null;
  if (tileUrlProblem(merged.mapTileUrl, allowLocalHttpIn(config))) merged.mapTileUrl = '';
  return merged;
}

export async function updateSettings(db: Db, actor: Actor, config: Config, patch: Partial<MunicipalitySettings>): Promise<MunicipalitySettings> {
  requireRole(actor, 'admin');
  if (patch.logoUrl && logoUrlProblem(patch.logoUrl, allowLocalHttpIn(config))) throw new AppError('invalid_logo_url', { field: 'logoUrl' });
  if (patch.mapTileUrl !== undefined && tileUrlProblem(patch.mapTileUrl, allowLocalHttpIn(config))) throw new AppError('invalid_tile_url', { field: 'mapTileUrl' });
  return db.transaction(async (tx) => {
    const next = { ...(await getSettings(tx, config)), ...patch };
    await tx.insert(settings).values({ key: KEY, value: next }).onConflictDoUpdate({ target: settings.key, set: { value: next, updatedAt: new Date() } });
    await writeAudit(tx, actor, { action: 'settings.update', entityType: 'settings', entityId: KEY, data: { fields: Object.keys(patch) } });
    return next;
  });
}
