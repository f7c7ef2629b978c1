/**
 * Stage 3, re-extraction: `reextract --all` over every stored capture of a crawled board
 * (raw store read, decode, adapter, validation, archive writes) against the adapter alone
 * over the same bodies already decoded in memory. Pairs alternate which side goes first.
 * The pairs run over the archives of the crawl pairs (2,000 threads each): three passes over
 * the 20,000-thread archive, each side, would take longer than the whole bench may.
 */
import { capturesToReextract } from '../../src/archive/captures.js';
import { openArchive } from '../../src/archive/db.js';
import { storePages } from '../../src/archive/page-store.js';
import { getRaw } from '../../src/archive/raw-store.js';
import { createLogger } from '../../src/crawl/log.js';
import { readPage } from '../../src/crawl/ingest.js';
import { reextract, reextractContext } from '../../src/crawl/reextract.js';
import { decodeBody } from '../../src/extract/charset.js';
import { findAdapter } from '../../src/sources/index.js';
import type { SourceAdapter } from '../../src/sources/types.js';
import { readFileSync } from 'node:fs';
import { log, median, pairedRatio, round, runChild, secondsSince, type ChildOptions } from './measure.js';

const SOURCE = 'cnhubei-minsheng';
/** Bodies decoded at a time for the parser-only side (all 20,000 at once would be about 2 GB of strings). */
const BATCH = 1000;

interface Run {
  pages: number;
  seconds: number;
  failures: number;
  /** CPU ms of the main thread over what was timed (null where /proc is not there). */
  mainCpuMs: number | null;
  /** CPU ms of the whole process (every thread) over what was timed. */
  cpuMs: number;
}

/**
 * CPU ms (user + system) the main thread has used, from /proc (Linux, 100 ticks a second); null
 * elsewhere. Wall-clock ratios are rough while other work shares the cores; this one is not.
 */
function mainThreadCpuMs(): number | null {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** CPU ms of the main thread and of the process between two readings. */
function cpuSince(from: { main: number | null; all: NodeJS.CpuUsage }) {
  const main = mainThreadCpuMs();
  const all = process.cpuUsage(from.all);
  return { mainCpuMs: main === null || from.main === null ? null : main - from.main, cpuMs: (all.user + all.system) / 1000 };
}

const cpuNow = () => ({ main: mainThreadCpuMs(), all: process.cpuUsage() });

function minsheng(): SourceAdapter {
  const a = findAdapter(SOURCE);
  if (!a) throw new Error(`no adapter ${SOURCE}`);
  return a;
}

/** `reextract --all` of the board, timed as a whole. */
async function pipeline(args: { db: string }): Promise<Run> {
  const archive = await openArchive(args.db);
  try {
    const cpu = cpuNow();
    const start = performance.now();
    const tally = await reextract(archive, { sources: [minsheng()], all: true, logger: createLogger('bench') });
    const seconds = secondsSince(start);
    const t = tally[SOURCE]!;
    return { pages: t.captures, seconds, failures: t.failures.length, ...cpuSince(cpu) };
  } finally {
    await archive.close();
  }
}

/** The adapter alone over the same captures' bodies, decoded beforehand (only parsing is timed). */
async function parserOnly(args: { db: string }): Promise<Run> {
  const adapter = minsheng();
  const archive = await openArchive(args.db);
  try {
    const rows = archive.sqlite
      .prepare(`SELECT url, sha256, content_type FROM capture WHERE source_id = ? AND http_status < 400 ORDER BY fetched_at, id`)
      .all(SOURCE) as { url: string; sha256: string; content_type: string | null }[];
    let seconds = 0;
    let failures = 0;
    let mainCpuMs: number | null = 0;
    let cpuMs = 0;
    for (let i = 0; i < rows.length; i += BATCH) {
      const pages = rows.slice(i, i + BATCH).map((r) => ({ url: r.url, body: decodeBody(getRaw(archive.rawDir, r.sha256), r.content_type), contentType: r.content_type }));
      const cpu = cpuNow();
      const start = performance.now();
      for (const page of pages) {
        try {
          adapter.parse(page);
        } catch {
          failures++;
        }
      }
      seconds += secondsSince(start);
      const used = cpuSince(cpu);
      mainCpuMs = mainCpuMs === null || used.mainCpuMs === null ? null : mainCpuMs + used.mainCpuMs;
      cpuMs += used.cpuMs;
    }
    return { pages: rows.length, seconds, failures, mainCpuMs, cpuMs };
  } finally {
    await archive.close();
  }
}

/**
 * The same reading and storing as `reextract --all` on one thread, plainly: every capture's body
 * read from the raw store (unzipped, checked, decoded), read by the adapter and validated, and
 * stored in batches of 200 with the same contexts; no reading thread, no change counts.
 */
async function sameWork(args: { db: string }): Promise<Run> {
  const adapter = minsheng();
  const archive = await openArchive(args.db);
  try {
    const cpu = cpuNow();
    const start = performance.now();
    const captures = await capturesToReextract(archive.db, { sourceId: SOURCE, replay: true, extractorVersion: adapter.version });
    for (let i = 0; i < captures.length; i += SAME_WORK_BATCH) {
      const pages = captures.slice(i, i + SAME_WORK_BATCH).map((c) => ({
        x: readPage({ adapter, request: c.request, text: decodeBody(getRaw(archive.rawDir, c.sha256), c.contentType), contentType: c.contentType, servedAt: c.servedAt ?? c.fetchedAt }),
        ctx: reextractContext(archive, adapter, c, true),
      }));
      await storePages(archive, pages);
    }
    const seconds = secondsSince(start);
    return { pages: captures.length, seconds, failures: 0, ...cpuSince(cpu) };
  } finally {
    await archive.close();
  }
}

/** Captures stored a transaction in the same-work loop (as re-extraction does). */
const SAME_WORK_BATCH = 200;

export const tasks = { pipeline, parserOnly, sameWork };

export interface ReextractFigures {
  pagesPerSec: number;
  parserOnlyPagesPerSec: number;
  ratio: number;
  /**
   * For reference: the same reading and storing on one thread, plainly (sameWork), and
   * re-extraction's ratio to it (median of the per-pair ratios).
   */
  sameWorkPagesPerSec: number;
  sameWorkRatio: number;
  /** Captures of each archive re-extracted (threads of the board it came from: `threads`). */
  pages: number;
  threads: number;
  /**
   * CPU a page (ms, medians of the pairs): re-extraction's main thread (`mainCpuMsPerPage`),
   * all its threads (`cpuMsPerPage`), and the parser alone (`parserOnlyMainCpuMsPerPage`); their
   * ratio (parser alone over re-extraction's main thread, `mainCpuRatio`) holds while other
   * work shares the cores, when the wall-clock one does not. Null where /proc is not there.
   */
  cpu: { mainCpuMsPerPage: number | null; cpuMsPerPage: number; parserOnlyMainCpuMsPerPage: number | null; mainCpuRatio: number | null };
  runs: {
    pagesPerSec: number;
    parserOnlyPagesPerSec: number;
    sameWorkPagesPerSec: number;
    ratio: number;
    mainCpuMsPerPage: number | null;
    parserOnlyMainCpuMsPerPage: number | null;
  }[];
}

const perSec = (r: Run) => r.pages / r.seconds;
const mainPerPage = (r: Run) => (r.mainCpuMs === null ? null : r.mainCpuMs / r.pages);
/** The median of values that are all there, else null. */
const medianOrNull = (xs: (number | null)[]) => (xs.some((x) => x === null) ? null : median(xs as number[]));
const roundOrNull = (x: number | null, digits: number) => (x === null ? null : round(x, digits));

/** Runs `runs` pairs, pair i over the archive `dbs[i % dbs.length]`. */
export async function reextractStage(dbs: string[], threads: number, runs: number, prof: ChildOptions): Promise<ReextractFigures> {
  const pairs: { p: Run; b: Run; w: Run }[] = [];
  for (let i = 0; i < runs; i++) {
    const db = dbs[i % dbs.length]!;
    const runP = async () => (await runChild<Run>('reextract.pipeline', { db }, prof)).result;
    const runB = async () => (await runChild<Run>('reextract.parserOnly', { db })).result;
    const runW = async () => (await runChild<Run>('reextract.sameWork', { db })).result;
    let p: Run;
    let b: Run;
    let w: Run;
    if (i % 2 === 0) {
      p = await runP();
      b = await runB();
      w = await runW();
    } else {
      w = await runW();
      b = await runB();
      p = await runP();
    }
    if (p.failures > 0) throw new Error(`reextract failed on ${p.failures} captures`);
    if (w.pages !== p.pages) throw new Error(`reextract read ${p.pages} captures but the same-work loop ${w.pages}: they must do the same work`);
    pairs.push({ p, b, w });
    const cpu = mainPerPage(p) === null ? '' : `; main-thread CPU ${round(mainPerPage(p)!, 3)} against ${round(mainPerPage(b)!, 3)} ms a page`;
    log(`  pair ${i + 1}/${runs}: reextract ${round(perSec(p), 1)} pages/s, parser alone ${round(perSec(b), 1)} pages/s, same work on one thread ${round(perSec(w), 1)} pages/s (${p.pages} pages)${cpu}`);
  }
  return {
    pagesPerSec: round(median(pairs.map(({ p }) => perSec(p))), 1),
    parserOnlyPagesPerSec: round(median(pairs.map(({ b }) => perSec(b))), 1),
    ratio: round(pairedRatio(pairs.map(({ p, b }) => ({ a: perSec(p), b: perSec(b) }))), 3),
    sameWorkPagesPerSec: round(median(pairs.map(({ w }) => perSec(w))), 1),
    sameWorkRatio: round(pairedRatio(pairs.map(({ p, w }) => ({ a: perSec(p), b: perSec(w) }))), 3),
    pages: pairs[0]?.p.pages ?? 0,
    threads,
    cpu: {
      mainCpuMsPerPage: roundOrNull(medianOrNull(pairs.map(({ p }) => mainPerPage(p))), 3),
      cpuMsPerPage: round(median(pairs.map(({ p }) => p.cpuMs / p.pages)), 3),
      parserOnlyMainCpuMsPerPage: roundOrNull(medianOrNull(pairs.map(({ b }) => mainPerPage(b))), 3),
      mainCpuRatio: roundOrNull(medianOrNull(pairs.map(({ p, b }) => (mainPerPage(p) && mainPerPage(b) !== null ? mainPerPage(b)! / mainPerPage(p)! : null))), 3),
    },
    runs: pairs.map(({ p, b, w }) => ({
      pagesPerSec: round(perSec(p), 1),
      parserOnlyPagesPerSec: round(perSec(b), 1),
      sameWorkPagesPerSec: round(perSec(w), 1),
      ratio: round(perSec(p) / perSec(b), 3),
      mainCpuMsPerPage: roundOrNull(mainPerPage(p), 3),
      parserOnlyMainCpuMsPerPage: roundOrNull(mainPerPage(b), 3),
    })),
  };
}
