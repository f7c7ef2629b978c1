/**
 * The generic `discuz` adapter: no site of its own, canonical URLs on the site of the page
 * URL (or its <base href>), any fid. Fixture: test/fixtures/discuz/ (hand-made, values
 * below written from its text).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REWRITE, discuzAdapter, floorOf, parseDiscuzUrl, unitAccountRule } from '../../src/sources/discuz/index.js';
import { findAdapter, adapterForUrl } from '../../src/sources/index.js';
import { assertValidExtraction } from '../helpers/contract.js';
import { repoRoot } from '../helpers/shared.js';

const fixture = (dir: string, file: string) => readFileSync(path.join(repoRoot, 'test/fixtures', dir, file), 'utf8');

describe('generic discuz adapter', () => {
  it('has no origin, no start URL and parses lists of any forum', () => {
    expect(discuzAdapter.id).toBe('discuz');
    expect(discuzAdapter.origins).toEqual([]);
    expect(discuzAdapter.baseUrl).toBe('http://discuz.invalid');
    expect(discuzAdapter.startUrls()).toEqual([]);
    expect(discuzAdapter.pageKindOf('https://wz.example.gov.cn/bbs/forum-2-1.html')).toBe('list');
    expect(discuzAdapter.pageKindOf('https://wz.example.gov.cn/bbs/forum.php?mod=viewthread&tid=881')).toBe('thread');
  });

  it('canonicalises on the site of the URL itself, keeping an install folder and the form of the URL', () => {
    expect(discuzAdapter.canonicalUrl('https://wz.example.gov.cn/bbs/forum.php?mod=viewthread&tid=881&page=2&extra=')).toBe(
      'https://wz.example.gov.cn/bbs/forum.php?mod=viewthread&tid=881&page=2',
    );
    expect(discuzAdapter.canonicalUrl('https://wz.example.gov.cn/bbs/forum.php?mod=viewthread&tid=881&page=1&extra=page%3D1')).toBe(
      'https://wz.example.gov.cn/bbs/forum.php?mod=viewthread&tid=881',
    );
    expect(discuzAdapter.canonicalUrl('http://bbs.talkop.com/forum.php?mod=forumdisplay&fid=49&page=3')).toBe(
      'http://bbs.talkop.com/forum.php?mod=forumdisplay&fid=49&page=3',
    );
    expect(discuzAdapter.canonicalUrl('http://bbs.talkop.com/forum-49-3.html#top')).toBe('http://bbs.talkop.com/forum-49-3.html');
    expect(discuzAdapter.canonicalUrl('http://bbs.talkop.com/portal.php#top')).toBe('http://bbs.talkop.com/portal.php');
  });

  describe('page 2 of a thread on a board under /bbs/ with relative links and no <base href>', () => {
    const url = 'https://wz.example.gov.cn/bbs/forum.php?mod=viewthread&tid=881&page=2';
    const out = discuzAdapter.parse({ url, body: fixture('discuz', 'viewthread-subdir-page2.html') });

    it('gives replies only, on the canonical URL of the page site', () => {
      assertValidExtraction(out);
      expect(out.source).toBe('discuz');
      expect(out.kind).toBe('thread');
      expect(out.url).toBe('https://wz.example.gov.cn/bbs/forum.php?mod=viewthread&tid=881&page=2');
      expect(out.messages).toEqual([]);
    });

    it('reads floors past 10, a unit group (认证单位), a guest and anti-scraping noise', () => {
      expect(out.replies).toEqual([
        {
          messageExternalId: '881',
          externalId: '9911',
          department: '县住房和城乡建设局',
          author: '县住房和城乡建设局',
          body: '您好！城关镇老旧小区改造项目已于3月1日开工，预计10月底完工。',
          repliedAt: '2021-03-08T15:02:00+08:00',
          official: true,
          floor: 11,
        },
        {
          messageExternalId: '881',
          externalId: '9915',
          department: null,
          author: null, // 游客
          body: '期待早日完工。',
          repliedAt: '2021-03-08T16:40:12+08:00',
          official: false,
          floor: 12,
        },
      ]);
    });

    it('counts 3 pages from the pager links and follows a.nxt (resolved against the page URL)', () => {
      expect(out.pageCount).toBe(3);
      expect(out.links).toEqual([{ url: 'https://wz.example.gov.cn/bbs/forum.php?mod=viewthread&tid=881&page=3', kind: 'thread' }]);
    });
  });

  it('parses the 《民生热线》 fixture on the site its URL names, board from the breadcrumb', () => {
    const out = discuzAdapter.parse({
      url: 'http://mirror.example.org/thread-4657001-1-1.html',
      body: fixture('cnhubei-minsheng', 'thread-4657001-1-1.html'),
    });
    assertValidExtraction(out);
    expect(out.url).toBe('http://mirror.example.org/thread-4657001-1-1.html');
    expect(out.messages[0]).toMatchObject({ board: '民生热线', status: 'replied', department: '武汉市城乡建设局' });
  });
});

describe('discuz helpers', () => {
  it('floorOf reads 楼主/沙发/板凳/地板 and N#', () => {
    expect(['楼主', '沙发', '板凳', '地板', '\n5#', ' 57 # '].map(floorOf)).toEqual([1, 2, 3, 4, 5, 57]);
    expect(floorOf('推荐')).toBeNull();
    expect(floorOf('constructor')).toBeNull();
  });

  it('parseDiscuzUrl reads rewrite and query forms, and nothing else', () => {
    expect(parseDiscuzUrl('http://h/thread-12-3-1.html')).toEqual({ kind: 'thread', tid: '12', page: 3, form: DEFAULT_REWRITE, mobile: null });
    expect(parseDiscuzUrl('http://h/forum.php?mod=viewthread&tid=12')).toEqual({ kind: 'thread', tid: '12', page: 1, form: 'query', mobile: null });
    expect(parseDiscuzUrl('http://h/forum-9-4.html')).toEqual({ kind: 'list', fid: '9', page: 4, typeid: null, form: DEFAULT_REWRITE, mobile: null });
    expect(parseDiscuzUrl('http://h/forum.php?mod=forumdisplay&fid=9&filter=typeid&typeid=34&page=2')).toEqual({
      kind: 'list',
      fid: '9',
      page: 2,
      typeid: '34',
      form: 'query',
      mobile: null,
    });
    expect(parseDiscuzUrl('http://h/forum.php?mod=redirect&goto=findpost&ptid=1&pid=2')).toBeNull();
    expect(parseDiscuzUrl('http://h/space-uid-2.html')).toBeNull();
  });

  it('unitAccountRule takes a board its own groups, units and endings', () => {
    const rule = unitAccountRule({ groupPattern: /^政务号$/, units: ['县长信箱'], nameEnding: /局$/ });
    expect(rule({ name: '张三', group: '政务号' })).toBe(true);
    expect(rule({ name: '县长信箱', group: '注册会员' })).toBe(true);
    expect(rule({ name: '县公安局', group: null })).toBe(true);
    expect(rule({ name: '县政府办', group: '实名入驻单位' })).toBe(false);
  });
});

describe('registry', () => {
  it('lists both adapters and routes bbs.cnhubei.com URLs to cnhubei-minsheng', () => {
    expect(findAdapter('discuz')).toBe(discuzAdapter);
    expect(findAdapter('cnhubei-minsheng')?.name).toBe('荆楚网《民生热线》');
    expect(adapterForUrl('http://bbs.cnhubei.com/thread-4657001-1-1.html')?.id).toBe('cnhubei-minsheng');
    expect(adapterForUrl('http://bbs.cnhubei.com/forum-9-1.html')?.id).toBe('cnhubei-minsheng');
  });
});

describe('the unit a thread is addressed to', () => {
  it('comes from a unit-named thread type, an @unit in title or post, or a letter-style opening line', async () => {
    const { addressedUnit } = await import('../../src/sources/discuz/addressed.js');
    expect(addressedUnit('武汉市水务局', '小区渍水', null)).toBe('武汉市水务局');
    expect(addressedUnit('城市管理', '@洪山区城管局 路边烧烤油烟扰民', null)).toBe('洪山区城管局');
    expect(addressedUnit(null, '路灯不亮', '＠武汉市城乡建设局请尽快处理，谢谢')).toBe('武汉市城乡建设局');
    expect(addressedUnit(null, '路灯不亮', '尊敬的沙洋县交通局：村里的路坏了')).toBe('沙洋县交通局');
    expect(addressedUnit(null, '@小明 你也遇到了吗', '网友您好：路灯不亮')).toBeNull();
    expect(addressedUnit('城市管理', '路灯不亮', '请有关部门管一管')).toBeNull();
  });
});
