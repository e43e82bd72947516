/**
 * Schema changes the bench recommends for src/server/db/schema.ts and a migration, tried on the
 * bench database only with BENCH_PROPOSAL=1: applied before measuring and undone afterwards, so
 * that a plain run always measures the schema as migrated. What to undo is kept in the settings
 * table until it is done, so an interrupted run is repaired by the next one.
 */
import type pg from 'pg';
import { log } from './bench-db.js';

interface Change {
  /** An index to replace (its current definition is saved to put it back), or null for other DDL. */
  index: string | null;
  apply: string;
  /** Only for changes that are not index replacements. */
  revert?: string;
}

export const PROPOSAL: Change[] = [
  // Lists are ORDER BY created_at DESC, id DESC, i.e. DESC NULLS FIRST. Drizzle's `.desc()` makes the
  // indexes DESC NULLS LAST, which Postgres cannot use for that order (it does not reason from NOT
  // NULL), so the queue sorted every open request of the department and search sorted every match.
  { index: 'requests_open_department_created', apply: 'create index requests_open_department_created on requests (department_id, created_at desc, id desc) where closed_at is null' },
  { index: 'requests_created', apply: 'create index requests_created on requests (created_at desc, id desc)' },
  // LIKE '%word%' selectivity comes from the histogram: with 100 entries one sampled hit reads as 1%
  // of the table, and a rare word then gets the "walk newest first" plan and filters 100k+ rows
  // (still seen at 1000). 10000 makes estimates exact down to 0.01%, for ~10 ms more planning per search.
  { index: null, apply: 'alter table requests alter column search_text set statistics 10000', revert: 'alter table requests alter column search_text set statistics -1' },
];

const KEY = 'bench.proposal.undo';

export async function applyProposal(db: pg.Pool): Promise<void> {
  await undoLeftover(db);
  const { rows } = await db.query<{ index: string; def: string }>(
    `select relname as index, pg_get_indexdef(oid) as def from pg_class where relkind = 'i' and relname = any($1)`, [PROPOSAL.flatMap((p) => p.index ?? [])]);
  const undo = PROPOSAL.flatMap((p) => {
    if (!p.index) return [p.revert!];
    const original = rows.find((r) => r.index === p.index);
    return original ? [`drop index if exists ${p.index}`, original.def] : [];
  });
  await db.query(`insert into settings (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value`, [KEY, JSON.stringify(undo)]);
  for (const p of PROPOSAL) {
    if (p.index) await db.query(`drop index if exists ${p.index}`);
    await db.query(p.apply);
  }
  await db.query('analyze requests');
  log(`proposal applied: ${PROPOSAL.map((p) => p.apply).join('; ')}`);
}

/** Puts back what an earlier BENCH_PROPOSAL=1 run changed (also one that was interrupted). */
export async function undoLeftover(db: pg.Pool): Promise<void> {
  const { rows } = await db.query<{ value: string[] }>('select value from settings where key = $1', [KEY]);
  if (!rows[0]) return;
  for (const statement of rows[0].value) await db.query(statement);
  await db.query('analyze requests');
  await db.query('delete from settings where key = $1', [KEY]);
  log('proposal undone: schema as migrated');
}
