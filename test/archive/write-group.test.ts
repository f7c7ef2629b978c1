/**
 * The crawl's pages are committed in groups on SQLite (write-group.ts): another connection sees
 * a page once its group commits (full, GROUP_MS later, before any other write, or on closing),
 * a page whose records are refused takes nothing of the group's other pages with it, and every
 * page still goes in with its capture row and frontier mark together.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openArchive, type SqliteArchive } from '../../src/archive/db.js';
import { addToFrontier } from '../../src/archive/frontier.js';
import { startRun } from '../../src/archive/runs.js';
import { GROUP_MS } from '../../src/archive/write-group.js';
import { getRequest } from '../../src/model/request.js';
import { findAdapter } from '../../src/sources/index.js';
import { ingestThreadPage } from '../helpers/ingest.js';
import { tempDir } from '../helpers/tmp.js';

const SOURCE = 'cnhubei-minsheng';
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/cnhubei-minsheng');
const FETCHED_AT = '2026-12-05T10:00:00+08:00';
const adapter = findAdapter(SOURCE)!;
/** Three thread pages written by hand, each the first page of its thread (their ids by file name). */
const THREADS = ['4657001', '4657002', '4657003'];
const urlOf = (tid: string) => `http://bbs.cnhubei.com/thread-${tid}-1-1.html`;

let archive: SqliteArchive;
let other: SqliteDatabase.Database;
let runId: number;

beforeEach(async () => {
  const file = path.join(tempDir(), 'wenzheng.sqlite');
  archive = await openArchive(file);
  await archive.db.insertInto('source').values({ id: SOURCE, name: '荆楚网《民生热线》', baseUrl: 'http://bbs.cnhubei.com' }).execute();
  runId = await startRun(archive.db, [SOURCE], FETCHED_AT);
  await addToFrontier(
    archive.db,
    THREADS.map((tid) => ({ sourceId: SOURCE, request: getRequest(urlOf(tid), 'thread') })),
    FETCHED_AT,
  );
  // Another process's view of the file: it sees what is committed, nothing else.
  other = new SqliteDatabase(file, { readonly: true });
});

afterEach(async () => {
  other.close();
  await archive.close();
});

/** Stores a thread page as the crawler does: body first, then its capture row with its records. */
const ingest = (tid: string) =>
  ingestThreadPage(archive, { adapter, url: urlOf(tid), body: readFileSync(path.join(FIXTURES, `thread-${tid}-1-1.html`)), runId, fetchedAt: FETCHED_AT });

/** What a connection sees: the threads with a message row, a capture row, and a frontier row done. */
function seen(db: SqliteDatabase.Database) {
  const ids = (sql: string) => (db.prepare(sql).pluck().all() as string[]).sort();
  return {
    messages: ids(`SELECT external_id FROM message`),
    captures: ids(`SELECT substr(url, 31, 7) FROM capture`),
    done: ids(`SELECT substr(key, 31, 7) FROM frontier WHERE state = 'done'`),
  };
}

const none = { messages: [], captures: [], done: [] };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('group commit of fetched pages (SQLite)', () => {
  it('commits a group GROUP_MS after its first page: the crawl sees its pages at once, another connection then', async () => {
    await ingest('4657001');
    await ingest('4657002');
    const both = { messages: ['4657001', '4657002'], captures: ['4657001', '4657002'], done: ['4657001', '4657002'] };
    expect(seen(archive.sqlite)).toEqual(both);
    expect(seen(other)).toEqual(none);
    await sleep(GROUP_MS + 100);
    expect(seen(other)).toEqual(both);
  });

  it('commits the group before any other write on the archive, and on closing', async () => {
    await ingest('4657001');
    expect(seen(other)).toEqual(none);
    await archive.db.updateTable('crawlRun').set({ requests: 1 }).where('id', '=', runId).execute();
    expect(seen(other).messages).toEqual(['4657001']);
    await ingest('4657002');
    expect(seen(other).messages).toEqual(['4657001']);
    await archive.close();
    expect(seen(other).messages).toEqual(['4657001', '4657002']);
    archive = await openArchive(archive.file);
  });

  it('a page whose records are refused is stored alone as its capture row; the pages before it in the group stay, with their ids', async () => {
    archive.sqlite.exec(`CREATE TRIGGER refuse_one BEFORE INSERT ON message WHEN new.external_id = '4657003' BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
    const first = await ingest('4657001');
    const second = await ingest('4657002');
    expect(seen(other)).toEqual(none);
    await expect(ingest('4657003')).rejects.toThrow('disk says no');
    // The earlier pages were written again after the rollback, and committed: the same rows and ids.
    expect(seen(other)).toEqual({ messages: ['4657001', '4657002'], captures: ['4657001', '4657002', '4657003'], done: ['4657001', '4657002'] });
    const ids = other.prepare(`SELECT external_id, capture_id FROM message ORDER BY external_id`).raw().all();
    expect(ids).toEqual([
      ['4657001', first.captureId],
      ['4657002', second.captureId],
    ]);
    expect(other.prepare(`SELECT state FROM frontier WHERE key = ?`).pluck().get(urlOf('4657003'))).toBe('pending');
    // The next page goes on as before.
    await sql`DROP TRIGGER refuse_one`.execute(archive.db);
    await ingest('4657003');
    await archive.close();
    expect(seen(other).messages).toEqual(THREADS);
    archive = await openArchive(archive.file);
  });
});
