/**
 * 阳光热线问政平台 (sun0769): hand-written pages in the shape DOMAIN-boards.md documents, with
 * expectations written from reading those pages.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/extract/errors.js';
import type { Extraction } from '../../src/model/extraction.js';
import { adapterForUrl, findAdapter } from '../../src/sources/index.js';
import { sun0769Adapter } from '../../src/sources/sun0769/index.js';
import { assertValidExtraction } from '../helpers/contract.js';
import { repoRoot } from '../helpers/shared.js';

const SITE = 'https://wz.sun0769.com';
const LIST_1 = `${SITE}/political/index/politicsNewest?id=1&page=1`;
const detail = (id: number) => `${SITE}/political/politics/index?id=${id}`;

function fixture(name: string): string {
  return readFileSync(path.join(repoRoot, 'test/fixtures/sun0769', name), 'utf8');
}

function parse(name: string, url: string): Extraction {
  const out = sun0769Adapter.parse({ url, body: fixture(name) });
  assertValidExtraction(out);
  return out;
}

function parseError(body: string, url: string): ParseError {
  try {
    sun0769Adapter.parse({ url, body });
  } catch (e) {
    expect(e).toBeInstanceOf(ParseError);
    return e as ParseError;
  }
  throw new Error('expected a ParseError');
}

describe('sun0769 adapter', () => {
  it('is registered and owns both hosts', () => {
    expect(findAdapter('sun0769')).toBe(sun0769Adapter);
    expect(adapterForUrl(detail(460974))).toBe(sun0769Adapter);
    expect(adapterForUrl('https://wzzdg.sun0769.com/political/politics/index?id=1')).toBe(sun0769Adapter);
    expect(sun0769Adapter.startUrls()).toEqual([{ url: LIST_1, kind: 'list', method: 'GET' }]);
  });

  it('canonical URLs: main host, only the choosing parameters', () => {
    const c = sun0769Adapter.canonicalUrl;
    expect(c('https://wzzdg.sun0769.com/political/politics/index?id=461002')).toBe(detail(461002));
    expect(c('http://wz.sun0769.com/political/politics/index?id=460990&from=list')).toBe(detail(460990));
    expect(c(`${SITE}/political/index/politicsNewest?page=3&id=1`)).toBe(`${SITE}/political/index/politicsNewest?id=1&page=3`);
    expect(sun0769Adapter.pageKindOf(`${SITE}/political/index/supervise?page=2`)).toBeNull();
  });

  it('reads a list page: detail ids (not the 编号), titles, status words, dates asked, next page', () => {
    const out = parse('politicsNewest-1.html', LIST_1);
    expect(out.kind).toBe('list');
    expect(out.messages.map((m) => [m.externalId, m.url, m.title, m.status, m.statusRaw, m.postedAt])).toEqual([
      ['460974', detail(460974), '南城街道宏图路夜间施工噪音扰民', 'replied', '已回复', '2021-06-04T20:25:17+08:00'],
      ['460990', detail(460990), '东城区某小区电梯长期停运无人维修', 'in_progress', '已受理', '2021-06-05T08:02:44+08:00'],
      ['461002', detail(461002), '咨询东莞市积分入学申请材料', 'pending', '待受理', '2021-06-05T09:15:00+08:00'],
    ]);
    expect(out.messages.every((m) => m.board === '阳光热线问政平台' && m.department === null)).toBe(true);
    expect(out.links).toEqual([
      { url: detail(460974), kind: 'thread' },
      { url: detail(460990), kind: 'thread' },
      { url: detail(461002), kind: 'thread' },
      { url: `${SITE}/political/index/politicsNewest?id=1&page=2`, kind: 'list' },
    ]);
  });

  it('reads an answered message: addressed unit apart from the answering unit', () => {
    const out = parse('politics-460974.html', detail(460974));
    expect(out.messages).toEqual([
      {
        externalId: '460974',
        url: detail(460974),
        title: '南城街道宏图路夜间施工噪音扰民',
        body: '宏图路地铁站旁工地每晚十一点后仍在打桩，\n已经持续两周，附近居民无法休息。\n请问夜间施工是否办理了许可？',
        author: '莞城市民小李',
        postedAt: '2021-06-04T20:25:17+08:00',
        board: '阳光热线问政平台',
        department: '轨道交通局',
        category: null,
        status: 'replied',
        statusRaw: '已回复',
        views: null,
        replyCount: 1,
      },
    ]);
    expect(out.replies).toEqual([
      {
        messageExternalId: '460974',
        externalId: '460974-r1',
        department: '南城街道办事处',
        author: '南城街道办事处',
        body: '您好！经核查，该工地已办理夜间施工许可，\n我办已要求施工单位二十二时后停止高噪声作业。\n感谢您的监督。',
        repliedAt: '2021-06-07T10:12:00+08:00',
        official: true,
        floor: null,
      },
    ]);
  });

  it('reads a message no unit has answered yet', () => {
    const out = parse('politics-460990.html', detail(460990));
    expect(out.replies).toEqual([]);
    expect(out.messages[0]).toMatchObject({
      externalId: '460990',
      status: 'in_progress',
      statusRaw: '已受理',
      department: '东城街道',
      replyCount: 0,
      body: '小区3栋电梯停运一个月，物业称等待维修资金。',
    });
  });

  it('fails loudly on an unknown status word, a missing title or an unknown URL', () => {
    const page = fixture('politics-460990.html');
    expect(parseError(page.replace('状态：已受理', '状态：已转办'), detail(460990)).message).toMatch(/unknown status word "已转办"/);
    expect(parseError(page.replace('focus-details', 'focus-x'), detail(460990)).part).toBe('div.mr-three > p.focus-details');
    expect(parseError(page, `${SITE}/political/index/supervise?page=1`).part).toBe('url');
    expect(parseError('<html><body>维护中</body></html>', LIST_1).part).toBe('ul.title-state-ul');
    // A board without messages yet: the list is there, empty.
    const empty = sun0769Adapter.parse({ url: LIST_1, body: '<div class="width-12"><ul class="title-state-ul"></ul></div>' });
    expect([empty.messages, empty.links]).toEqual([[], []]);
  });
});
