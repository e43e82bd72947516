/** Small zod building blocks shared by the API, the forms and the typed client. */
import { z } from 'zod';

/** Trimmed text; empty after trimming counts as missing. */
export const text = (max: number) => z.string().trim().min(1).max(max);
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => (s === '' ? undefined : s))
    .optional();

export const Id = z.uuid();
export const IdParams = z.object({ id: Id });

export const LocalisedName = z.object({ el: z.string(), en: z.string() });
export type LocalisedName = z.infer<typeof LocalisedName>;

export const Ref = z.object({ id: Id, name: LocalisedName });
export type Ref = z.infer<typeof Ref>;

export const OkResponse = z.object({ ok: z.literal(true) });

/** The years a date may name: nothing in a municipality's requests is older or further ahead. */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;

/** A calendar day `YYYY-MM-DD` that exists and lies within FIRST_YEAR..LAST_YEAR. */
export const isoDay = z.iso.date().refine((d) => {
  const year = Number(d.slice(0, 4));
  return year >= FIRST_YEAR && year <= LAST_YEAR;
}, { message: `a date between ${FIRST_YEAR}-01-01 and ${LAST_YEAR}-12-31` });
