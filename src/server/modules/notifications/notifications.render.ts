/** Rendering a queued notification: its template (an admin's edit or the default) filled with the request's facts. */
import { and, eq, sql } from 'drizzle-orm';
import { DEFAULT_TEMPLATES, renderTemplate, unknownPlaceholders, type Lang, type NotificationChannel, type NotificationEvent, type TemplateText } from '../../../shared/notifications.js';
import { formatProtocol } from '../../../shared/protocol.js';
import { STATUS_INFO, type Status } from '../../../shared/workflow.js';
import type { Config } from '../../config.js';
import { queryRows, type Executor } from '../../db/client.js';
import { notificationTemplates } from '../../db/schema.js';
import { getSettings } from '../settings/settings.service.js';
import type { NotificationRow } from './notifications.service.js';

export interface Rendered {
  subject: string | null;
  body: string;
  protocolNumber: string;
  municipalityName: string;
  logoDataUrl: string | null;
  /** The municipality's setting: Greek SMS as unaccented GSM-7 capitals. */
  greekAsGsm7: boolean;
}

/**
 * The template in force: an admin's saved version, else the default. A saved text with an unknown
 * placeholder (saved before they were refused) gives way to the default rather than reach a citizen.
 */
export async function templateFor(db: Executor, event: NotificationEvent, channel: NotificationChannel, lang: Lang): Promise<TemplateText> {
  const [saved] = await db
    .select({ subject: notificationTemplates.subject, body: notificationTemplates.body })
    .from(notificationTemplates)
    .where(and(eq(notificationTemplates.event, event), eq(notificationTemplates.channel, channel), eq(notificationTemplates.language, lang)));
  const usable = saved && !unknownPlaceholders(`${saved.subject ?? ''} ${saved.body}`).length;
  return usable ? saved : DEFAULT_TEMPLATES[event][channel][lang];
}

/**
 * Settings and templates are the same for every message of a worker round: one look-up each per
 * round instead of one per message. A new cache per round keeps an admin's edits visible at once.
 */
export interface RenderCache {
  settings(): ReturnType<typeof getSettings>;
  template(event: NotificationEvent, channel: NotificationChannel, lang: Lang): Promise<TemplateText>;
}

export function renderCache(db: Executor, config: Config): RenderCache {
  let settings: ReturnType<typeof getSettings> | undefined;
  const templates = new Map<string, Promise<TemplateText>>();
  return {
    settings: () => (settings ??= getSettings(db, config)),
    template(event, channel, lang) {
      const key = `${event}/${channel}/${lang}`;
      let t = templates.get(key);
      if (!t) templates.set(key, (t = templateFor(db, event, channel, lang)));
      return t;
    },
  };
}

export async function renderNotification(db: Executor, config: Config, n: NotificationRow, cache: RenderCache = renderCache(db, config)): Promise<Rendered> {
  const lang = (n.language === 'en' ? 'en' : 'el') as Lang;
  const [facts] = await queryRows<{
    protocol_year: number; protocol_seq: number; category_el: string; category_en: string;
    department_el: string | null; department_en: string | null; to_status: string | null; note: string | null; kind: string | null;
  }>(db, sql`
    select r.protocol_year, r.protocol_seq, c.name_el as category_el, c.name_en as category_en,
      coalesce(ed.name_el, d.name_el) as department_el, coalesce(ed.name_en, d.name_en) as department_en,
      e.to_status, e.body as note, e.kind
    from requests r
    join categories c on c.id = r.category_id
    join departments d on d.id = r.department_id
    left join request_events e on e.id = ${n.eventId}
    left join departments ed on ed.id = e.to_department_id
    where r.id = ${n.requestId}`);
  if (!facts) throw new Error(`request ${n.requestId} of notification ${n.id} is gone`);
  const settings = await cache.settings();
  const protocolNumber = formatProtocol({ year: Number(facts.protocol_year), seq: Number(facts.protocol_seq) });
  const template = await cache.template(n.event as NotificationEvent, n.channel as NotificationChannel, lang);
  const pick = (el: string | null, en: string | null) => (lang === 'en' ? en : el) ?? '';
  const vars = {
    protocol: protocolNumber,
    category: pick(facts.category_el, facts.category_en),
    department: pick(facts.department_el, facts.department_en),
    status: facts.to_status ? STATUS_INFO[facts.to_status as Status]?.[lang] ?? '' : '',
    // A forward's body is its internal reason: never sent to the citizen.
    note: facts.kind === 'forward' ? '' : (facts.note ?? ''),
    link: `${config.PUBLIC_URL.replace(/\/$/, '')}/track/${facts.protocol_year}/${facts.protocol_seq}`,
    municipality: settings.municipalityName[lang],
    phone: settings.phoneLine,
  };
  return {
    subject: template.subject ? renderTemplate(template.subject, vars) : null,
    body: renderTemplate(template.body, vars),
    protocolNumber,
    municipalityName: settings.municipalityName[lang],
    logoDataUrl: settings.logoUrl,
    greekAsGsm7: settings.smsGreekAsGsm7,
  };
}
