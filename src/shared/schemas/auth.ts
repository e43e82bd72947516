import { z } from 'zod';
import { ROLES } from '../roles.js';

export const LoginInput = z.object({ username: z.string().trim().min(1).max(100), password: z.string().min(1).max(200) });
export type LoginInput = z.infer<typeof LoginInput>;

export const Me = z.object({
  id: z.uuid(),
  username: z.string(),
  fullName: z.string(),
  role: z.enum(ROLES),
  departmentIds: z.array(z.uuid()),
  /** Send back in the X-CSRF-Token header on every POST, PUT, PATCH and DELETE. */
  csrfToken: z.string(),
});
export type Me = z.infer<typeof Me>;
