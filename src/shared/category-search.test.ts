import { describe, expect, it } from 'vitest';
import { rankCategories } from './category-search.js';
import { CATEGORIES } from '../server/seed/reference.js';

const categories = CATEGORIES.map((c) => ({ id: c.code, code: c.code, names: [c.el, c.en], keywords: c.keywords }));
const first = (q: string) => rankCategories(q, categories)[0]?.code;

describe('rankCategories', () => {
  it('puts the category whose name starts with the word above one that only has it among keywords', () => {
    // The field's own hint: "κλαδ" is tree pruning, not bulky items ("κλαδέματα" is one of its keywords).
    expect(first('κλαδ')).toBe('trees');
    expect(rankCategories('κλαδ', categories).map((c) => c.code)).toEqual(['trees', 'bulky-items']);
  });

  it('ignores accents and case, and finds by keywords', () => {
    expect(first('ΛΑΚΚ')).toBe('road-damage');
    expect(first('φωτ')).toBe('street-lighting');
    expect(first('ογκωδ')).toBe('bulky-items');
    expect(first('στρωμα')).toBe('bulky-items');
    expect(first('tree')).toBe('trees');
  });

  it('needs every word to match, and ranks by all of them', () => {
    expect(first('κολώνα φωτισμού')).toBe('street-lighting');
    expect(rankCategories('λακκ ψυγειο', categories)).toEqual([]);
  });

  it('keeps the given order for an empty query', () => {
    expect(rankCategories('  ', categories).map((c) => c.code)).toEqual(categories.map((c) => c.code));
  });
});
