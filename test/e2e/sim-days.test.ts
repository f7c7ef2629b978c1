/**
 * Scheduled runs against the simulator over real HTTP: three simulated days, each followed
 * by an incremental crawl, must leave an archive equal to the ground truth; the same with
 * 10% faults of every kind; robots.txt and Retry-After obeyed; a blocking site stops the run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { openArchive, type SqliteArchive as Archive } from '../../src/archive/db.js';
import { getRaw } from '../../src/archive/raw-store.js';
import { runCrawl, type CrawlResult } from '../../src/crawl/crawler.js';
import { createLogger, setQuiet } from '../../src/crawl/log.js';
import { parseOrigins } from '../../src/crawl/origins.js';
import { BLOCK_PAGE_MARKERS, SIM_ORIGINS, startSimulator, type Simulator, type SimulatorOptions, type Truth } from '../../src/simulate/index.js';
import { ADAPTERS } from '../../src/sources/index.js';
import { compareWithTruth } from '../helpers/sim-compare.js';
import { tempDir } from '../helpers/tmp.js';

setQuiet(true);
// The boards the simulator serves (a crawl of the others would reach for the real sites).
const SOURCES = ADAPTERS.filter((a) => a.id in SIM_ORIGINS);

let sim: Simulator | undefined;
let archive: Archive | undefined;
afterEach(async () => {
  await archive?.close();
  await sim?.close();
  archive = undefined;
  sim = undefined;
});

async function setUp(opts: SimulatorOptions): Promise<{ sim: Simulator; archive: Archive }> {
  sim = await startSimulator({ port: 0, seed: 11, threads: 80, wenzhengMessages: 40, ...opts });
  archive = await openArchive(path.join(tempDir(), 'wenzheng.sqlite'));
  return { sim, archive };
}

function crawl(s: Simulator, a: Archive, extra: Partial<Parameters<typeof runCrawl>[0]> = {}): Promise<CrawlResult> {
  return runCrawl({
    archive: a,
    sources: SOURCES,
    origins: parseOrigins(Object.entries(s.origins).map(([k, v]) => `${k}=${v}`), ADAPTERS),
    rate: 0,
    logger: createLogger('test'),
    ...extra,
  });
}

const truthOf = async (s: Simulator): Promise<Truth> => (await fetch(`${s.url}/__sim/truth`)).json() as Promise<Truth>;
const advance = (s: Simulator, hours: number) => fetch(`${s.url}/__sim/advance?hours=${hours}`, { method: 'POST' });

/** No stored body is a block page: none a capture points to, and no file of the raw store at all (a block page is never written). */
async function assertNoBlockPagesStored(a: Archive): Promise<void> {
  const caps = await a.db.selectFrom('capture').select(['sha256', 'url']).execute();
  for (const c of caps) {
    const text = getRaw(a.rawDir, c.sha256).toString('utf8');
    for (const marker of BLOCK_PAGE_MARKERS) expect(text.includes(marker), `${c.url} stored a block page`).toBe(false);
  }
  const files = readdirSync(a.rawDir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
  expect(files.length).toBeGreaterThanOrEqual(new Set(caps.map((c) => c.sha256)).size);
  for (const f of files) {
    const text = gunzipSync(readFileSync(path.join(f.parentPath, f.name))).toString('utf8');
    for (const marker of BLOCK_PAGE_MARKERS) expect(text.includes(marker), `raw file ${f.name} is a block page`).toBe(false);
  }
}

describe('three simulated days of scheduled runs', () => {
  it('end with an archive equal to the ground truth, field by field', async () => {
    const { sim: s, archive: a } = await setUp({});
    const results: CrawlResult[] = [];
    for (let day = 0; day < 3; day++) {
      results.push(await crawl(s, a));
      expect(await compareWithTruth(a, await truthOf(s))).toEqual([]);
      await advance(s, 24);
    }
    results.push(await crawl(s, a));
    expect(await compareWithTruth(a, await truthOf(s))).toEqual([]);
    expect(results.map((r) => r.exitCode)).toEqual([0, 0, 0, 0]);
    // Incremental: a day's run reads far fewer pages than the first one.
    expect(results[1]!.report.requests).toBeLessThan(results[0]!.report.requests / 3);
    // The articles: figures stored, and digest items linked to the threads of both boards.
    expect((await a.db.selectFrom('reportFigure').select('id').execute()).length).toBeGreaterThan(0);
    const items = await a.db
      .selectFrom('reportItem')
      .leftJoin('message', 'message.id', 'reportItem.messageId')
      .select(['reportItem.url', 'reportItem.messageId', 'message.sourceId'])
      .execute();
    const linkedBoards = new Set(items.filter((i) => i.messageId != null).map((i) => i.sourceId));
    expect(linkedBoards).toEqual(new Set(['cnhubei-minsheng', 'cnhubei-wenzheng']));
    const archived = new Set((await a.db.selectFrom('message').select('url').execute()).map((m) => m.url));
    expect(items.filter((i) => i.url && archived.has(i.url) && i.messageId == null)).toEqual([]);
  });

  it('with 10% faults of every kind: the same archive, failures counted, no block page stored', async () => {
    const { sim: s, archive: a } = await setUp({
      faults: 0.1,
      faultKinds: ['500', '502', '503', 'slow', 'drop', 'truncate', '429', 'waf', 'captcha'],
      slowMs: 1500,
    });
    let retries = 0;
    let blocked = 0;
    for (let day = 0; day < 3; day++) {
      const res = await crawl(s, a, { timeoutMs: 1000, maxRetries: 5 });
      expect(res.exitCode).toBe(0);
      retries += res.report.retries;
      blocked += res.report.blocked;
      await advance(s, 24);
    }
    const last = await crawl(s, a, { timeoutMs: 1000, maxRetries: 5 });
    expect(last.exitCode).toBe(0);
    expect(await compareWithTruth(a, await truthOf(s))).toEqual([]);
    expect(retries).toBeGreaterThan(0);
    expect(blocked).toBeGreaterThan(0);
    const runs = await a.db.selectFrom('crawlRun').select(['report']).execute();
    expect(runs.reduce((n, r) => n + (JSON.parse(r.report!) as { retries: number }).retries, 0)).toBeGreaterThan(0);
    await assertNoBlockPagesStored(a);
  });
});

describe('politeness', () => {
  it('never requests what robots.txt disallows', async () => {
    const { sim: s, archive: a } = await setUp({ robotsDisallow: true });
    const res = await crawl(s, a);
    const truth = (await truthOf(s)) as Truth & { robotsDisallowed?: string[] };
    const disallowed = truth.robotsDisallowed ?? [];
    expect(disallowed.length).toBeGreaterThan(0);
    const requested = new Set(s.requests().map((r) => r.publicUrl));
    for (const url of disallowed) expect(requested.has(url), url).toBe(false);
    expect(res.report.skippedByRobots).toBeGreaterThan(0);
  });

  it('honours Retry-After: nothing goes to a host before the time it asked for', async () => {
    const { sim: s, archive: a } = await setUp({ faults: 0.3, faultKinds: ['429'], threads: 30, wenzhengMessages: 10 });
    const res = await crawl(s, a, { concurrency: 4 });
    expect(res.exitCode).toBe(0);
    const log = s.requests();
    const hostOf = (u: string | null) => (u ? new URL(u).host : '');
    let checked = 0;
    for (const [i, r] of log.entries()) {
      if (r.status !== 429) continue;
      const until = Date.parse(r.t) + 1000; // the simulator asks for 1 or 2 s
      const host = hostOf(r.publicUrl);
      const early = log.slice(i + 1).filter((x) => hostOf(x.publicUrl) === host && Date.parse(x.t) < until - 50);
      // Requests already in flight when the 429 came may land; none may start after it.
      expect(early.length, `requests to ${host} within Retry-After of ${r.t}`).toBeLessThanOrEqual(3);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('a site that keeps blocking stops the run with exit 4 and nothing stored from it', async () => {
    const { sim: s, archive: a } = await setUp({ blockAfter: 15 });
    const res = await crawl(s, a);
    expect(res.exitCode).toBe(4);
    expect(res.report.blocked).toBeGreaterThan(0);
    await assertNoBlockPagesStored(a);
    const pending = await a.db.selectFrom('frontier').select('url').where('state', '=', 'pending').execute();
    expect(pending.length).toBeGreaterThan(0); // kept for the next run
  });
});

describe('crawling one source', () => {
  it('follows report links into the boards they name and stores those threads too', async () => {
    const { sim: s, archive: a } = await setUp({ threads: 40, wenzhengMessages: 15 });
    const res = await crawl(s, a, { sources: [ADAPTERS.find((x) => x.id === 'cnhubei-reports')!] });
    expect(res.exitCode).toBe(0);
    const bySource = await a.db
      .selectFrom('message')
      .select(['sourceId', (eb) => eb.fn.countAll().as('n')])
      .groupBy('sourceId')
      .execute();
    expect(bySource.map((r) => r.sourceId).sort()).toEqual(['cnhubei-minsheng', 'cnhubei-wenzheng']);
  });
});
