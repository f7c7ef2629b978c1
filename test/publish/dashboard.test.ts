import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDashboard } from '../../src/publish/dashboard.js';
import { writeSnapshot } from '../../src/publish/snapshot.js';
import { TABLE_LIMIT } from '../../src/publish/dashboard/data.js';
import { escapeHtml, jsonForScript, safeHref } from '../../src/publish/dashboard/html.js';
import { rankDepartments } from '../../src/publish/dashboard/rank.js';
import { findChromium, launchChromium } from '../helpers/browser.js';
import { repoRoot } from '../helpers/shared.js';
import { tempDir } from '../helpers/tmp.js';
import { crawlRun, freshArchive, mayReport, message, MINSHENG, REPORTS, reply, store, WENZHENG } from './archive-builder.js';

/** Scraped text that must show as text: sets window.__pwned if anything of it runs. */
const HOSTILE_TITLE = '<script>window.__pwned=1</script>"><img src=x onerror="window.__pwned=2">';
const HOSTILE_DEPT = '"><img src=x onerror=window.__pwned=3>局';
const SCREENSHOTS = path.join(repoRoot, 'storage', 'screenshots');

const STATS = {
  snapshotDate: '2021-03-12',
  asOf: '2021-03-12T11:00:00+08:00',
  totals: { messages: 1234, replied: 987, unanswered: 247, replyRate: 0.7998, replies: 1010, departments: 14 },
  lag: {
    km: { median: 30.5, p90: 400, n: 1234, answered: 987, censored: 247 },
    naive: { median: 20, p90: 200, n: 987 },
    within: { hours24: { km: 0.4, observed: 0.38 }, days7: { km: 0.7, observed: 0.66 }, days30: { km: 0.8, observed: 0.78 } },
  },
  byBoard: [],
  byMonth: [],
  byDepartment: [],
  byCategory: [],
  byLevel: [],
  byMonthBoard: ['2020-10', '2020-11', '2020-12', '2021-01', '2021-02', '2021-03'].flatMap((month, i) => [
    { month, board: '民生热线', received: 120 + 10 * i, replied: 90 + 9 * i, replyRate: null },
    { month, board: '荆楚问政', received: 60 - 5 * i, replied: 40 - 6 * i, replyRate: null },
  ]),
  claims: [],
};

const DEPARTMENTS = ([
  ['武汉市交通运输局', 200, 190],
  ['武汉市洪山区城市管理局', 150, 120],
  ['襄阳市发改委', 3, 3], // 3 of 3 must not outrank 190 of 200
  ['竹山县人民政府', 40, 10],
  ['潜江市人民政府', 80, 64],
  ['黄石市人民政府', 60, 30],
  ['沙洋县环保局', 1, 0], // too few to rank
  ['赤壁市林业局', 25, 24],
  ['宣恩县住建局', 30, 3],
  ['硚口区教育局', 90, 85],
  ['蔡甸区教育局', 12, 6],
  [HOSTILE_DEPT, 20, 1],
  ['神农架林区住建委', 8, 8],
  ['武穴市综合执法局', 100, 97],
] as [string, number, number][]).map(([name, messages, replied], i) => ({
  department_id: i + 1, name, region_code: null, region_name: null, level: 'unknown',
  messages, replied, reply_rate: replied / messages, median_reply_hours: null,
}));

const CLAIMS = [
  ['民生热线', 'received', 177, 160],
  ['民生热线', 'replied', 157, 140],
  ['荆楚问政', 'received', 65, 62],
  ['荆楚问政', 'replied', 18, 21],
].map(([board, metric, official, archive], i) => ({
  figure_id: `cnhubei-reports:r1:00${i}`, report_url: 'http://news.cnhubei.com/content/2019-06/06/content_1.html',
  period_start: '2019-05-01', period_end: '2019-05-31', board, metric, qualifier: 'exact',
  official_value: official, archive_value: archive, difference: Number(archive) - Number(official), ratio: null,
}));

const OVERDUE_TOTAL = TABLE_LIMIT + 30;
const OVERDUE = Array.from({ length: OVERDUE_TOTAL }, (_, i) => ({
  message_id: `cnhubei-minsheng:${4657000 + i}`,
  source: 'cnhubei-minsheng',
  board: '民生热线',
  department: i === 0 ? HOSTILE_DEPT : DEPARTMENTS[i % DEPARTMENTS.length]!.name,
  title: i === 0 ? HOSTILE_TITLE : `小区门口道路破损半年无人修,请相关部门尽快处理 ${i}`,
  url: i === 1 ? 'javascript:window.__pwned=4' : `http://bbs.cnhubei.com/thread-${4657000 + i}-1-1.html`,
  status: 'pending',
  posted_at: '2021-03-01T09:00:00+08:00',
  deadline_at: '2021-03-02T01:00:00Z',
  waited_hours: 266 - i,
  sla_hours: 24,
}));

/** Reply lags in hours, and unanswered (null) or replied-without-time messages. */
const LAGS: (number | null | 'replied')[] = [0.5, 2, 3, 10, 20, 23, 30, 50, 100, 150, 200, 500, 800, 1000, null, null, null, 'replied'];
const MESSAGES = LAGS.map((lag, i) => ({
  message_id: `cnhubei-minsheng:${i}`,
  status: lag === null ? 'pending' : 'replied',
  posted_at: '2021-01-01T09:00:00+08:00',
  first_reply_at: typeof lag === 'number' ? new Date(Date.parse('2021-01-01T01:00:00Z') + lag * 3_600_000).toISOString() : null,
  reply_hours: typeof lag === 'number' ? lag : null,
}));

const jsonl = (rows: object[]) => rows.map((r) => `${JSON.stringify(r)}\n`).join('');

/** A snapshot folder with the files the dashboard reads, written by hand. */
function handMadeSnapshot(): string {
  const dir = path.join(tempDir('wz-dash-'), '2021-03-12');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'stats.json'), `${JSON.stringify(STATS, null, 2)}\n`);
  writeFileSync(path.join(dir, 'departments.jsonl'), jsonl(DEPARTMENTS));
  writeFileSync(path.join(dir, 'claims.jsonl'), jsonl(CLAIMS));
  writeFileSync(path.join(dir, 'overdue.jsonl'), jsonl(OVERDUE));
  writeFileSync(path.join(dir, 'messages.jsonl'), jsonl(MESSAGES));
  return dir;
}

describe('dashboard helpers', () => {
  it('escapes scraped text and keeps data from closing its script element', () => {
    expect(escapeHtml(HOSTILE_TITLE)).toBe('&lt;script&gt;window.__pwned=1&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;');
    expect(jsonForScript({ t: '</script><!--\u2028' })).toBe('{"t":"\\u003c/script\\u003e\\u003c!--\\u2028"}');
    expect(JSON.parse(jsonForScript({ t: '</script>' }))).toEqual({ t: '</script>' });
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('http://x.cn/a?b="<c>"')).toBe('http://x.cn/a?b=%22%3Cc%3E%22');
  });

  it('ranks departments so small samples are not ranked over large ones', () => {
    const r = rankDepartments(DEPARTMENTS.map((d) => ({ name: d.name, messages: d.messages, replied: d.replied })), 5);
    expect(r.minMessages).toBe(5);
    // Lower Wilson bounds: 97/100 .915, 190/200 .910, 85/90 .876, 24/25 .805, 120/150 .729;
    // 8 of 8 (.676) stays below 120 of 150.
    expect(r.best.map((d) => d.name)).toEqual(['武穴市综合执法局', '武汉市交通运输局', '硚口区教育局', '赤壁市林业局', '武汉市洪山区城市管理局']);
    expect(r.worst.map((d) => d.name)).toEqual([HOSTILE_DEPT, '宣恩县住建局', '竹山县人民政府', '黄石市人民政府', '蔡甸区教育局']);
    expect([...r.best, ...r.worst].some((d) => d.name === '襄阳市发改委' || d.name === '沙洋县环保局')).toBe(false);
    // Worst come from below the pooled rate (638 of 815): 8 of 8 is never among them.
    expect(r.pooledRate).toBeCloseTo(638 / 815, 6);
    expect(rankDepartments(DEPARTMENTS).worst.map((d) => d.name)).not.toContain('神农架林区住建委');
  });
});

describe('index.html as written (hand-made snapshot of a large archive)', () => {
  let dir: string;
  let html: string;

  beforeAll(async () => {
    dir = handMadeSnapshot();
    html = readFileSync(await writeDashboard(dir), 'utf8');
  });

  it('shows the top of long tables and says where the rest is', () => {
    const table = html.slice(html.indexOf('<table id="overdue-table"'), html.indexOf('</table>', html.indexOf('<table id="overdue-table"')));
    expect(table.match(/<tr>/g)).toHaveLength(TABLE_LIMIT + 1);
    expect(html).toContain(`Showing ${TABLE_LIMIT} of ${OVERDUE_TOTAL}; all rows are in <a href="overdue.csv" class="file">overdue.csv</a>.`);
  });

  it('carries no scraped markup, no script link and nothing to fetch', () => {
    // The page outside its three inline scripts (Chart.js itself is checked in the browser: no request).
    const markup = html.replace(/(<script[^>]*>)[\s\S]*?<\/script>/g, '$1</script>');
    expect(markup.match(/<script[^>]*>/g)).toEqual(['<script type="application/json" id="dashboard-data">', '<script>', '<script>']);
    const found = (re: RegExp) => markup.match(re)?.[0] ?? null;
    expect(found(/<img|<script>window|onerror="window|href="javascript/i)).toBeNull();
    expect(markup).toContain(escapeHtml(HOSTILE_TITLE));
    expect(found(/<[a-z][^>]*\s(src|srcset|poster|action|style)=|<link|<iframe|@import|url\(/i)).toBeNull();
    // Links go to the boards or to the snapshot's own files beside the page, nowhere else.
    expect(found(/href="(?!http:\/\/(bbs|news)\.cnhubei\.com\/|[a-z_]+\.(csv|jsonl|json|xml)")[^"]*"/)).toBeNull();
    expect(markup).toContain('all rows are in <a href="overdue.csv" class="file">overdue.csv</a>');
    expect(html.slice(html.indexOf('id="dashboard-data">'), html.indexOf('</script>', html.indexOf('id="dashboard-data">')))).not.toContain('<');
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-/);
  });

  it('is byte-identical when written again', async () => {
    expect(readFileSync(await writeDashboard(dir), 'utf8')).toBe(html);
  });
});

/**
 * A real snapshot through writeSnapshot: 48 messages over March-June 2019 on both boards, six
 * departments (one never answers, one is named like an HTML attack), lags from half an hour to
 * a month, a hostile title, and the May 2019 report for the claims check.
 */
async function snapshotThroughWriter(): Promise<string> {
  const archive = await freshArchive();
  try {
    const runId = await crawlRun(archive, '2019-06-08T10:00:00+08:00', '2019-06-08T12:00:00+08:00');
    const at = '2019-06-08T11:00:00+08:00';
    const depts = ['武汉市交通运输局', '洪山区城管局', '潜江市人民政府', '竹山县人民政府', HOSTILE_DEPT, '沙洋县环保局'];
    const lags = [0.5, 5, 20, 50, 100, 300, 800];
    for (let i = 0; i < 48; i++) {
      const wz = i % 3 === 0;
      const id = String(wz ? 3000 + i : 4657000 + i);
      const month = 3 + (i % 4);
      const postedAt = `2019-0${month}-${String(month === 6 ? 1 + (i % 6) : 2 + (i % 25)).padStart(2, '0')}T09:00:00+08:00`;
      const repliedMs = Date.parse(postedAt) + lags[i % 7]! * 3_600_000;
      const answered = i % 6 !== 5 && i % 5 !== 0 && repliedMs < Date.parse(at);
      const department = depts[i % 6]!;
      const m = message(id, {
        url: wz ? `http://api.wz.cnhubei.com/html/detail/${id}.html` : `http://bbs.cnhubei.com/thread-${id}-1-1.html`,
        board: wz ? '荆楚问政' : '民生热线',
        title: i === 0 ? HOSTILE_TITLE : `小区门口道路破损半年无人修 ${i}`,
        postedAt,
        department,
        status: answered ? 'replied' : 'pending',
      });
      const replies = answered ? [reply(id, `r${id}`, { department, author: department, repliedAt: new Date(repliedMs).toISOString(), floor: null })] : [];
      await store(archive, wz ? WENZHENG : MINSHENG, { messages: [m], replies }, at, runId);
    }
    await store(archive, REPORTS, { reports: [mayReport(20, 9)] }, at, runId);
    // The day before, then one new message and one new answer (to #4657005, unanswered so far).
    const outDir = path.join(archive.dir, 'snapshots');
    await writeSnapshot(archive, { outDir, date: '2019-06-07' });
    await store(archive, MINSHENG, { messages: [message('4657999', { postedAt: '2019-06-08T08:00:00+08:00', department: depts[0] })] }, at, runId);
    const late = message('4657005', { postedAt: '2019-06-03T09:00:00+08:00', department: depts[5], status: 'replied' });
    await store(archive, MINSHENG, { messages: [late], replies: [reply('4657005', 'r4657005', { department: depts[5], author: depts[5], repliedAt: '2019-06-08T10:30:00+08:00', floor: null })] }, at, runId);
    return (await writeSnapshot(archive, { outDir, date: '2019-06-08' })).dir;
  } finally {
    await archive.close();
  }
}

const chromiumPath = findChromium();

describe.skipIf(!chromiumPath)('index.html in a browser (system Chromium, file://, snapshot by writeSnapshot)', () => {
  let browser: Browser;
  let url: string;
  let dir: string;

  beforeAll(async () => {
    dir = await snapshotThroughWriter();
    url = pathToFileURL(path.join(dir, 'index.html')).href;
    browser = await launchChromium(chromiumPath!);
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** Opens the page at a width, recording console errors and every request. */
  async function open(width: number, height: number) {
    const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: width < 600 ? 2 : 1 });
    const page = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(url);
    await page.waitForSelector('body[data-charts-drawn]');
    return { page, errors, requests, close: () => context.close() };
  }

  async function canvases(page: Page) {
    return page.$$eval('canvas', (els) =>
      els.map((c) => {
        const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let painted = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]) painted++;
        return { id: c.id, width: c.width, height: c.height, painted };
      }),
    );
  }

  it('draws every chart, shows the stats.json headline numbers, keeps hostile text as text, stays offline', async () => {
    const { page, errors, requests, close } = await open(1280, 900);
    try {
      const drawn = await canvases(page);
      expect(drawn.map((c) => c.id)).toEqual(['chart-monthly', 'chart-best', 'chart-worst', 'chart-lag', 'chart-claims']);
      expect(await page.getAttribute('body', 'data-charts-drawn')).toBe('5');
      for (const c of drawn) expect(c.painted, `${c.id} has drawn pixels`).toBeGreaterThan(1000);

      const stats = JSON.parse(readFileSync(path.join(dir, 'stats.json'), 'utf8'));
      const overdueRows = readFileSync(path.join(dir, 'overdue.jsonl'), 'utf8').trim().split('\n').length;
      const cards = await page.$$eval('[data-stat]', (els) => els.map((e) => [e.getAttribute('data-stat')!, e.getAttribute('data-value')!]));
      expect(Object.fromEntries(cards.map(([k, v]) => [k, v === '' ? null : Number(v)]))).toEqual({
        'totals.messages': stats.totals.messages,
        'totals.replied': stats.totals.replied,
        'totals.replyRate': stats.totals.replyRate,
        'totals.unanswered': stats.totals.unanswered,
        overdue: overdueRows,
        'lag.km.median': stats.lag.km.median,
        'lag.km.p90': stats.lag.km.p90,
      });
      expect(await page.locator('[data-stat="totals.messages"]').innerText()).toBe(String(stats.totals.messages));
      expect(await page.locator('[data-stat="totals.replyRate"]').innerText()).toBe(`${(stats.totals.replyRate * 100).toFixed(1)}%`);
      expect(await page.locator('#lag-unanswered').innerText()).toBe(String(stats.totals.unanswered));

      // Hostile text shows as text; nothing it carries exists as an element or ran.
      const first = page.locator('#overdue-table tbody tr').first();
      expect(await first.innerText()).toContain(HOSTILE_TITLE);
      expect(await first.locator('a').getAttribute('href')).toBe('http://api.wz.cnhubei.com/html/detail/3000.html');
      expect(await page.locator('#departments').innerText()).toContain('onerror=window.__pwned=3>局');
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.locator('script').count()).toBe(3);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

      // Changes since the 2019-06-07 snapshot: #4657999 is new, #4657005 newly answered.
      expect(await page.$$eval('[data-change]', (els) => els.map((e) => [e.getAttribute('data-change'), e.textContent]))).toEqual([
        ['new', '1'], ['replied', '1'], ['status_changed', '0'], ['gone', '0'],
      ]);
      expect(await page.locator('#changes-table tbody').innerText()).toMatch(/cnhubei-minsheng:4657005\s+新答复 newly answered\s+cnhubei-minsheng:4657999\s+新留言 new/);
      // Every table says which files of the snapshot hold its rows, and those files are there.
      const files = await page.$$eval('a.file', (els) => els.map((e) => e.getAttribute('href')!));
      expect(new Set(files)).toEqual(new Set(['stats.json', 'departments.csv', 'claims.csv', 'overdue.csv', 'messages.csv', 'datapackage.json', 'changes.csv', 'changes.jsonl', 'feed.xml', 'departments.jsonl', 'report_figures.csv', 'overdue.jsonl']));
      for (const f of files) expect(existsSync(path.join(dir, f)), f).toBe(true);
      // The claims chart labels every bar, in words: board, period, metric.
      const claimAxis = await page.evaluate(() => {
        const chart = (window as unknown as { Chart: { getChart(c: Element): { data: { labels: unknown[] }; scales: { y: { ticks: unknown[] } } } } }).Chart.getChart(document.getElementById('chart-claims')!);
        return { labels: chart.data.labels, ticks: chart.scales.y.ticks.length };
      });
      expect(claimAxis.labels).toEqual([['民生热线', '2019-05 · 收到 received'], ['民生热线', '2019-05 · 答复 replied']]);
      expect(claimAxis.ticks).toBe(2);

      // Chinese text is drawn with a CJK font (Noto Sans CJK from fonts-noto-cjk here).
      expect(await page.evaluate(() => document.fonts.check('16px "Noto Sans CJK SC"', '问政'))).toBe(true);

      expect(errors).toEqual([]);
      expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-desktop.png'), fullPage: true });
    } finally {
      await close();
    }
  });

  it('is readable at phone width (390 px): no sideways scrolling, charts drawn', async () => {
    const { page, errors, requests, close } = await open(390, 844);
    try {
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      for (const c of await canvases(page)) expect(c.painted, c.id).toBeGreaterThan(1000);
      expect(errors).toEqual([]);
      expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-phone.png'), fullPage: true });
    } finally {
      await close();
    }
  });
});
