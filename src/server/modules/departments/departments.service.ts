/** Departments and categories (with the routing table), read by all staff, changed by admins. */
import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Category, CategoryInput, CategoryPatch, Department, DepartmentInput, DepartmentPatch } from '../../../shared/schemas/admin.js';
import { isUniqueViolation, type Db, type Executor } from '../../db/client.js';
import { categories, categoryRoutes, departments, requests } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { requireRole, type Actor } from '../auth/actor.js';
import { writeAudit } from '../audit/audit.service.js';

type DepartmentRow = typeof departments.$inferSelect;
const toDepartment = (d: DepartmentRow): Department => ({ id: d.id, code: d.code, name: { el: d.nameEl, en: d.nameEn }, emails: d.emails, active: d.active });

/** Unique-violation → a stable code; everything else rethrown. */
export function uniqueViolation(err: unknown, code: 'code_taken' | 'username_taken'): never {
  if (isUniqueViolation(err)) throw new AppError(code);
  throw err;
}

/** Drops undefined fields, so that a PATCH changes only what it names (and an empty PATCH changes nothing). */
function definedOnly<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export async function listDepartments(db: Executor): Promise<Department[]> {
  const rows = await db.select().from(departments).orderBy(sql`${departments.nameEl} collate "C"`);
  return rows.map(toDepartment).sort((a, b) => a.name.el.localeCompare(b.name.el, 'el'));
}

export async function createDepartment(db: Db, actor: Actor, input: z.infer<typeof DepartmentInput>): Promise<Department> {
  requireRole(actor, 'admin');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(departments)
      .values({ code: input.code, nameEl: input.name.el, nameEn: input.name.en, emails: input.emails, active: input.active })
      .returning()
      .catch((e) => uniqueViolation(e, 'code_taken'));
    await writeAudit(tx, actor, { action: 'department.create', entityType: 'department', entityId: row!.id, data: { code: input.code } });
    return toDepartment(row!);
  });
}

export async function updateDepartment(db: Db, actor: Actor, id: string, input: z.infer<typeof DepartmentPatch>): Promise<Department> {
  requireRole(actor, 'admin');
  return db.transaction(async (tx) => {
    const values = definedOnly({ code: input.code, nameEl: input.name?.el, nameEn: input.name?.en, emails: input.emails, active: input.active });
    const [row] = Object.keys(values).length
      ? await tx.update(departments).set(values).where(eq(departments.id, id)).returning().catch((e) => uniqueViolation(e, 'code_taken'))
      : await tx.select().from(departments).where(eq(departments.id, id));
    if (!row) throw new AppError('not_found');
    await writeAudit(tx, actor, { action: 'department.update', entityType: 'department', entityId: id, data: { fields: Object.keys(input) } });
    return toDepartment(row);
  });
}

const categoryColumns = {
  id: categories.id,
  code: categories.code,
  nameEl: categories.nameEl,
  nameEn: categories.nameEn,
  keywords: categories.keywords,
  slaWorkingDays: categories.slaWorkingDays,
  citizenSelectable: categories.citizenSelectable,
  active: categories.active,
  sortOrder: categories.sortOrder,
  departmentId: categoryRoutes.departmentId,
};

export async function listCategories(db: Executor, where?: ReturnType<typeof eq>): Promise<Category[]> {
  const rows = await db
    .select(categoryColumns)
    .from(categories)
    .leftJoin(categoryRoutes, eq(categoryRoutes.categoryId, categories.id))
    .where(where)
    .orderBy(asc(categories.sortOrder), asc(categories.code));
  return rows.map(({ nameEl, nameEn, ...c }) => ({ ...c, name: { el: nameEl, en: nameEn }, departmentId: c.departmentId ?? null }));
}

async function assertDepartment(tx: Executor, id: string): Promise<void> {
  const [d] = await tx.select({ id: departments.id }).from(departments).where(eq(departments.id, id));
  if (!d) throw new AppError('unknown_department', { field: 'departmentId' });
}

async function setRoute(tx: Executor, categoryId: string, departmentId: string): Promise<void> {
  await assertDepartment(tx, departmentId);
  await tx
    .insert(categoryRoutes)
    .values({ categoryId, departmentId })
    .onConflictDoUpdate({ target: categoryRoutes.categoryId, set: { departmentId, updatedAt: new Date() } });
}

export async function createCategory(db: Db, actor: Actor, input: z.infer<typeof CategoryInput>): Promise<Category> {
  requireRole(actor, 'admin');
  return db.transaction(async (tx) => {
    const { departmentId, name, ...rest } = input;
    const [row] = await tx
      .insert(categories)
      .values({ ...rest, nameEl: name.el, nameEn: name.en })
      .returning({ id: categories.id })
      .catch((e) => uniqueViolation(e, 'code_taken'));
    await setRoute(tx, row!.id, departmentId);
    await writeAudit(tx, actor, { action: 'category.create', entityType: 'category', entityId: row!.id, data: { code: input.code, departmentId } });
    return (await listCategories(tx, eq(categories.id, row!.id)))[0]!;
  });
}

export async function updateCategory(db: Db, actor: Actor, id: string, input: z.infer<typeof CategoryPatch>): Promise<Category> {
  requireRole(actor, 'admin');
  return db.transaction(async (tx) => {
    const { departmentId, name, ...rest } = input;
    const values = definedOnly({ ...rest, nameEl: name?.el, nameEn: name?.en });
    const [row] = Object.keys(values).length
      ? await tx.update(categories).set(values).where(eq(categories.id, id)).returning({ id: categories.id }).catch((e) => uniqueViolation(e, 'code_taken'))
      : await tx.select({ id: categories.id }).from(categories).where(eq(categories.id, id));
    if (!row) throw new AppError('not_found');
    if (departmentId) await setRoute(tx, id, departmentId);
    await writeAudit(tx, actor, { action: 'category.update', entityType: 'category', entityId: id, data: { fields: Object.keys(input), departmentId } });
    return (await listCategories(tx, eq(categories.id, id)))[0]!;
  });
}

/**
 * How many open requests of a category a change of its routing to `departmentId` leaves where they
 * are: routing decides where new requests go, and open ones are moved only by forwarding each.
 */
export async function countOpenNotMoved(db: Executor, actor: Actor, categoryId: string, departmentId: string): Promise<number> {
  requireRole(actor, 'admin');
  return db.$count(requests, and(eq(requests.categoryId, categoryId), isNull(requests.closedAt), ne(requests.departmentId, departmentId)));
}
