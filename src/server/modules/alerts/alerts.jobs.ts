/**
 * The scheduled side of staff alerts: the working-day morning digest and the escalation of overdue
 * requests. Both queue e-mails into the outbox (the worker sends them) under unique dedup keys, so
 * that a run repeated by a second process or after a restart queues nothing twice: one digest per
 * (day, person or department address), one escalation per (request, level, person).
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { queryRows, type Db } from '../../db/client.js';
import type { ScheduledJob } from '../../jobs/scheduler.js';
import { athensDate, type WorkingCalendar } from '../calendar/working-days.js';
import { addDays, athensTime, nextDigestAt, workingDaysFrom } from './alerts.time.js';

/** At most this many requests are escalated per level and run; a full batch runs again soon. */
const ESCALATION_BATCH = 500;
/** Requests overdue longer than this when first seen (an old database, a long stop) are not escalated to heads. */
const ESCALATION_WINDOW_DAYS = 14;

export interface DigestWindow {
  /** Athens date of the digest. */
  date: string;
  /** New: registered since the previous working day's digest time. */
  since: Date;
  /** Due today: due before the end of `date`, and not yet past. */
  dayEnd: Date;
}

export function digestWindow(calendar: WorkingCalendar, date: string, hhmm: string): DigestWindow {
  return { date, since: athensTime(workingDaysFrom(calendar, date, 1), hhmm), dayEnd: athensTime(addDays(date, 1), '00:00') };
}

/**
 * Queues the digest of `date` for every department address and every department member who wants
 * one, where their departments have something new, due today or overdue. Returns how many were queued.
 */
export async function enqueueDigests(db: Db, w: DigestWindow, now: Date): Promise<number> {
  const rows = await queryRows<{ id: number }>(db, sql`
    with active as (
      select distinct r.department_id from requests r
      where r.closed_at is null and (r.due_at < ${w.dayEnd} or r.created_at >= ${w.since})
    ),
    recipients as (
      select 'department/' || d.id || '/' || lower(e.email) as who, e.email as recipient, null::uuid as user_id, 'el'::text as language, array[d.id] as department_ids
      from departments d cross join lateral unnest(d.emails) as e(email)
      where d.active and d.id in (select department_id from active) and e.email <> ''
      union all
      select 'user/' || u.id, u.email, u.id, coalesce(p.language, 'el'), array_agg(ud.department_id)
      from users u
      join user_departments ud on ud.user_id = u.id and ud.department_id in (select department_id from active)
      left join user_alert_preferences p on p.user_id = u.id
      where u.active and u.email is not null and u.role in ('department_head', 'department_staff') and coalesce(p.digest, true)
      group by u.id, u.email, p.language
    )
    insert into notifications (channel, event, recipient, audience, user_id, dedup_key, language, data, created_at, next_attempt_at)
    select 'email', 'alert_digest', recipient, 'staff', user_id, 'digest/' || ${w.date}::text || '/' || who, language,
      jsonb_build_object('date', ${w.date}::text, 'since', ${w.since.toISOString()}::text, 'dayEnd', ${w.dayEnd.toISOString()}::text,
        'at', ${now.toISOString()}::text, 'departmentIds', to_jsonb(department_ids)),
      ${now}, now()
    from recipients
    on conflict do nothing
    returning id`);
  return rows.length;
}

export interface EscalationResult {
  head: number;
  supervisor: number;
}

/**
 * Escalates open requests past their due time to their department's heads, and those still open
 * `afterWorkingDays` working days after their due day to the supervisors. A request is marked per
 * level in `request_escalations` in the same statement that queues its e-mails: whoever inserts the
 * mark queues them, a second process finds the mark and queues nothing.
 */
export async function runEscalations(db: Db, calendar: WorkingCalendar, afterWorkingDays: number, now: Date): Promise<EscalationResult> {
  const head = await queryRows<{ n: number }>(db, sql`
    with marked as (
      insert into request_escalations (request_id, level, at)
      select r.id, 'head', ${now} from requests r
      where r.closed_at is null and r.due_at < ${now} and r.due_at > ${new Date(now.getTime() - ESCALATION_WINDOW_DAYS * 86_400_000)}
        and not exists (select 1 from request_escalations e where e.request_id = r.id and e.level = 'head')
      order by r.due_at limit ${ESCALATION_BATCH}
      on conflict do nothing
      returning request_id
    ),
    queued as (
      insert into notifications (request_id, channel, event, recipient, audience, user_id, dedup_key, language, created_at)
      select r.id, 'email', 'alert_escalation_head', u.email, 'staff', u.id, 'escalation/head/' || r.id || '/' || u.id, coalesce(p.language, 'el'), ${now}
      from marked m
      join requests r on r.id = m.request_id
      join user_departments ud on ud.department_id = r.department_id
      join users u on u.id = ud.user_id
      left join user_alert_preferences p on p.user_id = u.id
      where u.role = 'department_head' and u.active and u.email is not null and coalesce(p.escalation, true)
      on conflict do nothing
      returning id
    )
    select (select count(*) from marked)::int as n, (select count(*) from queued)::int as q`);
  // Due on or before the day before this working day: `afterWorkingDays` whole working days have passed since.
  const cutoff = athensTime(workingDaysFrom(calendar, athensDate(now), afterWorkingDays), '00:00');
  const supervisor = await queryRows<{ n: number }>(db, sql`
    with marked as (
      insert into request_escalations (request_id, level, at)
      select r.id, 'supervisor', ${now} from requests r
      join request_escalations h on h.request_id = r.id and h.level = 'head'
      where r.closed_at is null and r.due_at < ${cutoff} and r.due_at < ${now}
        and not exists (select 1 from request_escalations e where e.request_id = r.id and e.level = 'supervisor')
      order by r.due_at limit ${ESCALATION_BATCH}
      on conflict do nothing
      returning request_id
    ),
    queued as (
      -- created_at on the app's clock: the e-mail counts the working days late up to it.
      insert into notifications (request_id, channel, event, recipient, audience, user_id, dedup_key, language, created_at)
      select m.request_id, 'email', 'alert_escalation_supervisor', u.email, 'staff', u.id, 'escalation/supervisor/' || m.request_id || '/' || u.id, coalesce(p.language, 'el'), ${now}
      from marked m
      cross join users u
      left join user_alert_preferences p on p.user_id = u.id
      where u.role = 'supervisor' and u.active and u.email is not null and coalesce(p.escalation, true)
      on conflict do nothing
      returning id
    )
    select (select count(*) from marked)::int as n`);
  return { head: Number(head[0]?.n ?? 0), supervisor: Number(supervisor[0]?.n ?? 0) };
}

/** The two alert jobs, on the app's clock and calendar. */
export function alertJobs(ctx: AppContext): ScheduledJob[] {
  const db = ctx.database.db;
  const hhmm = ctx.config.ALERTS_DIGEST_TIME;
  return [
    {
      name: 'alerts.digest',
      async run(now) {
        const date = athensDate(now);
        // On a working day from the digest time on; a process started late that morning still sends it, once.
        if (!ctx.calendar.isWorkingDay(date) || now < athensTime(date, hhmm)) return 0;
        return enqueueDigests(db, digestWindow(ctx.calendar, date, hhmm), now);
      },
      next: (now) => nextDigestAt(ctx.calendar, now, hhmm),
    },
    {
      name: 'alerts.escalations',
      run: (now) => runEscalations(db, ctx.calendar, ctx.config.ALERTS_SUPERVISOR_AFTER_WORKING_DAYS, now),
      next: (now) => new Date(now.getTime() + 5 * 60_000),
    },
  ];
}
