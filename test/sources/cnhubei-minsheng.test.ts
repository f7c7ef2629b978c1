/**
 * The `cnhubei-minsheng` adapter (荆楚网《民生热线》, Discuz! X3.4) on hand-made fixtures in
 * test/fixtures/cnhubei-minsheng/. Every expected value below was written by hand from the
 * fixture text, normalised as CONTRACT.md section 4 says: full-width digits to ASCII (and the
 * punctuation inside a number), traditional characters to simplified (author names excepted:
 * they stay as written); Chinese punctuation (，：！？) stays as the page prints it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody, detectCharset } from '../../src/extract/charset.js';
import { ParseError } from '../../src/extract/errors.js';
import type { Extraction } from '../../src/model/extraction.js';
import { cnhubeiMinshengAdapter as adapter, cnhubeiMinshengConfig } from '../../src/sources/cnhubei-minsheng/index.js';
import { repoRoot } from '../helpers/shared.js';
import { assertValidExtraction } from '../helpers/contract.js';

const FIXTURES = path.join(repoRoot, 'test/fixtures/cnhubei-minsheng');
const fixture = (file: string) => readFileSync(path.join(FIXTURES, file), 'utf8');
const BASE = 'http://bbs.cnhubei.com';

function parse(file: string, url: string): Extraction {
  const out = adapter.parse({ url, body: fixture(file) });
  assertValidExtraction(out);
  return out;
}

describe('thread with official replies (thread-4657001-1-1.html)', () => {
  const out = parse('thread-4657001-1-1.html', `${BASE}/thread-4657001-1-1.html`);

  it('is page 1 of 1 with no further links', () => {
    expect(out.source).toBe('cnhubei-minsheng');
    expect(out.kind).toBe('thread');
    expect(out.url).toBe(`${BASE}/thread-4657001-1-1.html`);
    expect(out.pageCount).toBe(1);
    expect(out.links).toEqual([]);
    expect(out.reports).toEqual([]);
  });

  it('reads the message: replied, department addressed in its opening line (武汉市城乡建设局：), edit note and script dropped', () => {
    expect(out.messages).toEqual([
      {
        externalId: '4657001',
        url: `${BASE}/thread-4657001-1-1.html`,
        title: '洪山区某工地夜间施工噪音扰民，多次投诉无果',
        body:
          '武汉市城乡建设局：\n' +
          '洪山区珞狮南路某工地连续两周在晚上十一点后施工，打桩声音很大，附近居民无法入睡。\n' +
          '\n' +
          '已拨打12345投诉3次，至今无人处理，请尽快核查！',
        author: '江城小李',
        postedAt: '2019-07-15T09:12:00+08:00',
        board: '民生热线',
        department: '武汉市城乡建设局',
        category: '城市管理',
        status: 'replied',
        statusRaw: null,
        views: 356,
        replyCount: 3,
        pageCount: 1,
      },
    ]);
  });

  it('reads the replies: unit group, citizen (traditional characters), unit in the board\'s unit list', () => {
    expect(out.replies).toEqual([
      {
        messageExternalId: '4657001',
        externalId: '30001005',
        department: '武汉市城乡建设局',
        author: '武汉市城乡建设局',
        body:
          '网友您好：\n' +
          '您反映的问题已收悉。经核查，该工地未办理夜间施工许可，我局已责令其停止夜间施工，并对施工单位处以罚款。\n' +
          '感谢您对城市建设工作的监督！',
        // `发表于 <span title="2019-7-16 10:30:05">前天 10:30</span>`: the title is used.
        repliedAt: '2019-07-16T10:30:05+08:00',
        official: true,
        floor: 2,
      },
      {
        messageExternalId: '4657001',
        externalId: '30001009',
        department: null,
        author: '熱心市民老王', // names are kept as written: hashed before any conversion
        body: '建设局处理得很快，点赞！',
        repliedAt: '2019-07-16T12:01:00+08:00',
        official: false,
        floor: 3,
      },
      {
        messageExternalId: '4657001',
        externalId: '30001012',
        department: '洪山区城管局',
        author: '洪山区城管局',
        body: '洪山区城管局回复：我局已联合街道对该工地进行夜间巡查，发现违规施工将依法处理。',
        repliedAt: '2019-07-17T08:05:00+08:00',
        official: true,
        floor: 4,
      },
    ]);
  });
});

describe('thread without official reply, with banned, anonymous and deleted authors (thread-4657002-1-1.html)', () => {
  const out = parse('thread-4657002-1-1.html', `${BASE}/thread-4657002-1-1.html`);

  it('reads the message as pending, without department', () => {
    const m = out.messages[0]!;
    expect(out.messages).toHaveLength(1);
    expect(m.externalId).toBe('4657002');
    expect(m.title).toBe('江夏区藏龙岛公交站台损坏多日无人维修');
    expect(m.author).toBe('藏龙岛居民');
    expect(m.postedAt).toBe('2019-07-15T18:40:00+08:00');
    expect(m.body).toBe('藏龙岛杨桥湖大道公交站台的顶棚被风刮坏已经半个月了，\n下雨天乘客只能淋雨等车，希望相关部门尽快维修。');
    expect(m.views).toBe(1208); // printed "1,208"
    expect(m.replyCount).toBe(4);
    expect(m.category).toBe('交通管理');
    expect(m.status).toBe('pending');
    expect(m.statusRaw).toBeNull();
    expect(m.department).toBeNull();
    expect(m.board).toBe('民生热线');
  });

  it('keeps every floor, with null authors and bodies where Discuz hides them', () => {
    const rows = out.replies.map((r) => [r.externalId, r.floor, r.author, r.body, r.repliedAt, r.official, r.department]);
    expect(rows).toEqual([
      // 作者被禁止或删除 内容自动屏蔽 (user group 禁止发言): neither author nor body.
      ['30002004', 2, null, null, '2019-07-15T19:02:00+08:00', false, null],
      // 匿名: no account link.
      ['30002007', 3, null, '同样遇到这个问题，每天早上等车都很不方便。', '2019-07-16T07:55:00+08:00', false, null],
      // 老住户 <em>该用户已被删除</em>: no account link.
      ['30002010', 4, null, '顶一下，希望江夏区交通运输局看到。', '2019-07-16T21:13:00+08:00', false, null],
      // 该帖被管理员或版主屏蔽: the author stays, the body is gone.
      ['30002013', 5, '围观群众', null, '2019-07-17T10:20:00+08:00', false, null],
    ]);
  });
});

describe('multi-page thread (thread-4657003, pages 1 and 2)', () => {
  const page1 = parse('thread-4657003-1-1.html', `${BASE}/thread-4657003-1-1.html`);
  const page2 = parse('thread-4657003-2-1.html', `${BASE}/forum.php?mod=viewthread&tid=4657003&extra=page%3D1&page=2`);

  it('page 1: message, three citizen replies, 2 pages, link to page 2', () => {
    const m = page1.messages[0]!;
    expect(m.externalId).toBe('4657003');
    expect(m.title).toBe('南湖片区一下雨就渍水，何时能彻底解决？');
    expect(m.author).toBe('南湖居民刘女士');
    expect(m.postedAt).toBe('2019-07-10T08:30:00+08:00');
    expect(m.body).toBe(
      '洪山区南湖片区宝安花园一带，每逢下雨路面就渍水，积水最深处没过膝盖。\n\n小区门口的排水管道常年堵塞，希望武汉市水务局和洪山区尽快解决。',
    );
    expect(m.views).toBe(2034);
    expect(m.replyCount).toBe(5);
    expect(m.category).toBeNull();
    expect(m.status).toBe('pending');
    expect(m.department).toBeNull();
    expect(m.pageCount).toBe(2);
    expect(page1.replies.map((r) => [r.externalId, r.floor, r.author, r.body, r.repliedAt, r.official])).toEqual([
      ['30003004', 2, '南湖打工人', '支持，上个月暴雨车都泡了。', '2019-07-10T09:02:00+08:00', false],
      ['30003007', 3, 'whu_student', '学校门口也一样，希望早日整改。', '2019-07-10T12:47:00+08:00', false],
      ['30003010', 4, '宝安花园业主', '顶！', '2019-07-11T20:15:00+08:00', false],
    ]);
    expect(page1.pageCount).toBe(2);
    expect(page1.links).toEqual([{ url: `${BASE}/thread-4657003-2-1.html`, kind: 'thread' }]);
  });

  it('page 2: replies only, quoted text removed from bodies, canonical URL, no next link', () => {
    expect(page2.url).toBe(`${BASE}/thread-4657003-2-1.html`);
    expect(page2.messages).toEqual([]);
    expect(page2.replies).toEqual([
      {
        messageExternalId: '4657003',
        externalId: '30003015',
        department: '武汉市水务局',
        author: '武汉市水务局',
        body:
          '网友您好：南湖片区排水改造工程已列入今年计划，宝安花园段管网疏浚将于7月底前完成。\n' +
          '汛期我局将安排抽排设备现场值守。',
        repliedAt: '2019-07-12T16:45:00+08:00',
        official: true,
        floor: 5,
      },
      {
        messageExternalId: '4657003',
        externalId: '30003018',
        department: null,
        author: '南湖居民刘女士',
        body: '谢谢水务局的回复，我们会继续关注。',
        repliedAt: '2019-07-12T18:03:00+08:00',
        official: false,
        floor: 6,
      },
    ]);
    expect(page2.pageCount).toBe(2);
    expect(page2.links).toEqual([]);
  });
});

describe('GBK page whose charset is only in <meta> (thread-4660003)', () => {
  const bytes = iconv.encode(fixture('thread-4660003-1-1.gbk-source.html'), 'gbk');
  const url = `${BASE}/thread-4660003-1-1.html`;

  it('is decoded with the charset of the meta tag, not as UTF-8', () => {
    expect(detectCharset(bytes, 'text/html')).toEqual({ charset: 'gb18030', from: 'meta' });
    expect(bytes.toString('utf8')).not.toContain('光谷广场');
  });

  it('parses after decodeBody: official by the unit list, relative times from titles, attachment noise dropped', () => {
    const out = adapter.parse({ url, body: decodeBody(bytes, 'text/html') });
    assertValidExtraction(out);
    const m = out.messages[0]!;
    expect(m.title).toBe('光谷广场至鲁巷人行道被占道经营');
    expect(m.author).toBe('光谷上班族');
    expect(m.postedAt).toBe('2019-07-18T18:20:44+08:00');
    // The anti-scraping <font class="jammer"> and the hidden attachment pop-up are not text.
    expect(m.body).toBe('珞喻路光谷广场至鲁巷段人行道被商贩占道经营，行人只能走机动车道。\n\n请城管部门管一管。');
    expect(m.views).toBe(87);
    expect(m.replyCount).toBe(2);
    expect(m.category).toBe('城市管理');
    expect(m.status).toBe('replied');
    // The post names no addressee: the answering unit (洪山区) is in the replies only.
    expect(m.department).toBeNull();
    expect(out.replies.map((r) => [r.externalId, r.floor, r.author, r.body, r.repliedAt, r.official, r.department])).toEqual([
      ['30100006', 2, '洪山区', '您好，已转关山街道城管中队现场处置，后续将加强该路段的巡查。', '2019-07-19T09:41:27+08:00', true, '洪山区'],
      ['30100009', 3, '光谷上班族', '谢谢回复！', '2019-07-19T10:05:10+08:00', false, null],
    ]);
  });
});

describe('forum list with sticky and normal rows and a pager (forum-9-1.html)', () => {
  const out = parse('forum-9-1.html', `${BASE}/forum-9-1.html`);

  it('is list page 1 of 120', () => {
    expect(out.kind).toBe('list');
    expect(out.url).toBe(`${BASE}/forum-9-1.html`);
    expect(out.pageCount).toBe(120);
  });

  it('reads every sticky and normal row, skipping the announcement', () => {
    type Row = [string, string, string | null, string, string | null, number, number, string, number];
    const rows: Row[] = out.messages.map((m) => [
      m.externalId,
      m.title!,
      m.author,
      m.postedAt!,
      m.category,
      m.replyCount!,
      m.views!,
      m.lastPostAt!,
      m.pageCount!,
    ]);
    expect(rows).toEqual([
      // Views printed rounded as <span title="30517">3万</span>: the title is used.
      ['4512006', '关于规范实名入驻单位回复网友留言的通知', '民生热线版主', '2018-03-20T00:00:00+08:00', null, 12, 30517, '2019-05-06T11:02:00+08:00', 1],
      ['4620511', '2019年5月《民生热线》问政报告', '民生热线版主', '2019-06-06T00:00:00+08:00', '公告', 0, 4411, '2019-06-06T18:31:00+08:00', 1],
      // <cite>匿名</cite>; dates in <span title>.
      ['4660003', '光谷广场至鲁巷人行道被占道经营', null, '2019-07-18T18:20:00+08:00', '城市管理', 2, 87, '2019-07-19T10:05:00+08:00', 1],
      ['4657003', '南湖片区一下雨就渍水，何时能彻底解决？', '南湖居民刘女士', '2019-07-10T08:30:00+08:00', '城市管理', 5, 2034, '2019-07-12T18:03:00+08:00', 2],
      ['4657002', '江夏区藏龙岛公交站台损坏多日无人维修', '藏龙岛居民', '2019-07-15T18:40:00+08:00', '交通管理', 4, 1208, '2019-07-17T10:20:00+08:00', 1],
      ['4657001', '洪山区某工地夜间施工噪音扰民，多次投诉无果', '江城小李', '2019-07-15T09:12:00+08:00', '城市管理', 3, 356, '2019-07-17T08:05:00+08:00', 1],
      ['4656870', '硚口区古田二路小区电梯长期故障', '古田住户', '2019-07-14T21:07:00+08:00', null, 1, 219, '2019-07-16T15:30:00+08:00', 1],
    ]);
    for (const m of out.messages) {
      expect(m.url).toBe(`${BASE}/thread-${m.externalId}-1-1.html`);
      expect(m.board).toBe('民生热线');
      expect(m.body).toBeNull();
      expect(m.department).toBeNull();
    }
  });

  it('takes a status-word thread type ([已回复]) as the status, not as a category', () => {
    const statuses = out.messages.map((m) => [m.externalId, m.status, m.statusRaw]);
    expect(statuses.filter(([, status]) => status !== null)).toEqual([['4656870', 'replied', '已回复']]);
  });

  it('links every normal thread (not the sticky announcements) and the next list page', () => {
    expect(out.links).toEqual([
      ...['4660003', '4657003', '4657002', '4657001', '4656870'].map((tid) => ({
        url: `${BASE}/thread-${tid}-1-1.html`,
        kind: 'thread',
      })),
      { url: `${BASE}/forum-9-2.html`, kind: 'list' },
    ]);
  });

  it('keeps a thread-type filter in the canonical and next-page URLs', () => {
    const filtered = parse('forum-9-1.html', `${BASE}/forum.php?mod=forumdisplay&fid=9&filter=typeid&typeid=34`);
    expect(filtered.url).toBe(`${BASE}/forum.php?mod=forumdisplay&fid=9&filter=typeid&typeid=34&page=1`);
    expect(filtered.links.at(-1)).toEqual({
      url: `${BASE}/forum.php?mod=forumdisplay&fid=9&filter=typeid&typeid=34&page=2`,
      kind: 'list',
    });
  });
});

describe('pages given with a URL the adapter cannot classify', () => {
  it('recognises a thread by #postlist and takes the tid from the page', () => {
    const out = parse('thread-4657001-1-1.html', `${BASE}/saved/page.html`);
    expect(out.kind).toBe('thread');
    expect(out.url).toBe(`${BASE}/thread-4657001-1-1.html`);
    expect(out.messages[0]?.externalId).toBe('4657001');
    expect(out.replies).toHaveLength(3);
  });

  it('recognises page 2 of a thread by its pager', () => {
    const out = parse('thread-4657003-2-1.html', `${BASE}/saved/page.html`);
    expect(out.url).toBe(`${BASE}/thread-4657003-2-1.html`);
    expect(out.messages).toEqual([]);
    expect(out.replies.map((r) => r.floor)).toEqual([5, 6]);
  });

  it('recognises a list by #threadlisttableid and takes the fid from it', () => {
    const out = parse('forum-9-1.html', `${BASE}/saved/list.html`);
    expect(out.kind).toBe('list');
    expect(out.url).toBe(`${BASE}/forum-9-1.html`);
    expect(out.messages).toHaveLength(7);
  });
});

describe('bad and unusual input', () => {
  const threadUrl = `${BASE}/thread-4657999-1-1.html`;
  const listUrl = `${BASE}/forum-9-3.html`;

  function parseError(body: string, url: string): ParseError {
    try {
      adapter.parse({ url, body });
    } catch (e) {
      if (e instanceof ParseError) return e;
      throw e;
    }
    throw new Error('expected a ParseError');
  }

  it('a thread page without the post list is a ParseError naming the URL and #postlist', () => {
    const e = parseError('<html><body><div id="ct"><span id="thread_subject">标题</span></div></body></html>', threadUrl);
    expect(e.url).toBe(threadUrl);
    expect(e.part).toBe('#postlist');
    expect(e.message).toContain(threadUrl);
    expect(e.message).toContain('#postlist');
  });

  it('a post list without posts, or without #thread_subject, is a ParseError', () => {
    const noPosts = '<div id="postlist"><span id="thread_subject">标题</span><div id="postlistreply"><div id="post_new"></div></div></div>';
    expect(parseError(noPosts, threadUrl).part).toBe('#postlist > div[id^=post_]');
    const noSubject = fixture('thread-4657001-1-1.html').replace('id="thread_subject"', 'id="subject_gone"');
    expect(parseError(noSubject, threadUrl).part).toBe('#thread_subject');
  });

  it('a post without its time is a ParseError', () => {
    const noTime = fixture('thread-4657001-1-1.html').replace('id="authorposton30001009"', 'id="x"');
    expect(parseError(noTime, threadUrl).part).toBe('#authorposton30001009');
  });

  it('a list page without thread rows nor an empty-forum notice is a ParseError', () => {
    const body = '<table id="threadlisttableid" summary="forum_9"><tbody><tr><td>?</td></tr></tbody></table>';
    expect(parseError(body, listUrl).part).toBe('tbody[id^=normalthread_]');
  });

  it('an empty forum (本版块或指定的范围内尚无主题) is an empty list, not an error', () => {
    const body =
      '<table id="threadlisttableid" summary="forum_9"><tbody class="bw0_all"><tr><th colspan="5">' +
      '<p class="emp">本版块或指定的范围内尚无主题</p></th></tr></tbody></table>';
    const out = adapter.parse({ url: listUrl, body });
    assertValidExtraction(out);
    expect(out).toMatchObject({ kind: 'list', url: listUrl, messages: [], links: [], pageCount: 1 });
  });

  it('a page that is neither thread nor list, under an unknown URL, is a ParseError', () => {
    expect(parseError('<html><body>维护中</body></html>', `${BASE}/index.php`).part).toBe('#postlist');
  });

  it('a Discuz message page (thread deleted) is kind other with a warning, naming the thread gone', () => {
    const body =
      '<div id="messagetext" class="alert_error"><p>抱歉，指定的主题不存在或已被删除或正在被审核</p></div>';
    const out = adapter.parse({ url: threadUrl, body });
    assertValidExtraction(out);
    expect(out.kind).toBe('other');
    expect(out.url).toBe(threadUrl);
    expect(out.messages).toEqual([]);
    expect(out.warnings).toEqual(['discuz message: 抱歉，指定的主题不存在或已被删除或正在被审核']);
    expect(out.gone).toEqual([new URL(threadUrl).pathname.split('-')[1]]);
  });

  it('the contract helper rejects an invalid extraction', () => {
    expect(() => assertValidExtraction({ source: 'cnhubei-minsheng', url: threadUrl, kind: 'thread' })).toThrow();
  });
});

describe('adapter surface', () => {
  it('describes the board', () => {
    expect(adapter.id).toBe('cnhubei-minsheng');
    expect(adapter.baseUrl).toBe(BASE);
    expect(adapter.origins).toEqual([BASE]);
    expect(adapter.pageKinds).toEqual(['list', 'thread']);
    expect(adapter.slaHours).toBe(24);
    expect(typeof adapter.version).toBe('string');
    expect(adapter.startUrls()).toEqual([{ url: `${BASE}/forum-9-1.html`, kind: 'list', method: 'GET' }]);
  });

  it('tells page kinds from URLs, only lists of fid 9', () => {
    expect(adapter.pageKindOf(`${BASE}/forum-9-2.html`)).toBe('list');
    expect(adapter.pageKindOf(`${BASE}/forum.php?mod=forumdisplay&fid=9&page=2`)).toBe('list');
    expect(adapter.pageKindOf(`${BASE}/forum.php?mod=forumdisplay&fid=9&filter=typeid&typeid=34`)).toBe('list');
    expect(adapter.pageKindOf(`${BASE}/forum-10-1.html`)).toBeNull();
    expect(adapter.pageKindOf(`${BASE}/thread-4657001-3-1.html`)).toBe('thread');
    expect(adapter.pageKindOf(`${BASE}/forum.php?mod=viewthread&tid=4657001&page=2`)).toBe('thread');
    expect(adapter.pageKindOf(`${BASE}/home.php?mod=space&uid=1`)).toBeNull();
    expect(adapter.pageKindOf('not a url')).toBeNull();
  });

  it('canonicalises onto the public base, dropping noise', () => {
    expect(adapter.canonicalUrl('http://127.0.0.1:8123/forum.php?mod=viewthread&tid=4657001&extra=page%3D1&page=3#pid30001012')).toBe(
      `${BASE}/thread-4657001-3-1.html`,
    );
    expect(adapter.canonicalUrl(`${BASE}/thread-4657001-1-2.html`)).toBe(`${BASE}/thread-4657001-1-1.html`);
    expect(adapter.canonicalUrl(`${BASE}/forum.php?mod=forumdisplay&fid=9&orderby=dateline&page=3`)).toBe(`${BASE}/forum-9-3.html`);
    expect(adapter.canonicalUrl(`${BASE}/forum.php?mod=forumdisplay&fid=9&filter=typeid&typeid=34&page=2`)).toBe(
      `${BASE}/forum.php?mod=forumdisplay&fid=9&filter=typeid&typeid=34&page=2`,
    );
  });

  it('keeps the official rule in the config', () => {
    const { isOfficial } = cnhubeiMinshengConfig;
    expect(isOfficial({ name: '某某', group: '实名入驻单位' })).toBe(true); // group names a unit
    expect(isOfficial({ name: '洪山区', group: '注册会员' })).toBe(true); // in the unit list
    // A citizen's account named like a unit is no unit: only the group and the unit list count.
    expect(isOfficial({ name: '武汉市交通运输局', group: '注册会员' })).toBe(false);
    expect(isOfficial({ name: '张家湾镇', group: '注册会员' })).toBe(false);
    expect(isOfficial({ name: '老王修车站', group: null })).toBe(false);
    expect(isOfficial({ name: '秭归县茅坪镇移民站', group: null })).toBe(true);
    expect(isOfficial({ name: '十堰经济技术开发区管理委员会', group: null })).toBe(true);
    expect(isOfficial({ name: '热心市民老王', group: '注册会员' })).toBe(false);
    expect(isOfficial({ name: null, group: null })).toBe(false);
  });
});
