/**
 * Adapter `cnhubei-reports`: the 问政报告 (monthly) and 每日回复 (daily) articles of
 * news.cnhubei.com. The documented lists of these articles are the `ponews` answers of the
 * 荆楚问政 API, so this adapter also owns `http://api.wz.cnhubei.com/api/ponews` and nothing
 * else on that origin (pages are routed by path: cnhubei-wenzheng answers null for ponews and
 * this adapter null for every other API path). Column pages of news.cnhubei.com parse too.
 */
import * as cheerio from 'cheerio';
import type { Extraction, PageKind } from '../../model/extraction.js';
import { parseApiAnswer } from '../cnhubei-wenzheng/api.js';
import { getRequest, type Page, type PageRequest, type SourceAdapter } from '../types.js';
import { parseColumnPage, parsePonewsAnswer } from './lists.js';
import { parseReportArticle } from './report.js';
import { API_ORIGIN, NEWS_ORIGIN, NEWS_TYPE_IDS, ponewsUrl, reportsCanonicalUrl, reportsPageKindOf } from './urls.js';

export { articleIdOf, messageLinkOf, ponewsUrl } from './urls.js';

const ID = 'cnhubei-reports';

/** The kind of an HTML page that its URL does not reveal: an article has a 发布时间 line. */
function kindOfHtml($: cheerio.CheerioAPI): PageKind {
  return /发布时间|發佈時間|發布時間|釋出時間|释出时间/.test($('body').text()) ? 'report' : 'list';
}

/**
 * Parses one page: a `ponews` JSON answer -> list of article links; a column page -> list;
 * an article -> report. The kind comes from the URL, else from the page itself.
 */
export function parseReportsPage(page: Page): Extraction {
  if (/^\s*[{[]/.test(page.body)) return parsePonewsAnswer(ID, parseApiAnswer(page.url, page.body), page.url);
  const $ = cheerio.load(page.body);
  const kind = reportsPageKindOf(page.url) ?? kindOfHtml($);
  return kind === 'list' ? parseColumnPage(ID, $, page.url) : parseReportArticle(ID, $, page.url);
}

/** The `cnhubei-reports` adapter (CONTRACT.md section 2). */
export const cnhubeiReportsAdapter: SourceAdapter = {
  id: ID,
  name: '荆楚网 问政报告 / 每日回复',
  baseUrl: `${NEWS_ORIGIN}/`,
  origins: [NEWS_ORIGIN, API_ORIGIN],
  pageKinds: ['list', 'report'],
  version: '3',
  slaHours: 24,
  defaultRate: 1,
  region: '420000', // 湖北省
  startUrls(): PageRequest[] {
    return NEWS_TYPE_IDS.map((typeId) => getRequest(ponewsUrl(typeId, 1, 20), 'list'));
  },
  pageKindOf: reportsPageKindOf,
  canonicalUrl: reportsCanonicalUrl,
  parse: (page) => parseReportsPage(page),
};
