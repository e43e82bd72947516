/**
 * Server problems shown at their fields, in the user's language. A validation problem
 * (`errors[]`, path like "body/citizen/phone", kind = zod's issue code) gets a sentence by its kind;
 * a domain error naming a field (`details.field`, e.g. invalid_phone → "citizen.phone") gets the
 * server's own Greek/English message. The validator's English text is never shown.
 */
import { ApiError } from '../api/client';

type Texts = Record<string, { el: string; en: string }>;

const BY_KIND: Texts = {
  too_small: { el: 'Συμπληρώστε το πεδίο.', en: 'Fill in this field.' },
  too_big: { el: 'Πολύ μεγάλο: συντομεύστε το.', en: 'Too long: shorten it.' },
  invalid_format: { el: 'Η μορφή δεν είναι σωστή.', en: 'The format is not right.' },
  invalid_type: { el: 'Λείπει ή δεν είναι έγκυρο.', en: 'Missing or not valid.' },
  invalid_value: { el: 'Μη έγκυρη επιλογή.', en: 'Not a valid choice.' },
};
const OTHER = { el: 'Η τιμή δεν είναι έγκυρη.', en: 'The value is not valid.' };

/** "body/citizen/phone" → "citizen.phone". */
export const fieldOfPath = (path: string): string => path.replace(/^(body|querystring|params)\/?/, '').replace(/^\//, '').replaceAll('/', '.');

/**
 * The problems of `err` by field ("citizen.phone", "description"…), in `lang`. `texts` may give a
 * field its own sentence per kind (e.g. description + too_small → "Write what the caller reports").
 */
export function fieldErrors(err: unknown, lang: string, texts: Record<string, Texts> = {}): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  const pick = (t: { el: string; en: string }) => (lang === 'en' ? t.en : t.el);
  const out: Record<string, string> = {};
  for (const p of err.problem.errors ?? []) {
    const field = fieldOfPath(p.path);
    const kind = p.kind ?? '';
    out[field] ??= pick(texts[field]?.[kind] ?? BY_KIND[kind] ?? OTHER);
  }
  const field = err.problem.details?.field;
  if (typeof field === 'string') out[field] ??= pick(err.problem.message);
  return out;
}
