import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Converter } from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/extract/errors.js';
import type { Extraction, Figure, Report } from '../../src/model/extraction.js';
import { cnhubeiReportsAdapter } from '../../src/sources/cnhubei-reports/index.js';
import { adapterForUrl, findAdapter } from '../../src/sources/index.js';
import { assertValidExtraction } from '../helpers/contract.js';
import { hasShared, repoRoot, sharedPath } from '../helpers/shared.js';

const NEWS = 'http://news.cnhubei.com';
const API = 'http://api.wz.cnhubei.com/api';
const SEED_URL = `${NEWS}/content/2019-06/06/content_12345.html`;
const DAILY_URL = `${NEWS}/content/2021-01/04/content_13500001.html`;
const CITIES_URL = `${NEWS}/content/2018-07/05/content_9876543.html`;

function fixture(name: string): string {
  return readFileSync(path.join(repoRoot, 'test/fixtures/cnhubei-reports', name), 'utf8');
}

function parse(url: string, body: string): Extraction {
  const out = cnhubeiReportsAdapter.parse({ url, body });
  assertValidExtraction(out);
  return out;
}

function reportOf(out: Extraction): Report {
  expect(out.kind).toBe('report');
  expect(out.reports).toHaveLength(1);
  return out.reports[0] as Report;
}

type Want = Partial<Figure> & Pick<Figure, 'metric' | 'value'>;

/** The one figure matching every given field (fields not given default to the usual values). */
function figure(figures: Figure[], want: Want): Figure {
  const full = { unit: 'count', qualifier: 'exact', region: null, category: null, asOf: null, ...want };
  const found = figures.filter((f) => Object.entries(full).every(([k, v]) => (f as Record<string, unknown>)[k] === v));
  expect(found, JSON.stringify(want)).toHaveLength(1);
  return found[0] as Figure;
}

/**
 * The seed report laid out as DOMAIN.md describes the article page: breadcrumb, title,
 * 发布时间 line in #lmy_information01, body paragraphs in div.article_w, footer after it.
 * `layout: 'other'` puts the body in an unnamed container next to a sidebar instead.
 */
function seedArticleHtml(seed: string, layout: 'known' | 'other' = 'known'): string {
  const lines = seed.split('\n').map((l) => l.trim()).filter(Boolean);
  const at = lines.findIndex((l) => l.startsWith('发布时间'));
  const end = lines.findIndex((l) => l.includes('【纠错】'));
  const [crumb, title, published] = [lines[at - 2], lines[at - 1], lines[at]];
  const body = lines.slice(at + 1, end).map((l) => `<p>${l}</p>`).join('\n');
  const main =
    layout === 'known'
      ? `<div id="lmy_information01">${published}</div><div class="article_w">${body}</div>`
      : `<div class="info">${published}</div><div class="side"><p>热门推荐</p><p>荆楚网客户端下载</p></div><div class="main">${body}</div>`;
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title} - 荆楚网</title></head><body>
<div class="top">${lines[0]}</div><div class="crumb">${crumb?.replace(/>/g, '&gt;')}</div><h1>${title}</h1>
${main}
<div class="foot">${lines.slice(end).join('<br>')}</div></body></html>`;
}

describe('cnhubei-reports adapter: URLs', () => {
  it('is registered and owns news.cnhubei.com and the ponews path of the API', () => {
    const a = cnhubeiReportsAdapter;
    expect(findAdapter('cnhubei-reports')).toBe(a);
    expect(a.origins).toEqual(['http://news.cnhubei.com', 'http://api.wz.cnhubei.com']);
    expect(a.startUrls()).toEqual([
      { url: `${API}/ponews?news_typeid=1105&page=1&pagesize=20&type=pc`, kind: 'list', method: 'GET' },
      { url: `${API}/ponews?news_typeid=1110&page=1&pagesize=20&type=pc`, kind: 'list', method: 'GET' },
    ]);
    expect(a.pageKindOf(SEED_URL)).toBe('report');
    expect(a.pageKindOf(`${NEWS}/myjb/p/778899.html`)).toBe('report');
    expect(a.pageKindOf(`${NEWS}/xw/wzbg/index_2.html`)).toBe('list');
    expect(a.pageKindOf(`${API}/ponews?news_typeid=1110&pagesize=20`)).toBe('list');
    expect(a.pageKindOf(`${API}/sugdetail?suid=2900&type=pc`)).toBeNull();
    expect(adapterForUrl(`${API}/ponews?news_typeid=1105`)?.id).toBe('cnhubei-reports');
    expect(adapterForUrl(`${API}/allsuglist?list_type=1&page=1&pagesize=20&type=pc`)?.id).toBe('cnhubei-wenzheng');
    expect(a.canonicalUrl('https://news.cnhubei.com/content/2019-06/06/content_12345.html?spm=1#top')).toBe(SEED_URL);
  });
});

describe('cnhubei-reports adapter: the seed monthly report (May 2019)', () => {
  const skip = !hasShared('seed-2019-05-report.txt');
  const seed = skip ? '' : readFileSync(sharedPath('seed-2019-05-report.txt'), 'utf8');

  it.skipIf(skip)('reads title, time, period and kind', () => {
    const out = parse(SEED_URL, seedArticleHtml(seed));
    const r = reportOf(out);
    expect(r.externalId).toBe('content_12345');
    expect(r.url).toBe(SEED_URL);
    expect(r.title).toBe('2019年5月湖北网络问政报告:武穴集体入驻率超70% 将网络问政纳入考核');
    expect(r.kind).toBe('monthly');
    expect(r.publishedAt).toBe('2019-06-06T18:31:00+08:00');
    expect([r.periodStart, r.periodEnd]).toEqual(['2019-05-01', '2019-05-31']);
    expect(r.items).toEqual([]);
    expect(out.links).toEqual([{ url: 'http://bbs.cnhubei.com/thread-4648062-1-1.html', kind: 'thread' }]);
    expect(out.warnings ?? []).toEqual([]);
  });

  it.skipIf(skip)('gives every figure of the seed', () => {
    const { figures } = reportOf(parse(SEED_URL, seedArticleHtml(seed)));
    const both = '民生热线+荆楚问政';
    figure(figures, { metric: 'received', value: 242, board: both });
    figure(figures, { metric: 'replied', value: 175, board: both });
    const yoy = figure(figures, { metric: 'yoy_change', value: 28.7, unit: 'percent', board: both });
    expect(yoy.of).toBe('replied');
    expect(yoy.text).toContain('同比增长28.7%');

    const wz = '荆楚问政';
    figure(figures, { metric: 'received', value: 65, board: wz });
    figure(figures, { metric: 'valid', value: 37, board: wz });
    figure(figures, { metric: 'forwarded', value: 60, board: wz });
    figure(figures, { metric: 'forwarded_again', value: 23, board: wz });
    figure(figures, { metric: 'replied', value: 18, board: wz });
    figure(figures, { metric: 'departments_claimed', value: 41, board: wz, asOf: '2019-06-05' });
    figure(figures, { metric: 'replied', value: 76, board: wz, asOf: '2019-06-05' });

    const ms = '民生热线';
    figure(figures, { metric: 'received', value: 177, board: ms });
    figure(figures, { metric: 'forwarded', value: 258, board: ms });
    figure(figures, { metric: 'forwarded_again', value: 81, board: ms });
    figure(figures, { metric: 'replied', value: 157, board: ms });
    figure(figures, { metric: 'replied_proactively', value: 18, board: ms });
    figure(figures, { metric: 'units_registered', value: 2146, board: ms });

    figure(figures, { metric: 'units_registered', value: 32, region: '武穴市' });
    figure(figures, { metric: 'registration_rate', value: 70, unit: 'percent', qualifier: 'more_than', region: '武穴市' });
    figure(figures, { metric: 'reply_rate', value: 95, unit: 'percent', qualifier: 'at_least', region: '武穴市' });

    const categories = figures.filter((f) => f.metric === 'category_count').map((f) => [f.category, f.value]);
    expect(categories).toEqual([
      ['行政管理', 27],
      ['城市管理', 25],
      ['住房管理', 24],
      ['交通管理', 17],
      ['企业投诉', 15],
    ]);
  });

  it.skipIf(skip)('finds the body in another container too', () => {
    const known = reportOf(parse(SEED_URL, seedArticleHtml(seed)));
    const other = reportOf(parse(SEED_URL, seedArticleHtml(seed, 'other')));
    expect(other.publishedAt).toBe('2019-06-06T18:31:00+08:00');
    expect(other.figures).toEqual(known.figures);
  });

  it.skipIf(skip)('reads the same report in traditional characters', () => {
    const toTraditional = Converter({ from: 'cn', to: 'tw' });
    const simplified = reportOf(parse(SEED_URL, seedArticleHtml(seed)));
    const traditional = reportOf(parse(SEED_URL, toTraditional(seedArticleHtml(seed))));
    expect(traditional.figures.map(({ text: _t, ...f }) => f)).toEqual(simplified.figures.map(({ text: _t, ...f }) => f));
  });
});

/** The items of the daily digest fixture, written from its text (full-width ：and ，as printed). */
const DAILY_ITEMS = [
  {
    headline: '武昌区中山路夜间施工噪音扰民 武汉市武昌区城管执法局：已责令施工单位整改',
    url: 'http://bbs.cnhubei.com/thread-4788123-1-1.html',
    board: '民生热线',
    postedOn: '2020-12-30',
    message: '中山路某工地连续多日夜间施工至凌晨，噪音严重影响周边居民休息。',
    department: '武汉市武昌区城管执法局',
    reply: '经现场核查，该工地未办理夜间施工许可，已责令其停止夜间施工并立案调查。',
  },
  {
    headline: '樊城区某小区物业乱收费 襄阳市樊城区住建局：将督促物业公开收费标准',
    url: 'http://api.wz.cnhubei.com/html/detail/2900.html',
    board: '荆楚问政',
    postedOn: '2021-01-02',
    message: '小区物业公司今年起每户加收电梯维护费，未经业主大会同意。',
    department: '襄阳市樊城区住建局',
    reply: '已约谈物业公司负责人，责令其暂停收取并向业主公示收费依据。',
  },
  {
    headline: '潜江市园林办事处路灯不亮 潜江市城管委：已完成维修',
    url: 'http://bbs.cnhubei.com/thread-4787990-1-1.html',
    board: '民生热线',
    postedOn: '2020-12-28',
    message: '园林办事处某路段路灯已损坏一个多月，夜间出行不便。',
    department: '潜江市城管委',
    reply: '工作人员已于1月3日更换损坏灯具，目前路灯恢复正常。',
  },
  {
    headline: '十堰开发区企业拖欠工资 十堰经济技术开发区管理委员会：已协调发放',
    url: 'http://bbs.cnhubei.com/thread-4788200-1-1.html',
    board: '民生热线',
    postedOn: '2021-01-03',
    message: '本人在开发区某企业工作，企业已拖欠三个月工资。',
    department: '十堰经济技术开发区管理委员会',
    reply: '经劳动监察大队调查，企业已于1月4日前补发全部工资。',
  },
  {
    headline: '通城县农村公路破损 通城县交通运输局：列入今年维修计划',
    url: 'http://api.wz.cnhubei.com/html/detail/2901.html',
    board: '荆楚问政',
    postedOn: '2020-12-31',
    message: '通城县某村公路破损严重，雨天积水难行。',
    department: '通城县交通运输局',
    reply: '该路段已列入2021年农村公路维修计划，预计春节后开工。',
  },
  {
    headline: '夷陵区学校周边交通拥堵 宜昌市公安局夷陵区分局：增派警力疏导',
    url: 'http://bbs.cnhubei.com/thread-4788311-1-1.html',
    board: '民生热线',
    postedOn: '2021-01-01',
    message: '夷陵区某小学放学时段校门口车辆乱停，交通拥堵。',
    department: '宜昌市公安局夷陵区分局',
    reply: '已在上下学时段增派警力疏导交通，并设置临时停车区。',
  },
];

describe('cnhubei-reports adapter: a daily digest (每日回复)', () => {
  it('reads the digest: kind, date, figures, items and thread links', () => {
    const out = parse(DAILY_URL, fixture('daily-2021-01-04.html'));
    const r = reportOf(out);
    expect(r).toMatchObject({
      externalId: 'content_13500001',
      title: '每日回复｜武昌区回应中山路夜间施工噪音等6个问题',
      kind: 'daily',
      publishedAt: '2021-01-04T17:45:00+08:00',
      periodStart: '2021-01-04',
      periodEnd: '2021-01-04',
    });
    expect(r.items).toEqual(DAILY_ITEMS);
    expect(r.figures.map((f) => [f.metric, f.value, f.board, f.category, f.asOf])).toEqual([
      ['units_registered', 2681, '民生热线', null, '2021-01-04'],
      ['departments_claimed', 58, '荆楚问政', null, '2021-01-04'],
      ['replied', 15, '民生热线+荆楚问政', null, null],
      ['category_count', 6, '民生热线+荆楚问政', '咨询建议', null],
      ['category_count', 2, '民生热线+荆楚问政', '收费不合理', null],
      ['category_count', 7, '民生热线+荆楚问政', '其他', null],
    ]);
    expect(out.links).toEqual([
      { url: 'http://bbs.cnhubei.com/thread-4788123-1-1.html', kind: 'thread' },
      { url: `${API}/sugdetail?suid=2900&type=pc`, kind: 'thread' },
      { url: 'http://bbs.cnhubei.com/thread-4787990-1-1.html', kind: 'thread' },
      { url: 'http://bbs.cnhubei.com/thread-4788200-1-1.html', kind: 'thread' },
      { url: `${API}/sugdetail?suid=2901&type=pc`, kind: 'thread' },
      { url: 'http://bbs.cnhubei.com/thread-4788311-1-1.html', kind: 'thread' },
    ]);
    expect(out.warnings ?? []).toEqual([]);
  });

  it('gives identical items for the digest in traditional characters', () => {
    const traditional = Converter({ from: 'cn', to: 'tw' })(fixture('daily-2021-01-04.html'));
    expect(traditional).toContain('發佈時間');
    const r = reportOf(parse(DAILY_URL, traditional));
    expect(r.items).toEqual(DAILY_ITEMS);
    expect(r.kind).toBe('daily');
    expect(r.figures).toHaveLength(6);
  });

  it('reads full-width punctuation in its patterns and keeps it in the text', () => {
    const html = `<html><body><h1>每日回复｜测试</h1><div id="lmy_information01">发布时间：2021年01月04日17：45</div>
<div class="article_w"><p>2021年1月4日（星期一）</p>
<p>截至今日，《民生热线》共有２，６８１家单位实名入驻；《荆楚问政》共有58家单位认领账号（详见http://bbs.cnhubei.com/thread-4788123-1-1.html）！</p></div></body></html>`;
    const out = parse(DAILY_URL, html);
    const r = reportOf(out);
    expect(r).toMatchObject({ title: '每日回复｜测试', kind: 'daily', publishedAt: '2021-01-04T17:45:00+08:00', periodStart: '2021-01-04' });
    expect(r.figures.map((f) => [f.metric, f.value, f.board, f.asOf, f.text])).toEqual([
      ['units_registered', 2681, '民生热线', '2021-01-04', '截至今日，《民生热线》共有2,681家单位实名入驻；'],
      ['departments_claimed', 58, '荆楚问政', null, '《荆楚问政》共有58家单位认领账号（详见）！'],
    ]);
    expect(out.links).toEqual([{ url: 'http://bbs.cnhubei.com/thread-4788123-1-1.html', kind: 'thread' }]);
  });

  it('reads a date range line as the period', () => {
    const html = fixture('daily-2021-01-04.html').replace('<p>2021年1月4日</p>', '<p>2020年12月28日—2021年1月3日</p>');
    // A range over the new year is written with the month of its end: 12月28日—1月3日.
    const ranged = html.replace('2020年12月28日—2021年1月3日', '2020年12月28日—1月3日');
    const r = reportOf(parse(DAILY_URL, ranged));
    expect([r.periodStart, r.periodEnd]).toEqual(['2020-12-28', '2021-01-03']);
    const june = reportOf(parse(DAILY_URL, html.replace('2020年12月28日—2021年1月3日', '2020年6月24日—28日')));
    expect([june.periodStart, june.periodEnd]).toEqual(['2020-06-24', '2020-06-28']);
  });
});

describe('cnhubei-reports adapter: a monthly report with a per-city list (June 2018)', () => {
  it('gives one figure per number of each city line, with its region', () => {
    const out = parse(CITIES_URL, fixture('monthly-2018-06-cities.html'));
    const r = reportOf(out);
    expect(r).toMatchObject({ kind: 'monthly', periodStart: '2018-06-01', periodEnd: '2018-06-30', publishedAt: '2018-07-05T10:20:00+08:00' });
    // Regions are the GB/T 2260 names and codes of the places: 恩施州 is 恩施土家族苗族自治州.
    const cities = r.figures.filter((f) => f.region !== null).map((f) => [f.region, f.regionCode, f.metric, f.value, f.unit]);
    expect(cities).toEqual([
      ['武汉市', '420100', 'forwarded', 128, 'count'],
      ['武汉市', '420100', 'replied', 105, 'count'],
      ['武汉市', '420100', 'reply_rate', 82, 'percent'],
      ['宜昌市', '420500', 'forwarded', 30, 'count'],
      ['宜昌市', '420500', 'replied', 33, 'count'],
      ['宜昌市', '420500', 'reply_rate', 110, 'percent'],
      ['襄阳市', '420600', 'forwarded', 45, 'count'],
      ['襄阳市', '420600', 'replied', 40, 'count'],
      ['襄阳市', '420600', 'reply_rate', 89, 'percent'],
      ['神农架林区', '429021', 'forwarded', 9, 'count'],
      ['神农架林区', '429021', 'replied', 0, 'count'],
      ['神农架林区', '429021', 'reply_rate', 0, 'percent'],
      ['恩施土家族苗族自治州', '422800', 'forwarded', 20, 'count'],
      ['恩施土家族苗族自治州', '422800', 'replied', 20, 'count'],
      ['恩施土家族苗族自治州', '422800', 'reply_rate', 100, 'percent'],
    ]);
    expect(r.figures.filter((f) => f.region !== null).every((f) => f.board === '民生热线')).toBe(true);
    figure(r.figures, { metric: 'received', value: 612, board: '民生热线' });
    figure(r.figures, { metric: 'forwarded', value: 540, board: '民生热线' });
    figure(r.figures, { metric: 'replied', value: 402, board: '民生热线' });
    figure(r.figures, { metric: 'replied_proactively', value: 25, board: '民生热线' });
    figure(r.figures, { metric: 'reply_rate', value: 74, unit: 'percent', qualifier: 'about', board: '民生热线' });
    const yoy = figure(r.figures, { metric: 'yoy_change', value: -3.5, unit: 'percent', board: '民生热线' });
    expect(yoy.of).toBe('replied');
    expect(r.figures.find((f) => f.region === '武汉市')?.text).toBe('武汉市：转达128条，已回复105条，回复率82%。');
  });

  it('warns about a sentence that looks like a figure but fits no metric', () => {
    const out = parse(CITIES_URL, fixture('monthly-2018-06-cities.html'));
    expect(out.warnings).toEqual(['figure not understood: 本月另有13条留言因内容重复被合并处理。']);
  });

  it('reads a year summed up as annual, and counts in Chinese numerals', () => {
    const html = `<html><body><div class="crumb">荆楚网 &gt; 新闻 &gt; 问政报告</div><h1>2018年湖北网络问政年度报告</h1>
<div id="lmy_information01">发布时间:2019年01月10日09:00 来源: 荆楚网</div>
<div class="article_w"><p>2018年，《民生热线》共收到有效留言7244条，已转达5952条，得到回复3924条，回复率66%。</p>
<p>全年共有一百二十家单位新认领《荆楚问政》账号。</p></div></body></html>`;
    const r = reportOf(parse(`${NEWS}/content/2019-01/10/content_11000000.html`, html));
    expect(r.kind).toBe('annual');
    expect([r.periodStart, r.periodEnd]).toEqual(['2018-01-01', '2018-12-31']);
    expect(r.figures.map((f) => [f.metric, f.value, f.board])).toEqual([
      ['valid', 7244, '民生热线'],
      ['forwarded', 5952, '民生热线'],
      ['replied', 3924, '民生热线'],
      ['reply_rate', 66, '民生热线'],
      ['departments_claimed', 120, '荆楚问政'],
    ]);
  });
});

describe('cnhubei-reports adapter: reports without figures and broken pages', () => {
  it('makes a report without figures kind other, with a warning', () => {
    const html = `<html><body><h1>荆楚网网络问政栏目招聘启事</h1><div id="lmy_information01">发布时间:2020年03月02日10:00 来源: 荆楚网</div>
<div class="article_w"><p>荆楚网《民生热线》栏目现招聘编辑若干名，欢迎投递简历。</p></div></body></html>`;
    const out = parse(`${NEWS}/content/2020-03/02/content_12600000.html`, html);
    const r = reportOf(out);
    expect(r.kind).toBe('other');
    expect(r.figures).toEqual([]);
    expect(out.warnings).toEqual(['no figures in report: 荆楚网网络问政栏目招聘启事']);
  });

  it('fails loudly without a title or a body', () => {
    const noTitle = '<html><body><div class="article_w"><p>正文</p></div></body></html>';
    expect(() => cnhubeiReportsAdapter.parse({ url: SEED_URL, body: noTitle })).toThrow(ParseError);
    const noBody = '<html><body><h1>标题</h1></body></html>';
    expect(() => cnhubeiReportsAdapter.parse({ url: SEED_URL, body: noBody })).toThrow(/article body/);
  });
});

describe('cnhubei-reports adapter: lists of articles', () => {
  it('reads a column page: article links and the next page', () => {
    const out = parse(`${NEWS}/xw/wzbg/`, fixture('column-wzbg.html'));
    expect(out.kind).toBe('list');
    expect(out.pageCount).toBe(5);
    expect(out.links).toEqual([
      { url: SEED_URL, kind: 'report' },
      { url: `${NEWS}/content/2019-05/08/content_12001.html`, kind: 'report' },
      { url: `${NEWS}/myjb/p/778899.html`, kind: 'report' },
      { url: `${NEWS}/xw/wzbg/index_2.html`, kind: 'list' },
    ]);
  });

  it('reads a ponews answer: article links and the next page', () => {
    const out = parse(`${API}/ponews?news_typeid=1105&pagesize=20&type=pc`, fixture('ponews-1105-p1.json'));
    expect(out.kind).toBe('list');
    expect(out.url).toBe(`${API}/ponews?news_typeid=1105&page=1&pagesize=20&type=pc`);
    expect(out.pageCount).toBe(3);
    expect(out.links).toEqual([
      { url: SEED_URL, kind: 'report' },
      { url: CITIES_URL, kind: 'report' },
      { url: `${API}/ponews?news_typeid=1105&page=2&pagesize=20&type=pc`, kind: 'list' },
    ]);
  });

  it('fails loudly on a ponews row without an article URL and on state:false', () => {
    const answer = JSON.parse(fixture('ponews-1105-p1.json'));
    delete answer.data.common.app[1].url;
    expect(() => cnhubeiReportsAdapter.parse({ url: `${API}/ponews?news_typeid=1105`, body: JSON.stringify(answer) })).toThrow(
      /data\.common\.app\[1\]\.url/,
    );
    const refused = JSON.stringify({ state: false, message: '参数错误', data: null });
    expect(() => cnhubeiReportsAdapter.parse({ url: `${API}/ponews?news_typeid=1105`, body: refused })).toThrow(/state/);
  });
});
