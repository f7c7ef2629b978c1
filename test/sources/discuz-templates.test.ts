/**
 * Discuz! boards the adapter had never seen (issue #17): an X3.3 board without URL rewriting,
 * X2 markup, the touch (mobile) template's thread and list, guide lists, custom rewrite
 * rules, and author names hashed as written. Fixtures are hand-made from the templates of
 * those versions (test/fixtures/discuz/, each says which); every expected value below was
 * written by reading the fixture, not the parser's output.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashAuthor } from '../../src/archive/authors.js';
import { ParseError } from '../../src/extract/errors.js';
import type { Extraction } from '../../src/model/extraction.js';
import { cnhubeiMinshengAdapter } from '../../src/sources/cnhubei-minsheng/index.js';
import { createDiscuzAdapter, discuzAdapter, genericDiscuzConfig, parseDiscuzUrl } from '../../src/sources/discuz/index.js';
import { assertValidExtraction } from '../helpers/contract.js';
import { repoRoot } from '../helpers/shared.js';

const fixture = (dir: string, file: string) => readFileSync(path.join(repoRoot, 'test/fixtures', dir, file), 'utf8');
const COUNTY = 'http://bbs.example-county.gov.cn';

function parse(url: string, file: string, adapter = discuzAdapter): Extraction {
  const out = adapter.parse({ url, body: fixture('discuz', file) });
  assertValidExtraction(out);
  return out;
}

describe('an X3.3 board without rewrite URLs keeps the form it links', () => {
  const out = parse(`${COUNTY}/forum.php?mod=viewthread&tid=5203&extra=page%3D1`, 'x33-norewrite-viewthread-5203.html');

  it('stores forum.php?mod=viewthread&tid= for the page and the message, never thread-5203-1-1.html', () => {
    expect(out.url).toBe(`${COUNTY}/forum.php?mod=viewthread&tid=5203`);
    expect(out.messages).toHaveLength(1);
    expect(out.messages[0]).toMatchObject({
      externalId: '5203',
      url: `${COUNTY}/forum.php?mod=viewthread&tid=5203`,
      title: '城关镇老街路灯坏了一个月',
      body: '城关镇老街的路灯坏了一个月，晚上一片漆黑，老人出门很不安全。',
      author: '縋夢人',
      postedAt: '2020-11-03T20:15:00+08:00',
      board: '百姓问政',
      category: '城市管理',
      views: 356,
      replyCount: 2,
      status: 'replied',
      department: null, // the post names no addressee: the answering unit is in the replies
    });
    expect(JSON.stringify(out)).not.toMatch(/thread-5203-/);
  });

  it('keeps the query form when the same board is given a rewritten URL of a page that links none', () => {
    expect(discuzAdapter.canonicalUrl(`${COUNTY}/forum.php?mod=viewthread&tid=5203&page=2&extra=`)).toBe(
      `${COUNTY}/forum.php?mod=viewthread&tid=5203&page=2`,
    );
    const crawlable = createDiscuzAdapter({ ...genericDiscuzConfig, baseUrl: COUNTY, fid: 36 });
    expect(crawlable.startUrls()).toEqual([{ url: `${COUNTY}/forum.php?mod=forumdisplay&fid=36&page=1`, kind: 'list', method: 'GET' }]);
    // The row grew from 10 replies to 12: reply 11 is on page 2 (10 posts a page).
    const grown = crawlable.changedThreadPages?.({ ...out.messages[0]!, replyCount: 12 }, 10);
    expect(grown).toEqual([{ url: `${COUNTY}/forum.php?mod=viewthread&tid=5203&page=2`, kind: 'thread', method: 'GET' }]);
  });

  it('a rewritten board (《民生热线》, configured) still gets its rewrite form', () => {
    expect(cnhubeiMinshengAdapter.canonicalUrl('http://bbs.cnhubei.com/forum.php?mod=viewthread&tid=4657001')).toBe(
      'http://bbs.cnhubei.com/thread-4657001-1-1.html',
    );
  });
});

describe('author names are hashed as written', () => {
  const out = parse(`${COUNTY}/forum.php?mod=viewthread&tid=5203`, 'x33-norewrite-viewthread-5203.html');
  const salt = 'test-salt';

  it('two accounts differing in 縋/缒 (and 夢/梦) stay two authors with two hashes', () => {
    const first = out.messages[0]!.author;
    const second = out.replies.find((r) => r.externalId === '70015')!.author;
    expect([first, second]).toEqual(['縋夢人', '缒梦人']);
    expect(hashAuthor(salt, first)).not.toBe(hashAuthor(salt, second));
  });

  it('a unit account written in traditional characters is official, its department simplified, its name as written', () => {
    const unit = out.replies.find((r) => r.externalId === '70022')!;
    expect(unit).toMatchObject({ author: '城關鎮人民政府', department: '城关镇人民政府', official: true, floor: 3 });
  });
});

describe('X2 markup', () => {
  const out = parse('http://wz.example-city.gov.cn/thread-1187-1-1.html', 'x2-viewthread-1187.html');

  it('gives views and replies from the plain div.hm of the header', () => {
    expect(out.messages[0]).toMatchObject({
      externalId: '1187',
      url: 'http://wz.example-city.gov.cn/thread-1187-1-1.html',
      title: '镇中学门口的减速带被压坏了',
      author: '学生家长老周',
      postedAt: '2012-09-03T07:45:00+08:00',
      board: '民生直通车',
      category: '交通安全',
      views: 1032,
      replyCount: 11,
      pageCount: 2,
      status: 'replied',
      department: null, // the post names no addressee: the answering unit is in the replies
    });
    expect(out.replies).toEqual([
      {
        messageExternalId: '1187',
        externalId: '20040',
        department: '市交警支队',
        author: '市交警支队',
        body: '您好，已通知辖区中队9月5日前更换减速带。',
        repliedAt: '2012-09-04T15:20:00+08:00',
        official: true,
        floor: 2,
      },
    ]);
    expect(out.links).toEqual([{ url: 'http://wz.example-city.gov.cn/thread-1187-2-1.html', kind: 'thread' }]);
  });
});

describe('the touch (mobile) template', () => {
  it('reads a thread: title and type from the h2, floors, authors, times, bodies; no views or replies shown', () => {
    const out = parse(`${COUNTY}/forum.php?mod=viewthread&tid=5203&mobile=2`, 'touch-viewthread-5203.html');
    expect(out.kind).toBe('thread');
    expect(out.url).toBe(`${COUNTY}/forum.php?mod=viewthread&tid=5203&mobile=2`);
    expect(out.messages).toEqual([
      {
        externalId: '5203',
        url: `${COUNTY}/forum.php?mod=viewthread&tid=5203`,
        title: '城关镇老街路灯坏了一个月',
        body: '城关镇老街的路灯坏了一个月，晚上一片漆黑，\n老人出门很不安全。',
        author: '縋夢人',
        postedAt: '2020-11-03T20:15:00+08:00',
        board: '百姓问政',
        department: null, // the post names no addressee: the answering unit is in the replies
        category: '城市管理',
        status: 'replied',
        statusRaw: null,
        views: null,
        replyCount: null,
        pageCount: 2,
      },
    ]);
    expect(out.replies.map((r) => [r.externalId, r.floor, r.author, r.body, r.repliedAt, r.official, r.department])).toEqual([
      ['70015', 2, '缒梦人', '我家门口那段也不亮。', '2020-11-04T07:40:00+08:00', false, null],
      ['70022', 3, '城关镇人民政府', '您好，老街路灯线路已于11月5日修复。', '2020-11-05T16:02:00+08:00', true, '城关镇人民政府'],
    ]);
    expect(out.links).toEqual([{ url: `${COUNTY}/forum.php?mod=viewthread&tid=5203&page=2&mobile=2`, kind: 'thread' }]);
  });

  it('reads a list: one row per li, replies from span.num (0 when left out), author from span.by', () => {
    const out = parse(`${COUNTY}/forum.php?mod=forumdisplay&fid=36&mobile=2`, 'touch-forumdisplay-36.html');
    expect(out.kind).toBe('list');
    expect(out.url).toBe(`${COUNTY}/forum.php?mod=forumdisplay&fid=36&page=1&mobile=2`);
    expect(out.messages.map((m) => [m.externalId, m.url, m.title, m.author, m.replyCount, m.views, m.board])).toEqual([
      ['5203', `${COUNTY}/forum.php?mod=viewthread&tid=5203`, '城关镇老街路灯坏了一个月', '縋夢人', 2, null, '百姓问政'],
      ['5198', `${COUNTY}/forum.php?mod=viewthread&tid=5198`, '县医院停车难问题何时解决', '缒梦人', 0, null, '百姓问政'],
      ['5190', `${COUNTY}/forum.php?mod=viewthread&tid=5190`, '农村饮水工程水压太低', '东河村村民', 15, null, '百姓问政'],
    ]);
    expect(out.pageCount).toBe(4);
    expect(out.links).toEqual([
      { url: `${COUNTY}/forum.php?mod=viewthread&tid=5203&mobile=2`, kind: 'thread' },
      { url: `${COUNTY}/forum.php?mod=viewthread&tid=5198&mobile=2`, kind: 'thread' },
      { url: `${COUNTY}/forum.php?mod=viewthread&tid=5190&mobile=2`, kind: 'thread' },
      { url: `${COUNTY}/forum.php?mod=forumdisplay&fid=36&page=2&mobile=2`, kind: 'list' },
    ]);
  });

  it('refuses the old mobile template (mobile=1) with an error naming it', () => {
    const old = `<html><head><meta name="viewport" content="width=device-width" /></head><body>
<div class="bm"><div class="bm_h">城关镇老街路灯坏了一个月</div><div class="bm_c">城关镇老街的路灯坏了一个月</div></div></body></html>`;
    const url = `${COUNTY}/forum.php?mod=viewthread&tid=5203&mobile=1`;
    expect(() => discuzAdapter.parse({ url, body: old })).toThrow(ParseError);
    expect(() => discuzAdapter.parse({ url, body: old })).toThrow(/Discuz! mobile template \(mobile=1\)/);
    const phone = `${COUNTY}/forum.php?mod=viewthread&tid=5203`;
    expect(() => discuzAdapter.parse({ url: phone, body: old })).toThrow(/Discuz! phone template/);
  });
});

describe('guide lists (mod=guide)', () => {
  it('reads rows of every forum, the forum of each row from its own cell, and the next page', () => {
    const out = parse(`${COUNTY}/forum.php?mod=guide&view=new`, 'guide-new-page1.html');
    expect(discuzAdapter.pageKindOf(`${COUNTY}/forum.php?mod=guide&view=new&page=2`)).toBe('list');
    expect(out.kind).toBe('list');
    expect(out.url).toBe(`${COUNTY}/forum.php?mod=guide&view=new&page=1`);
    expect(out.messages.map((m) => [m.externalId, m.url, m.title, m.author, m.board, m.replyCount, m.views, m.postedAt, m.lastPostAt])).toEqual([
      ['5203', `${COUNTY}/forum.php?mod=viewthread&tid=5203`, '城关镇老街路灯坏了一个月', '縋夢人', '百姓问政', 2, 356, '2020-11-03T00:00:00+08:00', '2020-11-05T16:02:00+08:00'],
      ['5201', `${COUNTY}/forum.php?mod=viewthread&tid=5201`, '周末去哪儿钓鱼', '钓友阿强', '休闲生活', 7, 210, '2020-11-02T00:00:00+08:00', '2020-11-04T09:12:00+08:00'],
    ]);
    expect(out.links.at(-1)).toEqual({ url: `${COUNTY}/forum.php?mod=guide&view=new&page=2`, kind: 'list' });
  });

  it('a board adapter (fid 36) keeps only its forum rows', () => {
    const board = createDiscuzAdapter({ ...genericDiscuzConfig, baseUrl: COUNTY, fid: 36 });
    const out = parse(`${COUNTY}/forum.php?mod=guide&view=new`, 'guide-new-page1.html', board);
    expect(out.messages.map((m) => m.externalId)).toEqual(['5203']);
  });
});

describe('custom rewrite rules (t<tid>-<page>-1, f<fid>-<page>)', () => {
  /** The 《民生热线》 fixtures as a board whose rewrite rule is t{tid}-{page}-{prevpage}.html / f{fid}-{page}.html. */
  const short = (file: string) =>
    fixture('cnhubei-minsheng', file)
      .replace(/thread-(\d+)-(\d+)-1\.html/g, 't$1-$2-1.html')
      .replace(/forum-(\d+)-(\d+)\.html/g, 'f$1-$2.html');

  it('reads the URLs of the rule and keeps them', () => {
    expect(parseDiscuzUrl('http://h/t881-2-1.html')).toMatchObject({ kind: 'thread', tid: '881', page: 2 });
    expect(parseDiscuzUrl('http://h/f2-3')).toMatchObject({ kind: 'list', fid: '2', page: 3 });
    expect(discuzAdapter.pageKindOf('http://h/t881-1-1')).toBe('thread');
    expect(discuzAdapter.canonicalUrl('http://h/bbs/t881-2-1.html#pid9')).toBe('http://h/bbs/t881-2-1.html');
    expect(discuzAdapter.canonicalUrl('http://h/f2-3')).toBe('http://h/f2-3');
  });

  it('parses a thread and a list of such a board, linking in its own form', () => {
    const thread = discuzAdapter.parse({ url: 'http://bbs.example.org/t4657003-1-1.html', body: short('thread-4657003-1-1.html') });
    assertValidExtraction(thread);
    expect(thread.url).toBe('http://bbs.example.org/t4657003-1-1.html');
    expect(thread.messages[0]?.url).toBe('http://bbs.example.org/t4657003-1-1.html');
    expect(thread.links).toEqual([{ url: 'http://bbs.example.org/t4657003-2-1.html', kind: 'thread' }]);
    const list = discuzAdapter.parse({ url: 'http://bbs.example.org/f9-1.html', body: short('forum-9-1.html') });
    assertValidExtraction(list);
    expect(list.url).toBe('http://bbs.example.org/f9-1.html');
    expect(list.links.filter((l) => l.kind === 'list')).toEqual([{ url: 'http://bbs.example.org/f9-2.html', kind: 'list' }]);
    expect(list.messages.find((m) => m.externalId === '4657003')?.url).toBe('http://bbs.example.org/t4657003-1-1.html');
  });
});
