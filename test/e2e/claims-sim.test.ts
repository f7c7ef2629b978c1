/**
 * The claims check against the simulator, which prints true figures unless asked to overstate:
 * after crawling it, every checkable daily (每日回复) and monthly (问政报告) figure must equal the
 * archive's own count, row by row; with the planted overstatement the replied rows must differ.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openArchive, type SqliteArchive as Archive } from '../../src/archive/db.js';
import { runCrawl } from '../../src/crawl/crawler.js';
import { createLogger, setQuiet } from '../../src/crawl/log.js';
import { parseOrigins } from '../../src/crawl/origins.js';
import { computeClaims } from '../../src/publish/claims.js';
import { SIM_ORIGINS, startSimulator, type Simulator } from '../../src/simulate/index.js';
import { ADAPTERS } from '../../src/sources/index.js';
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

async function crawled(overstate: boolean): Promise<Archive> {
  sim = await startSimulator({ port: 0, seed: 7, threads: 150, wenzhengMessages: 50, overstate });
  archive = await openArchive(path.join(tempDir(), 'wenzheng.sqlite'));
  const origins = parseOrigins(Object.entries(sim.origins).map(([k, v]) => `${k}=${v}`), ADAPTERS);
  for (let day = 0; day < 2; day++) {
    if (day > 0) await fetch(`${sim.url}/__sim/advance?hours=24`, { method: 'POST' });
    const res = await runCrawl({ archive, sources: SOURCES, origins, rate: 0, logger: createLogger('test') });
    expect(res.exitCode).toBe(0);
  }
  return archive;
}

const kindOf = (url: string, a: Archive): string =>
  (a.sqlite.prepare('SELECT kind FROM report WHERE url = ?').get(url) as { kind: string }).kind;

describe('claims against the simulator', () => {
  it('without planted errors: difference 0 on every daily and monthly row, each naming its rule', async () => {
    const a = await crawled(false);
    const claims = computeClaims(a);
    const daily = claims.filter((c) => kindOf(c.report_url, a) === 'daily');
    const monthly = claims.filter((c) => kindOf(c.report_url, a) === 'monthly');
    expect(daily.length).toBeGreaterThan(5);
    expect(monthly.length).toBeGreaterThan(3);
    expect(daily.filter((c) => c.difference !== 0)).toEqual([]);
    expect(monthly.filter((c) => c.difference !== 0)).toEqual([]);
    expect(new Set(daily.map((c) => c.rule))).toEqual(new Set(['replied_in_period']));
    expect(new Set(monthly.map((c) => c.rule))).toEqual(new Set(['posted_in_period', 'posted_in_period_replied_by_cutoff']));
  });

  it('with the planted overstatement: every replied row shows the archive below the official figure', async () => {
    const a = await crawled(true);
    const replied = computeClaims(a).filter((c) => c.metric === 'replied' && c.official_value >= 4);
    expect(replied.length).toBeGreaterThan(5);
    for (const c of replied) expect(c.official_value).toBe(Math.round(c.archive_value * 1.25));
  });
});
