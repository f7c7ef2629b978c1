/**
 * The write path's third engine (src/archive/write-ops-pg.ts): named prepared statements on a
 * PostgreSQL connection, which a crawl on a PostgreSQL archive uses. It must leave the same rows
 * as SQLite's prepared statements (which write-engines.test.ts holds to the kysely engine).
 * Three simulated days are crawled over real HTTP into SQLite, the archive is copied into a
 * throwaway PostgreSQL, both are emptied of records, and every capture is stored again into
 * each, in the order it was fetched, as a crawl stores it and then as re-extraction does. Every
 * record table must match row for row, ids included.
 */
import { copyFileSync } from 'node:fs';
import { sql } from 'kysely';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyArchive } from '../../src/archive/copy.js';
import { openArchiveAt } from '../../src/archive/db.js';
import { rowOf } from '../../src/archive/frontier.js';
import { storePage } from '../../src/archive/page-store.js';
import { setQuiet } from '../../src/crawl/log.js';
import { findPostgresBin, pgQuery, startPostgres, type PostgresServer } from '../helpers/postgres.js';
import { crawlSimulatedDays, engineTestKit, replayedPages, storedCaptures } from '../helpers/replay.js';
import { tempDir } from '../helpers/tmp.js';

setQuiet(true);
const bin = findPostgresBin();
/** The tables a page's storing writes, children first, each with an order both engines agree on. */
const RECORD_TABLES: [string, string][] = [
  ['message_observation', 'id'],
  ['reply', 'id'],
  ['report_figure', 'id'],
  ['report_item', 'id'],
  ['report', 'id'],
  ['message', 'id'],
  ['department_alias', 'scope, alias'],
  ['department', 'id'],
  ['frontier', 'key'],
];
const COMPARED: [string, string][] = [...RECORD_TABLES, ['capture', 'id']];

describe.skipIf(!bin)('the PostgreSQL engine of the write path', () => {
  let server: PostgresServer;
  const kit = engineTestKit();
  const openAt = kit.openAt;
  beforeAll(async () => {
    server = await startPostgres(bin!);
  }, 120_000);
  afterAll(() => server?.stop());

  it('stores the pages of three simulated days into the same rows as SQLite', async () => {
    const sim = await kit.simulator();
    const dir = tempDir();
    const crawledFile = path.join(dir, 'crawled.sqlite');
    const crawled = await openAt(crawledFile);
    await crawlSimulatedDays(sim, crawled, 3);
    const captures = storedCaptures(crawled);
    expect(captures.length).toBeGreaterThan(100);
    const salt = crawled.salt;

    // The same archive in PostgreSQL: captures, runs and sources with their ids, records emptied
    // and their ids restarted as SQLite restarts an emptied table's.
    const url = server.createDatabase('engines');
    const pg = kit.track(await openArchiveAt(url));
    await copyArchive(crawled, pg, { raw: false });
    await pgQuery(url, `TRUNCATE ${RECORD_TABLES.map(([t]) => t).join(', ')} RESTART IDENTITY`);
    // Closed first, so the file holds all it wrote (WAL checkpointed); the raw bodies stay beside it.
    await kit.closeNow(crawled);
    const raw = (await openAt(crawledFile)).raw;
    copyFileSync(crawledFile, path.join(dir, 'prepared.sqlite'));
    const prepared = await openAt(path.join(dir, 'prepared.sqlite'));
    for (const [t] of RECORD_TABLES) prepared.sqlite.prepare(`DELETE FROM ${t}`).run();

    const pages = await replayedPages(captures, raw, salt);
    expect(pages.some((p) => p.x.reports.length > 0)).toBe(true);

    let added = 0;
    for (const { x, ctx } of pages) {
      const p = await storePage(prepared, x, ctx);
      const q = await storePage(pg, x, ctx);
      expect(q.added.map((e) => rowOf(e).key)).toEqual(p.added.map((e) => rowOf(e).key));
      expect(q.result).toEqual(p.result);
      added += p.added.length;
    }
    expect(added).toBeGreaterThan(0);
    // Re-extraction's way: unchanged rows untouched, each capture marked read by this version.
    for (const { x, ctx } of pages) {
      const again = { ...ctx, frontier: undefined, touchUnchanged: false, markExtracted: true, extractorVersion: 'again' };
      const p = await storePage(prepared, x, again);
      const q = await storePage(pg, x, again);
      expect(q.result).toEqual(p.result);
    }
    let compared = 0;
    for (const [t, order] of COMPARED) {
      const lite = prepared.sqlite.prepare(`SELECT * FROM ${t} ORDER BY ${order}`).all() as Record<string, unknown>[];
      // Through the archive's own pool, which reads bigint columns as numbers as SQLite gives them.
      const { rows } = await sql.raw<Record<string, unknown>>(`SELECT * FROM ${t} ORDER BY ${order}`).execute(pg.db.withoutPlugins());
      expect(rows.length, t).toBe(lite.length);
      expect(rows, t).toEqual(lite);
      compared += rows.length;
    }
    const count = (t: string) => (prepared.sqlite.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    expect(count('message')).toBeGreaterThan(40);
    expect(count('reply')).toBeGreaterThan(0);
    expect(count('report_item')).toBeGreaterThan(0);
    expect(compared).toBeGreaterThan(500);
  }, 180_000);
});
