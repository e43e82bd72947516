/** Rendering a staff alert from the outbox: the facts of its request (or, for a digest, its departments' requests) as they are now. */
import { sql } from 'drizzle-orm';
import type { Lang } from '../../../shared/notifications.js';
import { formatProtocol } from '../../../shared/protocol.js';
import type { Config } from '../../config.js';
import { queryRows, type Executor } from '../../db/client.js';
import type { WorkingCalendar } from '../calendar/working-days.js';
import type { RenderCache, Rendered } from '../notifications/notifications.render.js';
import type { NotificationRow } from '../notifications/notifications.service.js';
import { workingDaysBetween } from './alerts.time.js';
import { assignedMail, digestMail, escalationHeadMail, escalationSupervisorMail, urgentMail, withFooter, type Mail, type RequestFacts } from './alerts.texts.js';

export const STAFF_ALERT_EVENTS = ['alert_urgent', 'alert_assigned', 'alert_digest', 'alert_escalation_head', 'alert_escalation_supervisor'] as const;
export type StaffAlertEvent = (typeof STAFF_ALERT_EVENTS)[number];

/** Lines listed per digest section; the rest are counted. */
const DIGEST_LINES = 20;

const dateFormat = new Intl.DateTimeFormat('el-GR', { timeZone: 'Europe/Athens', day: '2-digit', month: '2-digit', year: 'numeric' });
const day = (d: Date | string | null): string => (d ? dateFormat.format(new Date(d)) : '');

export async function renderStaffAlert(db: Executor, config: Config, calendar: WorkingCalendar, n: NotificationRow, cache: RenderCache): Promise<Rendered> {
  const lang: Lang = n.language === 'en' ? 'en' : 'el';
  const settings = await cache.settings();
  const base = config.PUBLIC_URL.replace(/\/$/, '');
  const municipality = settings.municipalityName[lang];
  let mail: Mail;
  let protocolNumber = '';
  if (n.event === 'alert_digest') {
    mail = await digest(db, lang, n, base);
  } else {
    const [r] = await queryRows<{ id: string; protocol_year: number; protocol_seq: number; category_el: string; category_en: string; department_el: string; department_en: string; due_at: Date | string | null }>(db, sql`
      select r.id, r.protocol_year, r.protocol_seq, c.name_el as category_el, c.name_en as category_en, d.name_el as department_el, d.name_en as department_en, r.due_at
      from requests r join categories c on c.id = r.category_id join departments d on d.id = r.department_id
      where r.id = ${n.requestId}`);
    if (!r) throw new Error(`request of alert ${n.id} is gone`);
    protocolNumber = formatProtocol({ year: Number(r.protocol_year), seq: Number(r.protocol_seq) });
    const facts: RequestFacts = {
      protocol: protocolNumber,
      category: lang === 'en' ? r.category_en : r.category_el,
      department: lang === 'en' ? r.department_en : r.department_el,
      due: day(r.due_at),
      link: `${base}/requests/${r.id}`,
    };
    const event = n.event as StaffAlertEvent;
    mail = event === 'alert_urgent' ? urgentMail(lang, facts)
      : event === 'alert_assigned' ? assignedMail(lang, facts)
      : event === 'alert_escalation_head' ? escalationHeadMail(lang, facts)
      : escalationSupervisorMail(lang, { ...facts, daysLate: r.due_at ? workingDaysBetween(calendar, new Date(r.due_at), n.createdAt) : 0 });
  }
  const rendered = withFooter(mail, lang, municipality, n.userId ? `${base}/alerts` : null);
  // Staff alerts are e-mails only; the SMS encoding setting does not apply.
  return { subject: rendered.subject, body: rendered.body, protocolNumber, municipalityName: municipality, logoDataUrl: settings.logoUrl, greekAsGsm7: false };
}

interface DigestData {
  date: string;
  since: string;
  dayEnd: string;
  at: string;
  departmentIds: string[];
}

async function digest(db: Executor, lang: Lang, n: NotificationRow, base: string): Promise<Mail> {
  const d = n.data as unknown as DigestData;
  const rows = await queryRows<{ section: 'overdue' | 'dueToday' | 'new'; total: number; protocol_year: number; protocol_seq: number; category_el: string; category_en: string; due_at: Date | string | null }>(db, sql`
    with o as (
      select r.*, case when r.due_at < ${d.at}::timestamptz then 'overdue' when r.due_at < ${d.dayEnd}::timestamptz then 'dueToday' else 'new' end as section
      from requests r
      where r.closed_at is null and r.department_id in (select jsonb_array_elements_text(${JSON.stringify(d.departmentIds)}::jsonb)::uuid)
        and (r.due_at < ${d.dayEnd}::timestamptz or r.created_at >= ${d.since}::timestamptz)
    ), ranked as (
      select o.*, count(*) over (partition by section)::int as total, row_number() over (partition by section order by o.due_at nulls last, o.protocol_year, o.protocol_seq) as rn from o
    )
    select x.section, x.total, x.protocol_year, x.protocol_seq, c.name_el as category_el, c.name_en as category_en, x.due_at
    from ranked x join categories c on c.id = x.category_id
    where x.rn <= ${DIGEST_LINES}
    order by x.section, x.rn`);
  const dueWord = lang === 'en' ? 'due' : 'προθεσμία';
  const sections = (['overdue', 'dueToday', 'new'] as const).map((key) => {
    const mine = rows.filter((r) => r.section === key);
    return {
      key,
      count: mine[0] ? Number(mine[0].total) : 0,
      lines: mine.map((r) => `${formatProtocol({ year: Number(r.protocol_year), seq: Number(r.protocol_seq) })} · ${lang === 'en' ? r.category_en : r.category_el}${r.due_at ? ` · ${dueWord} ${day(r.due_at)}` : ''}`),
    };
  });
  return digestMail(lang, { date: day(`${d.date}T12:00:00Z`), sections, link: `${base}/inbox` });
}
