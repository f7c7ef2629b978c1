import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/extract/errors.js';
import type { Extraction } from '../../src/model/extraction.js';
import { adapterForUrl, findAdapter } from '../../src/sources/index.js';
import { createLiuyanAdapter, peopleLiuyanAdapter, SignatureRefusedError } from '../../src/sources/people-liuyan/index.js';
import { BOARD_TABLE, knownBoard, resolveBoard } from '../../src/sources/people-liuyan/boards.js';
import { resolveAnswerUnit } from '../../src/sources/people-liuyan/departments.js';
import { parseDirectory } from '../../src/sources/people-liuyan/directory.js';
import { md5, signature, signedBody, verifySignedBody } from '../../src/sources/people-liuyan/signer.js';
import { assertValidExtraction } from '../helpers/contract.js';
import { runCli } from '../helpers/cli.js';
import { repoRoot } from '../helpers/shared.js';

const SITE = 'https://liuyan.people.com.cn';
const LIST = `${SITE}/pro-dfbbs-front/threads/queryThreadsList`;
const DETAIL = `${SITE}/v1/threads/content`;
const FIXTURES = path.join(repoRoot, 'test/fixtures/people-liuyan');

const FORM_HEADERS = (fid: number) => ({
  'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
  'x-requested-with': 'XMLHttpRequest',
  referer: `${SITE}/pro-dfbbs-front/forum/list?fid=${fid}`,
});

/** The signed detail request, written out from the documented rule with the live appCode. */
function detailLink(tid: number) {
  const param = `{"tid":${tid},"fromTrash":0}`;
  const body = { appCode: 'PC42ce3bfa4980a9', token: '', signature: md5(`/v1/threads/content${param}a2eb17f65d6f4b3f`), param };
  return { kind: 'thread', url: DETAIL, method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json;charset=UTF-8', token: '' } };
}

function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

function parse(name: string, url: string): Extraction {
  const out = peopleLiuyanAdapter.parse({ url, body: fixture(name) });
  assertValidExtraction(out);
  return out;
}

function parseError(name: string, url: string): ParseError {
  try {
    peopleLiuyanAdapter.parse({ url, body: fixture(name) });
  } catch (e) {
    expect(e).toBeInstanceOf(ParseError);
    return e as ParseError;
  }
  throw new Error('expected a ParseError');
}

describe('people-liuyan signer', () => {
  it('signs md5(path + param + md5(appCode)[0:16] + token), as the site documents', () => {
    // The appCode seen live and the md5 prefix the domain notes record for it.
    expect(md5('PC42ce3bfa4980a9').slice(0, 16)).toBe('a2eb17f65d6f4b3f');
    const param = '{"tid":25489118,"fromTrash":0}';
    expect(signature('/v1/threads/content', param, 'PC42ce3bfa4980a9', '')).toBe(
      md5(`/v1/threads/content${param}a2eb17f65d6f4b3f`),
    );
    // The query is not part of what is signed.
    expect(signature('/v1/threads/content?x=1', param, 'PC42ce3bfa4980a9')).toBe(signature('/v1/threads/content', param, 'PC42ce3bfa4980a9'));
    const body = signedBody('/v1/threads/content', { tid: 25489118, fromTrash: 0 }, 'PC42ce3bfa4980a9');
    expect(Object.keys(body)).toEqual(['appCode', 'token', 'signature', 'param']);
    expect(body.param).toBe(param);
    expect(verifySignedBody('/v1/threads/content', body, 'PC42ce3bfa4980a9')).toBe(true);
    expect(verifySignedBody('/v1/threads/content', body, 'PCother')).toBe(false);
    expect(verifySignedBody('/v1/threads/content', { ...body, param: '{"fromTrash":0,"tid":25489118}' }, 'PC42ce3bfa4980a9')).toBe(false);
    expect(verifySignedBody('/v1/threads/list/df', body, 'PC42ce3bfa4980a9')).toBe(false);
  });
});

describe('people-liuyan adapter', () => {
  it('is registered with its origin and page kinds', () => {
    expect(findAdapter('people-liuyan')).toBe(peopleLiuyanAdapter);
    expect(peopleLiuyanAdapter.origins).toEqual([SITE, 'https://messageboard.people.cn']);
    expect(peopleLiuyanAdapter.startUrls()).toEqual([]);
    const boards = createLiuyanAdapter({ appCode: 'x', token: '', pageSize: 20, boards: [539, 14] });
    expect(boards.startUrls()).toEqual([
      { kind: 'list', url: LIST, method: 'POST', body: 'fid=539&lastItem=0&pageSize=20', headers: FORM_HEADERS(539) },
      { kind: 'list', url: LIST, method: 'POST', body: 'fid=14&lastItem=0&pageSize=20', headers: FORM_HEADERS(14) },
      // The site's own totals, once a run.
      { kind: 'report', url: 'https://messageboard.people.cn/newIndex_stat.jsonp', method: 'GET' },
    ]);
    // An open message is read again by its signed detail.
    expect(peopleLiuyanAdapter.revisitRequest({ url: `${SITE}/threads/content?tid=25489050`, externalId: '25489050' })).toEqual(detailLink(25489050));
    const a = peopleLiuyanAdapter;
    expect(a.pageKindOf(`${LIST}?fid=539&lastItem=0`)).toBe('list');
    expect(a.pageKindOf(`${SITE}/threads/queryThreadsList`)).toBe('list');
    expect(a.pageKindOf(`${DETAIL}?tid=1`)).toBe('thread');
    expect(a.pageKindOf(`${SITE}/v1/forum/getTopForums`)).toBe('other');
    expect(a.pageKindOf(`${SITE}/pro-dfbbs-front/home`)).toBeNull();
    expect(a.canonicalUrl(`http://liuyan.people.com.cn/threads/content?tid=25489118#top`)).toBe(`${DETAIL}?tid=25489118`);
    expect(a.canonicalUrl(`${LIST}?lastItem=5&_=17&fid=539`)).toBe(`${LIST}?fid=539&lastItem=5`);
    expect(adapterForUrl(`${DETAIL}?tid=1`)?.id).toBe('people-liuyan');
  });

  it('parses a list page: rows with all three clocks, the inline answer, detail links and the next page', () => {
    const out = parse('list-539-newest.json', `${LIST}?fid=539&lastItem=0`);
    expect(out.kind).toBe('list');
    expect(out.messages).toHaveLength(3);
    expect(out.messages[0]).toEqual({
      externalId: '25489118',
      url: `${SITE}/threads/content?tid=25489118`,
      title: '朝阳区某小区供暖温度不达标',
      body: '入冬以来室内温度长期低于18度，多次向物业反映无果...',
      author: '陈***',
      postedAt: '2026-06-14T09:30:00+08:00',
      publishedAt: '2026-06-15T05:00:00+08:00',
      board: '北京市委书记',
      // Addressed to the board's leader, in Beijing (110000); the answering unit is on the reply.
      department: '北京市委书记',
      region: '110000',
      category: '投诉',
      status: 'replied',
      statusRaw: '已办理',
      views: null,
      replyCount: null,
      satisfaction: 4,
      lastPostAt: '2026-06-20T16:45:00+08:00',
    });
    expect(out.messages[1]).toMatchObject({
      externalId: '25489050',
      postedAt: '2026-06-14T08:12:00+08:00',
      publishedAt: '2026-06-15T09:00:00+08:00',
      department: '北京市委书记',
      category: '咨询',
      status: 'in_progress',
      statusRaw: '办理中',
      satisfaction: null,
      lastPostAt: null,
    });
    // threadsCheckTime as a digit string; no answer fields at all.
    expect(out.messages[2]).toMatchObject({
      externalId: '25488977',
      postedAt: '2026-06-13T23:05:00+08:00',
      publishedAt: '2026-06-16T10:00:00+08:00',
      status: 'pending',
      statusRaw: '待回复',
    });
    expect(out.replies).toEqual([
      {
        messageExternalId: '25489118',
        externalId: '25489118-a8800123',
        department: '北京市朝阳区人民政府',
        author: null,
        body: '您好！您反映的问题已转区住房城乡建设委督促物业整改。\n感谢您的监督。',
        repliedAt: '2026-06-20T16:45:00+08:00',
        official: true,
        floor: null,
      },
    ]);
    // Each row links to its signed detail, the page to the next one after its last tid.
    expect(out.links).toEqual([
      { ...detailLink(25489118), messageExternalId: '25489118' },
      { ...detailLink(25489050), messageExternalId: '25489050' },
      { ...detailLink(25488977), messageExternalId: '25488977' },
      { kind: 'list', url: LIST, method: 'POST', body: 'fid=539&lastItem=25488977&pageSize=20', headers: FORM_HEADERS(539) },
    ]);
    // The request's body names the board when the URL does not.
    const asked = { kind: 'list' as const, url: LIST, method: 'POST' as const, body: 'fid=560&lastItem=0&pageSize=20' };
    expect(() => peopleLiuyanAdapter.parse({ url: LIST, body: fixture('list-539-newest.json'), request: asked } as never)).toThrow(/539 on a list of board 560/);
  });

  it('reads the tid of a detail from its request body when the URL has none', () => {
    const request = { ...detailLink(25489050), kind: 'thread' as const, method: 'POST' as const };
    const out = peopleLiuyanAdapter.parse({ url: DETAIL, body: fixture('detail-25489050-open.json'), request } as never);
    expect(out.messages[0]!.externalId).toBe('25489050');
  });

  it('an empty list page ends the board: no rows, no next page', () => {
    const out = parse('list-539-end.json', `${LIST}?fid=539&lastItem=25488977`);
    expect(out.messages).toEqual([]);
    expect(out.links).toEqual([]);
  });

  it('refuses a list of another board and a failed list answer, naming the field', () => {
    expect(parseError('list-539-newest.json', `${LIST}?fid=560&lastItem=0`).message).toMatch(/responseData\[0\]\.fid.*539 on a list of board 560/);
    expect(parseError('list-refused.json', `${LIST}?fid=539&lastItem=0`).message).toMatch(/result.*"fail".*参数错误/);
  });

  it('parses a detail: the message, official replies, the follow-up as a non-official reply', () => {
    const out = parse('detail-25489118.json', `${DETAIL}?tid=25489118`);
    expect(out.kind).toBe('thread');
    expect(out.url).toBe(`${DETAIL}?tid=25489118`);
    expect(out.messages).toEqual([
      {
        externalId: '25489118',
        url: `${SITE}/threads/content?tid=25489118`,
        title: '朝阳区某小区供暖温度不达标',
        body: '入冬以来室内温度长期低于18度，多次向物业反映无果。\n请督促整改。',
        author: '陈***',
        postedAt: '2026-06-14T09:30:00+08:00',
        publishedAt: '2026-06-15T05:00:00+08:00',
        board: '北京市委书记',
        department: '北京市委书记',
        region: '110000',
        category: '投诉',
        status: 'replied',
        statusRaw: '已办理',
        views: null,
        replyCount: 2,
        satisfaction: 4,
        lastPostAt: '2026-06-25T11:20:00+08:00',
      },
    ]);
    expect(out.replies).toEqual([
      {
        messageExternalId: '25489118',
        externalId: '25489118-a8800123',
        department: '北京市朝阳区人民政府',
        author: null,
        body: '您好！您反映的问题已转区住房城乡建设委督促物业整改。\n感谢您的监督。',
        repliedAt: '2026-06-20T16:45:00+08:00',
        official: true,
        floor: null,
      },
      {
        messageExternalId: '25489118',
        externalId: '25489118-z1',
        department: null,
        author: '陈***',
        body: '追问：整改后温度仍只有16度。',
        repliedAt: '2026-06-22T10:00:00+08:00',
        official: false,
        floor: null,
      },
      {
        messageExternalId: '25489118',
        externalId: '25489118-a8800456',
        department: '北京市朝阳区住房和城乡建设委员会',
        author: null,
        body: '经复查，已更换换热站循环泵，室温达到18度以上。',
        repliedAt: '2026-06-25T11:20:00+08:00',
        official: true,
        floor: null,
      },
    ]);
  });

  it('reads an open detail whose item has no tid from the request, with code as a string', () => {
    const out = parse('detail-25489050-open.json', `${DETAIL}?tid=25489050`);
    expect(out.messages[0]).toMatchObject({
      externalId: '25489050',
      status: 'in_progress',
      replyCount: 0,
      postedAt: '2026-06-14T08:12:00+08:00',
      publishedAt: '2026-06-15T09:00:00+08:00',
      lastPostAt: null,
    });
    expect(out.replies).toEqual([]);
    expect(parseError('detail-25489050-open.json', DETAIL).message).toMatch(/contentList\[0\]\.tid.*missing/);
    expect(parseError('detail-25489118.json', `${DETAIL}?tid=1`).message).toMatch(/25489118 does not match the requested tid 1/);
  });

  it('fails loudly on an unknown content type', () => {
    expect(parseError('detail-unknown-type.json', `${DETAIL}?tid=25489118`).message).toMatch(/contentList\[1\]\.dataType.*unknown content type 3/);
  });

  it('SN0006 is a loud error naming the signature, never data, whatever the URL', () => {
    for (const url of [`${DETAIL}?tid=25489118`, `${SITE}/v1/forum/getTopForums`, `${SITE}/somewhere`]) {
      const e = parseError('sn0006.json', url);
      expect(e).toBeInstanceOf(SignatureRefusedError);
      expect(e.part).toBe('signature');
      expect(e.message).toMatch(/signature.*SN0006 数据格式错误.*appCode/);
    }
  });

  it('reads the directory: boards with place, GB/T 2260 code, level and post', () => {
    const boards = parseDirectory(`${SITE}/v1/forum/getTopForums`, fixture('directory-top.json'), false);
    expect(boards.map((b) => [b.fid, b.name, b.place, b.regionCode, b.level, b.post])).toEqual([
      [559, '浙江省委书记', '浙江省', '330000', 'province', '省委书记'],
      [1007, '杭州市委书记', '杭州市', '330100', 'prefecture', '市委书记'],
      [4175, '淳安县委书记', '淳安县', '330127', 'county', '县委书记'],
      [539, '北京市委书记', '北京市', '110000', 'province', '市委书记'],
      // 朝阳区 is in Beijing and in Changchun: the parent board settles it.
      [9301, '朝阳区委书记', '朝阳区', '110105', 'county', '区委书记'],
      [585, '贵州省委书记', '贵州省', '520000', 'province', '省委书记'],
    ]);
    const bw = parseDirectory(`${SITE}/v1/forum/getTopBwForums`, fixture('directory-bw.json'), true);
    expect(bw.map((b) => [b.fid, b.name, b.regionCode, b.level, b.post])).toEqual([
      [5055, '工业和信息化部', null, 'ministry', null],
      [5052, '生态环境部', null, 'ministry', null],
    ]);
    const x = parse('directory-top.json', `${SITE}/v1/forum/getTopForums`);
    expect(x).toMatchObject({ kind: 'other', messages: [], links: [] });
  });
});

describe('people-liuyan boards and departments', () => {
  it('reads place, level, post and leader from board names', () => {
    const pick = (name: string, hint?: string) => {
      const b = resolveBoard(1, name, { hint });
      return [b.place, b.regionCode, b.level, b.post, b.leader];
    };
    expect(pick('杭州市委书记刘捷')).toEqual(['杭州市', '330100', 'prefecture', '市委书记', '刘捷']);
    expect(pick('灵山县委书记')).toEqual(['灵山县', '450721', 'county', '县委书记', null]);
    expect(pick('浙江省长')).toEqual(['浙江省', '330000', 'province', '省长', null]);
    expect(pick('广西壮族自治区党委书记')).toEqual(['广西壮族自治区', '450000', 'province', '党委书记', null]);
    expect(pick('浙江省')).toEqual(['浙江省', '330000', 'province', null, null]);
    expect(pick('杭州市西湖区长')).toEqual(['西湖区', '330106', 'county', '区长', null]);
    // Ambiguous without a hint: no region rather than a guess.
    expect(pick('朝阳区委书记')).toEqual([null, null, null, null, null]);
    expect(pick('朝阳区委书记', '22')).toEqual(['朝阳区', '220104', 'county', '区委书记', null]);
  });

  it('holds a board table of the known fids', () => {
    expect(BOARD_TABLE.map((b) => b.fid)).toEqual(expect.arrayContaining([14, 146, 539, 559, 560, 585, 1007, 1008, 5055]));
    expect(knownBoard(560)).toMatchObject({ place: '浙江省', regionCode: '330000', level: 'province', post: '省长' });
    expect(knownBoard(1008)).toMatchObject({ place: '杭州市', regionCode: '330100', level: 'prefecture', post: '市长' });
    expect(knownBoard(5055)).toMatchObject({ regionCode: null, level: 'ministry' });
    expect(knownBoard(1)).toBeUndefined();
  });

  it('resolves answering units within the board\'s region', () => {
    const beijing = resolveBoard(539, '北京市委书记');
    expect(resolveAnswerUnit('朝阳区人民政府', beijing)).toMatchObject({ regionCode: '110105', level: 'county' });
    expect(resolveAnswerUnit('北京市朝阳区住房和城乡建设委员会', beijing)).toMatchObject({ regionCode: '110105', level: 'county' });
    const hangzhou = resolveBoard(1007, '杭州市委书记');
    expect(resolveAnswerUnit('杭州市城市管理局', hangzhou)).toMatchObject({ regionCode: '330100', level: 'prefecture' });
    const miit = resolveBoard(5055, '工业和信息化部', { ministry: true });
    expect(resolveAnswerUnit('工业和信息化部信息通信管理局', miit)).toMatchObject({ regionCode: null, level: 'ministry' });
    expect(resolveAnswerUnit('', beijing)).toBeNull();
  });
});

describe('wenzheng extract people-liuyan', () => {
  it('prints a valid Extraction for a saved detail answer', async () => {
    const res = await runCli(['extract', 'people-liuyan', path.join(FIXTURES, 'detail-25489118.json'), '--url', `${DETAIL}?tid=25489118`]);
    expect(res.code).toBe(0);
    const x = JSON.parse(res.stdout);
    assertValidExtraction(x);
    expect(x.messages[0].publishedAt).toBe('2026-06-15T05:00:00+08:00');
    expect(x.replies).toHaveLength(3);
  });

  it('exits 2 naming the signature for an SN0006 answer', async () => {
    const res = await runCli(['extract', 'people-liuyan', path.join(FIXTURES, 'sn0006.json'), '--url', `${DETAIL}?tid=25489118`]);
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(/signature.*SN0006/);
  });
});
