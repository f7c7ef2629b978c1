/**
 * 红网《问政湖南》 (rednet-hunan): hand-written answers in the shapes DOMAIN-boards.md
 * documents, with expectations written from reading them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/extract/errors.js';
import type { Extraction } from '../../src/model/extraction.js';
import { requestKey } from '../../src/model/request.js';
import { adapterForUrl, findAdapter } from '../../src/sources/index.js';
import { rednetHunanAdapter, scrubRednetBody } from '../../src/sources/rednet-hunan/index.js';
import type { PageRequest } from '../../src/sources/types.js';
import { assertValidExtraction } from '../helpers/contract.js';
import { repoRoot } from '../helpers/shared.js';

const API = 'https://wzapi.rednet.cn';
const LIST = `${API}/front/msg/index`;
const detail = (id: number) => `${API}/front/msg/detail?id=${id}`;
const JSON_TYPE = { 'content-type': 'application/json;charset=UTF-8' };
const listRequest = (page: number): PageRequest => ({
  kind: 'list',
  url: LIST,
  method: 'POST',
  body: `{"ready":"1","is_reply":"","type":"","cate_id":"","pageNum":10,"page":${page}}`,
  headers: JSON_TYPE,
});

function fixture(name: string): string {
  return readFileSync(path.join(repoRoot, 'test/fixtures/rednet-hunan', name), 'utf8');
}

function parse(name: string, url: string, request?: PageRequest): Extraction {
  const out = rednetHunanAdapter.parse({ url, body: fixture(name), request });
  assertValidExtraction(out);
  return out;
}

function parseError(body: string, url: string): ParseError {
  try {
    rednetHunanAdapter.parse({ url, body });
  } catch (e) {
    expect(e).toBeInstanceOf(ParseError);
    return e as ParseError;
  }
  throw new Error('expected a ParseError');
}

describe('rednet-hunan adapter', () => {
  it('is registered and starts with the first list page asked for by JSON POST', () => {
    expect(findAdapter('rednet-hunan')).toBe(rednetHunanAdapter);
    expect(adapterForUrl(detail(4710762))).toBe(rednetHunanAdapter);
    expect(rednetHunanAdapter.startUrls()).toEqual([listRequest(1)]);
    // The same question with its fields in another order is the same request.
    const reordered = { ...listRequest(1), body: '{"page":1,"pageNum":10,"cate_id":"","type":"","is_reply":"","ready":"1"}' };
    expect(requestKey(reordered)).toBe(requestKey(listRequest(1)));
  });

  it('reads a list answer: rows, status codes, the next page while rows remain', () => {
    const out = parse('index-page1.json', LIST, listRequest(1));
    expect(out.kind).toBe('list');
    expect(out.messages.map((m) => [m.externalId, m.url, m.title, m.postedAt, m.author, m.category, m.status, m.statusRaw, m.views])).toEqual([
      ['4710790', detail(4710790), '岳麓区麓谷街道某小区门口占道经营问题', '2021-06-05T09:41:12+08:00', '麓谷居民', '投诉', 'pending', '未办理', 35],
      ['4710775', detail(4710775), '株洲市天元区公交线路调整咨询', '2021-06-04T18:02:00+08:00', '天元市民', '咨询', 'in_progress', '办理中', 61],
      ['4710762', detail(4710762), '长沙县星沙街道污水管网堵塞', '2021-06-03T08:15:30+08:00', '星沙老王', '投诉', 'replied', '已办理', 208],
    ]);
    expect(out.links).toEqual([
      { url: detail(4710790), kind: 'thread' },
      { url: detail(4710775), kind: 'thread' },
      { url: detail(4710762), kind: 'thread' },
      { url: LIST, kind: 'list', method: 'POST', body: listRequest(2).body, headers: JSON_TYPE },
    ]);
    // 23 messages, 10 a page: page 3 is the last.
    expect(parse('index-page1.json', LIST, listRequest(3)).links.filter((l) => l.kind === 'list')).toEqual([]);
  });

  it('reads an answered message: the unit that answered, the phone number never kept', () => {
    const raw = fixture('detail-4710762.json');
    expect(raw).toContain('13874125896');
    const out = parse('detail-4710762.json', detail(4710762));
    expect(out.messages).toEqual([
      {
        externalId: '4710762',
        url: detail(4710762),
        title: '长沙县星沙街道污水管网堵塞',
        // Two <p> paragraphs: a blank line between them, as the other HTML boards lay them out.
        body: '星沙街道开元路与东八路交汇处的污水井\n一下雨就往外冒，已持续半个月。\n\n联系电话：138****5896',
        author: '星沙老王',
        postedAt: '2021-06-03T08:15:30+08:00',
        board: '问政湖南',
        department: null,
        category: '投诉',
        status: 'replied',
        statusRaw: '已办理',
        views: 208,
        replyCount: 1,
      },
    ]);
    expect(out.replies).toEqual([
      {
        messageExternalId: '4710762',
        externalId: '4710762-r1',
        department: '长沙县星沙街道办事处',
        author: '长沙县星沙街道办事处',
        body: '网友您好：经现场核查，该处管网因施工淤堵，我办已协调疏通，6月7日恢复正常。',
        repliedAt: '2021-06-07T16:20:00+08:00',
        official: true,
        floor: null,
      },
    ]);
    expect(JSON.stringify(out)).not.toContain('13874125896');
  });

  it('reads an unanswered message and drops its landline too', () => {
    const out = parse('detail-4710790.json', `${API}/front/msg/detail?id=4710790&t=1622857272`);
    expect(out.url).toBe(detail(4710790));
    expect(out.replies).toEqual([]);
    expect(out.messages[0]).toMatchObject({ status: 'pending', statusRaw: '未办理', replyCount: 0, body: '小区北门每天傍晚摊贩占满人行道，行人只能走机动车道。' });
    expect(JSON.stringify(out)).not.toContain('88886666');
  });

  it('scrubs the phone number out of a detail answer before it is stored, wherever it stands', () => {
    const raw = fixture('detail-4710762.json');
    const scrubbed = scrubRednetBody(raw);
    expect(scrubbed).not.toContain('13874125896');
    expect(scrubbed.split('138****5896').length - 1).toBe(2); // the mobile field and the text
    expect(JSON.parse(scrubbed).data.title).toBe('长沙县星沙街道污水管网堵塞');
    // Not an answer with a phone: returned as it is.
    expect(scrubRednetBody(fixture('index-page1.json'))).toBe(fixture('index-page1.json'));
    expect(scrubRednetBody('<html>502</html>')).toBe('<html>502</html>');
  });

  it('fails loudly on a refusal, an unknown status code or a missing part', () => {
    const page = fixture('detail-4710790.json');
    expect(parseError('{"status":"0","msg":"请求过于频繁"}', detail(1)).message).toMatch(/the API refused: status "0" "请求过于频繁"/);
    expect(parseError(page.replace('"is_reply":0', '"is_reply":7'), detail(4710790)).message).toMatch(/unknown is_reply code 7/);
    expect(parseError(page.replace('"reply":[]', '"replies":[]'), detail(4710790)).part).toBe('data.reply');
    expect(parseError(page, detail(4710791)).part).toBe('data.id');
    expect(parseError('<html>502 Bad Gateway</html>', LIST).part).toBe('JSON');
    expect(parseError('{"status":"1","data":{"total":3}}', LIST).part).toBe('data.rows');
  });
});
