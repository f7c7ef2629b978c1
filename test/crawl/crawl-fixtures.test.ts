/**
 * The crawler end to end on a local server (port 0) that serves the hand-made 《民生热线》
 * pages in place of bbs.cnhubei.com: first crawl, an unchanged re-crawl, a new official
 * reply, and a broken page.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as cheerio from 'cheerio';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../src/archive/db.js';
import { runCrawl } from '../../src/crawl/crawler.js';
import { createLogger, setQuiet } from '../../src/crawl/log.js';
import { parseOrigins } from '../../src/crawl/origins.js';
import { reextract } from '../../src/crawl/reextract.js';
import { ADAPTERS, findAdapter } from '../../src/sources/index.js';
import { startFixtureServer, type FixtureServer } from '../helpers/server.js';
import { tempDir } from '../helpers/tmp.js';
import { runCli } from '../helpers/cli.js';

const FIX = path.resolve(import.meta.dirname, '../fixtures/cnhubei-minsheng');
const read = (f: string) => readFileSync(path.join(FIX, f), 'utf8');
const THREADS = ['4657001', '4657002', '4657003', '4660003'];

/** The fixture list page with only the rows whose threads the server has, and no pager. */
function listPage(): string {
  const $ = cheerio.load(read('forum-9-1.html'));
  $('tbody[id^=normalthread_], tbody[id^=stickthread_]').each((_, el) => {
    const tid = $(el).attr('id')!.split('_')[1]!;
    if (!THREADS.includes(tid)) $(el).remove();
  });
  $('div.pg').remove(); // one list page here; paging is covered by the simulator tests
  return $.html();
}

const OFFICIAL_POST = `
<div id="post_30002020" ><table id="pid30002020" class="plhin" summary="pid30002020" cellspacing="0" cellpadding="0">
<tr><td class="pls" rowspan="2"><div id="favatar30002020" class="pls favatar"><div class="pi">
<div class="authi"><a href="home.php?mod=space&amp;uid=88001" target="_blank" class="xw1">江夏区交通运输局</a></div></div>
<p><em><a href="home.php?mod=spacecp&amp;ac=usergroup&amp;gid=21" target="_blank">实名入驻单位</a></em></p></div></td>
<td class="plc"><div class="pi"><strong><a href="forum.php?mod=redirect&amp;goto=findpost&amp;ptid=4657002&amp;pid=30002020" id="postnum30002020">6<sup>#</sup></a></strong>
<div class="pti"><div class="authi"><em id="authorposton30002020">发表于 2019-7-18 09:30</em></div></div></div>
<div class="pct"><div class="pcb"><div class="t_fsz"><table cellspacing="0" cellpadding="0"><tr><td class="t_f" id="postmessage_30002020">
网友您好，站台顶棚已于7月18日修复完毕，感谢监督。</td></tr></table></div></div></div></td></tr></table></div>`;

let server: FixtureServer;
let archive: Archive;
let dbFile: string;

beforeAll(async () => {
  setQuiet(true);
  server = await startFixtureServer({
    '/forum-9-1.html': { body: listPage() },
    '/thread-4657001-1-1.html': { body: read('thread-4657001-1-1.html') },
    '/thread-4657002-1-1.html': { body: read('thread-4657002-1-1.html') },
    '/thread-4657003-1-1.html': { body: read('thread-4657003-1-1.html') },
    '/thread-4657003-2-1.html': { body: read('thread-4657003-2-1.html') },
    // GBK bytes, charset only in <meta>, none in the header.
    '/thread-4660003-1-1.html': {
      body: iconv.encode(read('thread-4660003-1-1.gbk-source.html'), 'gbk'),
      contentType: 'text/html',
    },
    '/robots.txt': { body: 'User-agent: *\nDisallow: /home.php\n', contentType: 'text/plain' },
  });
  dbFile = path.join(tempDir(), 'wenzheng.sqlite');
  archive = await openArchive(dbFile);
});

afterAll(async () => {
  await archive.close();
  await server.close();
});

const crawl = (opts: { full?: boolean } = {}) =>
  runCrawl({
    archive,
    sources: [findAdapter('cnhubei-minsheng')!],
    origins: parseOrigins([`cnhubei-minsheng=${server.base}`], ADAPTERS),
    rate: 0,
    logger: createLogger('test'),
    ...opts,
  });

/** Board pages requested since the n-th request (robots.txt is read once per run). */
const pagesSince = (n: number) => server.requests.slice(n).map((r) => r.url).filter((u) => u !== '/robots.txt');

const count = async (table: 'message' | 'reply' | 'messageObservation' | 'capture') =>
  Number((await archive.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('crawling 《民生热线》 from a local server', () => {
  it('fills the archive with every thread, public URLs and decoded GBK text', async () => {
    const res = await crawl();
    expect(res.exitCode).toBe(0);
    expect(res.report.failed).toBe(0);
    expect(res.report.newMessages).toBe(4);
    const messages = await archive.db.selectFrom('message').selectAll().orderBy('externalId').execute();
    expect(messages.map((m) => m.externalId)).toEqual(THREADS);
    for (const m of messages) expect(m.url).toBe(`http://bbs.cnhubei.com/thread-${m.externalId}-1-1.html`);
    const captures = await archive.db.selectFrom('capture').select('url').execute();
    expect(captures.every((c) => c.url.startsWith('http://bbs.cnhubei.com/'))).toBe(true);
    const gbk = messages.find((m) => m.externalId === '4660003')!;
    expect(gbk.title).toMatch(/[\u4e00-\u9fa5]/);
    expect(gbk.title).not.toMatch(/\uFFFD/);
    // 4657001 carries official replies; 4657002 none.
    expect(messages.find((m) => m.externalId === '4657001')!.status).toBe('replied');
    expect(messages.find((m) => m.externalId === '4657002')!.status).toBe('pending');
    // The two-page thread: its official reply sits on page 2.
    expect(messages.find((m) => m.externalId === '4657003')!.status).toBe('replied');
    expect(server.requests.some((r) => r.url === '/thread-4657003-2-1.html')).toBe(true);
    const run = await archive.db.selectFrom('crawlRun').selectAll().executeTakeFirstOrThrow();
    expect(run.exitCode).toBe(0);
    // The board's facts are stored with it: 24 hours, 1 request a second, Hubei.
    const source = await archive.db.selectFrom('source').selectAll().where('id', '=', 'cnhubei-minsheng').executeTakeFirstOrThrow();
    expect([source.slaHours, source.defaultRate, source.region]).toEqual([24, 1, '420000']);
    expect(run.newMessages).toBe(4);
  });

  it('an unchanged server: the incremental crawl reads only the list, a full one finds all unchanged', async () => {
    const before = { m: await count('message'), r: await count('reply'), o: await count('messageObservation') };
    const seen = server.requests.length;
    const inc = await crawl();
    expect(inc.exitCode).toBe(0);
    expect(pagesSince(seen)).toEqual(['/forum-9-1.html']);
    expect(inc.report.newMessages + inc.report.changedMessages).toBe(0);
    const full = await crawl({ full: true });
    expect(full.report.newMessages).toBe(0);
    expect(full.report.changedMessages).toBe(0);
    expect(full.report.unchangedMessages).toBe(4);
    expect(full.report.newReplies).toBe(0);
    expect({ m: await count('message'), r: await count('reply'), o: await count('messageObservation') }).toEqual(before);
  });

  it('a new official reply: replied, first_reply_at set, one observation added', async () => {
    const obsBefore = await count('messageObservation');
    const thread = read('thread-4657002-1-1.html')
      .replace('<span class="xi1">4</span>', '<span class="xi1">5</span>')
      .replace(/(<div id="post_30002010")/, `${OFFICIAL_POST}\n$1`);
    server.pages.set('/thread-4657002-1-1.html', { body: thread });
    const list = listPage()
      .replace('class="xi2">4</a><em>1208</em>', 'class="xi2">5</a><em>1230</em>')
      .replace('goto=lastpost#lastpost">2019-7-17 10:20', 'goto=lastpost#lastpost">2019-7-18 09:30');
    server.pages.set('/forum-9-1.html', { body: list });
    const seen = server.requests.length;
    const res = await crawl();
    expect(res.exitCode).toBe(0);
    expect(pagesSince(seen).sort()).toEqual(['/forum-9-1.html', '/thread-4657002-1-1.html']);
    expect(res.report.changedMessages).toBe(1);
    const m = await archive.db.selectFrom('message').selectAll().where('externalId', '=', '4657002').executeTakeFirstOrThrow();
    expect(m.status).toBe('replied');
    expect(m.firstReplyAt).toBe('2019-07-18T09:30:00+08:00');
    expect(m.replyCount).toBe(1);
    expect(await count('messageObservation')).toBe(obsBefore + 1);
  });

  it('a page without its post list: named in the report, capture kept, exit 3, the rest stored', async () => {
    server.pages.set('/thread-4657001-1-1.html', { body: '<html><body><div id="ct">系统繁忙</div></body></html>' });
    const capturesBefore = await count('capture');
    const res = await crawl({ full: true });
    expect(res.exitCode).toBe(3);
    expect(res.report.failed).toBe(1);
    expect(res.report.failures[0]!.url).toBe('http://bbs.cnhubei.com/thread-4657001-1-1.html');
    expect(res.report.failures[0]!.error).toMatch(/thread-4657001-1-1\.html.*#postlist|#postlist.*4657001/);
    const cap = await archive.db
      .selectFrom('capture')
      .selectAll()
      .where('url', '=', 'http://bbs.cnhubei.com/thread-4657001-1-1.html')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(cap.parseError).toMatch(/#postlist/);
    expect(await count('capture')).toBeGreaterThan(capturesBefore);
    const m = await archive.db.selectFrom('message').selectAll().where('externalId', '=', '4657001').executeTakeFirstOrThrow();
    expect(m.title).not.toBeNull(); // what was stored before is kept
    const frontier = await archive.db.selectFrom('frontier').selectAll().where('state', '=', 'failed').execute();
    expect(frontier.map((f) => f.url)).toEqual(['http://bbs.cnhubei.com/thread-4657001-1-1.html']);
  });

  it('that broken page fails with the same error in crawl, reextract and extract (one ingest path)', async () => {
    const url = 'http://bbs.cnhubei.com/thread-4657001-1-1.html';
    const { lastError } = await archive.db.selectFrom('frontier').select('lastError').where('key', '=', url).executeTakeFirstOrThrow();
    expect(lastError).toMatch(/#postlist/);
    const tally = await reextract(archive, { sources: [findAdapter('cnhubei-minsheng')!], logger: createLogger('test') });
    expect(tally['cnhubei-minsheng']!.failures.map((f) => [f.url, f.error])).toEqual([[url, lastError]]);
    const file = path.join(tempDir(), 'broken.html');
    writeFileSync(file, '<html><body><div id="ct">系统繁忙</div></body></html>');
    const res = await runCli(['extract', 'cnhubei-minsheng', file, '--url', url]);
    expect(res.code).toBe(2);
    expect(res.stderr.trim()).toBe(`wenzheng: ${lastError}`);
  });
});

describe('the generic discuz source', () => {
  it('crawls a board named by --base-url and --fid, and refuses to guess without them', async () => {
    server.pages.set('/thread-4657001-1-1.html', { body: read('thread-4657001-1-1.html') });
    // The generic source starts from the query form every Discuz board answers, then follows the
    // board's own (here rewritten) links.
    server.pages.set('/forum.php?mod=forumdisplay&fid=9&page=1', { body: listPage() });
    const db = path.join(tempDir(), 'wenzheng.sqlite');
    const args = ['crawl', 'discuz', '--db', db, '--rate', '0', '--origin', `discuz=${server.base}`];
    const missing = await runCli(args);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--base-url/);
    const res = await runCli([...args, '--base-url', 'http://bbs.cnhubei.com', '--fid', '9', '--format', 'json']);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout).newMessages).toBe(4);
    const a = await openArchive(db);
    const rows = await a.db.selectFrom('message').select(['sourceId', 'url']).execute();
    await a.close();
    expect(new Set(rows.map((r) => r.sourceId))).toEqual(new Set(['discuz:bbs.cnhubei.com:9']));
    expect(rows.every((r) => r.url.startsWith('http://bbs.cnhubei.com/thread-'))).toBe(true);
  });
});
