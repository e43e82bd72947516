/**
 * Text that cannot be stored: PostgreSQL refuses the NUL character in text and jsonb, and a lone
 * UTF-16 surrogate is not a character at all (jsonb refuses it, and it would not survive UTF-8).
 * Checked once at the server's edge for every route (and usable by forms).
 */

/** True when the string has no NUL character and no unpaired surrogate. */
export function isStorableText(s: string): boolean {
  return !s.includes('\u0000') && s.isWellFormed();
}

/** How deep a request body may nest objects and arrays; nothing the API takes comes near it. */
export const MAX_NESTING = 32;

export type TextProblem = { kind: 'invalid_text' | 'too_deeply_nested'; path: string };

/**
 * The first string (value or key) in `value` that cannot be stored, or the first place nested deeper
 * than MAX_NESTING; `null` when all is well. Walks iteratively, so no input can exhaust the stack.
 */
export function findTextProblem(value: unknown, root: string): TextProblem | null {
  const stack: [unknown, string, number][] = [[value, root, 0]];
  while (stack.length) {
    const [v, path, depth] = stack.pop()!;
    if (typeof v === 'string') {
      if (!isStorableText(v)) return { kind: 'invalid_text', path };
      continue;
    }
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) continue;
    if (depth >= MAX_NESTING) return { kind: 'too_deeply_nested', path };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}/${i}`, depth + 1]);
      continue;
    }
    for (const [k, child] of Object.entries(v)) {
      // A key is reported by its position, not its (unprintable) text.
      if (!isStorableText(k)) return { kind: 'invalid_text', path: `${path}/<key>` };
      stack.push([child, `${path}/${k}`, depth + 1]);
    }
  }
  return null;
}
