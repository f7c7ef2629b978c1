/**
 * Issue #15 item 3: a run killed with -9 long ago left a stored (never parsed) body of a
 * thread. A later run that resumes pending work must not apply that old body instead of
 * fetching: the body is tied to the frontier row it was fetched for, the abandoned run is
 * closed, and a body older than what is stored is never applied.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../src/archive/db.js';
import { recordCapture } from '../../src/archive/captures.js';
import { addToFrontier } from '../../src/archive/frontier.js';
import { startRun } from '../../src/archive/runs.js';
import { getRequest } from '../../src/model/request.js';
import { runCrawl } from '../../src/crawl/crawler.js';
import { createLogger, setQuiet } from '../../src/crawl/log.js';
import { parseOrigins } from '../../src/crawl/origins.js';
import { ADAPTERS, findAdapter } from '../../src/sources/index.js';
import { startFixtureServer, type FixtureServer } from '../helpers/server.js';
import { tempDir } from '../helpers/tmp.js';

const FIX = path.resolve(import.meta.dirname, '../fixtures/cnhubei-minsheng');
const read = (f: string) => readFileSync(path.join(FIX, f), 'utf8');
const THREAD = 'http://bbs.cnhubei.com/thread-4657002-1-1.html';
const OLD_TITLE = '江夏区藏龙岛公交站台损坏多日无人维修';
const NEW_TITLE = '江夏区藏龙岛公交站台损坏多日无人维修（已修复）';

function listPage(): string {
  const $ = cheerio.load(read('forum-9-1.html'));
  $('tbody[id^=normalthread_], tbody[id^=stickthread_]').each((_, el) => {
    if ($(el).attr('id') !== 'normalthread_4657002') $(el).remove();
  });
  $('div.pg').remove();
  return $.html().replaceAll(OLD_TITLE, NEW_TITLE);
}

let server: FixtureServer;
let archive: Archive;

beforeAll(async () => {
  setQuiet(true);
  server = await startFixtureServer({
    '/robots.txt': { body: '', contentType: 'text/plain' },
    '/forum-9-1.html': { body: listPage() },
    '/thread-4657002-1-1.html': { body: read('thread-4657002-1-1.html').replaceAll(OLD_TITLE, NEW_TITLE) },
  });
  archive = await openArchive(path.join(tempDir(), 'wenzheng.sqlite'));
});

afterAll(async () => {
  await archive.close();
  await server.close();
});

describe('resume never replays an old killed run (#15 item 3)', () => {
  it('fetches the thread anew instead of applying the body an abandoned run stored months ago', async () => {
    await archive.db.insertInto('source').values({ id: 'cnhubei-minsheng', name: '荆楚网《民生热线》', baseUrl: 'http://bbs.cnhubei.com' }).execute();
    // Run A (March) fetched the thread, stored its body and was killed before parsing it.
    const runA = await startRun(archive.db, ['cnhubei-minsheng'], '2026-03-01T10:00:00+08:00');
    await recordCapture(archive, {
      url: THREAD,
      sourceId: 'cnhubei-minsheng',
      kind: 'thread',
      fetchedAt: '2026-03-01T10:00:05+08:00',
      httpStatus: 200,
      contentType: 'text/html; charset=utf-8',
      body: Buffer.from(read('thread-4657002-1-1.html')),
      extractorVersion: '2',
      runId: runA,
    });
    // Work queued since (a later run stopped with pages pending, the thread among them).
    await addToFrontier(
      archive.db,
      [
        { sourceId: 'cnhubei-minsheng', request: getRequest('http://bbs.cnhubei.com/forum-9-1.html', 'list') },
        { sourceId: 'cnhubei-minsheng', request: getRequest(THREAD, 'thread') },
      ],
      '2026-12-01T08:00:00+08:00',
    );

    const res = await runCrawl({
      archive,
      sources: [findAdapter('cnhubei-minsheng')!],
      origins: parseOrigins([`cnhubei-minsheng=${server.base}`], ADAPTERS),
      rate: 0,
      logger: createLogger('test'),
    });
    expect(res.resumed).toBe(true);
    expect(server.requests.map((r) => r.url)).toContain('/thread-4657002-1-1.html');
    const m = await archive.db.selectFrom('message').select('title').where('externalId', '=', '4657002').executeTakeFirst();
    expect(m?.title).toBe(NEW_TITLE);
    // The abandoned run is closed: no later run will offer its bodies again.
    const a = await archive.db.selectFrom('crawlRun').select(['finishedAt', 'exitCode']).where('id', '=', runA).executeTakeFirst();
    expect(a?.finishedAt).not.toBeNull();
    expect(a?.exitCode).toBe(137);
  });
});
