/**
 * Issue #15 item 2: block pages are told by their structure, never by words a citizen can
 * write. A 荆楚问政 message complaining that the site asks to 输入验证码 is archived (the old
 * detector took any short answer with that phrase for a CAPTCHA page and never stored it);
 * a real CAPTCHA form or WAF answer in place of the API still stops the page as a block.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../src/archive/db.js';
import { runCrawl } from '../../src/crawl/crawler.js';
import { createLogger, setQuiet } from '../../src/crawl/log.js';
import { parseOrigins } from '../../src/crawl/origins.js';
import { ADAPTERS, findAdapter } from '../../src/sources/index.js';
import { startFixtureServer, type FixtureServer, type Served } from '../helpers/server.js';
import { tempDir } from '../helpers/tmp.js';

const json = (o: unknown): Served => ({ body: JSON.stringify(o), contentType: 'application/json; charset=utf-8' });
const list = (rows: unknown[]) => json({ state: true, message: '获取成功', data: { common: { app: rows, total: 1 } } });
const ROW = {
  id: 3101,
  title: '登录时一直提示请输入验证码',
  content: '请输入验证码，输入验证码后还是提示验证码错误',
  created_at: '2021-04-01 09:00:00',
  dept_name: '湖北省政务服务和大数据管理局',
  status_str: '待回复',
};
const detail = (id: number, title: string, content: string) =>
  json({
    state: true,
    message: '获取成功',
    data: {
      common: {
        app: {
          sug: { id, title, nickname: '网友', created_at: '2021-04-01 09:00:00', cstatus: 1, status_str: '待回复', content, dept_name: '湖北省政务服务和大数据管理局', reply: [], scope: null },
        },
        total: 1,
      },
    },
  });
const CAPTCHA_PAGE = `<!DOCTYPE html><html><head><title>安全验证</title></head><body>
<form method="post" action="/verify"><img id="captcha-img" src="/captcha.jpg"><input name="captcha"><button>确定</button></form></body></html>`;

let server: FixtureServer;
let archive: Archive;

beforeAll(async () => {
  setQuiet(true);
  server = await startFixtureServer({
    '/robots.txt': { body: '', contentType: 'text/plain' },
    '/api/allsuglist?list_type=1&page=1&pagesize=20&type=pc': list([]),
    '/api/allsuglist?list_type=3&page=1&pagesize=20&type=pc': list([ROW, { ...ROW, id: 3102, title: '市民热线拦截了我的访问' }]),
    '/api/sugdetail?suid=3101&type=pc': detail(3101, ROW.title, '网站提示“请输入验证码”，人机验证也过不去，访问过于频繁被拦截了。'),
    // An HTML CAPTCHA form served with 200 in place of the JSON answer: a block.
    '/api/sugdetail?suid=3102&type=pc': { body: CAPTCHA_PAGE },
  });
  archive = await openArchive(path.join(tempDir(), 'wenzheng.sqlite'));
});

afterAll(async () => {
  await archive.close();
  await server.close();
});

describe('block detection by structure (#15 item 2)', () => {
  it('archives a message whose words are those of a CAPTCHA page, and still refuses a real CAPTCHA form', async () => {
    const res = await runCrawl({
      archive,
      sources: [findAdapter('cnhubei-wenzheng')!],
      origins: parseOrigins([`cnhubei-wenzheng=${server.base}`], ADAPTERS),
      rate: 0,
      maxRetries: 0,
      logger: createLogger('test'),
    });
    const m = await archive.db.selectFrom('message').select(['externalId', 'body', 'captureId']).where('externalId', '=', '3101').executeTakeFirst();
    expect(m?.body).toBe('网站提示“请输入验证码”，人机验证也过不去，访问过于频繁被拦截了。');
    // The detail answer itself was stored, under its API URL.
    const cap = await archive.db.selectFrom('capture').select('url').where('id', '=', m!.captureId!).executeTakeFirst();
    expect(cap?.url).toBe('http://api.wz.cnhubei.com/api/sugdetail?suid=3101&type=pc');
    // The CAPTCHA form was a block answer, never stored as a capture.
    const captcha = await archive.db.selectFrom('capture').select('id').where('url', 'like', '%suid=3102%').execute();
    expect(captcha).toEqual([]);
    expect(res.report.failures).toEqual([
      { url: 'http://api.wz.cnhubei.com/api/sugdetail?suid=3102&type=pc', error: expect.stringMatching(/^blocked at .*CAPTCHA form/) },
    ]);
  });
});
