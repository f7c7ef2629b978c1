/**
 * Issue #15 item 4: two Discuz boards configured with `crawl discuz --base-url --fid` each
 * get their own source id `discuz:<host>:<fid>` (CONTRACT.md section 2). Before, both were
 * source `discuz`, so thread 4657001 of board B overwrote thread 4657001 of board A, in the
 * archive and in the snapshot.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/db.js';
import { runCli } from '../helpers/cli.js';
import { startFixtureServer, type FixtureServer } from '../helpers/server.js';
import { dateAfterNow } from '../helpers/dates.js';
import { tempDir } from '../helpers/tmp.js';

const FIX = path.resolve(import.meta.dirname, '../fixtures/cnhubei-minsheng');
const read = (f: string) => readFileSync(path.join(FIX, f), 'utf8');
const TITLE_A = '洪山区某工地夜间施工噪音扰民，多次投诉无果';
const TITLE_B = '另一个论坛：小区门口路灯不亮';

/** The fixture list with only thread 4657001 and no pager, its title replaced. */
function listPage(title: string): string {
  const $ = cheerio.load(read('forum-9-1.html'));
  $('tbody[id^=normalthread_], tbody[id^=stickthread_]').each((_, el) => {
    if ($(el).attr('id') !== 'normalthread_4657001') $(el).remove();
  });
  $('div.pg').remove();
  return $.html().replaceAll(TITLE_A, title);
}

let a: FixtureServer;
let b: FixtureServer;

beforeAll(async () => {
  const pages = (title: string) => ({
    '/robots.txt': { body: '', contentType: 'text/plain' },
    '/forum-9-1.html': { body: listPage(title) },
    '/forum.php?mod=forumdisplay&fid=9&page=1': { body: listPage(title) },
    '/thread-4657001-1-1.html': { body: read('thread-4657001-1-1.html').replaceAll(TITLE_A, title) },
  });
  a = await startFixtureServer(pages(TITLE_A));
  b = await startFixtureServer(pages(TITLE_B));
});

afterAll(async () => {
  await a.close();
  await b.close();
});

describe('one source id per configured Discuz board (#15 item 4)', () => {
  it('keeps thread 4657001 of two boards apart in the archive and the snapshot', { timeout: 240_000 }, async () => {
    const dir = tempDir();
    const db = path.join(dir, 'wenzheng.sqlite');
    const common = ['--db', db, '--rate', '0', '--format', 'json'];
    const ra = await runCli(['crawl', 'discuz', ...common, '--base-url', 'http://bbs.board-a.example', '--fid', '9', '--origin', `discuz=${a.base}`]);
    expect(ra.code, ra.stderr).toBe(0);
    const rb = await runCli(['crawl', 'discuz', ...common, '--base-url', 'http://bbs.board-b.example/', '--fid', '9', '--origin', `discuz=${b.base}`]);
    expect(rb.code, rb.stderr).toBe(0);
    expect(JSON.parse(rb.stdout).sources).toEqual(['discuz:bbs.board-b.example:9']);

    const archive = await openArchive(db);
    const rows = await archive.db.selectFrom('message').select(['sourceId', 'externalId', 'title', 'url']).orderBy('sourceId').execute();
    const sources = await archive.db.selectFrom('source').select(['id', 'baseUrl']).where('id', 'like', 'discuz:%').orderBy('id').execute();
    await archive.close();
    expect(rows).toEqual([
      { sourceId: 'discuz:bbs.board-a.example:9', externalId: '4657001', title: TITLE_A, url: 'http://bbs.board-a.example/thread-4657001-1-1.html' },
      { sourceId: 'discuz:bbs.board-b.example:9', externalId: '4657001', title: TITLE_B, url: 'http://bbs.board-b.example/thread-4657001-1-1.html' },
    ]);
    expect(sources).toEqual([
      { id: 'discuz:bbs.board-a.example:9', baseUrl: 'http://bbs.board-a.example' },
      { id: 'discuz:bbs.board-b.example:9', baseUrl: 'http://bbs.board-b.example' },
    ]);

    const out = path.join(dir, 'snap');
    const date = dateAfterNow();
    const snap = await runCli(['snapshot', '--db', db, '--out', out, '--date', date]);
    expect(snap.code, snap.stderr).toBe(0);
    const jsonl = readFileSync(path.join(out, date, 'messages.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { message_id: string; source: string; title: string });
    expect(jsonl.map((m) => [m.message_id, m.source, m.title])).toEqual([
      ['discuz:bbs.board-a.example:9:4657001', 'discuz:bbs.board-a.example:9', TITLE_A],
      ['discuz:bbs.board-b.example:9:4657001', 'discuz:bbs.board-b.example:9', TITLE_B],
    ]);
  });

  it('reextract rebuilds a configured board under its own id', { timeout: 180_000 }, async () => {
    const dir = tempDir();
    const db = path.join(dir, 'wenzheng.sqlite');
    const crawl = await runCli(['crawl', 'discuz', '--db', db, '--rate', '0', '--base-url', 'http://bbs.board-a.example', '--fid', '9', '--origin', `discuz=${a.base}`]);
    expect(crawl.code, crawl.stderr).toBe(0);
    const re = await runCli(['reextract', '--all', '--db', db]);
    expect(re.code, re.stderr).toBe(0);
    const archive = await openArchive(db);
    const rows = await archive.db.selectFrom('message').select(['sourceId', 'title']).execute();
    await archive.close();
    expect(rows).toEqual([{ sourceId: 'discuz:bbs.board-a.example:9', title: TITLE_A }]);
  });
});
