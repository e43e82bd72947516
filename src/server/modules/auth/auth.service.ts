/**
 * Staff sign-in: Argon2id passwords, server-side sessions (the cookie holds a random token,
 * the database its sha256), a CSRF token per session, and throttling of failed attempts kept
 * in the database so that it holds across server processes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { and, eq, gt, sql } from 'drizzle-orm';
import type { Role } from '../../../shared/roles.js';
import type { Db, Executor } from '../../db/client.js';
import { loginFailures, sessions, userDepartments, users } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { writeAudit } from '../audit/audit.service.js';
import type { Actor } from './actor.js';

/** OWASP's Argon2id baseline: 19 MiB, 2 passes, 1 lane (~23 ms here). */
const ARGON2 = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
const FAILURE_WINDOW_MINUTES = 15;
const MAX_FAILURES_PER_USERNAME = 5;
const MAX_FAILURES_PER_IP = 30;
export const MIN_PASSWORD_LENGTH = 10;

// Verifying against a real hash when the user does not exist keeps the response time the same,
// so timing does not reveal which usernames exist.
let dummyHash: Promise<string> | undefined;

export const hashPassword = (password: string): Promise<string> => {
  if (password.length < MIN_PASSWORD_LENGTH) throw new AppError('weak_password');
  return hash(password, ARGON2);
};

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export interface LoginInput {
  username: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
  ttlHours: number;
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  actor: Actor;
}

export async function login(db: Db, input: LoginInput): Promise<LoginResult> {
  const usernameLower = input.username.trim().toLowerCase();
  await claimAttempt(db, usernameLower, input.ip);
  const [user] = await db.select().from(users).where(sql`lower(${users.username}) = ${usernameLower}`).limit(1);
  dummyHash ??= hash('not-a-password-at-all', ARGON2);
  const ok = await verify(user?.passwordHash ?? (await dummyHash), input.password).catch(() => false);
  if (!user || !ok || !user.active) {
    // The attempt claimed above stays, counted as a failure.
    await writeAudit(db, null, { action: 'auth.login_failed', entityType: 'user', entityId: user?.id ?? null, data: { ip: input.ip } });
    throw new AppError('invalid_credentials');
  }
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + input.ttlHours * 3_600_000);
  await db.insert(sessions).values({ id: sha256(token), userId: user.id, csrfToken, expiresAt, ip: input.ip });
  await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
  await db.delete(loginFailures).where(eq(loginFailures.usernameLower, usernameLower));
  const actor = await loadActor(db, user.id, input.ip, input.userAgent);
  if (!actor) throw new AppError('invalid_credentials');
  await writeAudit(db, actor, { action: 'auth.login', entityType: 'user', entityId: user.id });
  return { token, csrfToken, expiresAt, actor };
}

/**
 * Counts the attempt as a failure before the password is checked (a sign-in clears it), under a
 * lock per username and address: checking first and recording after would let parallel guesses
 * all pass the check before any of them is counted.
 */
async function claimAttempt(db: Db, usernameLower: string, ip: string | null): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`login:${usernameLower}`}))`);
    if (ip) await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`login-ip:${ip}`}))`);
    await assertNotThrottled(tx, usernameLower, ip);
    await tx.insert(loginFailures).values({ usernameLower, ip });
  });
}

async function assertNotThrottled(db: Executor, usernameLower: string, ip: string | null): Promise<void> {
  const since = sql`now() - make_interval(mins => ${FAILURE_WINDOW_MINUTES})`;
  const [row] = await db
    .select({
      byName: sql<number>`count(*) filter (where ${loginFailures.usernameLower} = ${usernameLower})`.mapWith(Number),
      byIp: sql<number>`count(*) filter (where ${ip}::inet is not null and ${loginFailures.ip} = ${ip}::inet)`.mapWith(Number),
    })
    .from(loginFailures)
    .where(and(gt(loginFailures.at, since), sql`(${loginFailures.usernameLower} = ${usernameLower} or ${loginFailures.ip} = ${ip}::inet)`));
  if ((row?.byName ?? 0) >= MAX_FAILURES_PER_USERNAME || (row?.byIp ?? 0) >= MAX_FAILURES_PER_IP) {
    throw new AppError('too_many_attempts', { retryAfterSeconds: FAILURE_WINDOW_MINUTES * 60 });
  }
}

export interface SessionContext {
  actor: Actor;
  csrfToken: string;
}

/** The session look-up every signed-in request makes, prepared once per database handle. */
function sessionStatement(db: Executor) {
  return db
    .select({
      csrfToken: sessions.csrfToken,
      userId: users.id,
      username: users.username,
      fullName: users.fullName,
      role: users.role,
      departmentIds: sql<string[]>`coalesce((select array_agg(${userDepartments.departmentId}) from ${userDepartments} where ${userDepartments.userId} = ${users.id}), '{}')`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sql.placeholder('id')), gt(sessions.expiresAt, sql`now()`), eq(users.active, true)))
    .limit(1)
    .prepare('session_by_token');
}
const sessionStatements = new WeakMap<Executor, ReturnType<typeof sessionStatement>>();

/** The session behind a cookie token, or null if unknown, expired or the user was deactivated. One round trip. */
export async function resolveSession(db: Executor, token: string, ip: string | null, userAgent: string | null): Promise<SessionContext | null> {
  let statement = sessionStatements.get(db);
  if (!statement) sessionStatements.set(db, (statement = sessionStatement(db)));
  const rows = await statement.execute({ id: sha256(token) });
  const s = rows[0];
  if (!s) return null;
  const actor: Actor = { userId: s.userId, username: s.username, fullName: s.fullName, role: s.role as Role, departmentIds: s.departmentIds, ip, userAgent };
  return { actor, csrfToken: s.csrfToken };
}

export async function logout(db: Executor, token: string, actor: Actor): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sha256(token)));
  await writeAudit(db, actor, { action: 'auth.logout', entityType: 'user', entityId: actor.userId });
}

/** Loads an active user with their departments as an Actor. */
export async function loadActor(db: Executor, userId: string, ip: string | null = null, userAgent: string | null = null): Promise<Actor | null> {
  const rows = await db
    .select({
      id: users.id,
      username: users.username,
      fullName: users.fullName,
      role: users.role,
      active: users.active,
      departmentId: userDepartments.departmentId,
    })
    .from(users)
    .leftJoin(userDepartments, eq(userDepartments.userId, users.id))
    .where(eq(users.id, userId));
  const u = rows[0];
  if (!u || !u.active) return null;
  return {
    userId: u.id,
    username: u.username,
    fullName: u.fullName,
    role: u.role as Role,
    departmentIds: rows.flatMap((r) => (r.departmentId ? [r.departmentId] : [])),
    ip,
    userAgent,
  };
}

/** Ends every session of a user (password change, deactivation). */
export async function endSessionsOf(db: Executor, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}
