/**
 * Many crawl workers on one PostgreSQL archive: three worker processes crawl the simulator
 * with 10% faults, one is killed with -9 mid-run, and the archive still equals the truth with
 * every page stored once and fetched (unfaulted) by one worker only, apart from the pages the
 * dead worker held. Also: `--workers N` in one process, and `--rate` shared by all workers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchiveAt } from '../../src/archive/db.js';
import { SharedHostLimiter } from '../../src/crawl/politeness.js';
import { startSimulator, type RequestLogEntry, type Simulator, type Truth } from '../../src/simulate/index.js';
import { BIN, runCli } from '../helpers/cli.js';
import { findPostgresBin, startPostgres, type PostgresServer, pgQuery } from '../helpers/postgres.js';
import { compareWithTruth } from '../helpers/sim-compare.js';
import { tempDir } from '../helpers/tmp.js';

const bin = findPostgresBin();
const SOURCES = ['cnhubei-minsheng', 'cnhubei-wenzheng'];

/** The request a logged answer stands for, keyed like the frontier (method, public URL, body). */
const keyOf = (r: RequestLogEntry) => `${r.method} ${r.publicUrl ?? r.url} ${r.body ?? ''}`;

async function truthOf(sim: Simulator): Promise<Truth> {
  const truth = (await (await fetch(`${sim.url}/__sim/truth`)).json()) as Truth;
  return { ...truth, messages: truth.messages.filter((m) => SOURCES.includes(m.source)) };
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('close', (code) => resolve(code))));
}

describe.skipIf(!bin)('crawl workers on a PostgreSQL archive', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres(bin!);
  }, 120_000);
  afterAll(() => server?.stop());

  it('three workers, 10% faults, one killed with -9: the truth, once each', async () => {
    const sim = await startSimulator({ port: 0, seed: 21, threads: 60, wenzhengMessages: 20, faults: 0.1 });
    try {
      const url = server.createDatabase('three');
      const origins = Object.entries(sim.origins).flatMap(([k, v]) => ['--origin', `${k}=${v}`]);
      const args = ['--db', url, 'crawl', ...SOURCES, ...origins, '--rate', '0', '--concurrency', '2', '--lease-seconds', '6', '--format', 'json'];
      const workers = [0, 1, 2].map(() => spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }));
      const outputs = workers.map((w) => {
        let out = '';
        w.stdout!.on('data', (d) => (out += d));
        w.stderr!.resume();
        return () => out;
      });
      const victim = workers[0]!;
      await new Promise<void>((resolve, reject) => {
        const started = Date.now();
        const timer = setInterval(() => {
          if (sim.requests().length >= 50) {
            clearInterval(timer);
            victim.kill('SIGKILL');
            resolve();
          } else if (Date.now() - started > 90_000 || victim.exitCode !== null) {
            clearInterval(timer);
            reject(new Error('the crawl never got going'));
          }
        }, 20);
      });
      await exitOf(victim);
      // What the dead worker held: its leases stay behind it until they run out.
      const held = await pgQuery<{ key: string }>(url, `SELECT key FROM frontier_lease WHERE worker LIKE $1`, [`%:${victim.pid}:%`]);
      expect(held.length).toBeGreaterThan(0);

      const codes = await Promise.all(workers.slice(1).map(exitOf));
      expect(codes).toEqual([0, 0]);
      const reports = outputs.slice(1).map((o) => JSON.parse(o()) as { requests: number; failed: number });
      for (const r of reports) expect(r.requests).toBeGreaterThan(0);

      const archive = await openArchiveAt(url);
      try {
        expect(await compareWithTruth(archive, await truthOf(sim))).toEqual([]);
      } finally {
        await archive.close();
      }
      expect(await pgQuery(url, `SELECT key, state FROM frontier WHERE state <> 'done'`)).toEqual([]);
      expect(await pgQuery(url, `SELECT request_key, count(*) FROM capture GROUP BY request_key HAVING count(*) > 1`)).toEqual([]);
      expect(await pgQuery(url, `SELECT source_id, external_id FROM message GROUP BY 1, 2 HAVING count(*) > 1`)).toEqual([]);
      // The dead worker's run stopped saying it was alive: the last worker to end closed it as
      // abandoned (137 = killed), as the lock does on SQLite; the others ended well.
      const runs = await pgQuery<{ finished_at: string | null; exit_code: number | null }>(url, `SELECT finished_at, exit_code FROM crawl_run ORDER BY id`);
      expect(runs.filter((r) => r.finished_at === null)).toEqual([]);
      expect(runs.map((r) => r.exit_code).sort()).toEqual([0, 0, 137]);

      // The simulator's log: a page answered without a fault was answered once, except the
      // pages the dead worker held (it may have fetched one without storing it). robots.txt is
      // no page: each worker reads it for itself.
      const log = (await (await fetch(`${sim.url}/__sim/requests`)).json()) as RequestLogEntry[];
      expect(log.some((r) => r.fault)).toBe(true);
      const served = new Map<string, number>();
      for (const r of log.filter((e) => !e.fault && e.status === 200 && !e.url.endsWith('/robots.txt'))) served.set(keyOf(r), (served.get(keyOf(r)) ?? 0) + 1);
      const heldKeys = new Set(held.map((h) => h.key));
      const twice = [...served].filter(([k, n]) => n > 1 && !heldKeys.has(k.split(' ')[1]!));
      expect(twice).toEqual([]);
      expect(served.size).toBeGreaterThan(60);
    } finally {
      await sim.close();
    }
  }, 300_000);

  it('--workers N runs N workers in one process; --rate holds for all of them together', async () => {
    const sim = await startSimulator({ port: 0, seed: 22, threads: 18, wenzhengMessages: 0 });
    try {
      const url = server.createDatabase('together');
      const origins = Object.entries(sim.origins).flatMap(([k, v]) => ['--origin', `${k}=${v}`]);
      const rate = 8;
      const res = await runCli(['--db', url, 'crawl', 'cnhubei-minsheng', ...origins, '--rate', String(rate), '--workers', '3', '--format', 'json']);
      expect(res.code, res.stderr).toBe(0);
      const runs = await pgQuery<{ requests: number; finished_at: string | null }>(url, `SELECT requests, finished_at FROM crawl_run ORDER BY id`);
      expect(runs).toHaveLength(3);
      expect(runs.every((r) => r.finished_at !== null)).toBe(true);
      expect(runs.filter((r) => r.requests > 0).length).toBeGreaterThan(1);
      const archive = await openArchiveAt(url);
      try {
        const truth = await truthOf(sim);
        expect(await compareWithTruth(archive, { ...truth, messages: truth.messages.filter((m) => m.source === 'cnhubei-minsheng') })).toEqual([]);
      } finally {
        await archive.close();
      }
      // One host, three workers, 8 requests a second between them: the answers are spaced by
      // the shared slots. A loaded machine delays a request past its slot now and then (the
      // first one late shortens the span), so half a second is allowed; a budget per worker
      // would give three times the rate, a span near a third of this.
      const times = sim
        .requests()
        .filter((r) => r.url.includes('/bbs/'))
        .map((r) => Date.parse(r.t))
        .sort((a, b) => a - b);
      expect(times.length).toBeGreaterThan(15);
      const span = times[times.length - 1]! - times[0]!;
      expect(span).toBeGreaterThanOrEqual(((times.length - 1) * 1000) / rate - 500);

      const lite = await runCli(['--db', path.join(tempDir(), 'wenzheng.sqlite'), 'crawl', 'cnhubei-minsheng', ...origins, '--workers', '2']);
      expect(lite.code).toBe(2);
      expect(lite.stderr).toMatch(/--workers 2: a SQLite archive/);
    } finally {
      await sim.close();
    }
  }, 240_000);

  it('rate 0 means no delay only towards mapped origins, for workers sharing the slots too', async () => {
    const archive = await openArchiveAt(server.createDatabase('slots'));
    const settled = async (p: Promise<void>, ms: number) => {
      let done = false;
      void p.then(() => (done = true));
      await new Promise((r) => setTimeout(r, ms));
      return done;
    };
    try {
      const limiter = new SharedHostLimiter(archive.db, 0, (o) => o === 'http://127.0.0.1:8123');
      await limiter.acquire('http://127.0.0.1:8123');
      expect(await settled(limiter.acquire('http://127.0.0.1:8123'), 200)).toBe(true);
      // A hold-off another worker set (Retry-After) holds an unthrottled host too.
      limiter.holdOff('http://127.0.0.1:8123', 60_000);
      await new Promise((r) => setTimeout(r, 100));
      expect(await settled(limiter.acquire('http://127.0.0.1:8123'), 300)).toBe(false);
      await limiter.acquire('http://bbs.cnhubei.com');
      expect(await settled(limiter.acquire('http://bbs.cnhubei.com'), 300)).toBe(false);
    } finally {
      await archive.close();
    }
  }, 60_000);
});
