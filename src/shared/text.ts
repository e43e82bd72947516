/**
 * Folds Greek (and Latin) text for matching: lower case, no accents or diaeresis, final ς as σ.
 * The same folding the database applies in dimotis_fold(), so the console's category picker and
 * the server's search agree on what matches.
 */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/ς/g, 'σ');
}

/** Whether every word of `query` starts a word of, or occurs in, one of `haystacks` (folded). */
export function matchesAllWords(query: string, haystacks: readonly string[]): boolean {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const hay = haystacks.map(fold).join(' ');
  return words.every((w) => hay.includes(w));
}
