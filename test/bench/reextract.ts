/**
 * Stage 3, re-extraction: `reextract --all` over every stored capture of a crawled board
 * (raw store read, decode, adapter, validation, archive writes) against the adapter alone
 * over the same bodies already decoded in memory. Pairs alternate which side goes first.
 * The pairs run over the archives of the crawl pairs (5,000 threads each): three passes over
 * the 20,000-thread archive, each side, would take longer than the whole bench may.
 */
import { openArchive } from '../../src/archive/db.js';
import { getRaw } from '../../src/archive/raw-store.js';
import { createLogger } from '../../src/crawl/log.js';
import { reextract } from '../../src/crawl/reextract.js';
import { decodeBody } from '../../src/extract/charset.js';
import { findAdapter } from '../../src/sources/index.js';
import type { SourceAdapter } from '../../src/sources/types.js';
import { log, median, pairedRatio, round, runChild, secondsSince, type ChildOptions } from './measure.js';

const SOURCE = 'cnhubei-minsheng';
/** Bodies decoded at a time for the parser-only side (all 20,000 at once would be about 2 GB of strings). */
const BATCH = 1000;

interface Run {
  pages: number;
  seconds: number;
  failures: number;
}

function minsheng(): SourceAdapter {
  const a = findAdapter(SOURCE);
  if (!a) throw new Error(`no adapter ${SOURCE}`);
  return a;
}

/** `reextract --all` of the board, timed as a whole. */
async function pipeline(args: { db: string }): Promise<Run> {
  const archive = await openArchive(args.db);
  try {
    const start = performance.now();
    const tally = await reextract(archive, { sources: [minsheng()], all: true, logger: createLogger('bench') });
    const seconds = secondsSince(start);
    const t = tally[SOURCE]!;
    return { pages: t.captures, seconds, failures: t.failures.length };
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
    for (let i = 0; i < rows.length; i += BATCH) {
      const pages = rows.slice(i, i + BATCH).map((r) => ({ url: r.url, body: decodeBody(getRaw(archive.rawDir, r.sha256), r.content_type), contentType: r.content_type }));
      const start = performance.now();
      for (const page of pages) {
        try {
          adapter.parse(page);
        } catch {
          failures++;
        }
      }
      seconds += secondsSince(start);
    }
    return { pages: rows.length, seconds, failures };
  } finally {
    await archive.close();
  }
}

export const tasks = { pipeline, parserOnly };

export interface ReextractFigures {
  pagesPerSec: number;
  parserOnlyPagesPerSec: number;
  ratio: number;
  /** Captures of each archive re-extracted (threads of the board it came from: `threads`). */
  pages: number;
  threads: number;
  runs: { pagesPerSec: number; parserOnlyPagesPerSec: number; ratio: number }[];
}

const perSec = (r: Run) => r.pages / r.seconds;

/** Runs `runs` pairs, pair i over the archive `dbs[i % dbs.length]`. */
export async function reextractStage(dbs: string[], threads: number, runs: number, prof: ChildOptions): Promise<ReextractFigures> {
  const pairs: { p: Run; b: Run }[] = [];
  for (let i = 0; i < runs; i++) {
    const db = dbs[i % dbs.length]!;
    const runP = async () => (await runChild<Run>('reextract.pipeline', { db }, prof)).result;
    const runB = async () => (await runChild<Run>('reextract.parserOnly', { db })).result;
    let p: Run;
    let b: Run;
    if (i % 2 === 0) {
      p = await runP();
      b = await runB();
    } else {
      b = await runB();
      p = await runP();
    }
    if (p.failures > 0) throw new Error(`reextract failed on ${p.failures} captures`);
    pairs.push({ p, b });
    log(`  pair ${i + 1}/${runs}: reextract ${round(perSec(p), 1)} pages/s, parser alone ${round(perSec(b), 1)} pages/s (${p.pages} pages)`);
  }
  return {
    pagesPerSec: round(median(pairs.map(({ p }) => perSec(p))), 1),
    parserOnlyPagesPerSec: round(median(pairs.map(({ b }) => perSec(b))), 1),
    ratio: round(pairedRatio(pairs.map(({ p, b }) => ({ a: perSec(p), b: perSec(b) }))), 3),
    pages: pairs[0]?.p.pages ?? 0,
    threads,
    runs: pairs.map(({ p, b }) => ({ pagesPerSec: round(perSec(p), 1), parserOnlyPagesPerSec: round(perSec(b), 1), ratio: round(perSec(p) / perSec(b), 3) })),
  };
}
