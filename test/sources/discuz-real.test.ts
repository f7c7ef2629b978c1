/**
 * The generic `discuz` adapter on real Discuz! X3.4 pages saved from bbs.talkop.com
 * (../shared/fixtures/real/discuz-bbs.talkop.com, see SOURCES.md there). Expected values were
 * read off the HTML by hand (grep of authorposton / postnum / normalthread_ rows).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { discuzAdapter } from '../../src/sources/discuz/index.js';
import { assertValidExtraction } from '../helpers/contract.js';
import { hasShared, sharedPath } from '../helpers/shared.js';

const DIR = ['fixtures', 'real', 'discuz-bbs.talkop.com'];
const present = hasShared(...DIR);
const read = (file: string) => readFileSync(sharedPath(...DIR, file), 'utf8');

describe.skipIf(!present)('discuz adapter on real talkop.com pages', () => {
  describe('thread-111668-1-1.html (page 1 of 57)', () => {
    const url = 'http://bbs.talkop.com/thread-111668-1-1.html';
    const out = discuzAdapter.parse({ url, body: read('thread-111668-1-1.html') });

    it('is a valid thread extraction with the canonical URL', () => {
      assertValidExtraction(out);
      expect(out.source).toBe('discuz');
      expect(out.kind).toBe('thread');
      expect(out.url).toBe(url);
    });

    it('reads the first floor as the message', () => {
      expect(out.messages).toHaveLength(1);
      const m = out.messages[0]!;
      expect(m.externalId).toBe('111668');
      expect(m.url).toBe('http://bbs.talkop.com/thread-111668-1-1.html');
      // Full-width parentheses kept as printed (they carry no number).
      expect(m.title).toBe('【TalkOP汉化】海贼王资料集生命卡ONE PIECE图鉴完全版汉化（201810东海+超新星篇）');
      expect(m.author).toBe('鹰目');
      expect(m.postedAt).toBe('2019-02-20T22:50:00+08:00');
      expect(m.views).toBe(25377);
      expect(m.replyCount).toBe(568);
      expect(m.category).toBe('生命卡');
      expect(m.board).toBe('TalkOP汉化区');
      expect(m.pageCount).toBe(57);
      expect(m.status).toBe('pending');
      expect(m.statusRaw).toBeNull();
      expect(m.department).toBeNull();
      expect(m.body?.startsWith('生命卡系列【TalkOP汉化】的目录=>')).toBe(true);
      // The guest login prompt and the "hidden content" notices are not the author's words.
      expect(m.body).not.toContain('马上注册');
      expect(m.body).not.toContain('本帖隐藏的内容');
    });

    it('reads the 9 later floors as replies with pid, author, time and floor', () => {
      const expected: [pid: string, author: string, time: string, floor: number][] = [
        ['664117', '鹰目', '2019-02-20T22:55:00+08:00', 2],
        ['664118', '鹰目', '2019-02-20T22:56:00+08:00', 3],
        ['664120', '鹰目', '2019-02-20T22:59:00+08:00', 4],
        ['664123', '鹰目', '2019-02-20T23:01:00+08:00', 5],
        ['664124', '鹰目', '2019-02-20T23:02:00+08:00', 6],
        ['664125', 'asl314', '2019-02-20T23:04:00+08:00', 7],
        ['664128', '抱璞', '2019-02-20T23:07:00+08:00', 8],
        ['664129', '123456789han', '2019-02-20T23:10:00+08:00', 9],
        ['664130', 'milliee', '2019-02-20T23:11:00+08:00', 10],
      ];
      expect(out.replies.map((r) => [r.externalId, r.author, r.repliedAt, r.floor])).toEqual(expected);
      for (const r of out.replies) {
        expect(r.messageExternalId).toBe('111668');
        // 管理员, 超新星, 海贼, 冒泡: none of these groups or names is a unit.
        expect(r.official).toBe(false);
        expect(r.department).toBeNull();
      }
    });

    it('keeps reply bodies without the quoted post', () => {
      const byPid = new Map(out.replies.map((r) => [r.externalId, r.body]));
      expect(byPid.get('664125')).toBe('汉化组辛苦啦，这个可是大工程呀');
      expect(byPid.get('664128')).toBe('经过小忍模样的提醒，才明白夏琪是被多么厚爱着');
      // 9# quotes 鹰目's 5# in div.quote > blockquote, then writes 24 full-width "！" and 太棒了.
      expect(byPid.get('664129')).toBe(`${'！'.repeat(24)}太棒了`);
      expect(byPid.get('664130')).toBe('汉化辛苦了！！工作量真的很大，比心');
      expect(byPid.get('664123')?.startsWith('全部72页缩略图在线观看楼-4（共5楼）')).toBe(true);
    });

    it('links the next page and counts 57 pages', () => {
      expect(out.pageCount).toBe(57);
      expect(out.links).toEqual([{ url: 'http://bbs.talkop.com/thread-111668-2-1.html', kind: 'thread' }]);
    });

    it('reads the same page when given without a usable URL (kind and tid from the page)', () => {
      const again = discuzAdapter.parse({ url: 'file:///saved/page.html', body: read('thread-111668-1-1.html') });
      expect(again.kind).toBe('thread');
      // The site then comes from <base href="http://bbs.talkop.com/">.
      expect(again.url).toBe('http://bbs.talkop.com/thread-111668-1-1.html');
      expect(again.replies).toHaveLength(9);
    });
  });

  describe('forumdisplay fid 49, typeid 145 (one page, 14 threads)', () => {
    const url = 'http://bbs.talkop.com/forum.php?mod=forumdisplay&fid=49&filter=typeid&typeid=145';
    const out = discuzAdapter.parse({ url, body: read('forumdisplay-fid49-typeid145.html') });
    const T = '【TalkOP汉化】海贼王资料集生命卡ONE PIECE图鉴';

    it('is a valid list extraction on the type-filtered canonical URL', () => {
      assertValidExtraction(out);
      expect(out.kind).toBe('list');
      expect(out.url).toBe('http://bbs.talkop.com/forum.php?mod=forumdisplay&fid=49&filter=typeid&typeid=145&page=1');
      expect(out.pageCount).toBe(1);
    });

    it('reads the 14 normal rows: id, title, author, date, replies, views, last post', () => {
      const expected: [string, string, string, string, number, number, string][] = [
        ['109548', `${T}完全版汉化（201809初始套装32张+和之国2张）`, '鹰目', '2018-11-25T13:43:00+08:00', 1121, 64782, '2019-12-04T02:44:00+08:00'],
        ['111668', `${T}完全版汉化（201810东海+超新星篇）`, '鹰目', '2019-02-20T22:50:00+08:00', 568, 25375, '2019-12-04T02:29:00+08:00'],
        ['108081', `${T}全图翻译（201810东海的猛者们+超新星集结）`, 'TalkOP情报员', '2018-10-04T19:09:00+08:00', 88, 20985, '2019-12-03T11:28:00+08:00'],
        ['117429', `${T}全图翻译（201908杰尔马66+大妈团）`, '鹰目', '2019-08-02T00:20:00+08:00', 93, 8407, '2019-11-30T23:00:00+08:00'],
        ['111348', `${T}全图翻译（201902空岛住民+新鱼人海贼团）`, '鹰目', '2019-02-02T10:36:00+08:00', 52, 11433, '2019-11-30T22:52:00+08:00'],
        ['116000', `${T}全图翻译（201907恐怖船+象岛）`, '鹰目', '2019-07-03T21:35:00+08:00', 79, 8961, '2019-11-30T22:47:00+08:00'],
        ['112530', `${T}全图翻译（201904空岛+PH岛）`, 'TalkOP情报员', '2019-04-04T00:30:00+08:00', 55, 8035, '2019-11-30T22:46:00+08:00'],
        ['113457', `${T}全图翻译（201905水之都+德岛）`, '鹰目', '2019-05-01T23:28:00+08:00', 73, 11573, '2019-11-29T23:45:00+08:00'],
        ['109750', `${T}全图翻译(201812阿拉巴斯坦+白胡子海贼团)`, '鹰目', '2018-12-01T17:41:00+08:00', 114, 24498, '2019-11-22T17:17:00+08:00'],
        ['110640', `${T}全图翻译（201901鱼人岛居民+巴洛克社）`, '不可原谅假面', '2019-01-04T14:39:00+08:00', 65, 13517, '2019-11-15T17:46:00+08:00'],
        ['115388', `${T}全图翻译（201906水之都CP9+德岛竞技场）`, '鹰目', '2019-06-02T21:26:00+08:00', 50, 7834, '2019-11-13T14:35:00+08:00'],
        ['111808', `${T}全图翻译（201903初始套装Vol2-16张主卡）`, 'TalkOP情报员', '2019-03-01T08:38:00+08:00', 79, 12816, '2019-11-13T14:03:00+08:00'],
        ['108869', `${T}全图翻译（201811可可亚西村+大监狱）`, '鹰目', '2018-11-01T23:44:00+08:00', 74, 25031, '2019-11-13T13:00:00+08:00'],
        ['107596', `${T}全图翻译（201809初始套装+1张追加卡）`, '鹰目', '2018-09-04T14:33:00+08:00', 96, 26247, '2019-10-16T20:58:00+08:00'],
      ];
      expect(
        out.messages.map((m) => [m.externalId, m.title, m.author, m.postedAt, m.replyCount, m.views, m.lastPostAt]),
      ).toEqual(expected);
      for (const m of out.messages) {
        expect(m.url).toBe(`http://bbs.talkop.com/thread-${m.externalId}-1-1.html`);
        expect(m.category).toBe('生命卡');
        expect(m.board).toBe('TalkOP汉化区');
        expect(m.body).toBeNull();
        expect(m.status).toBeNull();
      }
    });

    it('reads the page count each row links (span.tps)', () => {
      const pages = Object.fromEntries(out.messages.map((m) => [m.externalId, m.pageCount]));
      expect(pages['109548']).toBe(111);
      expect(pages['111668']).toBe(57);
      expect(pages['111348']).toBe(6); // "... 2 3 4 5 6" without a last-page link
    });

    it('links every thread and no next page (the list has no pager)', () => {
      expect(out.links).toHaveLength(14);
      expect(out.links.every((l) => l.kind === 'thread')).toBe(true);
      expect(out.links[0]).toEqual({ url: 'http://bbs.talkop.com/thread-109548-1-1.html', kind: 'thread' });
    });
  });
});
