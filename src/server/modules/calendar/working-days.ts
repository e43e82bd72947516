/**
 * Working days in Greece: Monday to Friday, less the public holidays (date-holidays, GR, with the
 * moveable Orthodox feasts) and the municipality's own (the patron saint's day), from config.
 */
import Holidays from 'date-holidays';

const ATHENS = 'Europe/Athens';
const hd = new Holidays('GR');
const yearCache = new Map<number, Set<string>>();

function publicHolidays(year: number): Set<string> {
  let set = yearCache.get(year);
  if (!set) {
    set = new Set(hd.getHolidays(year).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
    yearCache.set(year, set);
  }
  return set;
}

/** The Athens calendar date of an instant, as YYYY-MM-DD. */
// Formatters are made once: building one costs ~0.1 ms, and every create computes a due date.
const dateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: ATHENS, year: 'numeric', month: '2-digit', day: '2-digit' });
const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: ATHENS, timeZoneName: 'shortOffset' });

export function athensDate(at: Date): string {
  return dateFormat.format(at);
}

export interface WorkingCalendar {
  isWorkingDay(isoDate: string): boolean;
  /** End of the n-th working day after `from` (Athens), as an instant: the SLA due time. */
  dueAfterWorkingDays(from: Date, n: number): Date;
}

/** `localHolidays`: MM-DD (every year) or YYYY-MM-DD (once). */
export function workingCalendar(localHolidays: readonly string[] = []): WorkingCalendar {
  const yearly = new Set(localHolidays.filter((d) => d.length === 5));
  const once = new Set(localHolidays.filter((d) => d.length === 10));
  const isWorkingDay = (iso: string): boolean => {
    const day = new Date(`${iso}T12:00:00Z`).getUTCDay();
    if (day === 0 || day === 6) return false;
    if (once.has(iso) || yearly.has(iso.slice(5))) return false;
    return !publicHolidays(Number(iso.slice(0, 4))).has(iso);
  };
  // Every request registered on a day with the same SLA gets the same due time: worked out once.
  const dueByDay = new Map<string, Date>();
  return {
    isWorkingDay,
    dueAfterWorkingDays(from, n) {
      const day = athensDate(from);
      const key = `${day}/${n}`;
      const known = dueByDay.get(key);
      if (known) return new Date(known);
      let cursor = new Date(`${day}T12:00:00Z`);
      let left = n;
      while (left > 0) {
        cursor = new Date(cursor.getTime() + 86_400_000);
        if (isWorkingDay(cursor.toISOString().slice(0, 10))) left--;
      }
      const due = endOfAthensDay(cursor.toISOString().slice(0, 10));
      if (dueByDay.size >= 1000) dueByDay.clear();
      dueByDay.set(key, due);
      return new Date(due);
    },
  };
}

/** 23:59:59 Athens time on the given date, whatever the DST offset that day. */
function endOfAthensDay(iso: string): Date {
  const guess = new Date(`${iso}T23:59:59Z`);
  const offsetMinutes = athensOffsetMinutes(guess);
  return new Date(guess.getTime() - offsetMinutes * 60_000);
}

/** Minutes Athens is ahead of UTC at that instant (120 in winter, 180 in summer). */
export function athensOffsetMinutes(at: Date): number {
  const name = offsetFormat
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+2';
  const m = /GMT([+-])(\d+)(?::(\d+))?/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 120;
}
