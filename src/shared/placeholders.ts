/**
 * Placeholders in braces ("{protocol}") in texts staff write: message templates and ready replies
 * each have their own names, checked the same way.
 */

/**
 * What in `text` is not one of `known`: unknown names in braces ("{protocl}", "{αριθμός}") and stray
 * braces, once each, in order of appearance. A text with any of these is refused at save.
 */
export function unknownPlaceholdersOf(text: string, known: readonly string[]): string[] {
  const found = new Set<string>();
  const rest = text.replace(/\{([^{}\n]*)\}/g, (m, name: string) => {
    if (!known.includes(name)) found.add(m);
    return '';
  });
  for (const c of rest) if (c === '{' || c === '}') found.add(c);
  return [...found];
}
