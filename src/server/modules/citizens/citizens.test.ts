/** Which spelling of a caller's name is kept when they give it again. */
import { describe, expect, it } from 'vitest';
import { nameToKeep } from './citizens.service.js';

describe('nameToKeep', () => {
  const stored = 'Μαρία Παπαδοπούλου';
  it.each([
    ['ΜΑΡΙΑ ΠΑΠΑΔΟΠΟΥΛΟΥ', stored], // capitals
    ['μαρία παπαδοπούλου', stored], // small letters
    ['Μαρια Παπαδοπουλου', stored], // no accents
    ['Μαρία Παπαδοπούλου', stored], // the same
    ['Μαρία Παπαδάκη', 'Μαρία Παπαδάκη'], // another name
    [undefined, stored], // none given
  ])('%s → %s', (typed, kept) => {
    expect(nameToKeep(stored, typed)).toBe(kept);
  });
  it('takes a correction with more accents, and any name when none is stored', () => {
    expect(nameToKeep('Μαρια Παπαδοπουλου', stored)).toBe(stored);
    expect(nameToKeep('ΓΙΩΡΓΟΣ', 'Γιώργος')).toBe('Γιώργος');
    expect(nameToKeep(null, 'ΓΙΩΡΓΟΣ')).toBe('ΓΙΩΡΓΟΣ');
  });
});
