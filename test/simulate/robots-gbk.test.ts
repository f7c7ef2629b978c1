import robotsParserModule from 'robots-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/extract/charset.js';
import { startSimulator, type Simulator } from '../../src/simulate/index.js';
import { get, getBytes, ofBoard, truth } from './helpers.js';

// robots-parser is CommonJS whose typings do not resolve under NodeNext; its shape is this.
const robotsParser = robotsParserModule as unknown as (url: string, body: string) => { isAllowed(url: string, ua?: string): boolean | undefined };

describe('robots.txt', () => {
  it('allows everything unless the switch is on', async () => {
    const s = await startSimulator({ threads: 30 });
    try {
      for (const p of ['/bbs', '/wz', '/news']) {
        const r = await get(s, `${p}/robots.txt`);
        expect(r.status).toBe(200);
        expect(r.text).toBe('User-agent: *\nDisallow:\n');
      }
      expect((await truth(s)).robotsDisallowed).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('disallows /home.php, one thread and one message with the switch', async () => {
    const s = await startSimulator({ threads: 30, robotsDisallow: true });
    try {
      const t = await truth(s);
      const bbs = robotsParser('http://bbs.cnhubei.com/robots.txt', (await get(s, '/bbs/robots.txt')).text);
      const wz = robotsParser('http://api.wz.cnhubei.com/robots.txt', (await get(s, '/wz/robots.txt')).text);
      const ua = 'wenzheng';
      const check = (u: string) => (u.startsWith('http://bbs') ? bbs : wz).isAllowed(u, ua);
      expect(t.robotsDisallowed.length).toBeGreaterThan(0);
      for (const u of t.robotsDisallowed) expect(check(u), u).toBe(false);
      const other = ofBoard(t, 'cnhubei-minsheng').find((m) => !t.robotsDisallowed.includes(m.url))!;
      expect(check(other.url)).toBe(true);
      expect(bbs.isAllowed('http://bbs.cnhubei.com/forum-9-1.html', ua)).toBe(true);
      expect(wz.isAllowed('http://api.wz.cnhubei.com/api/allsuglist?list_type=1&type=pc', ua)).toBe(true);
    } finally {
      await s.close();
    }
  });
});

describe('GBK mode', () => {
  let utf: Simulator;
  let gbk: Simulator;
  beforeAll(async () => {
    [utf, gbk] = await Promise.all([startSimulator({ seed: 9, threads: 80 }), startSimulator({ seed: 9, threads: 80, gbk: true })]);
    utf.world.advance(24 * 40);
    gbk.world.advance(24 * 40);
  });
  afterAll(() => Promise.all([utf.close(), gbk.close()]));

  it('serves GBK bytes without a charset header that decode to the UTF-8 page', async () => {
    const t = await truth(utf);
    const paths = ['/bbs/forum-9-1.html', `/bbs/thread-${ofBoard(t, 'cnhubei-minsheng').at(-1)!.externalId}-1-1.html`, '/news/wzbg/index.html', t.reports[0]!.url.replace('http://news.cnhubei.com', '/news')];
    for (const p of paths) {
      const g = await getBytes(gbk, p);
      const u = await get(utf, p);
      expect(g.headers.get('content-type')).toBe('text/html');
      expect(u.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(g.bytes), p).toThrow();
      const text = decodeBody(g.bytes, g.headers.get('content-type'));
      expect(text).toContain('charset=gbk');
      expect(text.replaceAll('charset=gbk', 'charset=utf-8').replaceAll("charset = 'gbk'", "charset = 'utf-8'")).toBe(u.text);
      expect(text).not.toContain('\ufffd');
    }
  });

  it('keeps the JSON API in UTF-8', async () => {
    const r = await get(gbk, '/wz/api/allsuglist?list_type=3&type=pc');
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(JSON.parse(r.text).state).toBe(true);
  });
});
