/**
 * HTTP 429 against the simulator over real HTTP. A burst of 429s answering requests that were
 * all on their way at once is one refusal: the crawler waits for Retry-After and goes on. A
 * host that keeps answering 429 after each wait is a block: exit 4.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openArchive, type SqliteArchive as Archive } from '../../src/archive/db.js';
import { runCrawl } from '../../src/crawl/crawler.js';
import { createLogger, setQuiet } from '../../src/crawl/log.js';
import { parseOrigins } from '../../src/crawl/origins.js';
import { SIM_ORIGINS, SIM_PREFIXES, startSimulator, type Simulator, type Truth } from '../../src/simulate/index.js';
import { ADAPTERS } from '../../src/sources/index.js';
import { compareWithTruth } from '../helpers/sim-compare.js';
import { tempDir } from '../helpers/tmp.js';

setQuiet(true);
const SOURCES = ADAPTERS.filter((a) => a.id in SIM_ORIGINS);

let sim: Simulator | undefined;
let archive: Archive | undefined;
let proxy: Server | undefined;
afterEach(async () => {
  await archive?.close();
  await sim?.close();
  proxy?.closeAllConnections();
  await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
  archive = sim = proxy = undefined;
});

interface Seen {
  t: number;
  url: string;
  status: number;
}

/**
 * A server in front of the simulator that holds the first `burst` thread-page requests until
 * all of them have come (or 5 s have passed), then answers every one of them 429 with
 * Retry-After: 1. Everything else goes through to the simulator unchanged.
 */
async function startBurstProxy(target: string, burst: number): Promise<{ base: string; seen: Seen[]; burstAt: () => number | null }> {
  const seen: Seen[] = [];
  const held: ServerResponse[] = [];
  let burstAt: number | null = null;
  let timer: NodeJS.Timeout | undefined;
  const release = (): void => {
    clearTimeout(timer);
    if (burstAt !== null) return;
    burstAt = Date.now();
    for (const res of held) res.writeHead(429, { 'retry-after': '1', 'content-type': 'text/html' }).end('<html><body>Too Many Requests</body></html>');
  };
  proxy = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    if (burstAt === null && url.startsWith(`${SIM_PREFIXES['cnhubei-minsheng']}/thread-`)) {
      seen.push({ t: Date.now(), url, status: 429 });
      held.push(res);
      if (held.length === 1) timer = setTimeout(release, 5_000);
      if (held.length >= burst) release();
      return;
    }
    const entry: Seen = { t: Date.now(), url, status: 0 };
    seen.push(entry);
    const up = httpRequest(`${target}${url}`, { method: req.method, headers: req.headers }, (answer) => {
      entry.status = answer.statusCode ?? 0;
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((resolve) => proxy!.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  return { base, seen, burstAt: () => burstAt };
}

const crawlThrough = (base: string, a: Archive, concurrency: number) =>
  runCrawl({
    archive: a,
    sources: SOURCES,
    origins: parseOrigins(
      Object.entries(SIM_PREFIXES)
        .filter(([id]) => id in SIM_ORIGINS)
        .map(([id, prefix]) => `${id}=${base}${prefix}`),
      ADAPTERS,
    ),
    rate: 0,
    concurrency,
    logger: createLogger('test'),
  });

describe('HTTP 429', () => {
  it('a burst of 429s to requests already on their way is one refusal: the run waits and finishes (exit 0)', async () => {
    sim = await startSimulator({ port: 0, seed: 5, threads: 40, wenzhengMessages: 10 });
    archive = await openArchive(path.join(tempDir(), 'wenzheng.sqlite'));
    const burst = 8;
    const { base, seen, burstAt } = await startBurstProxy(sim.url, burst);
    const res = await crawlThrough(base, archive, burst);

    const at = burstAt();
    expect(at, 'the burst of 429s was sent').not.toBeNull();
    const refused = seen.filter((s) => s.status === 429);
    // Eight requests at once, more than the six block answers in a row that stop a run.
    expect(refused.length).toBe(burst);
    expect(res.exitCode).toBe(0);
    expect(res.report.retries).toBeGreaterThanOrEqual(burst);
    // Retry-After: 1 was obeyed: nothing went to the board's host in the second after the burst.
    const bbs = SIM_PREFIXES['cnhubei-minsheng']!;
    const early = seen.filter((s) => s.url.startsWith(`${bbs}/`) && s.t > at! && s.t < at! + 950);
    expect(early.map((s) => s.url)).toEqual([]);
    // Every refused page was fetched again and stored: the archive equals the ground truth.
    const truth = (await (await fetch(`${sim.url}/__sim/truth`)).json()) as Truth;
    expect(await compareWithTruth(archive, truth)).toEqual([]);
  });

  it('a host that answers 429 again after each wait stops the run with exit 4, its pages kept for the next run', async () => {
    sim = await startSimulator({ port: 0, seed: 5, threads: 40, wenzhengMessages: 10, blockAfter: 10, blockKind: '429' });
    archive = await openArchive(path.join(tempDir(), 'wenzheng.sqlite'));
    const res = await runCrawl({
      archive,
      sources: SOURCES,
      origins: parseOrigins(Object.entries(sim.origins).map(([k, v]) => `${k}=${v}`), ADAPTERS),
      rate: 0,
      concurrency: 4,
      logger: createLogger('test'),
    });
    expect(res.exitCode).toBe(4);
    const log = sim.requests().filter((r) => r.status === 429);
    // It gave up after refusals spaced by the waits asked for, not after one burst.
    const span = Date.parse(log.at(-1)!.t) - Date.parse(log[0]!.t);
    expect(span).toBeGreaterThanOrEqual(4_000);
    const pending = await archive.db.selectFrom('frontier').select('url').where('state', '=', 'pending').execute();
    expect(pending.length).toBeGreaterThan(0);
  });
});
