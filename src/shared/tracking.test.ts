/** How the tracking page reads a protocol number as a citizen types it. */
import { describe, expect, it } from 'vitest';
import { readProtocol } from './tracking.js';

describe('readProtocol', () => {
  const midYear = new Date('2026-06-15T10:00:00Z');
  it.each([
    ['16', '2026/000016'],
    [' 4512 ', '2026/004512'],
    ['2026 — 16', '2026/000016'],
    ['2026 – 16', '2026/000016'],
    ['2026-16', '2026/000016'],
    ['2026 16', '2026/000016'],
    ['2026,16', '2026/000016'],
    ['202616', '2026/000016'],
    ['20264512', '2026/004512'],
    ['2025/000016', '2025/000016'],
    ['16/2025', '2025/000016'],
    ['abc', null],
    ['0', null],
  ])('%s → %s', (typed, expected) => expect(readProtocol(typed, midYear)).toBe(expected));

  it('a bare number is of this year in Athens time (a minute after midnight on New Year, Athens is already in the new year)', () => {
    expect(readProtocol('16', new Date('2026-12-31T22:01:00Z'))).toBe('2027/000016');
  });
});
