/**
 * Ranks categories by what the caller said, for the console's picker. Every word typed must match
 * (accent- and case-insensitive); a category scores by where each word matched: the start of a word
 * of its name first, then the start of a keyword's word, then anywhere. So "κλαδ" puts "Κλάδεμα…
 * δέντρων" above bulky-items pickup, which only has "κλαδέματα" among its keywords.
 */
import { fold } from './text.js';

export interface SearchableCategory {
  id: string;
  code: string;
  /** The names in every language: a Greek operator may still type "tree". */
  names: readonly string[];
  keywords: readonly string[];
}

const NAME_PREFIX = 100;
const KEYWORD_PREFIX = 10;
const ANYWHERE = 1;

const wordsOf = (texts: readonly string[]): string[] => texts.flatMap((t) => fold(t).split(/[^\p{L}\p{N}]+/u)).filter(Boolean);

/** How well one typed word matches a category (0: not at all). */
function wordScore(word: string, nameWords: string[], keywordWords: string[], all: string): number {
  if (nameWords.some((w) => w.startsWith(word))) return NAME_PREFIX;
  if (keywordWords.some((w) => w.startsWith(word))) return KEYWORD_PREFIX;
  return all.includes(word) ? ANYWHERE : 0;
}

/**
 * The categories matching every word of `query`, best first; ties keep the given order (the
 * administrators' sort order). An empty query returns all of them as given.
 */
export function rankCategories<T extends SearchableCategory>(query: string, categories: readonly T[]): T[] {
  const words = fold(query).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (!words.length) return [...categories];
  const scored: { c: T; score: number; i: number }[] = [];
  categories.forEach((c, i) => {
    const nameWords = wordsOf(c.names);
    const keywordWords = wordsOf(c.keywords);
    const all = fold([...c.names, ...c.keywords].join(' '));
    let score = 0;
    for (const w of words) {
      const s = wordScore(w, nameWords, keywordWords, all);
      if (!s) return;
      score += s;
    }
    scored.push({ c, score, i });
  });
  return scored.sort((a, b) => b.score - a.score || a.i - b.i).map((s) => s.c);
}

/** The category code offered when nothing the caller said matches: the general request. */
export const GENERAL_CATEGORY_CODE = 'general';
