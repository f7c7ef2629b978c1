/**
 * A fetched page is stored in one transaction: its capture row (its body already on disk) with
 * its records and its frontier row. All of it or, when the records are refused, none of it but
 * the capture row, so the body stays known; an unreadable page keeps its capture row with why.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openArchive, type SqliteArchive } from '../../src/archive/db.js';
import { addToFrontier } from '../../src/archive/frontier.js';
import { sha256Hex } from '../../src/archive/raw-store.js';
import { startRun } from '../../src/archive/runs.js';
import { UnreadablePageError } from '../../src/crawl/ingest.js';
import { getRequest } from '../../src/model/request.js';
import { findAdapter } from '../../src/sources/index.js';
import { ingestThreadPage } from '../helpers/ingest.js';
import { tempDir } from '../helpers/tmp.js';

const SOURCE = 'cnhubei-minsheng';
const THREAD = 'http://bbs.cnhubei.com/thread-4657002-1-1.html';
const BODY = readFileSync(path.resolve(import.meta.dirname, '../fixtures/cnhubei-minsheng/thread-4657002-1-1.html'));
const FETCHED_AT = '2026-12-05T10:00:00+08:00';
const adapter = findAdapter(SOURCE)!;

let archive: SqliteArchive;
let runId: number;

beforeEach(async () => {
  archive = await openArchive(path.join(tempDir(), 'wenzheng.sqlite'));
  await archive.db.insertInto('source').values({ id: SOURCE, name: '荆楚网《民生热线》', baseUrl: 'http://bbs.cnhubei.com' }).execute();
  runId = await startRun(archive.db, [SOURCE], FETCHED_AT);
  await addToFrontier(archive.db, [{ sourceId: SOURCE, request: getRequest(THREAD, 'thread') }], FETCHED_AT);
});

afterEach(() => archive.close());

/** Stores the body as the crawler does, then ingests the page with its capture row still to write. */
const ingest = (body: Uint8Array) => ingestThreadPage(archive, { adapter, url: THREAD, body, runId, fetchedAt: FETCHED_AT });

const captures = () => archive.db.selectFrom('capture').select(['id', 'url', 'sha256', 'parseError']).execute();
const frontierState = async () => (await archive.db.selectFrom('frontier').select('state').where('key', '=', THREAD).executeTakeFirstOrThrow()).state;

describe('one transaction a fetched page', () => {
  it('writes the capture row with the records that point to it and marks the request done', async () => {
    const stored = await ingest(BODY);
    const rows = await captures();
    expect(rows).toEqual([{ id: stored.captureId, url: THREAD, sha256: sha256Hex(BODY), parseError: null }]);
    const m = await archive.db.selectFrom('message').select(['title', 'captureId']).where('externalId', '=', '4657002').executeTakeFirstOrThrow();
    expect(m).toEqual({ title: '江夏区藏龙岛公交站台损坏多日无人维修', captureId: stored.captureId });
    expect(await frontierState()).toBe('done');
    expect(Buffer.from(await archive.raw.get(rows[0]!.sha256)).equals(BODY)).toBe(true);
  });

  it('keeps only the capture row when the records are refused, and leaves the request pending', async () => {
    archive.sqlite.exec(`CREATE TRIGGER refuse_messages BEFORE INSERT ON message BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
    await expect(ingest(BODY)).rejects.toThrow('disk says no');
    expect(await captures()).toEqual([{ id: expect.any(Number), url: THREAD, sha256: sha256Hex(BODY), parseError: null }]);
    expect(await archive.db.selectFrom('message').select('id').execute()).toEqual([]);
    expect(await archive.db.selectFrom('reply').select('id').execute()).toEqual([]);
    expect(await frontierState()).toBe('pending');
  });

  it('keeps the capture row of a page its adapter cannot read, noting why', async () => {
    const garbage = Buffer.from('<html><body>维护中</body></html>');
    await expect(ingest(garbage)).rejects.toBeInstanceOf(UnreadablePageError);
    const rows = await captures();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.sha256).toBe(sha256Hex(garbage));
    expect(rows[0]!.parseError).toMatch(/\S/);
    expect(await frontierState()).toBe('pending');
  });
});
