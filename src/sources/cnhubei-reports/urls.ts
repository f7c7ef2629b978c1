/**
 * URLs of the report articles on news.cnhubei.com, of their column lists, of the `ponews`
 * API list of report articles (on api.wz.cnhubei.com), and of the threads the articles link.
 */
import type { PageKind } from '../../model/extraction.js';
import { detailApiUrl, publicDetailUrl } from '../cnhubei-wenzheng/urls.js';

/** The public origin of the articles and their column lists. */
export const NEWS_ORIGIN = 'http://news.cnhubei.com';
/** The public origin of the `ponews` API list. */
export const API_ORIGIN = 'http://api.wz.cnhubei.com';
/** The 民生热线 forum, whose threads digests link. */
const BBS_ORIGIN = 'http://bbs.cnhubei.com';

/** `ponews` column ids: 1105 问政报告 (monthly reports), 1110 每日回复 (daily digests). */
export const NEWS_TYPE_IDS = ['1105', '1110'] as const;

const ARTICLE_PATHS: ReadonlyArray<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/^\/content\/\d{4}-\d{2}\/\d{2}\/(content_\d+)\.s?html?$/, (m) => m[1] ?? ''],
  [/^\/myjb\/p\/(\d+)\.s?html?$/, (m) => `myjb_p_${m[1] ?? ''}`],
];

/** Parses a URL (against `base`), or null when it is not one. */
export function tryUrl(url: string, base?: string): URL | null {
  try {
    return new URL(url, base);
  } catch {
    return null;
  }
}

/** The report's external id from an article URL (`content_12345`, `myjb_p_678`), or null. */
export function articleIdOf(url: string): string | null {
  const u = tryUrl(url);
  if (!u) return null;
  for (const [re, id] of ARTICLE_PATHS) {
    const m = u.pathname.match(re);
    if (m) return id(m);
  }
  return null;
}

function isPonews(u: URL): boolean {
  return /\/api\/ponews$/.test(u.pathname);
}

function isColumnPath(path: string): boolean {
  return path.endsWith('/') || /\/(?:index|list)(?:_\d+)?\.s?html?$/.test(path);
}

/**
 * The page kind by path (hosts are not checked, so mapped origins work): articles -> report;
 * column pages (`.../`, `index_2.html`, `list.html`) and `api/ponews` -> list; else null.
 * Paths of the 荆楚问政 API other than ponews belong to cnhubei-wenzheng and give null.
 */
export function reportsPageKindOf(url: string): PageKind | null {
  const u = tryUrl(url);
  if (!u) return null;
  if (articleIdOf(url) !== null) return 'report';
  if (isPonews(u)) return 'list';
  if (u.pathname.startsWith('/api/') || u.pathname.startsWith('/html/')) return null;
  return isColumnPath(u.pathname) ? 'list' : null;
}

/** The page and page size of a ponews request (defaults 1 and 20) and its column id. */
export function ponewsQueryOf(u: URL): { typeId: string | null; page: number; pageSize: number } {
  const int = (s: string | null, d: number): number => (s && /^\d+$/.test(s) && Number(s) > 0 ? Number(s) : d);
  const p = u.searchParams;
  return { typeId: p.get('news_typeid'), page: int(p.get('page'), 1), pageSize: int(p.get('pagesize'), 20) };
}

/** The `ponews` request for one page of a report column. */
export function ponewsUrl(typeId: string, page: number, pageSize: number): string {
  return `${API_ORIGIN}/api/ponews?news_typeid=${typeId}&page=${page}&pagesize=${pageSize}&type=pc`;
}

/**
 * One URL per page: articles on http://news.cnhubei.com without query or fragment; ponews
 * requests with their parameters in a fixed order; other URLs without their fragment.
 */
export function reportsCanonicalUrl(url: string): string {
  const u = tryUrl(url);
  if (!u) return url;
  if (articleIdOf(url) !== null) return `${NEWS_ORIGIN}${u.pathname}`;
  if (isPonews(u)) {
    const q = ponewsQueryOf(u);
    if (q.typeId) return ponewsUrl(q.typeId, q.page, q.pageSize);
  }
  u.hash = '';
  if (u.hostname === 'news.cnhubei.com') u.protocol = 'http:';
  return u.toString();
}

/**
 * A link to a message an article names, in two forms: `url` the message's public URL (for
 * report items) and `fetch` the URL the crawler fetches (the API request for 荆楚问政).
 * 民生热线 threads are normalised to page 1 (`thread-{tid}-1-1.html`). Null for other links.
 */
export function messageLinkOf(href: string, base?: string): { url: string; fetch: string } | null {
  const u = tryUrl(href.trim(), base);
  if (!u) return null;
  const host = u.hostname.toLowerCase();
  if (host === 'bbs.cnhubei.com') {
    const tid = u.pathname.match(/^\/thread-(\d+)-\d+-\d+\.html$/)?.[1] ??
      (u.pathname.endsWith('/forum.php') && u.searchParams.get('mod') === 'viewthread' ? u.searchParams.get('tid') : null);
    if (!tid || !/^\d+$/.test(tid)) return null;
    const url = `${BBS_ORIGIN}/thread-${tid}-1-1.html`;
    return { url, fetch: url };
  }
  if (host === 'api.wz.cnhubei.com') {
    const id = u.pathname.match(/^\/html\/detail\/(\d+)\.html$/)?.[1] ??
      (u.pathname === '/api/sugdetail' ? u.searchParams.get('suid') : null);
    if (!id || !/^\d+$/.test(id)) return null;
    return { url: publicDetailUrl(id), fetch: detailApiUrl(id) };
  }
  return null;
}

/** An article URL resolved against a page and made canonical, or null when it is not one. */
export function articleUrlOf(href: string, base: string): string | null {
  const u = tryUrl(href.trim(), base);
  if (!u || articleIdOf(u.toString()) === null) return null;
  return reportsCanonicalUrl(u.toString());
}
