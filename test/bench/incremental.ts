/**
 * Stage 2, incremental: after the big board's full crawl, one simulated day passes and an
 * incremental crawl runs on the same archive. Its requests (as the simulator counted them,
 * robots.txt included) are compared with the fewest that fetch every change (the simulator
 * knows what changed: see DayChanges) and with the full crawl's.
 */
import { log, round, runChild, type ChildOptions } from './measure.js';
import type { CrawlRun } from './crawl.js';
import type { DayChanges, SimChild } from './simulator.js';

export interface IncrementalFigures {
  requests: number;
  minimalRequests: number;
  fullCrawlRequests: number;
  /** requests / minimalRequests */
  ratioToMinimal: number;
  /** fullCrawlRequests / requests */
  ratioToFull: number;
  threads: number;
  seconds: number;
  day: DayChanges;
}

/** Advances the simulator a day and crawls incrementally into `db` (which holds the full crawl). */
export async function incrementalStage(sim: SimChild, db: string, fullCrawlRequests: number, threads: number, concurrency: number, prof: ChildOptions): Promise<IncrementalFigures> {
  const day = await sim.advanceDay(24);
  await sim.takeRequests();
  const { result } = await runChild<CrawlRun>('crawl.pipeline', { db, origin: sim.minshengOrigin, concurrency, full: false }, prof);
  if (result.exitCode !== 0) throw new Error(`incremental crawl ended with exit code ${result.exitCode} (${result.failed} failed)`);
  const requests = await sim.takeRequests();
  log(`  incremental: ${requests} requests; minimal ${day.minimalRequests} (${day.listPages} list pages + ${day.threadPages} thread pages of ${day.changedThreads} changed threads); full crawl ${fullCrawlRequests}`);
  return {
    requests,
    minimalRequests: day.minimalRequests,
    fullCrawlRequests,
    ratioToMinimal: round(requests / day.minimalRequests, 3),
    ratioToFull: round(fullCrawlRequests / requests, 1),
    threads,
    seconds: round(result.seconds, 1),
    day,
  };
}
