/** The console's "already reported nearby?" look-up: open requests of a category on a street or near a pin. */
import { z } from 'zod';
import { STATUSES } from '../workflow.js';
import { Id } from './common.js';

/** How far from a pin a request counts as the same place. */
export const NEARBY_METRES = 150;

const coordinate = (min: number, max: number) => z.coerce.number().min(min).max(max).optional();

export const NearbyQuery = z
  .object({
    categoryId: Id,
    /** The address as typed; matched by street (see dimotis_street_key). */
    street: z.string().trim().max(500).optional(),
    lat: coordinate(-90, 90),
    lng: coordinate(-180, 180),
  })
  .refine((q) => (q.lat === undefined) === (q.lng === undefined), { path: ['lng'], message: 'lat and lng go together' });
export type NearbyQuery = z.infer<typeof NearbyQuery>;

export const NearbyRequest = z.object({
  id: Id,
  protocolNumber: z.string(),
  status: z.enum(STATUSES),
  addressText: z.string().nullable(),
  /** The first words of the description. */
  summary: z.string(),
  createdAt: z.iso.datetime(),
  sameStreet: z.boolean(),
  /** Metres from the pin, when both have one. */
  distanceMetres: z.number().int().nullable(),
  /** Calls already linked to it ("+1"s). */
  contacts: z.number().int(),
});
export type NearbyRequest = z.infer<typeof NearbyRequest>;

export const NearbyList = z.object({ items: z.array(NearbyRequest) });
export type NearbyList = z.infer<typeof NearbyList>;
