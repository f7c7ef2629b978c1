/**
 * `kill -9` in the middle of a crawl, then a rerun: the same final archive as the truth, no
 * duplicate rows, and no page fetched again that the killed run had already stored.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/db.js';
import { startSimulator, type Simulator, type Truth } from '../../src/simulate/index.js';
import { BIN, runCli } from '../helpers/cli.js';
import { compareWithTruth } from '../helpers/sim-compare.js';
import { tempDir } from '../helpers/tmp.js';
import { killWhen } from '../helpers/kill.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 5, threads: 120, wenzhengMessages: 40 });
});
afterAll(() => sim.close());

// The boards the simulator serves, each mapped to it (the others would reach for the real sites).
const originArgs = () => [...Object.keys(sim.origins), ...Object.entries(sim.origins).flatMap(([k, v]) => ['--origin', `${k}=${v}`])];

describe('kill -9 and resume', () => {
  it('resumes the unfinished work without duplicates or refetching stored pages', async () => {
    const db = path.join(tempDir(), 'wenzheng.sqlite');
    // Slow enough (20 requests/s per host) to be killed mid-way.
    const child = spawn(process.execPath, [BIN, 'crawl', '--db', db, '--rate', '20', ...originArgs()], { stdio: 'ignore' });
    await killWhen(child, () => sim.requests().length >= 60, { pollMs: 20 });

    const a1 = await openArchive(db);
    const run1 = await a1.db.selectFrom('crawlRun').selectAll().executeTakeFirstOrThrow();
    expect(run1.finishedAt).toBeNull(); // it really died mid-run
    const storedBefore = new Set((await a1.db.selectFrom('capture').select('url').execute()).map((c) => c.url));
    await a1.close();
    expect(storedBefore.size).toBeGreaterThan(0);

    const seen = sim.requests().length;
    const res = await runCli(['crawl', '--db', db, '--rate', '0', '--format', 'json', ...originArgs()]);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout).resumed).toBe(true);

    const refetched = sim
      .requests()
      .slice(seen)
      .map((r) => r.publicUrl)
      .filter((u): u is string => !!u && storedBefore.has(u));
    expect(refetched).toEqual([]);

    const a2 = await openArchive(db);
    try {
      const truth = (await (await fetch(`${sim.url}/__sim/truth`)).json()) as Truth;
      expect(await compareWithTruth(a2, truth)).toEqual([]);
      const dupCaptures = await a2.db
        .selectFrom('capture')
        .select(['url', (eb) => eb.fn.countAll().as('n')])
        .groupBy('url')
        .having((eb) => eb.fn.countAll(), '>', 1)
        .execute();
      expect(dupCaptures).toEqual([]);
      const pending = await a2.db.selectFrom('frontier').select('url').where('state', '!=', 'done').execute();
      expect(pending).toEqual([]);
    } finally {
      await a2.close();
    }
  });
});
