/**
 * PostgreSQL's CPU time during a bench phase, counted for every process that served it, including
 * backends that connected and exited within the phase.
 *
 * Why not two snapshots: reading /proc/<pid>/stat of the live backends at the start and at the end
 * of a phase misses every backend that exited in between, with all its CPU (its fork, sign-in,
 * catalogue loading, statements prepared again). When the app's pool closed a connection after each
 * failed statement, one run read 0.45 ms of PostgreSQL CPU per create where the real figure was
 * 4–7 ms.
 *
 * How: a sampler in a child process of its own (so that its work is not charged to the app, which
 * runs in the bench's process) reads the postmaster's children every SAMPLE_MS from
 * /proc/<postmaster>/task/<postmaster>/children, classifies each by its process title (PostgreSQL
 * writes "postgres: [cluster: ]<user> <database> <host>(<port>) <state>" for a client backend,
 * "autovacuum worker <database>", "parallel worker for PID <leader>", or the name of an auxiliary
 * process) and remembers the last CPU time seen of each. A process first seen after the start
 * counts from zero (the kernel starts a forked child's times at zero), one that has exited counts
 * with its last sample. Counted: our database's backends, autovacuum and parallel workers, the
 * shared auxiliary processes (WAL writer, checkpointer...) and the postmaster itself — everything
 * but other databases' backends, as tests of other work may be running beside the bench.
 *
 * Sampling alone still misses most of a short-lived backend: it is seen just after its fork and
 * does its work (sign-in, catalogue loading, its statements, its exit) before the next sample;
 * 200 connections of one query each on this machine showed 20 ms in samples of 1,000+ ms. So the
 * exits are counted from a cumulative source: the postmaster's cutime + cstime, the exact CPU of
 * the children it has reaped (whole lives). What samples do not account for of it (reaped total −
 * the last samples of the children that exited) is shared among the exited children by number:
 * ours get the share of ours among them (a backend of another database, a test beside the bench,
 * gets its share too). That estimate is `exitRemainderMs`, included in `ms`; `unattributedMs` is
 * the whole remainder, the most that the figure can be off by.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SAMPLE_MS = 5;

export interface PostgresCpu {
  /** CPU ms of our backends, the shared processes and the postmaster during the phase (sampled). */
  ms: number;
  /** Of `ms`, the part of backends that exited during the phase (what two snapshots would miss). */
  exitedMs: number;
  /** Of `exitedMs`, our share of the reaped CPU that no sample saw (see above). */
  exitRemainderMs: number;
  /** All reaped CPU that no sample saw, ours and others': the most `ms` can be off by. */
  unattributedMs: number;
  /** Our database's backends seen to start during the phase (new connections; one that lived less than a sample is missed: pg_stat_database.sessions is exact). */
  backendsStarted: number;
  /** Our database's backends that exited during the phase (connections closed). */
  backendsExited: number;
}

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime (own) and cutime + cstime (reaped children) of a process in ms, or null when gone. */
function readStat(pid: number): { own: number; children: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ms = (i: number) => (Number(f[i]) * 1000) / CLK_TCK;
    return { own: ms(11) + ms(12), children: ms(13) + ms(14) };
  } catch {
    return null;
  }
}

type Kind = { kind: 'ours' | 'foreign' | 'shared' } | { kind: 'parallel'; leader: number } | { kind: 'unknown' };

/** What a postmaster child is, from its process title. */
function classify(pid: number, database: string): Kind {
  let title: string;
  try {
    title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0+$/, '').replace(/\0/g, ' ').trim();
  } catch {
    return { kind: 'unknown' };
  }
  if (!title.startsWith('postgres: ')) return { kind: 'unknown' }; // forked, title not set yet
  const rest = title.slice('postgres: '.length).replace(/^[^\s:]+\/[^\s:]+: /, '').replace(/^[^\s:()]+: (?=\S+ \S+ (\S+\(\d+\)|\[local\]))/, '');
  const backend = /^\S+ (\S+) (?:\S+\(\d+\)|\[local\])/.exec(rest);
  const autovacuum = /^autovacuum worker (\S+)/.exec(rest);
  const db = backend?.[1] ?? autovacuum?.[1];
  if (db) return { kind: db === database ? 'ours' : 'foreign' };
  const parallel = /^parallel worker for PID (\d+)/.exec(rest);
  if (parallel) return { kind: 'parallel', leader: Number(parallel[1]) };
  return { kind: 'shared' };
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function postmasterPid(): number {
  // The oldest process named postgres whose parent is not itself a postgres process.
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,comm='], { encoding: 'utf8' });
  const procs = out.trim().split('\n').map((l) => l.trim().split(/\s+/)).map(([pid, ppid, comm]) => ({ pid: Number(pid), ppid: Number(ppid), comm }));
  const pg = new Set(procs.filter((p) => p.comm === 'postgres' || p.comm === 'postmaster').map((p) => p.pid));
  const root = procs.find((p) => pg.has(p.pid) && !pg.has(p.ppid));
  if (!root) throw new Error('no PostgreSQL server on this machine: CPU cannot be measured');
  return root.pid;
}

/** The sampler's state for one phase. */
class Phase {
  private readonly start = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private readonly kinds = new Map<number, Kind>();
  private readonly exited = new Set<number>();
  private readonly postmasterStart: { own: number; children: number };
  constructor(private readonly postmaster: number, private readonly database: string) {
    this.postmasterStart = readStat(postmaster)!;
    for (const pid of childrenOf(postmaster)) {
      const s = readStat(pid);
      if (s) this.start.set(pid, s.own);
    }
    this.sample();
  }

  sample(): void {
    const live = new Set(childrenOf(this.postmaster));
    for (const pid of live) {
      const s = readStat(pid);
      if (!s) continue;
      this.last.set(pid, s.own);
      const k = this.kinds.get(pid);
      if (!k || k.kind === 'unknown') this.kinds.set(pid, classify(pid, this.database));
    }
    for (const pid of this.last.keys()) if (!live.has(pid)) this.exited.add(pid);
  }

  private counts(pid: number): boolean {
    const k = this.kinds.get(pid) ?? { kind: 'unknown' };
    if (k.kind === 'parallel') return (this.kinds.get(k.leader)?.kind ?? 'foreign') === 'ours';
    return k.kind === 'ours' || k.kind === 'shared';
  }

  finish(): PostgresCpu {
    this.sample();
    const end = readStat(this.postmaster)!;
    let ms = end.own - this.postmasterStart.own;
    let exitedMs = 0;
    let exitedAll = 0;
    let backendsStarted = 0;
    let backendsExited = 0;
    for (const [pid, last] of this.last) {
      const used = last - (this.start.get(pid) ?? 0);
      const gone = this.exited.has(pid);
      if (gone) exitedAll += used;
      if (!this.counts(pid)) continue;
      ms += used;
      if (gone) exitedMs += used;
      if (this.kinds.get(pid)?.kind === 'ours') {
        if (!this.start.has(pid)) backendsStarted++;
        if (gone) backendsExited++;
      }
    }
    // Children that exited before the phase was over but after having been counted at its start
    // contribute (last − start), the reaped total (whole life): bring both to whole lives.
    let exitedStartShare = 0;
    for (const pid of this.exited) exitedStartShare += this.start.get(pid) ?? 0;
    const unattributedMs = Math.max(0, end.children - this.postmasterStart.children - (exitedAll + exitedStartShare));
    const oursExited = [...this.exited].filter((pid) => this.counts(pid)).length;
    const exitRemainderMs = this.exited.size ? (unattributedMs * oursExited) / this.exited.size : 0;
    const r = (n: number) => Math.round(n * 10) / 10;
    return { ms: r(ms + exitRemainderMs), exitedMs: r(exitedMs + exitRemainderMs), exitRemainderMs: r(exitRemainderMs), unattributedMs: r(unattributedMs), backendsStarted, backendsExited };
  }
}

/** Runs in the sampler child: start → 'started' after the first sample, stop → the phase's figures. */
function runSampler(): void {
  const postmaster = postmasterPid();
  let phase: Phase | null = null;
  let timer: NodeJS.Timeout | null = null;
  process.on('message', (m: { type: 'start'; database: string } | { type: 'stop' } | { type: 'exit' }) => {
    if (m.type === 'start') {
      phase = new Phase(postmaster, m.database);
      timer = setInterval(() => phase?.sample(), SAMPLE_MS);
      process.send!({ type: 'started' });
    } else if (m.type === 'stop') {
      if (timer) clearInterval(timer);
      process.send!({ type: 'stopped', cpu: phase?.finish() ?? null });
      phase = null;
    } else process.exit(0);
  });
  process.send!({ type: 'up' });
}

if (process.argv[2] === 'pg-cpu-sampler' && process.send) runSampler();

/** The sampler process, started once per bench run. */
export async function startCpuSampler(): Promise<{ measure(database: string): Promise<() => Promise<PostgresCpu>>; close(): void }> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['pg-cpu-sampler'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 2, 2, 'ipc'] });
  const next = (type: string) =>
    new Promise<{ cpu?: PostgresCpu }>((resolve, reject) => {
      const onMessage = (m: { type: string; cpu?: PostgresCpu }) => {
        if (m.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m);
      };
      const onExit = (code: number | null) => reject(new Error(`CPU sampler exited (${code})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  await next('up');
  return {
    async measure(database) {
      const started = next('started');
      child.send({ type: 'start', database });
      await started;
      return async () => {
        const stopped = next('stopped');
        child.send({ type: 'stop' });
        return (await stopped).cpu!;
      };
    },
    close: () => void child.send({ type: 'exit' }),
  };
}
