/** Staff accounts: created and changed by admins; colleagues listed for assignment. */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { isDepartmentRole, type Role } from '../../../shared/roles.js';
import type { User, UserInput, UserPatch } from '../../../shared/schemas/admin.js';
import type { Db, Executor } from '../../db/client.js';
import { departments, userDepartments, users } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { requireRole, type Actor } from '../auth/actor.js';
import { endSessionsOf, hashPassword } from '../auth/auth.service.js';
import { writeAudit } from '../audit/audit.service.js';
import { uniqueViolation } from '../departments/departments.service.js';

const userColumns = {
  id: users.id,
  username: users.username,
  fullName: users.fullName,
  email: users.email,
  role: users.role,
  active: users.active,
  lastLoginAt: users.lastLoginAt,
  departmentIds: sql<string[]>`coalesce((select array_agg(${userDepartments.departmentId}) from ${userDepartments} where ${userDepartments.userId} = ${users.id}), '{}')`,
};

export async function listUsers(db: Executor, where?: ReturnType<typeof eq>): Promise<User[]> {
  const rows = await db.select(userColumns).from(users).where(where).orderBy(asc(users.username));
  return rows
    .map((u) => ({ ...u, role: u.role as Role, lastLoginAt: u.lastLoginAt?.toISOString() ?? null }))
    .sort((a, b) => a.fullName.localeCompare(b.fullName, 'el'));
}

/** Active members of a department (or of the actor's departments), for the assign picker. */
export async function listColleagues(db: Executor, actor: Actor, departmentId?: string) {
  // Supervisors and admins belong to no department: without a filter they see every department's people.
  const scope = departmentId ? [departmentId] : actor.departmentIds.length ? actor.departmentIds : null;
  const all = await listUsers(db, eq(users.active, true));
  return all
    .filter((u) => isDepartmentRole(u.role) && (!scope || u.departmentIds.some((d) => scope.includes(d))))
    .map(({ id, fullName, role, departmentIds }) => ({ id, fullName, role, departmentIds }));
}

async function setDepartments(tx: Executor, userId: string, role: Role, departmentIds: string[]): Promise<void> {
  if (departmentIds.length) {
    const found = await tx.select({ id: departments.id }).from(departments).where(inArray(departments.id, departmentIds));
    if (found.length !== new Set(departmentIds).size) throw new AppError('unknown_department', { field: 'departmentIds' });
  }
  if (isDepartmentRole(role) && departmentIds.length === 0) throw new AppError('unknown_department', { field: 'departmentIds' });
  await tx.delete(userDepartments).where(eq(userDepartments.userId, userId));
  if (departmentIds.length) await tx.insert(userDepartments).values([...new Set(departmentIds)].map((departmentId) => ({ userId, departmentId })));
}

export async function createUser(db: Db, actor: Actor | null, input: z.infer<typeof UserInput>): Promise<User> {
  if (actor) requireRole(actor, 'admin');
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({ username: input.username, fullName: input.fullName, email: input.email, role: input.role, active: input.active, passwordHash })
      .returning({ id: users.id })
      .catch((e) => uniqueViolation(e, 'username_taken'));
    await setDepartments(tx, row!.id, input.role, input.departmentIds);
    await writeAudit(tx, actor, { action: 'user.create', entityType: 'user', entityId: row!.id, data: { role: input.role, departmentIds: input.departmentIds } });
    return (await listUsers(tx, eq(users.id, row!.id)))[0]!;
  });
}

export async function updateUser(db: Db, actor: Actor, id: string, input: z.infer<typeof UserPatch>): Promise<User> {
  requireRole(actor, 'admin');
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(users).where(eq(users.id, id)).for('no key update');
    if (!current) throw new AppError('not_found');
    if (id === actor.userId && (input.active === false || (input.role && input.role !== 'admin'))) throw new AppError('forbidden', { reason: 'cannot demote or deactivate yourself' });
    const role = (input.role ?? current.role) as Role;
    await tx
      .update(users)
      .set({ fullName: input.fullName ?? current.fullName, email: input.email === undefined ? current.email : input.email, role, active: input.active ?? current.active, passwordHash: passwordHash ?? current.passwordHash })
      .where(eq(users.id, id));
    if (input.departmentIds || input.role) {
      const keep = input.departmentIds ?? (await tx.select({ d: userDepartments.departmentId }).from(userDepartments).where(eq(userDepartments.userId, id))).map((r) => r.d);
      await setDepartments(tx, id, role, keep);
    }
    if (passwordHash || input.active === false) await endSessionsOf(tx, id);
    const fields = Object.keys(input).map((k) => (k === 'password' ? 'password(changed)' : k));
    await writeAudit(tx, actor, { action: 'user.update', entityType: 'user', entityId: id, data: { fields, role: input.role } });
    return (await listUsers(tx, eq(users.id, id)))[0]!;
  });
}

/** Whether any admin exists (the CLI's first-admin command refuses a second "first"). */
export async function hasAdmin(db: Executor): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(and(eq(users.role, 'admin'), eq(users.active, true))).limit(1);
  return !!row;
}
