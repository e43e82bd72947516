/** Athens wall-clock times and working-day steps, for the digest and escalation schedules. */
import { athensDate, athensOffsetMinutes, type WorkingCalendar } from '../calendar/working-days.js';

/** The instant it is `hhmm` (HH:MM) in Athens on `isoDate`. */
export function athensTime(isoDate: string, hhmm: string): Date {
  const asUtc = Date.parse(`${isoDate}T${hhmm}:00Z`);
  // The offset in force a little before: right for every time but the lost hour of the spring change.
  return new Date(asUtc - athensOffsetMinutes(new Date(asUtc - 3 * 3_600_000)) * 60_000);
}

export const addDays = (isoDate: string, n: number): string => new Date(Date.parse(`${isoDate}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The working day `n` working days before (n < 0: after) `isoDate`, not counting `isoDate` itself. */
export function workingDaysFrom(calendar: WorkingCalendar, isoDate: string, n: number): string {
  const step = n > 0 ? -1 : 1;
  let day = isoDate;
  for (let left = Math.abs(n); left > 0; ) {
    day = addDays(day, step);
    if (calendar.isWorkingDay(day)) left--;
  }
  return day;
}

/** Working days from the day after `from` up to and including the day before `to` (Athens dates). */
export function workingDaysBetween(calendar: WorkingCalendar, from: Date, to: Date): number {
  let n = 0;
  for (let day = addDays(athensDate(from), 1), end = athensDate(to); day < end && n < 1000; day = addDays(day, 1)) if (calendar.isWorkingDay(day)) n++;
  return n;
}

/** The first digest time strictly after `now`: `hhmm` Athens on a working day. */
export function nextDigestAt(calendar: WorkingCalendar, now: Date, hhmm: string): Date {
  for (let day = athensDate(now), i = 0; i < 400; day = addDays(day, 1), i++) {
    const at = athensTime(day, hhmm);
    if (calendar.isWorkingDay(day) && at > now) return at;
  }
  throw new Error('no working day within 400 days');
}
