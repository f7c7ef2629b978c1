/**
 * Stage workers (issue 14): the same simulated 《民生热线》 board crawled into a fresh database
 * of a throwaway PostgreSQL by 1, 2 and 4 crawl workers, against a simulator that holds every
 * answer 50 ms (a far server), `--rate 0`. The workers are `wenzheng crawl --workers N
 * --concurrency 1`: N workers in one process, each with one page in flight (a latency-bound
 * worker), sharing the frontier and the host's slots only through the database, as workers on
 * several machines do. One process for every N, so each run pays the same start-up.
 *
 * pages/s counts the board pages the simulator served, from the first request's arrival to
 * the last answer (`wallSeconds`, process start-up included, is beside it). While the crawl
 * runs, the CPU clocks of the crawl process, the simulator and PostgreSQL (server and backends)
 * are sampled every 100 ms: their CPU per page inside the crawl gives the most pages per
 * second this machine could do this way (`cpuCeilingPagesPerSec`: all cores over all of it,
 * or one core over the crawl process's share, whose JavaScript runs on one thread), `busy` the
 * share of the cores the three used, `machineBusy` the share every process used (other work too).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findPostgresBin, startPostgres, type PostgresServer } from '../helpers/postgres.js';
import { log, repoRoot, round, secondsSince, type ChildOptions } from './measure.js';
import { startSimChild, type Served, type SimChild } from './simulator.js';

/** Worker counts measured, the simulator's hold per answer, pages in flight per worker, and the board. */
export const WORKERS = { counts: [1, 2, 4], latencyMs: 50, concurrency: 1, seed: 11, threads: { full: 300, quick: 12 } };

/** One measured crawl by `n` workers (CONTRACT.md section 8: `workers: [{ n, pagesPerSec }]`). */
export interface WorkersRun {
  n: number;
  /** null when PostgreSQL is not installed (see note). */
  pagesPerSec: number | null;
  note?: string;
  pages?: number;
  /** From the first request's arrival at the simulator to its last answer. */
  seconds?: number;
  /** From starting the process to its exit. */
  wallSeconds?: number;
  concurrencyPerWorker?: number;
  latencyMs?: number;
  threads?: number;
  /** pagesPerSec over the one-worker run's. */
  ratioToOne?: number;
  /**
   * Pages/s once started: the pages answered after the first tenth of them, over the time from
   * that tenth's answer to the last (see steadyRate). The start is a chain (the first list page
   * names the next) that more workers cannot shorten, and weighs more the shorter the crawl.
   */
  steadyPagesPerSec?: number;
  /** steadyPagesPerSec over the one-worker run's. */
  steadyRatioToOne?: number;
  /** Inside the crawl: CPU milliseconds per page of the crawl process, the simulator and PostgreSQL; null off Linux. */
  cpuMsPerPage?: { crawl: number; simulator: number; postgres: number } | null;
  /**
   * The most pages per second this machine could do this way: the cores over all that CPU per
   * page, or one core over the crawl process's (its JavaScript runs on one thread), the lower.
   */
  cpuCeilingPagesPerSec?: number | null;
  /** Share of all cores those three used inside the crawl (1 = every core busy). */
  busy?: number | null;
  /** Share of all cores every process of the machine used meanwhile (other work included). */
  machineBusy?: number | null;
}

const BIN = path.join(repoRoot, 'dist', 'src', 'cli', 'main.js');
const SOURCE = 'cnhubei-minsheng';

/**
 * Runs the stage: a throwaway PostgreSQL (skipped with a note when not installed) and one board
 * crawled by each worker count; with `prof.cpuProfDir` each crawl process writes a V8 CPU profile there.
 */
export async function workersStage(quick: boolean, prof: ChildOptions = {}): Promise<WorkersRun[]> {
  const bin = findPostgresBin();
  if (!bin) return WORKERS.counts.map((n) => ({ n, pagesPerSec: null, note: 'skipped: no PostgreSQL server installed (apt-get install postgresql)' }));
  const threads = quick ? WORKERS.threads.quick : WORKERS.threads.full;
  const server = await startPostgres(bin);
  let sim: SimChild | undefined;
  try {
    sim = await startSimChild({ seed: WORKERS.seed, threads, latencyMs: WORKERS.latencyMs });
    const runs: WorkersRun[] = [];
    for (const n of WORKERS.counts) {
      const run = await crawlWith(n, server, sim, threads, prof);
      const one = runs[0] ?? run;
      if (Math.abs(run.pages! - one.pages!) > Math.max(2, one.pages! * 0.01)) {
        throw new Error(`${n} workers fetched ${run.pages} pages but one worker ${one.pages}: they must do the same work`);
      }
      run.ratioToOne = round(run.pagesPerSec! / one.pagesPerSec!, 2);
      run.steadyRatioToOne = round(run.steadyPagesPerSec! / one.steadyPagesPerSec!, 2);
      runs.push(run);
      const c = run.cpuMsPerPage;
      const cpu = c ? `; CPU ms/page: crawl ${c.crawl}, simulator ${c.simulator}, PostgreSQL ${c.postgres}; ceiling ${run.cpuCeilingPagesPerSec} pages/s; busy ${run.busy} (machine ${run.machineBusy})` : '';
      log(`  ${n} worker${n > 1 ? 's' : ''}: ${run.pages} pages in ${run.seconds} s, ${run.pagesPerSec} pages/s (${run.ratioToOne}x one; once started ${run.steadyPagesPerSec} pages/s, ${run.steadyRatioToOne}x one)${cpu}`);
    }
    return runs;
  } finally {
    await sim?.close();
    server.stop();
  }
}

/** One `crawl --workers n` on a fresh database, timed by the simulator's log, CPU sampled meanwhile. */
async function crawlWith(n: number, server: PostgresServer, sim: SimChild, threads: number, prof: ChildOptions): Promise<WorkersRun> {
  const db = server.createDatabase(`bench_workers_${n}`);
  const args = ['--db', db, 'crawl', SOURCE, '--origin', `${SOURCE}=${sim.minshengOrigin}`, '--rate', '0', '--full'];
  args.push('--workers', String(n), '--concurrency', String(WORKERS.concurrency), '--format', 'json');
  const postmaster = postmasterPid(server);
  await sim.takeServed();
  const start = performance.now();
  const crawl = crawlProcess(args, prof);
  const samples: Sample[] = [];
  const sampler = setInterval(() => {
    const s = sample(crawl.pid, sim.pid, postmaster);
    if (s) samples.push(s);
  }, 100);
  let report: { requests: number };
  try {
    report = await crawl.done;
  } finally {
    clearInterval(sampler);
  }
  const wallSeconds = secondsSince(start);
  const served = await sim.takeServed();
  if (served.firstArrivalMs === null || served.lastAnswerMs === null || served.pages === 0) throw new Error(`${n} workers: the simulator served no pages`);
  // Every page once: a page fetched again by another worker would show here.
  if (report.requests !== served.pages) throw new Error(`${n} workers reported ${report.requests} requests but the simulator served ${served.pages} pages`);
  const seconds = (served.lastAnswerMs - served.firstArrivalMs) / 1000;
  return {
    n,
    pagesPerSec: round(served.pages / seconds, 1),
    steadyPagesPerSec: round(steadyRate(served.answersMs, STEADY_AFTER), 1),
    pages: served.pages,
    seconds: round(seconds, 2),
    wallSeconds: round(wallSeconds, 2),
    concurrencyPerWorker: WORKERS.concurrency,
    latencyMs: WORKERS.latencyMs,
    threads,
    ...cpuFigures(samples, served),
  };
}

/** The crawl process: its pid, and its JSON run report once it exits (an error naming its exit and last output otherwise). */
function crawlProcess(args: string[], prof: ChildOptions): { pid: number; done: Promise<{ requests: number }> } {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: npm run build first`);
  const execArgv = prof.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', prof.cpuProfDir] : [];
  const child = spawn(process.execPath, [...execArgv, BIN, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const done = new Promise<{ requests: number }>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err = (err + d).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`crawl --workers exited ${code}: ${err.trim().split('\n').slice(-5).join(' | ')}`));
      try {
        resolve(JSON.parse(out) as { requests: number });
      } catch {
        reject(new Error(`crawl printed no JSON run report: ${out.slice(0, 200)}`));
      }
    });
  });
  return { pid: child.pid!, done };
}

/** CPU clocks at one moment, in seconds (epoch ms for t). */
interface Sample {
  t: number;
  crawl: number;
  simulator: number;
  postgres: number;
  machineBusy: number;
  machineTotal: number;
}

/** CPU figures inside the crawl: between the first sample after its first request and the last one before its last answer. */
function cpuFigures(samples: Sample[], served: Served): Pick<WorkersRun, 'cpuMsPerPage' | 'cpuCeilingPagesPerSec' | 'busy' | 'machineBusy'> {
  const inside = samples.filter((s) => s.t >= served.firstArrivalMs! && s.t <= served.lastAnswerMs!);
  const [a, b] = [inside[0], inside.at(-1)];
  const pages = a && b ? served.answersMs.filter((t) => t > a.t && t <= b.t).length : 0;
  if (!a || !b || pages === 0) return { cpuMsPerPage: null, cpuCeilingPagesPerSec: null, busy: null, machineBusy: null };
  const cores = os.availableParallelism();
  const d = { crawl: b.crawl - a.crawl, simulator: b.simulator - a.simulator, postgres: b.postgres - a.postgres };
  const total = d.crawl + d.simulator + d.postgres;
  const ms = (x: number) => round((1000 * x) / pages, 2);
  return {
    cpuMsPerPage: { crawl: ms(d.crawl), simulator: ms(d.simulator), postgres: ms(d.postgres) },
    cpuCeilingPagesPerSec: total > 0 && d.crawl > 0 ? round(Math.min((cores * pages) / total, pages / d.crawl), 1) : null,
    busy: round(total / (((b.t - a.t) / 1000) * cores), 2),
    machineBusy: b.machineTotal > a.machineTotal ? round((b.machineBusy - a.machineBusy) / (b.machineTotal - a.machineTotal), 2) : null,
  };
}

/** The share of a crawl's pages counted as its start (steadyPagesPerSec). */
export const STEADY_AFTER = 0.1;

/**
 * Pages per second after the first `share` of the answers: the answers after the k-th
 * (k = ceil(share x pages)), over the seconds from the k-th answer to the last. NaN when fewer
 * than two answers remain or they came at the same millisecond.
 */
export function steadyRate(answersMs: readonly number[], share: number): number {
  const k = Math.max(1, Math.ceil(share * answersMs.length));
  const from = answersMs[k - 1];
  const to = answersMs.at(-1);
  if (from === undefined || to === undefined || to <= from) return Number.NaN;
  return ((answersMs.length - k) * 1000) / (to - from);
}

/** Linux reports CPU times in clock ticks of 1/100 s (USER_HZ). */
const TICK = 0.01;

/** One sample of the three processes and the machine, or null where /proc is not there (or a process is gone). */
function sample(crawlPid: number, simPid: number, postmaster: number | null): Sample | null {
  const crawl = processCpu(crawlPid);
  const simulator = processCpu(simPid);
  const postgres = postmaster === null ? null : treeCpu(postmaster);
  const machine = machineCpu();
  if (crawl === null || simulator === null || postgres === null || machine === null) return null;
  return { t: Date.now(), crawl, simulator, postgres, machineBusy: machine.busy, machineTotal: machine.total };
}

/** Fields of /proc/<pid>/stat after the command name (index 0 is field 3, the state), or null. */
function statFields(pid: number): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** CPU seconds of a process and of its children it has waited for (fields 14 to 17). */
function processCpu(pid: number): number | null {
  const f = statFields(pid);
  return f ? (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * TICK : null;
}

/** CPU seconds of a server with its processes: its own and finished backends', and its live children's. */
function treeCpu(pid: number): number | null {
  let total = processCpu(pid);
  if (total === null) return null;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(Number(entry));
    if (f && Number(f[1]) === pid) total += processCpu(Number(entry)) ?? 0;
  }
  return total;
}

/** Busy and total CPU seconds of the whole machine so far (/proc/stat; idle and iowait are not busy). */
function machineCpu(): { busy: number; total: number } | null {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1, 9).map(Number);
    const total = cpu.reduce((a, b) => a + b, 0);
    return { busy: (total - cpu[3]! - cpu[4]!) * TICK, total: total * TICK };
  } catch {
    return null;
  }
}

/** The server process of a throwaway PostgreSQL (first line of postmaster.pid), or null. */
function postmasterPid(server: PostgresServer): number | null {
  try {
    const pid = Number(readFileSync(path.join(server.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}
