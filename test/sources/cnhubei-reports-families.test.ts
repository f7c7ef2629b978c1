/**
 * Phrasing families of the 问政 report articles (issue #17): per-region breakdowns in four
 * layouts (lines with full or bare place names, a table, a run-on paragraph, county lines with
 * spaces), qualifiers of annual summaries ("more than N units"), and a daily digest in
 * traditional characters linking threads on both boards. Fixtures: hand-made in the wording
 * of the real reports (test/fixtures/cnhubei-reports/, each says what it imitates); every
 * expected value was written by reading the fixture. Regions are GB/T 2260 names and codes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Converter } from 'opencc-js';
import { describe, expect, it } from 'vitest';
import type { Extraction, Figure, Report } from '../../src/model/extraction.js';
import { cnhubeiReportsAdapter } from '../../src/sources/cnhubei-reports/index.js';
import { assertValidExtraction } from '../helpers/contract.js';
import { repoRoot } from '../helpers/shared.js';

const NEWS = 'http://news.cnhubei.com';
const API = 'http://api.wz.cnhubei.com/api';
const fixture = (name: string) => readFileSync(path.join(repoRoot, 'test/fixtures/cnhubei-reports', name), 'utf8');

function report(url: string, name: string): { out: Extraction; r: Report } {
  const out = cnhubeiReportsAdapter.parse({ url, body: fixture(name) });
  assertValidExtraction(out);
  expect(out.reports).toHaveLength(1);
  return { out, r: out.reports[0] as Report };
}

/** [region, code, metric, value] of the figures that have a region, in page order. */
const regional = (figures: Figure[]) => figures.filter((f) => f.region !== null).map((f) => [f.region, f.regionCode, f.metric, f.value]);

describe('per-region breakdown lines: names in full, bare, county-level (August 2018)', () => {
  const { out, r } = report(`${NEWS}/content/2018-09/04/content_9900101.html`, 'monthly-2018-08-regions-bare.html');

  it('normalises 宜昌/宜昌市, 恩施 (the prefecture) apart from 恩施市, and gives a shared rate to each region listed', () => {
    expect(r).toMatchObject({ kind: 'monthly', periodStart: '2018-08-01', periodEnd: '2018-08-31' });
    expect(regional(r.figures)).toEqual([
      ['襄阳市', '420600', 'reply_rate', 100],
      ['咸宁市', '421200', 'reply_rate', 100],
      ['神农架林区', '429021', 'reply_rate', 100],
      ['武汉市', '420100', 'forwarded', 140],
      ['武汉市', '420100', 'replied', 118],
      ['武汉市', '420100', 'reply_rate', 84],
      ['宜昌市', '420500', 'forwarded', 22],
      ['宜昌市', '420500', 'replied', 17],
      ['宜昌市', '420500', 'reply_rate', 77],
      // 襄阳's own line repeats its 100%: one figure.
      ['襄阳市', '420600', 'forwarded', 61],
      ['襄阳市', '420600', 'replied', 63],
      ['孝感市', '420900', 'forwarded', 11],
      ['孝感市', '420900', 'replied', 0],
      ['恩施土家族苗族自治州', '422800', 'forwarded', 19],
      ['恩施土家族苗族自治州', '422800', 'replied', 15],
      ['恩施土家族苗族自治州', '422800', 'reply_rate', 79],
      ['恩施市', '422801', 'forwarded', 6],
      ['恩施市', '422801', 'replied', 6],
      ['恩施市', '422801', 'reply_rate', 100],
      ['仙桃市', '429004', 'forwarded', 5],
      ['仙桃市', '429004', 'replied', 2],
      ['仙桃市', '429004', 'reply_rate', 40],
    ]);
    expect(r.figures.every((f) => f.board === '民生热线')).toBe(true);
    expect(r.figures.find((f) => f.regionCode === '420500')?.text).toBe('宜昌：转达22条，已回复17条，回复率77%。');
    expect(r.figures.filter((f) => f.region === null).map((f) => [f.metric, f.value])).toEqual([
      ['received', 588],
      ['forwarded', 471],
      ['replied', 390],
    ]);
    expect(out.warnings ?? []).toEqual([]);
  });
});

describe('per-region breakdown as a table (October 2018)', () => {
  const { out, r } = report(`${NEWS}/content/2018-11/06/content_9900102.html`, 'monthly-2018-10-regions-table.html');

  it('reads each row with the column headers as metrics, skips the empty cell and the total row', () => {
    expect(regional(r.figures)).toEqual([
      ['武汉市', '420100', 'forwarded', 156],
      ['武汉市', '420100', 'replied', 131],
      ['武汉市', '420100', 'reply_rate', 84],
      ['宜昌市', '420500', 'forwarded', 24],
      ['宜昌市', '420500', 'replied', 24],
      ['宜昌市', '420500', 'reply_rate', 100],
      ['十堰市', '420300', 'forwarded', 38],
      ['十堰市', '420300', 'replied', 30],
      ['十堰市', '420300', 'reply_rate', 79],
      ['荆州市', '421000', 'forwarded', 9],
      ['荆州市', '421000', 'replied', 0],
    ]);
    const rate = r.figures.find((f) => f.metric === 'reply_rate' && f.regionCode === '420300');
    expect(rate).toMatchObject({ unit: 'percent', qualifier: 'exact', board: '民生热线', text: '十堰市 38 30 79%' });
    // The table's 合计 row (227, 185) is no figure; the report's totals come from its text.
    expect(r.figures.filter((f) => f.region === null).map((f) => [f.metric, f.value])).toEqual([
      ['received', 640],
      ['forwarded', 502],
      ['replied', 421],
    ]);
    expect(out.warnings ?? []).toEqual([]);
  });
});

describe('per-region breakdown run on in one paragraph, then county lines with spaces (March 2019)', () => {
  const { out, r } = report(`${NEWS}/content/2019-04/08/content_9900103.html`, 'monthly-2019-03-regions-runon.html');

  it('gives each city its counts and rate, and each district of 宜昌市 its own code', () => {
    expect(regional(r.figures)).toEqual([
      ['武汉市', '420100', 'forwarded', 88],
      ['武汉市', '420100', 'replied', 71],
      ['武汉市', '420100', 'reply_rate', 81],
      ['宜昌市', '420500', 'forwarded', 21],
      ['宜昌市', '420500', 'replied', 21],
      ['宜昌市', '420500', 'reply_rate', 100],
      ['黄冈市', '421100', 'forwarded', 17],
      ['黄冈市', '421100', 'replied', 9],
      ['黄冈市', '421100', 'reply_rate', 53],
      ['夷陵区', '420506', 'forwarded', 6],
      ['夷陵区', '420506', 'replied', 6],
      ['夷陵区', '420506', 'reply_rate', 100],
      ['秭归县', '420527', 'forwarded', 4],
      ['秭归县', '420527', 'replied', 3],
      ['秭归县', '420527', 'reply_rate', 75],
    ]);
    expect(out.warnings ?? []).toEqual([]);
  });
});

describe('qualifiers of an annual summary (2018)', () => {
  const { out, r } = report(`${NEWS}/content/2019-01/25/content_9900104.html`, 'annual-2018-summary.html');

  it('reads more-than counts of units, the units at the start of the year, units that answered and the share forwarded', () => {
    expect(r).toMatchObject({ kind: 'annual', periodStart: '2018-01-01', periodEnd: '2018-12-31' });
    expect(r.figures.map((f) => [f.metric, f.value, f.unit, f.qualifier, f.board, f.asOf])).toEqual([
      ['valid', 7244, 'count', 'exact', '民生热线', null],
      ['forwarded', 5952, 'count', 'exact', '民生热线', null],
      ['forward_rate', 80, 'percent', 'more_than', '民生热线', null],
      ['replied', 3924, 'count', 'exact', '民生热线', null],
      ['reply_rate', 66, 'percent', 'exact', '民生热线', null],
      ['units_registered', 200, 'count', 'more_than', '民生热线', '2018-01-01'],
      ['units_registered', 2000, 'count', 'more_than', '民生热线', null],
      ['units_replied', 1000, 'count', 'more_than', '民生热线', null],
      ['departments_claimed', 30, 'count', 'more_than', '荆楚问政', '2018-12-31'],
    ]);
    expect(out.warnings ?? []).toEqual([]);
  });
});

/** The items of the traditional digest, written in simplified characters from its text. */
const TRADITIONAL_ITEMS = [
  {
    headline: '汉南区图书馆是否有新建计划 汉南区党政办：将在年底向市民开放',
    url: 'http://bbs.cnhubei.com/thread-4743592-1-1.html',
    board: '民生热线',
    postedOn: '2020-08-24',
    message: '汉南区图书馆规模较小，设施较为简陋，请问是否有新建计划？',
    department: '武汉经济技术开发区（汉南区）党政办',
    reply: '图书馆改造项目已开始装修，将在年底向市民开放。',
  },
  {
    headline: '洪山区小学何时开工 洪山区：计划明年开工',
    url: 'http://api.wz.cnhubei.com/html/detail/2150.html',
    board: '荆楚问政',
    postedOn: '2020-08-25',
    message: '请问停工的小学何时重新开工？',
    department: '洪山区',
    reply: '目前正在制定治理方案，计划明年开工建设。',
  },
  {
    headline: '硚口区道路积水 硚口区人民政府：已疏通排水管道',
    url: 'http://api.wz.cnhubei.com/html/detail/2153.html',
    board: '荆楚问政',
    postedOn: '2020-08-26',
    message: '每逢下雨道路积水严重。',
    department: '硚口区人民政府',
    reply: '已组织人员疏通排水管道。',
  },
  {
    headline: '建始县村道坑洼 建始县花坪镇人民政府：已纳入项目计划',
    url: 'http://bbs.cnhubei.com/thread-4743610-1-1.html',
    board: '民生热线',
    postedOn: '2020-08-27',
    message: '村里的公路多年坑坑洼洼。',
    department: '建始县花坪镇人民政府',
    reply: '该路段已纳入明年项目计划。',
  },
];

describe('a daily digest in traditional characters (帖文連結, 回覆)', () => {
  const { out, r } = report(`${NEWS}/content/2020-08/31/content_13300001.html`, 'daily-2020-08-31-traditional.html');

  it('links every item to its thread on either board', () => {
    expect(r).toMatchObject({ kind: 'daily', publishedAt: '2020-08-31T10:12:00+08:00', periodStart: '2020-08-28', periodEnd: '2020-08-30' });
    expect(r.items).toEqual(TRADITIONAL_ITEMS);
    expect(out.links).toEqual([
      { url: 'http://bbs.cnhubei.com/thread-4743592-1-1.html', kind: 'thread' },
      { url: `${API}/sugdetail?suid=2150&type=pc`, kind: 'thread' },
      { url: `${API}/sugdetail?suid=2153&type=pc`, kind: 'thread' },
      { url: 'http://bbs.cnhubei.com/thread-4743610-1-1.html', kind: 'thread' },
    ]);
  });

  it('reads the registered units, and gives no figure for a monthly average', () => {
    expect(r.figures.map((f) => [f.metric, f.value, f.board, f.asOf])).toEqual([['units_registered', 2559, '民生热线', '2020-08-31']]);
    expect(out.warnings ?? []).toEqual([]);
  });

  it('reads the simplified digest converted with Taiwan phrases (釋出時間, 帖文連結) the same way', () => {
    const twp = Converter({ from: 'cn', to: 'twp' })(fixture('daily-2021-01-04.html'));
    expect(twp).toContain('帖文連結');
    const { r: converted } = { r: cnhubeiReportsAdapter.parse({ url: `${NEWS}/content/2021-01/04/content_13500001.html`, body: twp }).reports[0]! };
    expect(converted.publishedAt).toBe('2021-01-04T17:45:00+08:00');
    expect(converted.items.map((i) => i.url)).toEqual([
      'http://bbs.cnhubei.com/thread-4788123-1-1.html',
      'http://api.wz.cnhubei.com/html/detail/2900.html',
      'http://bbs.cnhubei.com/thread-4787990-1-1.html',
      'http://bbs.cnhubei.com/thread-4788200-1-1.html',
      'http://api.wz.cnhubei.com/html/detail/2901.html',
      'http://bbs.cnhubei.com/thread-4788311-1-1.html',
    ]);
  });
});
