/**
 * `wenzheng demo` (what `npm run demo` runs): the whole pipeline offline. Starts the board
 * simulator on 127.0.0.1, crawls every board it serves with the real adapters (人民网《领导留言板》
 * with three of its boards, chosen once and remembered by the archive), lets a
 * simulated day pass and crawls again (incrementally), writes a dated snapshot after each
 * day, and prints where the archive, the snapshots and the dashboard are.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { openArchive } from '../archive/db.js';
import { chinaDateOf } from '../extract/time.js';
import { parseOrigins } from '../crawl/origins.js';
import { ADAPTERS } from '../sources/index.js';
import { crawlWithLock, printRunReport } from './crawl.js';
import { plantedClaimLines } from './demo-claims.js';
import { action, InputError } from './exit.js';
import { parseNumberOption } from './options.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run the whole pipeline offline on the built-in simulator (what `npm run demo` does)')
    .option('--dir <dir>', 'folder for the demo archive (emptied first; must be empty, missing or an earlier demo)', 'storage/demo')
    .option('--threads <n>', '民生热线 threads in the simulated board', '400')
    .option('--days <n>', 'simulated days to crawl', '2')
    .action(
      action(async (flags: { dir: string; threads: string; days: string }) => {
        const threads = parseNumberOption('--threads', flags.threads, { min: 10, integer: true });
        const days = parseNumberOption('--days', flags.days, { min: 1, integer: true });
        const dir = path.resolve(flags.dir);
        clearDemoDir(dir);
        const { startSimulator, OVERSTATE_FACTOR } = await import('../simulate/index.js');
        const { LIUYAN_ACTIVE_FIDS } = await import('../simulate/liuyan-world.js');
        const { writeSnapshot } = await import('../publish/snapshot.js');
        const dbPath = path.join(dir, 'wenzheng.sqlite');
        const sim = await startSimulator({ port: 0, seed: 'demo', threads, wenzhengMessages: Math.ceil(threads / 3), sunMessages: Math.ceil(threads / 3), rednetMessages: Math.ceil(threads / 3), liuyanMessages: Math.ceil(threads / 3), overstate: true });
        const say = (s: string) => process.stdout.write(`${s}\n`);
        say(`simulator listening on ${sim.url} (民生热线 ${threads} threads, 荆楚问政, 阳光问政, 问政湖南, 领导留言板, report articles)`);
        // Only the boards the simulator serves: the demo never reaches a real site.
        const sources = ADAPTERS.filter((a) => a.id in sim.origins);
        const origins = parseOrigins(Object.entries(sim.origins).map(([k, v]) => `${k}=${v}`), ADAPTERS);
        let snapshotDir = '';
        let exitCode = 0;
        try {
          for (let day = 1; day <= days; day++) {
            if (day > 1) await fetch(`${sim.url}/__sim/advance?hours=24`, { method: 'POST' });
            const now = ((await (await fetch(`${sim.url}/__sim/truth`)).json()) as { now: string }).now;
            say(`\nday ${day} (simulated ${now}): crawling ${sources.map((s) => s.id).join(', ')}`);
            // 领导留言板's boards are named on the first day only: the archive remembers them. The
            // simulator is local, so its WAF pacing can be dropped (never on the real site).
            const boards = day === 1 ? { 'people-liuyan': [...LIUYAN_ACTIVE_FIDS] } : undefined;
            const session = { postIntervalMs: 0, blockBackoffMs: 1_000 };
            // Simulated 2021 gets simulated times: fetches, runs and the snapshot's as-of.
            const result = await crawlWithLock(dbPath, { sources, origins, rate: 0, concurrency: 4, full: false, boards, session, clock: simulatedClock(now) });
            printRunReport(result, 'text');
            exitCode = Math.max(exitCode, result.exitCode);
            const archive = await openArchive(dbPath);
            try {
              const snap = await writeSnapshot(archive, { outDir: path.join(dir, 'snapshots'), date: chinaDateOf(now) });
              snapshotDir = snap.dir;
              say(`snapshot ${snap.dir}${snap.previous ? ` (changes against ${path.basename(snap.previous)})` : ''}`);
              for (const line of await plantedClaimLines(snap.dir, OVERSTATE_FACTOR)) say(line);
            } finally {
              await archive.close();
            }
          }
        } finally {
          await sim.close();
        }
        say('\ndone:');
        say(`  archive    ${dbPath}`);
        say(`  raw pages  ${path.join(dir, 'raw')}`);
        say(`  snapshot   ${snapshotDir}`);
        say(`  dashboard  ${path.join(snapshotDir, 'index.html')}`);
        say('\nnext, on the demo archive:');
        const db = path.relative(process.cwd(), dbPath) || dbPath;
        for (const args of ['stats', 'overdue', 'serve']) say(`  npx wenzheng --db ${db} ${args}`);
        return exitCode;
      }),
    );
}

/** The file that marks a folder as written by `demo`, so a later demo may empty it. */
export const DEMO_MARKER = '.wenzheng-demo';
/** What a demo folder holds (folders written before the marker existed hold only these). */
const DEMO_ENTRIES = new Set([DEMO_MARKER, 'wenzheng.sqlite', 'wenzheng.sqlite-wal', 'wenzheng.sqlite-shm', 'wenzheng.sqlite-journal', 'wenzheng.sqlite.lock', 'raw', 'snapshots', 'crawlee']);

/**
 * Empties the demo folder and marks it. Refuses (exit 2, nothing touched) a folder that holds
 * anything a demo does not write: `--dir ~/research` must never delete someone's files.
 */
function clearDemoDir(dir: string): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new InputError(`--dir ${dir}: not a folder; nothing was changed`);
    const entries = readdirSync(dir);
    const foreign = entries.filter((e) => !DEMO_ENTRIES.has(e));
    if (entries.length && !entries.includes(DEMO_MARKER) && foreign.length) {
      throw new InputError(`--dir ${dir}: not empty and not a demo folder (holds ${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', ...' : ''}); pick an empty or new folder; nothing was changed`);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, DEMO_MARKER), 'written by `wenzheng demo`; a later demo empties this folder\n');
}

/** A clock that starts at the simulator's `now` and runs on with real time. */
export function simulatedClock(simulatedNow: string): () => Date {
  const base = Date.parse(simulatedNow);
  const started = Date.now();
  return () => new Date(base + (Date.now() - started));
}
