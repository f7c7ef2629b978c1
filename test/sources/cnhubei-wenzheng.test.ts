import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/extract/errors.js';
import type { Extraction } from '../../src/model/extraction.js';
import { adapterForUrl, findAdapter } from '../../src/sources/index.js';
import { cnhubeiWenzhengAdapter, detailApiUrl, publicDetailUrl } from '../../src/sources/cnhubei-wenzheng/index.js';
import { assertValidExtraction } from '../helpers/contract.js';
import { repoRoot } from '../helpers/shared.js';

const API = 'http://api.wz.cnhubei.com/api';

function fixture(name: string): string {
  return readFileSync(path.join(repoRoot, 'test/fixtures/cnhubei-wenzheng', name), 'utf8');
}

function parse(name: string, url: string): Extraction {
  const out = cnhubeiWenzhengAdapter.parse({ url, body: fixture(name) });
  assertValidExtraction(out);
  return out;
}

function parseError(body: string, url: string): ParseError {
  try {
    cnhubeiWenzhengAdapter.parse({ url, body });
  } catch (e) {
    expect(e).toBeInstanceOf(ParseError);
    return e as ParseError;
  }
  throw new Error('expected a ParseError');
}

describe('cnhubei-wenzheng adapter', () => {
  it('is registered with its origin, SLA and start URLs', () => {
    expect(findAdapter('cnhubei-wenzheng')).toBe(cnhubeiWenzhengAdapter);
    expect(cnhubeiWenzhengAdapter.origins).toEqual(['http://api.wz.cnhubei.com']);
    expect(cnhubeiWenzhengAdapter.slaHours).toBe(24);
    expect(cnhubeiWenzhengAdapter.startUrls()).toEqual([
      { url: `${API}/allsuglist?list_type=1&page=1&pagesize=20&type=pc`, kind: 'list', method: 'GET' },
      { url: `${API}/allsuglist?list_type=3&page=1&pagesize=20&type=pc`, kind: 'list', method: 'GET' },
    ]);
  });

  it('knows page kinds and canonical URLs by path', () => {
    const a = cnhubeiWenzhengAdapter;
    expect(a.pageKindOf(`${API}/allsuglist?list_type=3&page=2&pagesize=20&type=pc`)).toBe('list');
    expect(a.pageKindOf(`${API}/sugdetail?suid=2900&type=pc`)).toBe('thread');
    expect(a.pageKindOf('http://api.wz.cnhubei.com/html/detail/2900.html')).toBe('thread');
    expect(a.pageKindOf(`${API}/ponews?news_typeid=1105`)).toBeNull();
    expect(a.pageKindOf(`${API}/bureaulist?type=pc`)).toBeNull();
    expect(a.canonicalUrl('http://api.wz.cnhubei.com/html/detail/2900.html#top')).toBe(`${API}/sugdetail?suid=2900&type=pc`);
    expect(a.canonicalUrl(`${API}/sugdetail?type=pc&suid=2900&_=1614000000`)).toBe(`${API}/sugdetail?suid=2900&type=pc`);
    expect(a.canonicalUrl(`${API}/allsuglist?pagesize=20&type=pc&page=3&list_type=1`)).toBe(
      `${API}/allsuglist?list_type=1&page=3&pagesize=20&type=pc`,
    );
    expect(detailApiUrl(2227)).toBe(`${API}/sugdetail?suid=2227&type=pc`);
    expect(publicDetailUrl('2227')).toBe('http://api.wz.cnhubei.com/html/detail/2227.html');
    expect(adapterForUrl(`${API}/sugdetail?suid=1&type=pc`)?.id).toBe('cnhubei-wenzheng');
  });

  it('parses an answered list page: rows, detail links, next page', () => {
    const out = parse('list-1-page1.json', `${API}/allsuglist?list_type=1&page=1&pagesize=20&type=pc`);
    expect(out.kind).toBe('list');
    expect(out.pageCount).toBe(2);
    expect(out.messages).toHaveLength(3);
    expect(out.messages[0]).toEqual({
      externalId: '2900',
      url: 'http://api.wz.cnhubei.com/html/detail/2900.html',
      title: '武昌区中山路夜间施工噪音扰民',
      body: '中山路某工地连续多日夜间施工至凌晨，噪音严重影响周边居民休息。',
      author: null,
      postedAt: '2021-03-05T09:12:30+08:00',
      board: '荆楚问政',
      department: '武汉市武昌区人民政府',
      category: null,
      status: 'replied',
      statusRaw: '已回复',
      views: null,
      replyCount: null,
    });
    // id as a string, traditional characters in the title, HTML paragraphs in the content
    expect(out.messages[1]).toMatchObject({
      externalId: '2899',
      title: '樊城区某小区物业乱收费',
      body: '小区物业今年起每户加收电梯维护费。\n未经业主大会同意。',
      status: 'replied',
      statusRaw: '已办结',
    });
    expect(out.messages[2]).toMatchObject({ externalId: '2897', status: 'replied', statusRaw: '追问中' });
    expect(out.links).toEqual([
      { url: `${API}/sugdetail?suid=2900&type=pc`, kind: 'thread', messageExternalId: '2900' },
      { url: `${API}/sugdetail?suid=2899&type=pc`, kind: 'thread', messageExternalId: '2899' },
      { url: `${API}/sugdetail?suid=2897&type=pc`, kind: 'thread', messageExternalId: '2897' },
      { url: `${API}/allsuglist?list_type=1&page=2&pagesize=20&type=pc`, kind: 'list' },
    ]);
  });

  it('makes no next-page link on the last page', () => {
    const out = parse('list-1-page2.json', `${API}/allsuglist?list_type=1&page=2&pagesize=20&type=pc`);
    expect(out.messages.map((m) => m.externalId)).toEqual(['2890']);
    expect(out.links).toEqual([{ url: `${API}/sugdetail?suid=2890&type=pc`, kind: 'thread', messageExternalId: '2890' }]);
  });

  it('parses the not-yet-answered list with its status words', () => {
    const out = parse('list-3-page1.json', `${API}/allsuglist?list_type=3&page=1&pagesize=20&type=pc`);
    expect(out.messages.map((m) => [m.externalId, m.status, m.statusRaw])).toEqual([
      ['2902', 'pending', '待回复'],
      ['2903', 'in_progress', '办理中'],
    ]);
    expect(out.links.filter((l) => l.kind === 'list')).toEqual([]);
  });

  it('parses a detail with a reply and one follow-up given as an object', () => {
    const out = parse('detail-2900.json', `${API}/sugdetail?suid=2900&type=pc`);
    expect(out.kind).toBe('thread');
    expect(out.url).toBe(`${API}/sugdetail?suid=2900&type=pc`);
    expect(out.messages).toEqual([
      {
        externalId: '2900',
        url: 'http://api.wz.cnhubei.com/html/detail/2900.html',
        title: '武昌区中山路夜间施工噪音扰民',
        body: '中山路某工地连续多日夜间施工至凌晨，\n噪音严重影响周边居民休息。',
        author: '中山路居民',
        postedAt: '2021-03-05T09:12:30+08:00',
        board: '荆楚问政',
        department: '武汉市武昌区人民政府',
        category: null,
        status: 'replied',
        statusRaw: '已回复',
        views: null,
        replyCount: 2,
        satisfaction: 4,
      },
    ]);
    expect(out.replies).toEqual([
      {
        messageExternalId: '2900',
        externalId: '2900-r1',
        department: '武汉市武昌区人民政府',
        author: null,
        body: '经现场核查，该工地未办理夜间施工许可，已责令其停止夜间施工。',
        repliedAt: '2021-03-06T15:20:00+08:00',
        official: true,
        floor: null,
      },
      {
        messageExternalId: '2900',
        externalId: '2900-z1',
        department: null,
        author: '中山路居民',
        body: '停了两天又开始夜间施工了，请再核查。',
        repliedAt: '2021-03-08T23:10:00+08:00',
        official: false,
        floor: null,
      },
      {
        messageExternalId: '2900',
        externalId: '2900-z1-r1',
        department: '武汉市武昌区人民政府',
        author: null,
        body: '已对该工地立案调查并处以罚款。',
        repliedAt: '2021-03-09T11:00:00+08:00',
        official: true,
        floor: null,
      },
    ]);
    expect(out.links).toEqual([]);
  });

  it('takes the id from suid when sug.id is missing, and reads zwen as a list', () => {
    const out = parse('detail-2897-zwen-list.json', `${API}/sugdetail?suid=2897&type=pc`);
    const m = out.messages[0];
    expect(m).toMatchObject({ externalId: '2897', url: 'http://api.wz.cnhubei.com/html/detail/2897.html' });
    expect(m).toMatchObject({ status: 'replied', statusRaw: '追问中', replyCount: 2, satisfaction: null });
    expect(out.replies.map((r) => [r.externalId, r.official, r.repliedAt])).toEqual([
      ['2897-r1', true, '2021-03-04T10:30:00+08:00'],
      ['2897-z1', false, '2021-03-11T20:00:00+08:00'],
      ['2897-z1-r1', true, '2021-03-12T09:15:00+08:00'],
      ['2897-z2', false, '2021-03-13T19:45:00+08:00'],
    ]);
    expect(out.replies[3]?.body).toBe('旁边路段的路灯也坏了。');
  });

  it('also accepts the public detail URL as the page URL', () => {
    const out = parse('detail-2897-zwen-list.json', 'http://api.wz.cnhubei.com/html/detail/2897.html');
    expect(out.messages[0]?.externalId).toBe('2897');
    expect(out.url).toBe(`${API}/sugdetail?suid=2897&type=pc`);
  });

  it('reads a pending detail without zwen and with an empty reply list', () => {
    const out = parse('detail-2902-pending.json', `${API}/sugdetail?suid=2902&type=pc`);
    expect(out.messages[0]).toMatchObject({ status: 'pending', statusRaw: '待回复', replyCount: 0, satisfaction: null });
    expect(out.replies).toEqual([]);
  });

  it('reads zwen null and numbers as strings (cstatus "2")', () => {
    const out = parse('detail-2903-zwen-null.json', `${API}/sugdetail?suid=2903&type=pc`);
    expect(out.messages[0]).toMatchObject({ externalId: '2903', status: 'in_progress', statusRaw: '办理中', replyCount: 0 });
    expect(out.replies).toEqual([]);
  });

  it('falls back to the status code, and 已办结 without a reply is closed', () => {
    const detail = JSON.parse(fixture('detail-2902-pending.json'));
    delete detail.data.common.app.sug.status_str;
    detail.data.common.app.sug.cstatus = '3';
    const byCode = cnhubeiWenzhengAdapter.parse({ url: `${API}/sugdetail?suid=2902&type=pc`, body: JSON.stringify(detail) });
    expect(byCode.messages[0]).toMatchObject({ status: 'replied', statusRaw: null });
    detail.data.common.app.sug.status_str = '已办结';
    const closed = cnhubeiWenzhengAdapter.parse({ url: `${API}/sugdetail?suid=2902&type=pc`, body: JSON.stringify(detail) });
    expect(closed.messages[0]).toMatchObject({ status: 'closed', statusRaw: '已办结' });
  });

  it('infers the page kind from the payload when the URL says nothing', () => {
    const list = cnhubeiWenzhengAdapter.parse({ url: 'file:///tmp/answer.json', body: fixture('list-3-page1.json') });
    expect(list.kind).toBe('list');
    expect(list.links.every((l) => l.kind === 'thread')).toBe(true);
    const detail = cnhubeiWenzhengAdapter.parse({ url: 'file:///tmp/answer.json', body: fixture('detail-2900.json') });
    expect(detail.kind).toBe('thread');
    expect(detail.messages[0]?.externalId).toBe('2900');
  });

  it('fails loudly on an unknown status word, naming it', () => {
    const e = parseError(fixture('detail-unknown-status.json'), `${API}/sugdetail?suid=2904&type=pc`);
    expect(e.part).toBe('sug.status_str');
    expect(e.message).toContain('已撤回');
  });

  it('fails loudly on state:false, a missing payload, a wrong shape and a mismatched id', () => {
    expect(parseError(fixture('state-false.json'), `${API}/allsuglist?list_type=1&page=1&pagesize=20&type=pc`).message).toContain('参数错误');
    expect(parseError(fixture('missing-app.json'), `${API}/allsuglist?list_type=1&page=1&pagesize=20&type=pc`).part).toBe('data.common.app');
    expect(parseError(fixture('detail-2900.json'), `${API}/allsuglist?list_type=1&page=1&pagesize=20&type=pc`).part).toBe('data.common.app');
    expect(parseError(fixture('detail-2900.json'), `${API}/sugdetail?suid=2901&type=pc`).part).toBe('sug.id');
    expect(parseError('<html>not json</html>', `${API}/sugdetail?suid=2900&type=pc`).part).toBe('JSON body');
    const noTitle = JSON.parse(fixture('list-1-page2.json'));
    delete noTitle.data.common.app[0].title;
    expect(parseError(JSON.stringify(noTitle), `${API}/allsuglist?list_type=1&page=2&pagesize=20&type=pc`).part).toBe(
      'data.common.app[0].title',
    );
  });
});

describe('nicknames are kept as written (hashed before any conversion)', () => {
  it('a nickname in traditional characters stays traditional; the one in simplified stays simplified', () => {
    const url = `${API}/sugdetail?suid=2900&type=pc`;
    const body = fixture('detail-2900.json');
    const traditional = cnhubeiWenzhengAdapter.parse({ url, body: body.replace('"nickname": "中山路居民"', '"nickname": "縋夢人 "') });
    const simplified = cnhubeiWenzhengAdapter.parse({ url, body: body.replace('"nickname": "中山路居民"', '"nickname": "缒梦人"') });
    expect(traditional.messages[0]?.author).toBe('縋夢人');
    expect(simplified.messages[0]?.author).toBe('缒梦人');
  });
});
