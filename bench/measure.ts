/**
 * Measuring helpers: percentiles, CPU time of this process and of the PostgreSQL processes that
 * work for the bench database, and the SQL a service function sends (captured through Drizzle's
 * logger, then replayed alone so that HTTP and ORM overhead can be told apart from the database's).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Db } from '../src/server/db/client.js';
import * as schema from '../src/server/db/schema.js';

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

const r2 = (n: number): number => Math.round(n * 100) / 100;
export const round3 = (n: number): number => Math.round(n * 1000) / 1000;

/** Nearest-rank percentiles, in milliseconds rounded to 0.01. */
export function percentiles(values: number[]): Percentiles {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
  return { n: s.length, p50: r2(at(0.5)), p95: r2(at(0.95)), p99: r2(at(0.99)), max: r2(s.at(-1) ?? NaN), mean: r2(s.reduce((a, b) => a + b, 0) / (s.length || 1)) };
}

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of a process in milliseconds, or null when it is gone or not readable. */
function processCpuMs(pid: number): { comm: string; ppid: number; ms: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { comm, ppid: Number(rest[1]), ms: ((Number(rest[11]) + Number(rest[12])) * 1000) / CLK_TCK };
  } catch {
    return null;
  }
}

/**
 * CPU milliseconds so far of every PostgreSQL process except backends connected to another
 * database (tests may be running beside the bench): the postmaster, its auxiliary processes
 * (WAL writer, checkpointer...) and our backends. Only meaningful with the server on this machine.
 */
export async function postgresCpu(admin: pg.Pool | pg.Client, database: string): Promise<Map<number, number>> {
  const { rows } = await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname is not null and datname <> $1', [database]);
  const foreign = new Set(rows.map((r) => r.pid));
  const out = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (foreign.has(pid)) continue;
    const p = processCpuMs(pid);
    if (p && (p.comm === 'postgres' || p.comm === 'postmaster')) out.set(pid, p.ms);
  }
  return out;
}

/** CPU used between two snapshots; processes that appeared in between count from zero. */
export function cpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

export interface Statement {
  text: string;
  values: unknown[];
}

/** A Drizzle handle that records every statement it sends, for replaying them alone. */
export function capturingDb(pool: pg.Pool): { db: Db; take(): Statement[] } {
  let captured: Statement[] = [];
  const db = drizzle(pool, { schema, logger: { logQuery: (text: string, values: unknown[]) => void captured.push({ text, values }) } }) as unknown as Db;
  return { db, take: () => [captured, (captured = [])][0]! };
}

/** Runs the statements one after the other on one connection; returns the milliseconds taken. */
export async function replay(client: pg.Client | pg.PoolClient, statements: Statement[]): Promise<number> {
  const t = performance.now();
  for (const s of statements) await client.query(s.text, s.values as unknown[]);
  return performance.now() - t;
}

export interface PlanSummary {
  executionMs: number;
  planningMs: number;
  jit: boolean;
  nodes: string[];
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  'Sort Method'?: string;
  'Workers Launched'?: number;
  Plans?: PlanNode[];
}

/** EXPLAIN (ANALYZE, BUFFERS) of a statement, boiled down to the scans and sorts that decide its time. */
export async function explain(client: pg.Client | pg.PoolClient, s: Statement): Promise<PlanSummary> {
  const { rows } = await client.query(`explain (analyze, buffers, format json) ${s.text}`, s.values as unknown[]);
  const plan = (rows[0] as { 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number; 'Planning Time': number; JIT?: unknown }] })['QUERY PLAN'][0];
  const nodes: string[] = [];
  const walk = (n: PlanNode) => {
    if (/Scan|Sort|Gather/.test(n['Node Type']) && !/^(categories|departments|users|citizens)$/.test(n['Relation Name'] ?? '')) {
      const parts = [n['Node Type']];
      if (n['Index Name']) parts.push(`using ${n['Index Name']}`);
      else if (n['Relation Name']) parts.push(`on ${n['Relation Name']}`);
      parts.push(`rows=${n['Actual Rows']}${(n['Actual Loops'] ?? 1) > 1 ? `x${n['Actual Loops']}` : ''}`);
      if (n['Rows Removed by Filter']) parts.push(`filtered=${n['Rows Removed by Filter']}`);
      if (n['Rows Removed by Index Recheck']) parts.push(`rechecked-out=${n['Rows Removed by Index Recheck']}`);
      if (n['Sort Method']) parts.push(`(${n['Sort Method']})`);
      if (n['Workers Launched']) parts.push(`workers=${n['Workers Launched']}`);
      nodes.push(parts.join(' '));
    }
    n.Plans?.forEach(walk);
  };
  walk(plan.Plan);
  return { executionMs: r2(plan['Execution Time']), planningMs: r2(plan['Planning Time']), jit: !!plan.JIT, nodes };
}
