/**
 * Stage 1, crawl: a full crawl of a simulated 《民生热线》 board through the whole pipeline
 * (Crawlee, adapter, raw capture, archive writes; politeness delays off) against the
 * simplest loop doing the same fetching and parsing: Node's fetch under p-queue at the same
 * concurrency, the same decoder and adapter, nothing stored. Pairs alternate which side goes
 * first; the ratio is the median of the per-pair ratios. One more pipeline run on the big
 * board gives the peak RSS, and leaves the archive the incremental and re-extraction stages use.
 */
import path from 'node:path';
import PQueue from 'p-queue';
import { captureFetched } from '../../src/archive/captures.js';
import { openArchive } from '../../src/archive/db.js';
import { startRun } from '../../src/archive/runs.js';
import { upsertSource } from '../../src/archive/sources.js';
import { runCrawl } from '../../src/crawl/crawler.js';
import { USER_AGENT } from '../../src/crawl/fetch.js';
import { createLogger } from '../../src/crawl/log.js';
import { parseOrigins } from '../../src/crawl/origins.js';
import { ingestPage, tryReadPage } from '../../src/crawl/ingest.js';
import { decodeBody } from '../../src/extract/charset.js';
import type { PageRequest } from '../../src/model/request.js';
import { ADAPTERS, findAdapter } from '../../src/sources/index.js';
import type { SourceAdapter } from '../../src/sources/types.js';
import { log, median, pairedRatio, round, runChild, secondsSince, type ChildOptions } from './measure.js';
import type { SimChild } from './simulator.js';

const SOURCE = 'cnhubei-minsheng';

function minsheng(): SourceAdapter {
  const a = findAdapter(SOURCE);
  if (!a) throw new Error(`no adapter ${SOURCE}`);
  return a;
}

export interface CrawlArgs {
  /** Archive file (created when absent). */
  db: string;
  origin: string;
  concurrency: number;
  full: boolean;
}

export interface CrawlRun {
  pages: number;
  seconds: number;
  exitCode?: number;
  failed?: number;
  newMessages?: number;
  /** CPU time of the crawling process (user + system) during the crawl, in ms. */
  cpuMs: number;
}

/** CPU time (user + system, ms) since `from` (process.cpuUsage()). */
const cpuMsSince = (from: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
};

/** Pipeline: runCrawl on the archive, timing the crawl itself (not opening the archive). */
async function pipeline(args: CrawlArgs): Promise<CrawlRun> {
  const archive = await openArchive(args.db);
  try {
    const start = performance.now();
    const cpu = process.cpuUsage();
    const res = await runCrawl({
      archive,
      sources: [minsheng()],
      origins: parseOrigins([`${SOURCE}=${args.origin}`], ADAPTERS),
      rate: 0,
      concurrency: args.concurrency,
      full: args.full,
      logger: createLogger('bench'),
    });
    const seconds = secondsSince(start);
    const cpuMs = cpuMsSince(cpu);
    const r = res.report;
    return { pages: r.requests, seconds, cpuMs, exitCode: res.exitCode, failed: r.failed, newMessages: r.newMessages };
  } finally {
    await archive.close();
  }
}

/** Baseline: fetch + decode + the same adapter over every link it finds, at the same concurrency; nothing stored. */
async function baseline(args: CrawlArgs): Promise<CrawlRun> {
  const adapter = minsheng();
  const origins = parseOrigins([`${SOURCE}=${args.origin}`], ADAPTERS);
  const queue = new PQueue({ concurrency: args.concurrency });
  const seen = new Set<string>();
  let pages = 0;
  let failed = 0;
  const visit = (url: string): void => {
    if (seen.has(url)) return;
    seen.add(url);
    void queue.add(async () => {
      try {
        const res = await fetch(origins.toFetchUrl(url), { headers: { 'user-agent': USER_AGENT } });
        const contentType = res.headers.get('content-type');
        const body = decodeBody(Buffer.from(await res.arrayBuffer()), contentType);
        const x = adapter.parse({ url, body, contentType });
        pages++;
        for (const link of x.links) if (adapter.pageKindOf(link.url)) visit(adapter.canonicalUrl(link.url));
      } catch {
        failed++;
      }
    });
  };
  const start = performance.now();
  const cpu = process.cpuUsage();
  for (const s of adapter.startUrls()) visit(adapter.canonicalUrl(s.url));
  await queue.onIdle();
  return { pages, seconds: secondsSince(start), cpuMs: cpuMsSince(cpu), failed };
}

/**
 * The same work as the crawl without the crawler: each page fetched, decoded, read (parsed and
 * validated), its body stored (gzip, fsync) and its capture row, records and frontier rows
 * written through the crawl's own ingest path (ingestPage, write group included), the links it
 * adds followed; p-queue at the same concurrency. What it leaves out is the crawler: Crawlee,
 * politeness, robots.txt, sessions, block checks, retries and the run's bookkeeping.
 */
async function sameWork(args: CrawlArgs): Promise<CrawlRun> {
  const adapter = minsheng();
  const origins = parseOrigins([`${SOURCE}=${args.origin}`], ADAPTERS);
  const archive = await openArchive(args.db);
  try {
    await upsertSource(archive.db, adapter);
    const runId = await startRun(archive.db, [SOURCE], new Date().toISOString());
    const queue = new PQueue({ concurrency: args.concurrency });
    const seen = new Set<string>();
    let pages = 0;
    let failed = 0;
    const visit = (request: PageRequest): void => {
      if (seen.has(request.url)) return;
      seen.add(request.url);
      void queue.add(async () => {
        try {
          const res = await fetch(origins.toFetchUrl(request.url), { headers: { 'user-agent': USER_AGENT } });
          const contentType = res.headers.get('content-type');
          const bytes = Buffer.from(await res.arrayBuffer());
          const text = decodeBody(bytes, contentType);
          const fetchedAt = new Date().toISOString();
          const read = tryReadPage({ adapter, request, bytes, text, contentType });
          const capture = await captureFetched(archive, { url: request.url, sourceId: SOURCE, kind: request.kind, fetchedAt, httpStatus: res.status, contentType, body: bytes, extractorVersion: adapter.version, runId, request });
          const stored = await ingestPage(
            archive,
            { adapter, request, bytes, text, contentType },
            { capture, fetchedAt, runId, read, follow: { db: archive.db, adapterFor: () => adapter, full: args.full } },
          );
          pages++;
          for (const e of stored.added) visit(e.request);
        } catch {
          failed++;
        }
      });
    };
    const start = performance.now();
    const cpu = process.cpuUsage();
    for (const s of adapter.startUrls()) visit({ ...s, url: adapter.canonicalUrl(s.url) });
    await queue.onIdle();
    return { pages, seconds: secondsSince(start), cpuMs: cpuMsSince(cpu), failed };
  } finally {
    await archive.close();
  }
}

export const tasks = { pipeline, baseline, sameWork };

/** A measured full crawl: its archive and the requests the simulator answered (robots.txt included). */
export interface BigRun {
  run: CrawlRun;
  peakRssMb: number;
  db: string;
  requests: number;
}

export interface CrawlPair {
  pipeline: CrawlRun & { peakRssMb: number; db: string; requests: number };
  baseline: CrawlRun & { peakRssMb: number };
  /** The same work without the crawler (sameWork), run beside the pair. */
  sameWork: CrawlRun;
  ratio: number;
}

export interface CrawlFigures {
  pagesPerSec: number;
  baselinePagesPerSec: number;
  ratio: number;
  peakRssMb: number;
  threads: number;
  /** Threads of the boards the speed pairs crawled (the big board is `threads`). */
  pairThreads: number;
  concurrency: number;
  /**
   * For reference: the same work without the crawler (fetch, read, body and rows stored through
   * the ingest path, links followed; no Crawlee, politeness or bookkeeping), and the pipeline's
   * ratio to it (median of the per-pair ratios): what the crawler itself costs.
   */
  sameWorkPagesPerSec: number;
  sameWorkRatio: number;
  /**
   * CPU ms a page (user + system, every thread of each side's process; medians of the pairs).
   * On 2 cores the crawl's speed follows its CPU a page, not waiting: what storing costs shows
   * here as the same-work loop's CPU beyond the bare loop's.
   */
  cpuMsPerPage: { pipeline: number; baseline: number; sameWork: number };
  pairs: {
    pipelinePagesPerSec: number;
    baselinePagesPerSec: number;
    sameWorkPagesPerSec: number;
    ratio: number;
    pages: number;
    /** CPU ms per page of each side's process: less noisy than wall time on a shared machine. */
    pipelineCpuMsPerPage: number;
    baselineCpuMsPerPage: number;
    sameWorkCpuMsPerPage: number;
  }[];
  /** Pages per second of the pipeline on the big board (the memory run). */
  bigBoardPagesPerSec: number;
  bigBoardPages: number;
  bigBoardSeconds: number;
}

const perSec = (r: CrawlRun) => r.pages / r.seconds;
const cpuPerPage = (r: CrawlRun) => r.cpuMs / r.pages;

/** Runs `runs` pipeline/baseline pairs against one simulator, alternating which goes first. */
export async function crawlPairs(sim: SimChild, dir: string, runs: number, concurrency: number, prof: ChildOptions): Promise<CrawlPair[]> {
  const pairs: CrawlPair[] = [];
  for (let i = 0; i < runs; i++) {
    const args = { origin: sim.minshengOrigin, concurrency, full: true };
    const runPipeline = async () => {
      const db = path.join(dir, `pair-${i}`, 'wenzheng.sqlite');
      await sim.takeRequests();
      const { result, peakRssMb } = await runChild<CrawlRun>('crawl.pipeline', { ...args, db }, prof);
      return { ...result, peakRssMb, db, requests: await sim.takeRequests() };
    };
    const runBaseline = async () => {
      const { result, peakRssMb } = await runChild<CrawlRun>('crawl.baseline', { ...args, db: '' });
      await sim.takeRequests();
      return { ...result, peakRssMb };
    };
    const runSameWork = async () => {
      const db = path.join(dir, `same-${i}`, 'wenzheng.sqlite');
      const { result } = await runChild<CrawlRun>('crawl.sameWork', { ...args, db });
      await sim.takeRequests();
      return result;
    };
    let p: CrawlPair['pipeline'];
    let b: CrawlPair['baseline'];
    let w: CrawlRun;
    if (i % 2 === 0) {
      p = await runPipeline();
      b = await runBaseline();
      w = await runSameWork();
    } else {
      w = await runSameWork();
      b = await runBaseline();
      p = await runPipeline();
    }
    if (p.exitCode !== 0) throw new Error(`pipeline crawl ended with exit code ${p.exitCode} (${p.failed} failed)`);
    for (const [name, other] of [['baseline', b], ['same-work loop', w]] as const) {
      if (Math.abs(p.pages - other.pages) > Math.max(2, p.pages * 0.01)) {
        throw new Error(`pipeline fetched ${p.pages} pages but the ${name} ${other.pages}: they must do the same work`);
      }
    }
    pairs.push({ pipeline: p, baseline: b, sameWork: w, ratio: perSec(p) / perSec(b) });
    log(
      `  pair ${i + 1}/${runs}: pipeline ${round(perSec(p), 1)} pages/s, baseline ${round(perSec(b), 1)} pages/s, same work without the crawler ${round(perSec(w), 1)} pages/s (${p.pages} pages); ` +
        `CPU ${round(cpuPerPage(p), 2)} against ${round(cpuPerPage(b), 2)} and ${round(cpuPerPage(w), 2)} ms a page`,
    );
  }
  return pairs;
}

/** The big-board run: a full crawl into `db`, measured for peak RSS; returns the run and the requests the simulator saw. */
export async function bigCrawl(sim: SimChild, db: string, concurrency: number, prof: ChildOptions): Promise<BigRun> {
  await sim.takeRequests();
  const { result, peakRssMb } = await runChild<CrawlRun>('crawl.pipeline', { db, origin: sim.minshengOrigin, concurrency, full: true }, prof);
  if (result.exitCode !== 0) throw new Error(`big-board crawl ended with exit code ${result.exitCode} (${result.failed} failed)`);
  const requests = await sim.takeRequests();
  log(`  big board: ${result.pages} pages in ${round(result.seconds, 1)} s (${round(perSec(result), 1)} pages/s), peak RSS ${peakRssMb} MB`);
  return { run: result, peakRssMb, db, requests };
}

/** The crawl figures of CONTRACT.md section 8 from the pairs and the big run. */
export function crawlFigures(pairs: CrawlPair[], big: BigRun, threads: number, pairThreads: number, concurrency: number): CrawlFigures {
  return {
    pagesPerSec: round(median(pairs.map((p) => perSec(p.pipeline))), 1),
    baselinePagesPerSec: round(median(pairs.map((p) => perSec(p.baseline))), 1),
    ratio: round(pairedRatio(pairs.map((p) => ({ a: perSec(p.pipeline), b: perSec(p.baseline) }))), 3),
    sameWorkPagesPerSec: round(median(pairs.map((p) => perSec(p.sameWork))), 1),
    sameWorkRatio: round(pairedRatio(pairs.map((p) => ({ a: perSec(p.pipeline), b: perSec(p.sameWork) }))), 3),
    cpuMsPerPage: {
      pipeline: round(median(pairs.map((p) => cpuPerPage(p.pipeline))), 2),
      baseline: round(median(pairs.map((p) => cpuPerPage(p.baseline))), 2),
      sameWork: round(median(pairs.map((p) => cpuPerPage(p.sameWork))), 2),
    },
    peakRssMb: big.peakRssMb,
    threads,
    pairThreads,
    concurrency,
    pairs: pairs.map((p) => ({
      pipelinePagesPerSec: round(perSec(p.pipeline), 1),
      baselinePagesPerSec: round(perSec(p.baseline), 1),
      sameWorkPagesPerSec: round(perSec(p.sameWork), 1),
      ratio: round(p.ratio, 3),
      pages: p.pipeline.pages,
      pipelineCpuMsPerPage: round(cpuPerPage(p.pipeline), 2),
      baselineCpuMsPerPage: round(cpuPerPage(p.baseline), 2),
      sameWorkCpuMsPerPage: round(cpuPerPage(p.sameWork), 2),
    })),
    bigBoardPagesPerSec: round(perSec(big.run), 1),
    bigBoardPages: big.run.pages,
    bigBoardSeconds: round(big.run.seconds, 1),
  };
}
