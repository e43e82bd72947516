/**
 * Opens the database: PostgreSQL through a node-postgres pool when a URL is given, otherwise
 * embedded PGlite persisted in a directory. Both get the same schema, the same migrations and
 * the same SQL; callers only see `Db`.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle; services take it so a caller can compose several in one transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything that runs queries: the database or a transaction. */
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Applies the committed migrations in ./drizzle. */
  migrate(): Promise<void>;
  /** Cheap round trip for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** PGlite only: the data directory as a tarball, to clone a prepared database in tests. */
  dumpDataDir?(): Promise<Blob>;
  /**
   * LISTENs on `channel` (PostgreSQL: on one dedicated connection of this process, reconnected
   * when lost, `onReconnect` then called since notifications may have been missed). Returns unlisten.
   */
  listen(channel: string, onPayload: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../drizzle', import.meta.url));

export interface OpenOptions {
  url?: string;
  dataDir?: string;
  poolSize?: number;
  /** Load an existing PGlite data-dir dump instead of opening `dataDir` (tests clone a migrated template). */
  loadDataDir?: Blob;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  return opts.url ? openPostgres(opts.url, opts.poolSize ?? 20) : openPglite(opts);
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const { default: pg } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: 'dimotis' });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  keepConnectionsOnStatementErrors(pool, pg.DatabaseError);
  const db = drizzle(pool, { schema }) as unknown as Db;
  retryTransactionsOnConflict(db);
  const listener = postgresListener(pg, url);
  return {
    db,
    kind: 'postgres',
    migrate: () => migrate(db as never, { migrationsFolder: MIGRATIONS_FOLDER }),
    ping: async () => void (await pool.query('select 1')),
    close: async () => {
      await listener.close();
      await pool.end();
    },
    listen: listener.listen,
  };
}

/** One LISTEN connection per process, outside the pool, opened on first use and reopened when lost. */
function postgresListener(pg: typeof import('pg').default, url: string) {
  const handlers = new Map<string, Set<{ onPayload: (p: string) => void; onReconnect?: () => void }>>();
  let client: InstanceType<typeof pg.Client> | null = null;
  let connecting: Promise<void> | null = null;
  let closed = false;
  const quote = (c: string) => `"${c.replace(/"/g, '""')}"`;
  const connect = (): Promise<void> => (connecting ??= (async () => {
    const c = new pg.Client({ connectionString: url, application_name: 'dimotis-listen' });
    const lost = () => {
      if (client !== c) return;
      client = null;
      connecting = null;
      c.end().catch(() => undefined);
      if (!closed) setTimeout(() => void reconnect(), 1000).unref();
    };
    c.on('error', lost);
    c.on('end', lost);
    c.on('notification', (m) => {
      for (const h of handlers.get(m.channel) ?? []) h.onPayload(m.payload ?? '');
    });
    await c.connect();
    for (const channel of handlers.keys()) await c.query(`listen ${quote(channel)}`);
    client = c;
  })().catch((err) => {
    connecting = null;
    throw err;
  }));
  const reconnect = async () => {
    if (closed || !handlers.size) return;
    try {
      await connect();
      for (const set of handlers.values()) for (const h of set) h.onReconnect?.();
    } catch {
      setTimeout(() => void reconnect(), 1000).unref();
    }
  };
  return {
    async listen(channel: string, onPayload: (p: string) => void, onReconnect?: () => void) {
      const h = { onPayload, onReconnect };
      const isNew = !handlers.has(channel);
      if (isNew) handlers.set(channel, new Set());
      handlers.get(channel)!.add(h);
      await connect();
      if (isNew && client) await client.query(`listen ${quote(channel)}`);
      return async () => {
        const set = handlers.get(channel);
        set?.delete(h);
        if (set && !set.size) {
          handlers.delete(channel);
          await client?.query(`unlisten ${quote(channel)}`).catch(() => undefined);
        }
      };
    },
    async close() {
      closed = true;
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}

async function openPglite(opts: OpenOptions): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { unaccent } = await import('@electric-sql/pglite/contrib/unaccent');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  if (opts.dataDir && !opts.dataDir.startsWith('memory://')) mkdirSync(opts.dataDir, { recursive: true });
  const lite = await PGlite.create(opts.dataDir ?? 'memory://', {
    extensions: { pg_trgm, unaccent },
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
  });
  const db = drizzle(lite, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    migrate: () => migrate(db as never, { migrationsFolder: MIGRATIONS_FOLDER }),
    ping: async () => void (await lite.query('select 1')),
    close: () => lite.close(),
    dumpDataDir: () => lite.dumpDataDir('none'),
    listen: (channel, onPayload) => lite.listen(channel, onPayload),
  };
}

/**
 * node-postgres's `pool.query` releases its connection with the query's error, and the pool then
 * closes it: every failed statement outside a transaction (a unique key that lost a race, a
 * deadlock) cost a new PostgreSQL connection, a fork and the statements prepared on it again.
 * An error the server answered with leaves the connection ready for the next query, so only a
 * broken connection (no server answer, or a FATAL one) is discarded; the pool also drops a client
 * that has ended on its own.
 */
function keepConnectionsOnStatementErrors(pool: import('pg').Pool, DatabaseError: new (...args: never[]) => Error): void {
  const original = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  const serverAnswered = (err: unknown) => err instanceof DatabaseError && !['FATAL', 'PANIC'].includes((err as { severity?: string }).severity ?? '');
  (pool as { query: unknown }).query = (config: unknown, values?: unknown, callback?: unknown) => {
    // The callback form (nothing of ours uses it) keeps node-postgres's own behaviour.
    if (typeof values === 'function' || typeof callback === 'function') return original(config, values, callback);
    return pool.connect().then(async (client) => {
      let broken: Error | undefined;
      try {
        return await client.query(config as string, values as unknown[]);
      } catch (err) {
        if (!serverAnswered(err)) broken = err as Error;
        throw err;
      } finally {
        client.release(broken);
      }
    });
  };
}

/** SQLSTATEs of a transaction that lost to another one and may simply run again: deadlock, serialization failure. */
const RETRYABLE = new Set(['40P01', '40001']);

/** A deadlock or serialization failure: node-postgres and PGlite errors, bare or wrapped by Drizzle. */
export function isRetryableConflict(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return [e, e?.cause].some((x) => RETRYABLE.has(x?.code ?? ''));
}

export const TRANSACTION_ATTEMPTS = 5;

/**
 * Every `db.transaction` of the app runs again when PostgreSQL chose it as a deadlock's victim or
 * failed it for serialization (up to TRANSACTION_ATTEMPTS times, after a short random pause): it was
 * rolled back whole, so running the same function again is safe, and a lost race is never a 5xx.
 * Lock orders are kept so that this is rare (see docs/ARCHITECTURE.md); this is the safety net.
 * A transaction's function must therefore only act on the database (all the app's do). Nested
 * transactions (savepoints) are not retried on their own: the outer one is.
 */
function retryTransactionsOnConflict(db: Db): void {
  const transaction = db.transaction.bind(db);
  db.transaction = (async (fn: never, config?: never) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await transaction(fn, config);
      } catch (err) {
        if (attempt >= TRANSACTION_ATTEMPTS || !isRetryableConflict(err)) throw err;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
      }
    }
  }) as Db['transaction'];
}

/** A unique violation (of `constraint`, when named): node-postgres and PGlite errors, bare or wrapped by Drizzle. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  return [e, e?.cause].some((x) => x?.code === '23505' && (constraint === undefined || x.constraint === constraint));
}

/** A timestamp column as JavaScript's toISOString writes it, made by the database (for JSON built in SQL). */
export const isoTimestampSql = (column: string): SQL => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/** Rows of a raw `execute()`: node-postgres and PGlite both answer `{ rows }`. */
export async function queryRows<T>(db: Executor, query: Parameters<Executor['execute']>[0]): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * Like `queryRows`, under a statement name: node-postgres prepares the statement once per pooled
 * connection, so PostgreSQL parses and plans it once instead of on every call. For the hot paths
 * only (registering a request, its route); the SQL text must be the same every time a name is
 * used, only the values vary. PGlite ignores the name. Uses the same session call as
 * `db.execute`, which offers no name.
 */
export async function queryNamed<T>(db: Executor, name: string, query: SQL): Promise<T[]> {
  const d = db as unknown as {
    dialect: { sqlToQuery(sql: SQL): unknown };
    session: { prepareQuery(query: unknown, fields: undefined, name: string, arrayMode: boolean): { execute(): Promise<unknown> } };
  };
  const result = (await d.session.prepareQuery(d.dialect.sqlToQuery(query), undefined, name, false).execute()) as { rows: T[] };
  return result.rows;
}
