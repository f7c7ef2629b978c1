/**
 * Issue #15 item 1: redirects are followed by hand, only to origins the source may fetch. A
 * hostile 《民生热线》 on 127.0.0.1 answers 302 to an "internal" service on 127.0.0.2 for a
 * thread and for robots.txt; the internal service must see no request, nothing it could serve
 * is stored, and a redirect within the board (to its public URL) is followed and stored under
 * the URL the body really came from.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../src/archive/db.js';
import { runCrawl } from '../../src/crawl/crawler.js';
import { isSpecialAddress } from '../../src/crawl/guarded-fetch.js';
import { createLogger, setQuiet } from '../../src/crawl/log.js';
import { parseOrigins } from '../../src/crawl/origins.js';
import { ADAPTERS, findAdapter } from '../../src/sources/index.js';
import { startFixtureServer, type FixtureServer } from '../helpers/server.js';
import { tempDir } from '../helpers/tmp.js';

const FIX = path.resolve(import.meta.dirname, '../fixtures/cnhubei-minsheng');
const read = (f: string) => readFileSync(path.join(FIX, f), 'utf8');
const SECRET = 'INTERNAL-ONLY: db password hunter2';

function listPage(): string {
  const $ = cheerio.load(read('forum-9-1.html'));
  $('tbody[id^=normalthread_], tbody[id^=stickthread_]').each((_, el) => {
    if (!['normalthread_4657001', 'normalthread_4657002'].includes($(el).attr('id')!)) $(el).remove();
  });
  $('div.pg').remove();
  return $.html();
}

let board: FixtureServer;
let internal: Server;
let internalBase: string;
const internalRequests: string[] = [];
let archive: Archive;

beforeAll(async () => {
  setQuiet(true);
  internal = createServer((req, res) => {
    internalRequests.push(req.url ?? '/');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(read('thread-4657001-1-1.html').replace('</body>', `<p>${SECRET}</p></body>`));
  });
  await new Promise<void>((resolve) => internal.listen(0, '127.0.0.2', resolve));
  internalBase = `http://127.0.0.2:${(internal.address() as AddressInfo).port}`;
  board = await startFixtureServer({
    '/robots.txt': { body: '', status: 302, headers: { location: `${internalBase}/robots.txt` } },
    '/forum-9-1.html': { body: listPage() },
    // A thread that sends the crawler to the internal service.
    '/thread-4657001-1-1.html': { body: '', status: 302, headers: { location: `${internalBase}/admin/thread-4657001-1-1.html` } },
    // A thread that moved within the board: to its public URL (followed through the mapping).
    '/thread-4657002-1-1.html': { body: '', status: 301, headers: { location: 'http://bbs.cnhubei.com/thread-4657003-1-1.html' } },
    '/thread-4657003-1-1.html': { body: read('thread-4657003-1-1.html') },
    '/thread-4657003-2-1.html': { body: read('thread-4657003-2-1.html') },
  });
  archive = await openArchive(path.join(tempDir(), 'wenzheng.sqlite'));
});

afterAll(async () => {
  await archive.close();
  await board.close();
  await new Promise((resolve) => internal.close(resolve));
});

describe('redirects under the origin allowlist (#15 item 1)', () => {
  it('never asks the internal server, stores nothing from it, and stores a moved page under its real URL', async () => {
    const res = await runCrawl({
      archive,
      sources: [findAdapter('cnhubei-minsheng')!],
      origins: parseOrigins([`cnhubei-minsheng=${board.base}`], ADAPTERS),
      rate: 0,
      maxRetries: 1,
      logger: createLogger('test'),
    });
    expect(internalRequests).toEqual([]);
    expect(res.report.failures).toEqual([
      { url: 'http://bbs.cnhubei.com/thread-4657001-1-1.html', error: expect.stringMatching(/refused http:\/\/127\.0\.0\.2:\d+\/admin\/thread-4657001-1-1\.html/) },
    ]);
    expect(res.exitCode).toBe(3);

    const captures = await archive.db.selectFrom('capture').select(['url', 'sha256']).orderBy('url').execute();
    for (const c of captures) expect((await archive.raw.get(c.sha256)).toString('utf8')).not.toContain(SECRET);
    // The moved thread's body is stored under the URL it came from, never under the one asked for.
    expect(captures.map((c) => c.url)).toEqual([
      'http://bbs.cnhubei.com/forum-9-1.html',
      'http://bbs.cnhubei.com/thread-4657003-1-1.html',
      'http://bbs.cnhubei.com/thread-4657003-2-1.html',
    ]);
    const m = await archive.db.selectFrom('message').select(['externalId', 'captureId']).where('externalId', '=', '4657003').executeTakeFirst();
    expect(m?.captureId).not.toBeNull();
  });

  it('refuses loopback, private and link-local addresses', () => {
    for (const ip of ['127.0.0.2', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1']) {
      expect(isSpecialAddress(ip), ip).toBe(true);
    }
    for (const ip of ['202.103.24.68', '8.8.8.8', '2400:3200::1']) expect(isSpecialAddress(ip), ip).toBe(false);
  });
});
