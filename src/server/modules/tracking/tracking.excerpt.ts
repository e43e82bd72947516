/**
 * The first words of a request's description, as the tracking page may show them: enough for a
 * citizen to tell one request from another, without anything that identifies a person. Phone
 * numbers, e-mails, web addresses and long digit runs (ID or tax numbers, IBANs) go; so do the
 * citizen's own names in any case ending (Παπαδάκης, Παπαδάκη) and a word after a title
 * (κ. Νίκος, κυρία Μαρία), which is how staff write other people's names.
 */
export const EXCERPT_WORDS = 10;
export const EXCERPT_CHARS = 90;
const GONE = '…';

const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/ς/g, 'σ');
const TITLES = new Set(['κ', 'κα', 'κος', 'κυρ', 'κυριοσ', 'κυρια', 'κυριου', 'κυριασ', 'mr', 'mrs', 'ms', 'dr', 'δρ']);

/** Whether a word is a form of one of the name's words: same stem, a different case ending at most. */
function isNameForm(word: string, names: string[]): boolean {
  const w = fold(word);
  return names.some((n) => {
    if (w === n) return true;
    const stem = Math.max(3, n.length - 2);
    return n.length >= 4 && w.length >= stem && Math.abs(w.length - n.length) <= 2 && w.slice(0, stem) === n.slice(0, stem);
  });
}

export function publicExcerpt(description: string, citizenName: string | null): string {
  const names = (citizenName ?? '').split(/[\s.,-]+/u).map(fold).filter((n) => n.length >= 3);
  const cleaned = description
    .replace(/\S+@\S+/g, GONE)
    .replace(/\b(?:https?:\/\/|www\.)\S+/gi, GONE)
    .replace(/\+?\d[\d\s().\/-]{4,}\d/g, (m) => (m.replace(/\D/g, '').length >= 5 ? GONE : m));
  const words = cleaned.split(/\s+/u).filter(Boolean);
  const out: string[] = [];
  let afterTitle = false;
  let cut = false;
  for (const word of words) {
    if (out.length >= EXCERPT_WORDS) {
      cut = true;
      break;
    }
    const bare = word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    const shown = afterTitle || (bare !== '' && isNameForm(bare, names)) ? GONE : word;
    afterTitle = TITLES.has(fold(bare));
    if (!(shown === GONE && out.at(-1) === GONE)) out.push(shown);
  }
  let text = out.join(' ');
  if (text.length > EXCERPT_CHARS) {
    text = text.slice(0, EXCERPT_CHARS).replace(/\s+\S*$/u, '');
    cut = true;
  }
  return cut && !text.endsWith(GONE) ? `${text} ${GONE}` : text;
}
