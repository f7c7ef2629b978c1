/**
 * `wenzheng serve` as a user meets it: the built CLI serving a real archive on 127.0.0.1, driven
 * by headless Chromium (Playwright with the system Chromium) and by plain HTTP requests.
 * Expected counts are written by hand from the messages stored below.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { findChromium, launchChromium } from '../helpers/browser.js';
import { crawlRun, freshArchive, message, MINSHENG, reply, store, WENZHENG } from '../publish/archive-builder.js';

const HOSTILE_TITLE = '<script>window.__pwned=1</script>"><img src=x onerror="window.__pwned=2">路灯坏了';
const SQL_TITLE = '他说"SELECT * FROM message; DROP TABLE message;--" 然后 \' OR 1=1 --';
const T = '2021-03-01T10:00:00+08:00';

/**
 * Nine messages. "道路破损" is in exactly three: #101 (title), #102 (body) and #205 (only in an
 * official reply). Departments: 洪山区城管局 has #101, #102, #103, #104; 武汉市交通运输局 has #205, #206.
 */
async function buildArchive(): Promise<string> {
  const a = await freshArchive();
  const hs = '洪山区城管局';
  const jt = '武汉市交通运输局';
  await store(a, MINSHENG, { messages: [message('101', { title: '小区门口道路破损半年无人修', department: hs, postedAt: '2021-02-01T09:00:00+08:00' })] }, T);
  await store(a, MINSHENG, { messages: [message('102', { title: '出行不便', body: '雨后道路破损更严重了，请尽快修复。', department: hs, postedAt: '2021-02-02T09:00:00+08:00' })] }, T);
  await store(a, MINSHENG, { messages: [message('103', { title: HOSTILE_TITLE, body: '<b>粗体</b> & 引号"', department: hs, postedAt: '2021-02-03T09:00:00+08:00' })] }, T);
  await store(a, MINSHENG, { messages: [message('104', { title: SQL_TITLE, department: hs, postedAt: '2021-02-04T09:00:00+08:00' })] }, T);
  await store(a, MINSHENG, { messages: [message('105', { title: '噪音扰民', department: '洪山区环保局', postedAt: '2021-02-05T09:00:00+08:00' })] }, T);
  const answered = (id: string, body: string) => ({
    messages: [message(id, { url: `http://wz.cnhubei.com/detail/${id}`, board: '荆楚问政', department: jt, status: 'replied' as const, statusRaw: '已回复', postedAt: '2021-02-06T09:00:00+08:00' })],
    replies: [reply(id, `r${id}`, { department: jt, author: jt, body, repliedAt: '2021-02-06T21:00:00+08:00', floor: null })],
  });
  await store(a, WENZHENG, answered('205', '您反映的道路破损问题已安排维修。'), T);
  await store(a, WENZHENG, answered('206', '已转交相关部门。'), T);
  await store(a, MINSHENG, { messages: [message('107', { title: '公交站台遮雨棚损坏', department: null, postedAt: '2021-02-07T09:00:00+08:00' })] }, T);
  await store(a, MINSHENG, { messages: [message('108', { title: '学校门口拥堵', department: null, postedAt: null })] }, T);
  await crawlRun(a, '2021-03-01T09:00:00+08:00', '2021-03-01T11:00:00+08:00');
  const file = a.file;
  await a.close();
  return file;
}

interface Served {
  child: ChildProcess;
  url: string;
  stderr: () => string;
}

function serve(db: string, extra: string[] = []): Promise<Served> {
  const child = spawn(process.execPath, [BIN, '--db', db, 'serve', '--port', '0', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${err}`)), 30_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, stderr: () => err });
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
}

const stop = (child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') =>
  new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill(signal);
  });

interface ApiList {
  total: number;
  rows: Record<string, unknown>[];
}

describe('wenzheng serve', () => {
  let db: string;
  let served: Served;
  const api = async (path: string): Promise<ApiList> => {
    const res = await fetch(served.url + path);
    expect(res.status, path).toBe(200);
    return (await res.json()) as ApiList;
  };

  beforeAll(async () => {
    db = await buildArchive();
    served = await serve(db);
  });
  afterAll(async () => {
    if (served) expect(await stop(served.child)).toBe(0);
  });

  it('answers the API: search, filters, one message', async () => {
    const hits = await api(`/api/messages?q=${encodeURIComponent('道路破损')}&sort=oldest`);
    expect(hits.total).toBe(3);
    expect(hits.rows.map((r) => r.message_id)).toEqual(['cnhubei-minsheng:101', 'cnhubei-minsheng:102', 'cnhubei-wenzheng:205']);
    expect(Object.keys(hits.rows[0]!).slice(0, 3)).toEqual(['message_id', 'source', 'board']);
    // By the name the board used (an alias), by the canonical name, by id.
    expect((await api(`/api/messages?department=${encodeURIComponent('洪山区城管局')}`)).total).toBe(4);
    expect((await api(`/api/messages?department=${encodeURIComponent('武汉市洪山区城市管理局')}`)).total).toBe(4);
    const hs = (await api(`/api/messages?department=${encodeURIComponent('洪山区城管局')}&limit=1`)).rows[0]!;
    expect(hs.department).toBe('武汉市洪山区城市管理局');
    expect((await api(`/api/messages?department=${hs.department_id}`)).total).toBe(4);
    expect((await api(`/api/messages?region=420111`)).total).toBe(5); // 洪山区: #101-#104 and #105
    expect((await api(`/api/messages?level=prefecture`)).total).toBe(2);
    expect((await api(`/api/messages?q=${encodeURIComponent('道路破损')}&source=cnhubei-wenzheng`)).total).toBe(1);
    expect((await api(`/api/messages?status=replied`)).total).toBe(2);
    expect((await api(`/api/messages?from=2021-02-02&to=2021-02-04`)).total).toBe(3);
    expect((await api(`/api/messages?q=${encodeURIComponent('噪')}`)).total).toBe(1); // LIKE fallback
    // Overdue at the last crawl's end (2021-03-01 11:00): every pending message with a posting time.
    const overdue = await api(`/api/messages?overdue=1&sort=oldest`);
    expect(overdue.rows.map((r) => r.external_id)).toEqual(['101', '102', '103', '104', '105', '107']);
    const limited = await api(`/api/messages?limit=2&page=2&sort=oldest`);
    expect(limited.total).toBe(9);
    expect(limited.rows.map((r) => r.external_id)).toEqual(['102', '103']);

    const one = (await (await fetch(`${served.url}/api/messages/cnhubei-wenzheng%3A205`)).json()) as { message: Record<string, unknown>; replies: Record<string, unknown>[]; observations: unknown[] };
    expect(one.message.reply_hours).toBe(12);
    expect(one.replies.map((r) => [r.reply_id, r.official])).toEqual([['cnhubei-wenzheng:205:r205', true]]);
    expect(one.observations.length).toBeGreaterThan(0);
    expect((await fetch(`${served.url}/api/messages/cnhubei-minsheng%3A999`)).status).toBe(404);
    const bad = await fetch(`${served.url}/api/messages?status=lost`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('status=lost');
  });

  it('answers 405 to anything but GET and HEAD', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const res = await fetch(`${served.url}/api/messages`, { method, body: method === 'DELETE' ? undefined : 'x=1' });
      expect(res.status, method).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD');
    }
    const head = await fetch(`${served.url}/`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await api('/api/messages')).total).toBe(9);
  });

  it('takes quotes and SQL keywords in q as text', async () => {
    for (const q of ['"SELECT * FROM message; DROP TABLE', "' OR 1=1 --", 'DROP TABLE message;--"']) {
      const r = await api(`/api/messages?q=${encodeURIComponent(q)}`);
      expect(r.rows.map((x) => x.external_id), q).toEqual(['104']);
    }
    expect((await api(`/api/messages?q=${encodeURIComponent('") OR ("1"="1')}`)).total).toBe(0);
    expect((await api('/api/messages')).total).toBe(9);
  });

  describe('in Chromium', () => {
    const chromium = findChromium();
    let browser: Browser;
    let page: Page;
    beforeAll(async () => {
      if (!chromium) return;
      browser = await launchChromium(chromium);
      page = await browser.newPage({ acceptDownloads: true });
    });
    afterAll(async () => {
      await browser?.close();
    });

    const total = async () => Number(await page.getByTestId('total').textContent());
    const pwned = () => page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? null);

    it.skipIf(!chromium)('searches a Chinese substring, filters by department, opens a message', async () => {
      await page.goto(served.url);
      await page.fill('input[name=q]', '道路破损');
      await page.click('button[type=submit]');
      expect(await total()).toBe(3);
      expect(await page.locator('#results tbody tr').count()).toBe(3);

      await page.fill('input[name=department]', '洪山区城管局');
      await page.click('button[type=submit]');
      expect(await total()).toBe(2);
      expect(new URL(page.url()).searchParams.get('department')).toBe('洪山区城管局');

      await page.click('a.message-link >> text=cnhubei-minsheng:102');
      expect(await page.locator('h1').textContent()).toBe('出行不便');
      expect(await page.locator('#message-body').textContent()).toBe('雨后道路破损更严重了，请尽快修复。');
      expect(await page.locator('a[href="http://bbs.cnhubei.com/thread-102-1-1.html"]').count()).toBe(1);
      await page.getByTestId('capture-link').click();
      const stored = await page.locator('#capture').textContent();
      expect(stored).toContain('雨后道路破损更严重了');
    });

    it.skipIf(!chromium)('downloads the CSV of exactly what the page shows, equal to the API', async () => {
      const params = `q=${encodeURIComponent('道路破损')}&sort=oldest`;
      await page.goto(`${served.url}/?${params}`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
      const bytes = readFileSync((await download.path())!);
      expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const rows = parse(bytes.subarray(3), { columns: true }) as Record<string, string>[];
      const fromApi = await api(`/api/messages?${params}`);
      expect(rows.length).toBe(3);
      expect(Object.keys(rows[0]!)).toEqual(Object.keys(fromApi.rows[0]!));
      const asCsv = (v: unknown) => (v === null ? '' : String(v));
      expect(rows).toEqual(fromApi.rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, asCsv(v)]))));
    });

    it.skipIf(!chromium)('shows a hostile title as text everywhere, and runs none of it', async () => {
      await page.goto(`${served.url}/?q=${encodeURIComponent('路灯坏了')}`);
      expect(await total()).toBe(1);
      expect(await page.locator('#results td.title').textContent()).toBe(HOSTILE_TITLE);
      await page.click('a.message-link');
      expect(await page.locator('h1').textContent()).toBe(HOSTILE_TITLE);
      expect(await page.locator('#message-body').textContent()).toBe('<b>粗体</b> & 引号"');
      expect(await page.locator('img').count()).toBe(0);
      await page.getByTestId('capture-link').click();
      expect(await page.locator('#capture').textContent()).toContain('<script>window.__pwned=1</script>');
      expect(await page.locator('img').count()).toBe(0);
      expect(await pwned()).toBeNull();
      await page.goto(`${served.url}/overdue`);
      expect(await total()).toBe(6);
      expect(await page.locator('table.overdue').textContent()).toContain(HOSTILE_TITLE);
      expect(await pwned()).toBeNull();
    });

    it.skipIf(!chromium)('searches with quotes and SQL keywords from the form', async () => {
      await page.goto(served.url);
      await page.fill('input[name=q]', '"SELECT * FROM message; DROP TABLE');
      await page.click('button[type=submit]');
      expect(await total()).toBe(1);
      expect(await page.locator('#results td.title').textContent()).toBe(SQL_TITLE);
    });

    it.skipIf(!chromium)('shows a department with its reply rate, lag and overdue list', async () => {
      await page.goto(`${served.url}/departments`);
      await page.click('text=武汉市交通运输局');
      expect(await page.getByTestId('reply-rate').textContent()).toBe('100.0%');
      expect(await page.getByTestId('km-median').textContent()).toBe('12');
      await page.goto(`${served.url}/departments`);
      await page.click('text=武汉市洪山区城市管理局');
      expect(await page.getByTestId('reply-rate').textContent()).toBe('0.0%');
      expect(await page.locator('table.overdue tbody tr').count()).toBe(4);
    });
  });
});

describe('wenzheng serve, the command', () => {
  it('refuses an archive that does not exist, naming it (exit 2)', async () => {
    const child = spawn(process.execPath, [BIN, '--db', '/nonexistent/none.sqlite', 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(err).toContain('/nonexistent/none.sqlite');
  });

  it('stops cleanly on SIGINT', async () => {
    const db = await buildArchive();
    const s = await serve(db);
    expect((await fetch(`${s.url}/api/messages`)).status).toBe(200);
    expect(await stop(s.child, 'SIGINT')).toBe(0);
  });
});
