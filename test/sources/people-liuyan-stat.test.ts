/**
 * The site's own totals (newIndex_stat.jsonp), from a hand-written answer in the documented
 * shape (DOMAIN-liuyan.md 1.4; the front end reads the six fields into 昨日留言, 今年留言,
 * 历史总留言 and the same for replies). Expected values are read off the file by hand.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/extract/errors.js';
import { peopleLiuyanAdapter } from '../../src/sources/people-liuyan/index.js';
import { parseSiteStat } from '../../src/sources/people-liuyan/site-stat.js';

const FILE = path.join(import.meta.dirname, '../fixtures/people-liuyan/newIndex_stat.jsonp');
const URL_ = 'https://messageboard.people.cn/newIndex_stat.jsonp';

describe('newIndex_stat.jsonp', () => {
  it('gives three reports of the site\'s day: yesterday, this year, all time', () => {
    // Served at 00:30 on 3 Oct 2026 Beijing time (16:30 UTC on the 2nd): the site's day is the 3rd.
    const x = peopleLiuyanAdapter.parse({ url: `${URL_}?callback=IndexStat&_=1759422600000`, body: readFileSync(FILE, 'utf8'), servedAt: '2026-10-03T00:30:00+08:00' });
    expect(x.kind).toBe('report');
    expect(x.reports.map((r) => [r.externalId, r.periodStart, r.periodEnd, r.kind])).toEqual([
      ['newIndex_stat:2026-10-03:yesterday', '2026-10-02', '2026-10-02', 'daily'],
      ['newIndex_stat:2026-10-03:year', '2026-01-01', '2026-10-03', 'daily'],
      ['newIndex_stat:2026-10-03:total', null, '2026-10-03', 'daily'],
    ]);
    expect(x.reports.map((r) => r.figures.map((f) => [f.metric, f.value, f.asOf]))).toEqual([
      [['received', 2307, '2026-10-03'], ['replied', 1894, '2026-10-03']],
      [['received', 698214, '2026-10-03'], ['replied', 612355, '2026-10-03']],
      [['received', 7531046, '2026-10-03'], ['replied', 6021887, '2026-10-03']],
    ]);
    for (const r of x.reports) expect(r.url).toBe(URL_);
    expect(peopleLiuyanAdapter.canonicalUrl(`${URL_}?callback=IndexStat&_=1`)).toBe(URL_);
  });

  it('without a time the reports stay undated, with open periods', () => {
    const reports = parseSiteStat(URL_, readFileSync(FILE, 'utf8'), null);
    expect(reports.map((r) => [r.externalId, r.periodStart, r.periodEnd])).toEqual([
      ['newIndex_stat:undated:yesterday', null, null],
      ['newIndex_stat:undated:year', null, null],
      ['newIndex_stat:undated:total', null, null],
    ]);
  });

  it('an answer of another shape, or a field that is no count, is a loud error naming it', () => {
    expect(() => parseSiteStat(URL_, '<html>404</html>', null)).toThrow(ParseError);
    expect(() => parseSiteStat(URL_, 'IndexStat({"answersNum":"n/a","yearAnswersNum":1,"totalAnswersNum":1,"threadsNum":1,"yearThreadsNum":1,"totalThreadsNum":1})', null)).toThrow(/IndexStat\.answersNum/);
  });
});
