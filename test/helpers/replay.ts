/**
 * What the write-engine tests share: crawl a few simulated days into a SQLite archive, then
 * read every stored capture again into the Extraction and store context a crawl gave it, so
 * each engine can store the same pages in the same order.
 */
import { afterEach, expect } from 'vitest';
import { openArchive, type Archive, type SqliteArchive } from '../../src/archive/db.js';
import type { StoreContext } from '../../src/archive/page-store.js';
import type { RawStore } from '../../src/archive/raw-store.js';
import { runCrawl } from '../../src/crawl/crawler.js';
import { readPage } from '../../src/crawl/ingest.js';
import { createLogger } from '../../src/crawl/log.js';
import { parseOrigins } from '../../src/crawl/origins.js';
import { canonicalRequest } from '../../src/crawl/policy.js';
import type { Extraction } from '../../src/model/extraction.js';
import { toRequest } from '../../src/model/request.js';
import { SIM_ORIGINS, startSimulator, type Simulator } from '../../src/simulate/index.js';
import { ADAPTERS, adapterForUrl, findAdapter } from '../../src/sources/index.js';

/** The adapters the simulator serves. */
export const SIM_SOURCES = ADAPTERS.filter((a) => a.id in SIM_ORIGINS);

/** What an engine test opens: archives and the simulator, closed after each test. */
export interface EngineTestKit {
  /** Opens the SQLite archive at `file`, closed after the test. */
  openAt(file: string): Promise<SqliteArchive>;
  /** An archive opened otherwise (PostgreSQL), closed after the test. */
  track<A extends Archive>(a: A): A;
  /** Closes an archive now (its file then holds all it wrote), before the test ends. */
  closeNow(a: Archive): Promise<void>;
  /** Starts the engine tests' simulator (seed 5, 40 threads), stopped after the test. */
  simulator(): Promise<Simulator>;
}

/** The scaffolding of the write-engine tests; call it where vitest's hooks may be declared. */
export function engineTestKit(): EngineTestKit {
  const open: Archive[] = [];
  let sim: Simulator | undefined;
  afterEach(async () => {
    for (const a of open.splice(0)) await a.close();
    await sim?.close();
    sim = undefined;
  });
  const track = <A extends Archive>(a: A): A => {
    open.push(a);
    return a;
  };
  return {
    openAt: async (file) => track(await openArchive(file)),
    track,
    async closeNow(a) {
      open.splice(open.indexOf(a), 1);
      await a.close();
    },
    simulator: async () => (sim = await startSimulator({ port: 0, seed: 5, threads: 40, wenzhengMessages: 20 })),
  };
}

/** A stored capture as the replay reads it. */
export interface StoredCaptureRow {
  id: number;
  url: string;
  kind: string;
  sha256: string;
  content_type: string | null;
  fetched_at: string;
  served_at: string | null;
  run_id: number;
  method: string;
  request_body: string | null;
  request_key: string;
  source_id: string;
}

/** A page read again: its extraction and the context its crawl stored it with. */
export interface ReplayedPage {
  x: Extraction;
  ctx: StoreContext;
}

/** Crawls every simulated source into `archive` once a day for `days` days (each run must exit 0). */
export async function crawlSimulatedDays(sim: Simulator, archive: SqliteArchive, days: number): Promise<void> {
  const origins = parseOrigins(Object.entries(sim.origins).map(([k, v]) => `${k}=${v}`), ADAPTERS);
  for (let day = 0; day < days; day++) {
    const res = await runCrawl({ archive, sources: SIM_SOURCES, origins, rate: 0, logger: createLogger('test') });
    expect(res.exitCode).toBe(0);
    await fetch(`${sim.url}/__sim/advance?hours=24`, { method: 'POST' });
  }
}

/** The archive's successful captures, in the order they were fetched. */
export function storedCaptures(archive: SqliteArchive): StoredCaptureRow[] {
  return archive.sqlite
    .prepare(
      `SELECT id, url, kind, sha256, content_type, fetched_at, served_at, run_id, method, request_body, request_key, source_id
       FROM capture WHERE http_status < 400 ORDER BY id`,
    )
    .all() as StoredCaptureRow[];
}

/** Each capture's body read from `raw` and parsed as the crawl did, with the links it followed. */
export async function replayedPages(captures: StoredCaptureRow[], raw: RawStore, salt: string): Promise<ReplayedPage[]> {
  const pages: ReplayedPage[] = [];
  for (const c of captures) {
    const adapter = findAdapter(c.source_id)!;
    const request = toRequest({ url: c.url, kind: c.kind as Extraction['kind'], method: c.method, body: c.request_body });
    const x = readPage({ adapter, request, bytes: await raw.get(c.sha256), contentType: c.content_type, servedAt: c.served_at ?? c.fetched_at });
    const follow = x.links.flatMap((l) => {
      const a = adapterForUrl(l.url);
      return a ? [{ sourceId: a.id, request: canonicalRequest(a, toRequest(l)) }] : [];
    });
    pages.push({ x, ctx: { salt, extractorVersion: adapter.version, runId: c.run_id, captureId: c.id, fetchedAt: c.fetched_at, frontier: { key: c.request_key, follow } } });
  }
  return pages;
}
