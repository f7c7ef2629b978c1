/**
 * What every benchmark stage shares: medians, pairwise ratios, timing, the machine, and
 * measured work run in a child process (`child.ts`) so stages do not pollute each other's
 * memory or JIT state and each run's peak RSS is its own.
 */
import { fork } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The repository root: the nearest folder up from here with wenzheng's package.json (works from test/ and dist/test/). */
export const repoRoot = findRoot(here);

function findRoot(from: string): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'wenzheng') return dir;
  }
  throw new Error(`no wenzheng package.json above ${from}`);
}

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The median of a/b taken pair by pair, so a machine that is slow during one pair does not skew the ratio. */
export function pairedRatio(pairs: readonly { a: number; b: number }[]): number {
  return median(pairs.map((p) => p.a / p.b));
}

/** Rounds to `digits` decimals (figures in the results file stay readable). */
export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** A progress line on stderr (stdout carries the table). */
export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Seconds since `start` (a performance.now() value). */
export function secondsSince(start: number): number {
  return (performance.now() - start) / 1000;
}

export interface Machine {
  cores: number;
  memoryGb: number;
  node: string;
  cpu: string;
  platform: string;
}

/** The machine the figures were taken on. */
export function machine(): Machine {
  return {
    cores: os.availableParallelism(),
    memoryGb: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    platform: `${os.platform()} ${os.release()}`,
  };
}

/** Peak resident set size of this process so far, in MB (Linux reports maxRSS in KB). */
export function peakRssMb(): number {
  return round(process.resourceUsage().maxRSS / 1024, 1);
}

export interface ChildRun<T> {
  result: T;
  /** Peak RSS of the child process over its whole life, in MB. */
  peakRssMb: number;
}

export interface ChildOptions {
  /** Write a V8 CPU profile of the child into this folder (`node --cpu-prof`). */
  cpuProfDir?: string;
}

/**
 * Runs one measured task (`<stage>.<task>`, see child.ts) in a fresh Node process and returns
 * what it answered and its peak RSS. Rejects when the task throws or the child dies.
 */
export function runChild<T>(task: string, args: unknown, opts: ChildOptions = {}): Promise<ChildRun<T>> {
  const execArgv = opts.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', opts.cpuProfDir] : [];
  const child = fork(path.join(here, 'child.js'), [task, JSON.stringify(args)], {
    cwd: repoRoot,
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let answer: { ok: true; result: T; peakRssMb: number } | { ok: false; error: string } | undefined;
    child.on('message', (m) => (answer = m as typeof answer));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (answer?.ok) resolve({ result: answer.result, peakRssMb: answer.peakRssMb });
      else if (answer) reject(new Error(`bench task ${task} failed: ${answer.error}`));
      else reject(new Error(`bench task ${task} died (exit ${code ?? signal}) without an answer`));
    });
  });
}
