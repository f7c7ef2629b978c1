/**
 * A PostgreSQL archive is the same archive as a SQLite file: the same simulated boards crawled
 * into each publish the same messages and replies (fetch times apart); `copy` moves an archive
 * to PostgreSQL and back without changing a snapshot byte, and the copy serves and crawls on;
 * `verify` and `reextract` work on the raw bodies PostgreSQL keeps.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchiveAt } from '../../src/archive/db.js';
import { startSimulator, type Simulator, type Truth } from '../../src/simulate/index.js';
import { BIN, runCli } from '../helpers/cli.js';
import { findPostgresBin, startPostgres, type PostgresServer, pgQuery } from '../helpers/postgres.js';
import { compareWithTruth } from '../helpers/sim-compare.js';
import { dateAfterNow } from '../helpers/dates.js';
import { tempDir } from '../helpers/tmp.js';

const bin = findPostgresBin();
const SOURCES = ['cnhubei-minsheng', 'cnhubei-wenzheng'];
const DATE = dateAfterNow();

/**
 * What two crawls of the same board may differ in: when each page was fetched, and the
 * archive's own department numbering, given in the order departments are first met (the
 * codebook: "stable within one archive, not across archives").
 */
const FETCH_TIMES = ['first_seen_at', 'last_seen_at', 'fetched_at', 'department_id'];

/** The rows of a published CSV or JSONL file with its fetch times (and archive-local ids) blanked. */
function blankTimes(file: string): Record<string, unknown>[] {
  const text = readFileSync(file, 'utf8');
  const rows: Record<string, unknown>[] = file.endsWith('.jsonl')
    ? text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>)
    : parse(text, { columns: true, bom: true });
  expect(Object.keys(rows[0] ?? {})).toContain('fetched_at');
  return rows.map((r) => ({ ...r, ...Object.fromEntries(FETCH_TIMES.filter((k) => k in r).map((k) => [k, null])) }));
}

describe.skipIf(!bin)('PostgreSQL archive', () => {
  let server: PostgresServer;
  let sim: Simulator;
  let dir: string;
  const origins = () => Object.entries(sim.origins).flatMap(([k, v]) => ['--origin', `${k}=${v}`]);

  beforeAll(async () => {
    [server, sim] = await Promise.all([startPostgres(bin!), startSimulator({ port: 0, seed: 11, threads: 25, wenzhengMessages: 15 })]);
    dir = tempDir();
  }, 120_000);
  afterAll(async () => {
    await sim?.close();
    server?.stop();
  });

  it('publishes the same messages and replies as SQLite for the same crawl', async () => {
    const sqlite = path.join(dir, 'wenzheng.sqlite');
    const url = server.createDatabase('crawled');
    for (const db of [sqlite, url]) {
      const res = await runCli(['--db', db, 'crawl', ...SOURCES, '--rate', '0', ...origins()]);
      expect(res.code, res.stderr).toBe(0);
    }
    const truth = (await (await fetch(`${sim.url}/__sim/truth`)).json()) as Truth;
    const archive = await openArchiveAt(url);
    try {
      expect(archive.dialect).toBe('postgres');
      expect(await compareWithTruth(archive, { ...truth, messages: truth.messages.filter((m) => SOURCES.includes(m.source)) })).toEqual([]);
    } finally {
      await archive.close();
    }
    for (const [db, out] of [[sqlite, 'lite'], [url, 'pg']] as const) {
      const res = await runCli(['--db', db, 'snapshot', '--out', path.join(dir, out), '--date', DATE]);
      expect(res.code, res.stderr).toBe(0);
    }
    for (const f of ['messages.csv', 'messages.jsonl', 'replies.csv', 'replies.jsonl']) {
      const lite = path.join(dir, 'lite', DATE, f);
      const pgFile = path.join(dir, 'pg', DATE, f);
      expect(readFileSync(lite, 'utf8').split('\n').length).toBeGreaterThan(20);
      expect(blankTimes(pgFile), f).toEqual(blankTimes(lite));
    }
  }, 240_000);

  it('keeps the raw bodies in PostgreSQL: verify and reextract read them, and a damaged one is named', async () => {
    const url = `postgres://postgres@127.0.0.1:${server.port}/crawled`;
    const re = await runCli(['--db', url, 'reextract', ...SOURCES, '--all', '--format', 'json']);
    expect(re.code, re.stderr).toBe(0);
    const tally = JSON.parse(re.stdout) as Record<string, { captures: number; messages: { changed: number; new: number } }>;
    expect(tally['cnhubei-minsheng']!.captures).toBeGreaterThan(25);
    expect(tally['cnhubei-minsheng']!.messages).toMatchObject({ new: 0, changed: 0 });
    const ok = await runCli(['--db', url, 'verify']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/ 0 problems/);

    const [victim] = await pgQuery<{ sha256: string; url: string }>(url, `SELECT c.sha256, c.url FROM capture c WHERE c.url LIKE '%thread-%' ORDER BY c.id LIMIT 1`);
    await pgQuery(url, `UPDATE raw_body SET gz = $1 WHERE sha256 = $2`, [Buffer.from('not gzip'), victim!.sha256]);
    const bad = await runCli(['--db', url, 'verify']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`corrupt ${victim!.sha256} ${victim!.url}`);
  }, 120_000);

  it('copies SQLite to PostgreSQL and back without changing a snapshot byte', async () => {
    const from = path.join(dir, 'wenzheng.sqlite');
    const url = server.createDatabase('copied');
    const back = path.join(dir, 'back', 'wenzheng.sqlite');
    const there = await runCli(['copy', '--from', from, '--to', url, '--format', 'json']);
    expect(there.code, there.stderr).toBe(0);
    const report = JSON.parse(there.stdout) as { tables: Record<string, number>; rawBodies: number };
    expect(report.tables.message).toBeGreaterThan(30);
    expect(report.rawBodies).toBeGreaterThan(25);
    const again = await runCli(['copy', '--from', from, '--to', url]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/not empty/);
    const home = await runCli(['copy', '--from', url, '--to', back]);
    expect(home.code, home.stderr).toBe(0);
    expect((await runCli(['--db', back, 'verify'])).code).toBe(0);

    for (const [db, out] of [[from, 'orig'], [back, 'back']] as const) {
      const res = await runCli(['--db', db, 'snapshot', '--out', path.join(dir, out), '--date', DATE]);
      expect(res.code, res.stderr).toBe(0);
    }
    const files = readdirSync(path.join(dir, 'orig', DATE)).sort();
    expect(files).toEqual(expect.arrayContaining(['messages.csv', 'replies.csv', 'captures.csv', 'stats.json', 'index.html']));
    expect(readdirSync(path.join(dir, 'back', DATE)).sort()).toEqual(files);
    for (const f of files.filter((x) => x.includes('.'))) {
      expect(readFileSync(path.join(dir, 'back', DATE, f)).equals(readFileSync(path.join(dir, 'orig', DATE, f))), f).toBe(true);
    }
  }, 240_000);

  it('serves a PostgreSQL archive (search, messages, raw captures) and a copied one crawls on with new ids', async () => {
    const url = `postgres://postgres@127.0.0.1:${server.port}/copied`;
    const [{ n: messages }] = await pgQuery<{ n: number }>(url, `SELECT count(*)::int AS n FROM message`);
    const [cap] = await pgQuery<{ sha256: string }>(url, `SELECT sha256 FROM capture WHERE url LIKE '%thread-%' ORDER BY id LIMIT 1`);
    const child = spawn(process.execPath, [BIN, '--db', url, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const base = await new Promise<string>((resolve, reject) => {
        let out = '';
        let err = '';
        child.stderr!.on('data', (d) => (err += d));
        child.stdout!.on('data', (d) => {
          out += d;
          const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
      });
      const list = (await (await fetch(`${base}/api/messages?limit=5`)).json()) as { total: number; rows: { title: string }[] };
      expect(list.total).toBe(messages);
      const word = [...list.rows[0]!.title].slice(0, 3).join('');
      const found = (await (await fetch(`${base}/api/messages?q=${encodeURIComponent(word)}`)).json()) as { total: number };
      expect(found.total).toBeGreaterThan(0);
      const raw = await fetch(`${base}/captures/${cap!.sha256}`);
      expect(raw.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }

    const [{ max: before }] = await pgQuery<{ max: number }>(url, `SELECT max(id) AS max FROM capture`);
    const res = await runCli(['--db', url, 'crawl', 'cnhubei-minsheng', '--full', '--rate', '0', '--max-requests', '5', ...origins()]);
    expect(res.code, res.stderr).toBe(0);
    const after = await pgQuery<{ id: number }>(url, `SELECT id FROM capture WHERE id > $1`, [before]);
    expect(after.length).toBe(5);
  }, 180_000);
});
