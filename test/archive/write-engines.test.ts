/**
 * The write path has two engines (src/archive/write-steps.ts): kysely, which PostgreSQL and
 * re-extraction use, and SQLite's prepared statements, which the crawl uses. Both must leave
 * the same rows. Three simulated days are crawled over real HTTP; then every stored capture is
 * read again, in the order it was fetched, and stored into two copies of the archive emptied of
 * records, one per engine, as a crawl stores it (records, frontier row done, links added) and
 * then as re-extraction does (unchanged rows untouched, capture marked). Every table must match
 * row for row, ids included, and so must what the search indexes find.
 */
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SqliteArchive } from '../../src/archive/db.js';
import { rowOf } from '../../src/archive/frontier.js';
import { storePage, storePageIn } from '../../src/archive/page-store.js';
import { setQuiet } from '../../src/crawl/log.js';
import { crawlSimulatedDays, engineTestKit, replayedPages, storedCaptures } from '../helpers/replay.js';
import { tempDir } from '../helpers/tmp.js';

setQuiet(true);
const RECORD_TABLES = ['message_observation', 'reply', 'report_figure', 'report_item', 'report', 'message', 'department_alias', 'department', 'frontier'];
const COMPARED = [...RECORD_TABLES, 'capture'];

const kit = engineTestKit();
const openAt = kit.openAt;

/** An archive file's copy without records: the captures and runs stay. */
async function emptiedCopy(from: string, to: string): Promise<SqliteArchive> {
  copyFileSync(from, to);
  const a = await openAt(to);
  for (const t of RECORD_TABLES) a.sqlite.prepare(`DELETE FROM ${t}`).run();
  return a;
}

function dump(a: SqliteArchive): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const t of COMPARED) out[t] = a.sqlite.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all();
  out.messageSearch = a.sqlite.prepare(`SELECT rowid FROM message_fts WHERE message_fts MATCH '"道路"' OR message_fts MATCH '"小区"' ORDER BY rowid`).all();
  out.replySearch = a.sqlite.prepare(`SELECT rowid FROM reply_search_fts WHERE reply_search_fts MATCH '"已安排"' OR reply_search_fts MATCH '"您好"' ORDER BY rowid`).all();
  return out;
}

describe('the two engines of the write path', () => {
  it('store the pages of three simulated days into the same rows', async () => {
    const sim = await kit.simulator();
    const dir = tempDir();
    const crawled = await openAt(path.join(dir, 'crawled.sqlite'));
    await crawlSimulatedDays(sim, crawled, 3);
    const captures = storedCaptures(crawled);
    expect(captures.length).toBeGreaterThan(100);
    const salt = crawled.salt;
    await kit.closeNow(crawled);
    const viaKysely = await emptiedCopy(path.join(dir, 'crawled.sqlite'), path.join(dir, 'kysely.sqlite'));
    const prepared = await emptiedCopy(path.join(dir, 'crawled.sqlite'), path.join(dir, 'prepared.sqlite'));
    // The raw bodies stay beside the crawled archive.
    const raw = (await openAt(path.join(dir, 'crawled.sqlite'))).raw;

    const pages = await replayedPages(captures, raw, salt);
    expect(pages.some((p) => p.x.reports.length > 0)).toBe(true);
    expect(pages.some((p) => p.x.kind === 'list')).toBe(true);

    let addedKysely = 0;
    let addedPrepared = 0;
    const tallies: unknown[][] = [[], []];
    for (const { x, ctx } of pages) {
      const k = await viaKysely.db.transaction().execute((trx) => storePageIn(trx, x, ctx));
      const p = await storePage(prepared, x, ctx);
      addedKysely += k.added.length;
      addedPrepared += p.added.length;
      expect(p.added.map((e) => rowOf(e).key)).toEqual(k.added.map((e) => rowOf(e).key));
      tallies[0]!.push(k.result);
      tallies[1]!.push(p.result);
    }
    expect(tallies[1]).toEqual(tallies[0]);
    expect(addedPrepared).toBeGreaterThan(0);
    // Re-extraction's way: unchanged rows untouched, each capture marked read by this version.
    for (const { x, ctx } of pages) {
      const again = { ...ctx, frontier: undefined, touchUnchanged: false, markExtracted: true, extractorVersion: 'again' };
      const k = await viaKysely.db.transaction().execute((trx) => storePageIn(trx, x, again));
      const p = await storePage(prepared, x, again);
      expect(p.result).toEqual(k.result);
    }
    const a = dump(viaKysely);
    const b = dump(prepared);
    expect((a.message ?? []).length).toBeGreaterThan(40);
    expect((a.reply ?? []).length).toBeGreaterThan(0);
    expect((a.report_item ?? []).length).toBeGreaterThan(0);
    expect((a.messageSearch ?? []).length + (a.replySearch ?? []).length).toBeGreaterThan(0);
    for (const t of Object.keys(a)) expect(b[t], t).toEqual(a[t]);
  }, 120_000);
});
