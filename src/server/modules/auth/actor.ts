/** Who is acting, and the department scope that follows from their role. */
import type { Role } from '../../../shared/roles.js';
import { CITYWIDE_ROLES } from '../../../shared/roles.js';
import { AppError } from '../../errors.js';

export interface Actor {
  userId: string;
  username: string;
  fullName: string;
  role: Role;
  departmentIds: string[];
  ip?: string | null;
  userAgent?: string | null;
}

/** Whether the actor sees requests of every department; otherwise only of `departmentIds`. */
export const isCitywide = (actor: Actor): boolean => CITYWIDE_ROLES.includes(actor.role);

export function canSeeDepartment(actor: Actor, departmentId: string): boolean {
  return isCitywide(actor) || actor.departmentIds.includes(departmentId);
}

/** Throws `forbidden` unless the actor has one of the roles. */
export function requireRole(actor: Actor, ...roles: Role[]): void {
  if (!roles.includes(actor.role)) throw new AppError('forbidden');
}
