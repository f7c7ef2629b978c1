/**
 * Lists of report articles: a news.cnhubei.com column page (links to articles, a 下一页 link,
 * sometimes `共N页`) and the `ponews?news_typeid=1105|1110` API list (`{ title, url, ... }`
 * rows in the 荆楚问政 API envelope, `total` pages).
 */
import type * as cheerio from 'cheerio';
import { ParseError } from '../../extract/errors.js';
import { foldFullWidth, normalizeText } from '../../extract/text.js';
import type { Extraction, Link } from '../../model/extraction.js';
import { emptyExtraction } from '../../model/extraction.js';
import { type ApiAnswer } from '../cnhubei-wenzheng/api.js';
import { isObject, readInt, requireText } from '../../extract/json-fields.js';
import { articleUrlOf, ponewsQueryOf, ponewsUrl, reportsCanonicalUrl, tryUrl } from './urls.js';

function unique(links: Link[]): Link[] {
  const seen = new Set<string>();
  return links.filter((l) => !seen.has(l.url) && Boolean(seen.add(l.url)));
}

function nextPageOf($: cheerio.CheerioAPI, url: string): string | null {
  const next = $('a[href]')
    .toArray()
    .find((a) => /^(?:下一页|下页|>|›|»)$/.test(foldFullWidth(normalizeText($(a).text()) ?? '')) || $(a).is('.next, .nxt'));
  const href = next ? $(next).attr('href') : undefined;
  if (!href || href.startsWith('javascript')) return null;
  return reportsCanonicalUrl(new URL(href, url).toString());
}

/**
 * Parses a column list page: every link to an article (kind report) and the next page (kind
 * list); `共N页` gives pageCount. A page without any article link is a ParseError.
 */
export function parseColumnPage(source: string, $: cheerio.CheerioAPI, url: string): Extraction {
  const articles = $('a[href]')
    .toArray()
    .map((a) => articleUrlOf($(a).attr('href') ?? '', url))
    .filter((u): u is string => u !== null)
    .map((u): Link => ({ url: u, kind: 'report' }));
  if (articles.length === 0) throw new ParseError(url, 'article links', 'a column page without links to articles');
  const out = emptyExtraction(source, reportsCanonicalUrl(url), 'list');
  const next = nextPageOf($, url);
  out.links = unique(next && next !== out.url ? [...articles, { url: next, kind: 'list' }] : articles);
  const pages = normalizeText($('body').text())?.match(/共\s*(\d+)\s*页/)?.[1];
  if (pages && Number(pages) >= 1) out.pageCount = Number(pages);
  return out;
}

/**
 * Parses a `ponews` answer: each row's `url` (an article, kind report; `title` is required
 * too) and the next page while `page < total` (no next page when the answer has no total).
 */
export function parsePonewsAnswer(source: string, answer: ApiAnswer, url: string): Extraction {
  if (!Array.isArray(answer.app)) throw new ParseError(url, 'data.common.app', 'a ponews answer needs an array');
  const links: Link[] = answer.app.map((row, i) => {
    const at = `data.common.app[${i}]`;
    if (!isObject(row)) throw new ParseError(url, at, 'not an object');
    requireText(url, row.title, `${at}.title`);
    const article = articleUrlOf(requireText(url, row.url, `${at}.url`), 'http://news.cnhubei.com/');
    if (!article) throw new ParseError(url, `${at}.url`, `not an article URL: ${String(row.url)}`);
    return { url: article, kind: 'report' };
  });
  const u = tryUrl(url);
  const q = u ? ponewsQueryOf(u) : null;
  const total = readInt(url, answer.total, 'data.common.total');
  if (q?.typeId && total !== null && q.page < total) links.push({ url: ponewsUrl(q.typeId, q.page + 1, q.pageSize), kind: 'list' });
  const out = emptyExtraction(source, reportsCanonicalUrl(url), 'list');
  out.links = unique(links);
  if (total !== null && total >= 1) out.pageCount = total;
  return out;
}
