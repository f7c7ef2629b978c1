/**
 * `npm run bench [-- --quick] [--out FILE] [--only crawl,incremental,reextract,snapshot,serve,parser,workers]
 * [--concurrency N] [--cpu-prof DIR] [--keep] [--memory-check N]`: every stage measured against the simplest thing
 * that does the same work, on this machine in this run (issue 7). Writes the figures of
 * CONTRACT.md section 8 to storage/bench/results.json (quick: results.quick.json), a Markdown
 * table beside them, and prints the table with the machine's cores and memory.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bigCrawl, crawlFigures, crawlPairs, type BigRun, type CrawlFigures, type CrawlPair } from './crawl.js';
import { incrementalStage, type IncrementalFigures } from './incremental.js';
import { log, machine, repoRoot, round, secondsSince, type ChildOptions, type Machine } from './measure.js';
import { parserStage, type ParserFigures } from './parser.js';
import { reextractStage, type ReextractFigures } from './reextract.js';
import { startSimChild } from './simulator.js';
import { serveStage, type ServeFigures } from './serve.js';
import { memoryCheck, snapshotStage, type SnapshotFigures } from './snapshot.js';
import { formatTable } from './table.js';
import { workersStage, type WorkersRun } from './workers.js';

export const STAGES = ['crawl', 'incremental', 'reextract', 'snapshot', 'serve', 'parser', 'workers'] as const;
type Stage = (typeof STAGES)[number];

/** Board and table sizes, and how many runs each median takes. */
export const SIZES = {
  full: { pairThreads: 2_000, crawlRuns: 3, bigThreads: 20_000, reextractRuns: 3, messages: 1_000_000, replies: 1_000_000, snapshotRuns: 3, serveRounds: 5, parserRounds: 5, parserSeconds: 2 },
  quick: { pairThreads: 120, crawlRuns: 1, bigThreads: 120, reextractRuns: 1, messages: 5_000, replies: 5_000, snapshotRuns: 1, serveRounds: 2, parserRounds: 3, parserSeconds: 0.2 },
};

export interface BenchResults {
  machine: Machine;
  createdAt: string;
  mode: 'full' | 'quick';
  seconds: number;
  crawl?: CrawlFigures;
  incremental?: IncrementalFigures;
  reextract?: ReextractFigures;
  snapshot?: SnapshotFigures;
  serve?: ServeFigures;
  parser?: ParserFigures;
  workers?: WorkersRun[];
}

type Size = (typeof SIZES)['full'];

interface Options {
  quick: boolean;
  /** Size overrides (`--threads`, `--pair-threads`, `--runs`, `--rows`), for profiling and smaller machines. */
  size: Size;
  out: string;
  only: Set<Stage>;
  concurrency: number;
  cpuProfDir?: string;
  keep: boolean;
  /** Also one snapshot of an N-message, N-reply archive for its peak RSS (snapshot stage). */
  memoryCheckRows?: number;
}

const SEED = 7;

function parseArgs(argv: string[]): Options {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  const only = value('--only')?.split(',') ?? [...STAGES];
  for (const s of only) if (!(STAGES as readonly string[]).includes(s)) throw new Error(`--only: unknown stage '${s}' (stages: ${STAGES.join(', ')})`);
  const cpuProf = value('--cpu-prof');
  const num = (flag: string) => (value(flag) === undefined ? undefined : Number(value(flag)));
  const size: Size = { ...(quick ? SIZES.quick : SIZES.full) };
  const runs = num('--runs');
  if (runs) Object.assign(size, { crawlRuns: runs, reextractRuns: runs, snapshotRuns: runs });
  if (num('--threads')) size.bigThreads = num('--threads')!;
  if (num('--pair-threads')) size.pairThreads = num('--pair-threads')!;
  if (num('--rows')) Object.assign(size, { messages: num('--rows'), replies: num('--rows') });
  return {
    quick,
    size,
    out: path.resolve(value('--out') ?? path.join(repoRoot, 'storage', 'bench', quick ? 'results.quick.json' : 'results.json')),
    only: new Set(only as Stage[]),
    concurrency: Number(value('--concurrency') ?? 4),
    cpuProfDir: cpuProf ? path.resolve(cpuProf) : undefined,
    keep: argv.includes('--keep'),
    memoryCheckRows: num('--memory-check'),
  };
}

/** Runs the selected stages and returns the figures. */
export async function runBench(opts: Options): Promise<BenchResults> {
  const { size } = opts;
  const prof: ChildOptions = { cpuProfDir: opts.cpuProfDir };
  const work = mkdtempSync(path.join(os.tmpdir(), 'wz-bench-'));
  const start = performance.now();
  const results: BenchResults = { machine: machine(), createdAt: new Date().toISOString(), mode: opts.quick ? 'quick' : 'full', seconds: 0 };
  const stage = async <T>(name: Stage, fn: () => Promise<T>): Promise<T> => {
    log(`${name}:`);
    const t = performance.now();
    const out = await fn();
    log(`  (${round(secondsSince(t), 1)} s)`);
    return out;
  };
  try {
    if (opts.only.has('parser')) results.parser = await stage('parser', () => parserStage(size.parserRounds, size.parserSeconds));
    const { only } = opts;
    if (only.has('crawl') || only.has('incremental') || only.has('reextract')) {
      const bigSim = await startSimChild({ seed: SEED, threads: size.bigThreads });
      let big: BigRun;
      let pairDbs: string[] = [];
      try {
        big = await stage('crawl', async () => {
          if (!only.has('crawl')) return bigCrawl(bigSim, path.join(work, 'big', 'wenzheng.sqlite'), opts.concurrency, prof);
          // Boards of one size (--quick): the first pair's pipeline run is the big run too.
          const shared = size.pairThreads === size.bigThreads;
          const sim = shared ? bigSim : await startSimChild({ seed: SEED, threads: size.pairThreads });
          let pairs: CrawlPair[];
          try {
            pairs = await crawlPairs(sim, work, size.crawlRuns, opts.concurrency, prof);
          } finally {
            if (!shared) await sim.close();
          }
          pairDbs = pairs.map((p) => p.pipeline.db);
          const first = pairs[0]!.pipeline;
          const run = shared ? { run: first, peakRssMb: first.peakRssMb, db: first.db, requests: first.requests } : await bigCrawl(bigSim, path.join(work, 'big', 'wenzheng.sqlite'), opts.concurrency, prof);
          results.crawl = crawlFigures(pairs, run, size.bigThreads, size.pairThreads, opts.concurrency);
          return run;
        });
        if (only.has('incremental')) {
          results.incremental = await stage('incremental', () => incrementalStage(bigSim, big.db, big.requests, size.bigThreads, opts.concurrency, prof));
        }
      } finally {
        await bigSim.close();
      }
      if (only.has('reextract')) {
        // Over the crawl pairs' archives when there are some (see reextract.ts), else the big board's.
        const [dbs, threads] = pairDbs.length ? [pairDbs, size.pairThreads] : [[big.db], size.bigThreads];
        results.reextract = await stage('reextract', () => reextractStage(dbs, threads, size.reextractRuns, prof));
      }
    }
    if (only.has('snapshot')) {
      const dir = path.join(work, 'snapshot');
      mkdirSync(dir, { recursive: true });
      results.snapshot = await stage('snapshot', () => snapshotStage(dir, { messages: size.messages, replies: size.replies }, size.snapshotRuns, !opts.quick, prof, only.has('serve')));
      if (opts.memoryCheckRows) results.snapshot.memoryCheck = await memoryCheck(dir, opts.memoryCheckRows);
    }
    if (only.has('serve')) {
      const dir = path.join(work, 'serve');
      mkdirSync(dir, { recursive: true });
      // The snapshot stage's archive is the same generator's at the same size: searched, not regenerated.
      const reuse = only.has('snapshot') ? path.join(work, 'snapshot', 'wenzheng.sqlite') : undefined;
      results.serve = await stage('serve', () => serveStage(dir, { messages: size.messages, replies: size.replies }, size.serveRounds, prof, reuse));
    }
    if (only.has('workers')) results.workers = await stage('workers', () => workersStage(opts.quick, prof));
  } finally {
    if (opts.keep) log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
  results.seconds = round(secondsSince(start), 1);
  return results;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const results = await runBench(opts);
  mkdirSync(path.dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, `${JSON.stringify(results, null, 2)}\n`);
  const table = formatTable(results);
  writeFileSync(opts.out.replace(/\.json$/, '') + '.md', `${table}\n`);
  process.stdout.write(`${table}\n\nwritten to ${path.relative(process.cwd(), opts.out) || opts.out}\n`);
}

await main();
