/** Departments, categories with their routing, and staff accounts: read by staff, changed by admins. */
import { z } from 'zod';
import { ROLES } from '../roles.js';
import { STATUSES } from '../workflow.js';
import { Id, LocalisedName, text } from './common.js';

/**
 * The PATCH form of an input schema: every field optional and none defaulted. Zod 4 fills
 * defaults even inside `.partial()`, which would reset unnamed fields (active, emails, keywords…).
 */
function patchOf<S extends z.ZodRawShape>(input: z.ZodObject<S>): z.ZodObject<{ [K in keyof S]: z.ZodOptional<S[K] extends z.ZodDefault<infer I> ? I : S[K]> }> {
  const shape = Object.fromEntries(Object.entries(input.shape).map(([k, f]) => [k, ((f instanceof z.ZodDefault ? f.removeDefault() : f) as z.ZodType).optional()]));
  return z.object(shape) as never;
}

const Code = z.string().trim().min(2).max(40).regex(/^[a-z0-9_-]+$/, 'lower-case letters, digits, _ and -');

export const Department = z.object({ id: Id, code: z.string(), name: LocalisedName, emails: z.array(z.string()), active: z.boolean() });
export type Department = z.infer<typeof Department>;
export const DepartmentInput = z.object({
  code: Code,
  name: z.object({ el: text(200), en: text(200) }),
  emails: z.array(z.email().max(254)).max(20).default([]),
  active: z.boolean().default(true),
});
export const DepartmentPatch = patchOf(DepartmentInput);

export const Category = z.object({
  id: Id,
  code: z.string(),
  name: LocalisedName,
  keywords: z.array(z.string()),
  slaWorkingDays: z.number().int(),
  citizenSelectable: z.boolean(),
  active: z.boolean(),
  sortOrder: z.number().int(),
  departmentId: Id.nullable(),
});
export type Category = z.infer<typeof Category>;
export const CategoryInput = z.object({
  code: Code,
  name: z.object({ el: text(200), en: text(200) }),
  keywords: z.array(text(60)).max(50).default([]),
  slaWorkingDays: z.number().int().min(1).max(365).default(5),
  citizenSelectable: z.boolean().default(true),
  active: z.boolean().default(true),
  sortOrder: z.number().int().min(0).max(10_000).default(100),
  /** The competent department: the category's row in the routing table. */
  departmentId: Id,
});
export const CategoryPatch = patchOf(CategoryInput);

/** Before re-routing a category: its open requests that stay with the department they are in (routing moves only new ones). */
export const RoutingImpactQuery = z.object({ departmentId: z.uuid() });
export const RoutingImpact = z.object({ openRequestsNotMoved: z.number().int() });
export type RoutingImpact = z.infer<typeof RoutingImpact>;

export const StatusView = z.object({ code: z.enum(STATUSES), group: z.enum(['open', 'closed']), name: LocalisedName });
export type StatusView = z.infer<typeof StatusView>;

export const User = z.object({
  id: Id,
  username: z.string(),
  fullName: z.string(),
  email: z.string().nullable(),
  role: z.enum(ROLES),
  departmentIds: z.array(Id),
  active: z.boolean(),
  lastLoginAt: z.iso.datetime().nullable(),
});
export type User = z.infer<typeof User>;
export const UserInput = z.object({
  username: z.string().trim().min(3).max(60).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, . _ -'),
  fullName: text(200),
  email: z.email().max(254).nullable().default(null),
  role: z.enum(ROLES),
  departmentIds: z.array(Id).max(20).default([]),
  active: z.boolean().default(true),
  password: z.string().min(10).max(200),
});
export const UserPatch = patchOf(UserInput.omit({ username: true }));

/** Colleagues a request can be assigned to: no e-mail, no login data. */
export const Colleague = z.object({ id: Id, fullName: z.string(), role: z.enum(ROLES), departmentIds: z.array(Id) });
export const ColleaguesQuery = z.object({ departmentId: Id.optional() });
