/**
 * Issue #15 item 2 on every board: a page whose citizen wrote the words of a block page
 * (请输入验证码, 请求已被拦截, 访问过于频繁, 网站防火墙) is read as data; a WAF or CAPTCHA
 * page served with 200 in place of a board's page (HTML or JSON) is a block by its markup or
 * headers; a page that is simply broken is a parse error, not a block. Each board's pages
 * come from its fixtures (test/fixtures/<board>), the words written into its message title.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockedAnswer } from '../../src/crawl/block.js';
import { tryReadPage } from '../../src/crawl/ingest.js';
import { getRequest, type PageRequest } from '../../src/model/request.js';
import { blockPageHtml } from '../../src/simulate/faults.js';
import { ADAPTERS, findAdapter } from '../../src/sources/index.js';

const FIX = path.resolve(import.meta.dirname, '../fixtures');

interface BoardCase {
  /** A content page of the board and the request it answers. */
  file: string;
  request: PageRequest;
  /** A phrase of the page's first message (or report) title, and the block words put there. */
  phrase: string;
  words: string;
  /** The title as the board then shows it, written by hand from the page. */
  title: string;
}

const CASES: Record<string, BoardCase> = {
  'cnhubei-minsheng': {
    file: 'cnhubei-minsheng/thread-4657001-1-1.html',
    request: getRequest('http://bbs.cnhubei.com/thread-4657001-1-1.html', 'thread'),
    phrase: '多次投诉无果',
    words: '请输入验证码',
    title: '洪山区某工地夜间施工噪音扰民，请输入验证码',
  },
  discuz: {
    file: 'discuz/x2-viewthread-1187.html',
    request: getRequest('http://wz.example-city.gov.cn/thread-1187-1-1.html', 'thread'),
    phrase: '被压坏了',
    words: '请求已被拦截',
    title: '镇中学门口的减速带请求已被拦截',
  },
  'cnhubei-wenzheng': {
    file: 'cnhubei-wenzheng/detail-2900.json',
    request: getRequest('http://api.wz.cnhubei.com/api/sugdetail?suid=2900&type=pc', 'thread'),
    phrase: '噪音扰民',
    words: '访问过于频繁',
    title: '武昌区中山路夜间施工访问过于频繁',
  },
  'cnhubei-reports': {
    file: 'cnhubei-reports/daily-2021-01-04.html',
    request: getRequest('http://news.cnhubei.com/content/2021-01/04/content_13500001.html', 'report'),
    phrase: '夜间施工噪音',
    words: '网站防火墙',
    title: '每日回复｜武昌区回应中山路网站防火墙等6个问题',
  },
  sun0769: {
    file: 'sun0769/politics-460974.html',
    request: getRequest('https://wz.sun0769.com/political/politics/index?id=460974', 'thread'),
    phrase: '夜间施工噪音扰民',
    words: '安全验证请输入验证码',
    title: '南城街道宏图路安全验证请输入验证码',
  },
  'rednet-hunan': {
    file: 'rednet-hunan/detail-4710762.json',
    request: getRequest('https://wzapi.rednet.cn/front/msg/detail?id=4710762', 'thread'),
    phrase: '污水管网堵塞',
    words: '人机验证captcha',
    title: '长沙县星沙街道人机验证captcha',
  },
  'people-liuyan': {
    file: 'people-liuyan/detail-25489118.json',
    request: getRequest('https://liuyan.people.com.cn/v1/threads/content?tid=25489118', 'thread'),
    phrase: '供暖温度不达标',
    words: '您的访问请求可能对网站造成安全威胁，请求已被拦截',
    title: '朝阳区某小区您的访问请求可能对网站造成安全威胁，请求已被拦截',
  },
};

const html = { 'content-type': 'text/html; charset=utf-8' };
const jsonType = { 'content-type': 'application/json; charset=utf-8' };

/** What the crawler decides for an answer of `adapterId`'s request: the block reason or what it read. */
function judge(adapterId: string, c: BoardCase, answer: { status?: number; headers?: Record<string, string>; text: string }) {
  const adapter = findAdapter(adapterId)!;
  const read = tryReadPage({ adapter, request: c.request, bytes: Buffer.from(answer.text), text: answer.text, contentType: answer.headers?.['content-type'] ?? null });
  const block = blockedAnswer({ status: answer.status ?? 200, headers: new Headers(answer.headers ?? {}), text: answer.text }, read);
  return { block, read };
}

const titleOf = (read: ReturnType<typeof tryReadPage>) =>
  'extraction' in read ? (read.extraction.messages[0]?.title ?? read.extraction.reports[0]?.title) : `error: ${read.error.message}`;

/** A JavaScript challenge as 加速乐-style WAFs serve it: no words at all, only its script and cookie. */
const JS_CHALLENGE = '<html><body><script>document.cookie=("__jsl_clearance=1701234567.89|0|"+(function(){return "abc"})());location.href=location.pathname+location.search</script></body></html>';

describe('block pages by structure on every board (#15 item 2)', () => {
  it('has a case for every board on main', () => {
    expect(Object.keys(CASES).sort()).toEqual(ADAPTERS.map((a) => a.id).sort());
  });

  for (const [id, c] of Object.entries(CASES)) {
    describe(id, () => {
      const page = readFileSync(path.join(FIX, c.file), 'utf8');
      const type = c.file.endsWith('.json') ? jsonType : html;

      it('reads a page whose citizen wrote the words of a block page as data', () => {
        expect(page).toContain(c.phrase);
        const { block, read } = judge(id, c, { headers: type, text: page.replaceAll(c.phrase, c.words) });
        expect(block).toBeNull();
        expect(titleOf(read)).toBe(c.title);
      });

      it('takes a WAF page, a CAPTCHA page or a JavaScript challenge served with 200 for a block', () => {
        expect(judge(id, c, { headers: html, text: blockPageHtml('waf', 'r1') }).block).toBe('WAF page (waf)');
        expect(judge(id, c, { headers: html, text: blockPageHtml('captcha', 'r2') }).block).toBe('WAF page (captcha)');
        const form = '<html><body><form action="/check"><img src="/seccode.php?update=1"><input name="seccodeverify"></form></body></html>';
        expect(judge(id, c, { headers: html, text: form }).block).toBe('CAPTCHA form');
        expect(judge(id, c, { headers: html, text: JS_CHALLENGE }).block).toBe('WAF page');
        expect(judge(id, c, { headers: { ...html, server: 'Safedog/4.0' }, text: '<html><body></body></html>' }).block).toBe('WAF server header');
        expect(judge(id, c, { status: 403, headers: type, text: page }).block).toBe('HTTP 403');
      });

      it('calls a page that is merely broken (its words those of a block page) no block: it fails as a parse error', () => {
        const { block, read } = judge(id, c, { headers: type, text: '<html><body><p>请输入验证码</p><p>服务器维护中，访问过于频繁</p></body></html>' });
        expect(block).toBeNull();
        // The reports adapter reads any article; what it reads of this one has no message.
        expect('error' in read ? [] : read.extraction.messages).toEqual([]);
      });

      it('never takes a page the board reads for a block, even with a WAF header', () => {
        expect(judge(id, c, { headers: { ...type, server: 'yunsuo' }, text: page }).block).toBeNull();
      });
    });
  }
});
