/** Pure units: protocol numbers, phone numbers and the Greek working-day calendar. */
import { describe, expect, it } from 'vitest';
import { workingCalendar } from '../server/modules/calendar/working-days.js';
import { normalisePhone } from './phone.js';
import { athensYear, formatProtocol, parseProtocol } from './protocol.js';

describe('protocol numbers', () => {
  it('formats the year, a slash and six digits', () => {
    expect(formatProtocol({ year: 2026, seq: 4512 })).toBe('2026/004512');
    expect(formatProtocol({ year: 2026, seq: 1 })).toBe('2026/000001');
    expect(formatProtocol({ year: 2026, seq: 1_234_567 })).toBe('2026/1234567');
  });

  it.each([
    ['2026/4512', { year: 2026, seq: 4512 }],
    ['2026/004512', { year: 2026, seq: 4512 }],
    ['2026-004512', { year: 2026, seq: 4512 }],
    ['2026.4512', { year: 2026, seq: 4512 }],
    ['4512/2026', { year: 2026, seq: 4512 }],
    [' 2026 / 12 ', { year: 2026, seq: 12 }],
  ])('reads %j as typed by a person', (text, expected) => {
    expect(parseProtocol(text)).toEqual(expected);
  });

  it.each(['abc', '', '2026', '2026/0', '0/2026', '1999/5', '3000/5', '2026/12a', '2026//12', '20261/2'])('rejects %j', (text) => {
    expect(parseProtocol(text)).toBeNull();
  });

  it('round-trips what it formats', () => {
    for (const p of [{ year: 2026, seq: 1 }, { year: 2031, seq: 999_999 }]) expect(parseProtocol(formatProtocol(p))).toEqual(p);
  });

  it('takes the year in Athens time, not UTC', () => {
    expect(athensYear(new Date('2030-12-31T21:59:59Z'))).toBe(2030);
    expect(athensYear(new Date('2030-12-31T22:00:00Z'))).toBe(2031);
  });
});

describe('normalisePhone', () => {
  it.each([
    ['6944123456', '+306944123456', 'mobile'],
    ['694 412 3456', '+306944123456', 'mobile'],
    ['6944-12-34-56', '+306944123456', 'mobile'],
    ['+30 694 412 3456', '+306944123456', 'mobile'],
    ['0030 6944123456', '+306944123456', 'mobile'],
    ['00306944123456', '+306944123456', 'mobile'],
    ['2810 123456', '+302810123456', 'fixed'],
    ['2810123456', '+302810123456', 'fixed'],
    ['210 1234567', '+302101234567', 'fixed'],
    ['+44 7911 123456', '+447911123456', 'mobile'],
    ['0044 7911 123456', '+447911123456', 'mobile'],
  ])('%j is %s (%s)', (text, e164, kind) => {
    expect(normalisePhone(text)).toMatchObject({ e164, kind });
  });

  it('reads a bare national number in the given region', () => {
    expect(normalisePhone('07911 123456', 'GB')).toMatchObject({ e164: '+447911123456', kind: 'mobile' });
    expect(normalisePhone('07911 123456', 'GR')).toBeNull();
  });

  it.each(['12345', 'abc', '', '   ', '69441234', '694412345678', '+30 1234567890', '6944123456; drop table', '+'])('rejects %j', (text) => {
    expect(normalisePhone(text)).toBeNull();
  });

  it('gives a national format for display', () => {
    expect(normalisePhone('+306944123456')!.national).toBe('694 412 3456');
  });
});

describe('dueAfterWorkingDays', () => {
  const calendar = workingCalendar();
  /** The due instant for a request registered at 10:00 Athens (winter) on `date`. */
  const due = (date: string, n: number, cal = calendar) => cal.dueAfterWorkingDays(new Date(`${date}T08:00:00Z`), n).toISOString();

  it('counts Monday to Friday and ends at 23:59:59 Athens time', () => {
    expect(due('2026-01-13', 1)).toBe('2026-01-14T21:59:59.000Z'); // Tue -> Wed
    expect(due('2026-01-16', 1)).toBe('2026-01-19T21:59:59.000Z'); // Fri -> Mon
    expect(due('2026-01-17', 1)).toBe('2026-01-19T21:59:59.000Z'); // Sat -> Mon
    expect(due('2026-01-12', 10)).toBe('2026-01-26T21:59:59.000Z'); // two weeks
  });

  it('skips Clean Monday', () => {
    expect(due('2026-02-20', 1)).toBe('2026-02-24T21:59:59.000Z'); // Fri 20 -> (Mon 23 Clean Monday) -> Tue 24
  });

  it('skips Good Friday and Easter Monday (moveable Orthodox feasts)', () => {
    // Thu 9 April -> Fri 10 Good Friday, Sat, Sun Easter, Mon 13 Easter Monday -> Tue 14 (summer time, +03:00)
    expect(due('2026-04-09', 1)).toBe('2026-04-14T20:59:59.000Z');
  });

  it('skips 25 March, 28 October and Christmas', () => {
    expect(due('2026-03-24', 1)).toBe('2026-03-26T21:59:59.000Z'); // Wed 25 March
    expect(due('2026-10-27', 1)).toBe('2026-10-29T21:59:59.000Z'); // Wed 28 October, after DST ended on the 25th
    expect(due('2026-12-24', 1)).toBe('2026-12-28T21:59:59.000Z'); // Fri 25, Sat 26 December
    expect(due('2027-12-23', 1)).toBe('2027-12-24T21:59:59.000Z');
    expect(due('2027-12-24', 1)).toBe('2027-12-27T21:59:59.000Z'); // Sat 25 and Sun 26: Greece does not move them to Monday
  });

  it('knows the public holidays as non-working days', () => {
    for (const d of ['2026-02-23', '2026-03-25', '2026-04-10', '2026-04-13', '2026-06-01', '2026-10-28', '2026-12-25', '2026-01-06', '2026-05-01']) {
      expect(calendar.isWorkingDay(d), d).toBe(false);
    }
    for (const d of ['2026-02-24', '2026-04-09', '2026-04-14', '2026-10-27', '2026-11-11']) expect(calendar.isWorkingDay(d), d).toBe(true);
  });

  it('skips configured local holidays, yearly (MM-DD) and once (YYYY-MM-DD)', () => {
    const local = workingCalendar(['11-11', '2026-06-15']);
    expect(local.isWorkingDay('2026-11-11')).toBe(false);
    expect(local.isWorkingDay('2027-11-11')).toBe(false);
    expect(local.isWorkingDay('2026-06-15')).toBe(false);
    expect(local.isWorkingDay('2027-06-15')).toBe(true);
    expect(due('2026-11-10', 1, local)).toBe('2026-11-12T21:59:59.000Z');
    expect(due('2026-11-10', 1)).toBe('2026-11-11T21:59:59.000Z');
  });

  it('ends the day at 23:59:59 Athens time on both sides of a DST change', () => {
    expect(due('2026-03-26', 1)).toBe('2026-03-27T21:59:59.000Z'); // Fri 27 March, +02:00
    expect(due('2026-03-27', 1)).toBe('2026-03-30T20:59:59.000Z'); // Mon 30 March, +03:00 (DST began Sun 29)
    expect(due('2026-10-22', 1)).toBe('2026-10-23T20:59:59.000Z'); // Fri 23 October, +03:00
    expect(due('2026-10-23', 1)).toBe('2026-10-26T21:59:59.000Z'); // Mon 26 October, +02:00 (DST ended Sun 25)
  });

  it('starts from the Athens date, not the UTC date', () => {
    // 22:30 UTC on Thursday is 00:30 on Friday in Athens: one working day later is Monday.
    expect(calendar.dueAfterWorkingDays(new Date('2026-01-15T22:30:00Z'), 1).toISOString()).toBe('2026-01-19T21:59:59.000Z');
    expect(calendar.dueAfterWorkingDays(new Date('2026-01-15T21:30:00Z'), 1).toISOString()).toBe('2026-01-16T21:59:59.000Z');
  });
});
