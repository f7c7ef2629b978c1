/**
 * URLs of the board. The API is POST only, so an API URL names the endpoint and, in its query,
 * what the request body asks for (`?fid=&lastItem=` for a list page, `?tid=` for a detail):
 * one page, one URL. The query is identity only; the body carries the request.
 */
import type { PageKind } from '../../model/extraction.js';
import { LIUYAN_ORIGIN, PATHS } from './config.js';
import { STAT_ORIGIN, STAT_PATH, STAT_URL } from './site-stat.js';

/** Query keys that are part of a page's identity, in canonical order. */
const IDENTITY_KEYS = ['fid', 'lastItem', 'tid'] as const;

/** The URL of one list page of board `fid`, read back from `lastItem` (0 = newest). */
export function listUrl(fid: number, lastItem: number): string {
  return `${LIUYAN_ORIGIN}${PATHS.list}?fid=${fid}&lastItem=${lastItem}`;
}

/** The URL of a message's signed detail answer. */
export function detailUrl(tid: number | string): string {
  return `${LIUYAN_ORIGIN}${PATHS.detail}?tid=${tid}`;
}

/** A message's public page (a Vue shell; the content comes from the detail API). */
export function publicThreadUrl(tid: number | string): string {
  return `${LIUYAN_ORIGIN}${PATHS.publicThread}?tid=${tid}`;
}

/** A board's page, whose GET hands out the WAF cookies. */
export function boardPageUrl(fid: number): string {
  return `${LIUYAN_ORIGIN}${PATHS.boardPage}?fid=${fid}`;
}

/** A URL, or null when the text is not one. */
export function tryUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The page kind of a board URL: list, thread (detail), other (directory), or null. */
export function liuyanPageKindOf(url: string): PageKind | null {
  const u = tryUrl(url);
  if (u && u.origin === STAT_ORIGIN && u.pathname === STAT_PATH) return 'report';
  if (!u || u.origin !== LIUYAN_ORIGIN) return null;
  switch (u.pathname) {
    case PATHS.list:
    case PATHS.listG1:
      return 'list';
    case PATHS.detail:
      return 'thread';
    case PATHS.publicThread:
      return u.searchParams.has('tid') ? 'thread' : null;
    case PATHS.topForums:
    case PATHS.topBwForums:
      return 'other';
    default:
      return null;
  }
}

/**
 * One URL per page: https, identity query keys only, in order; a message's public page
 * becomes its detail API URL.
 */
export function liuyanCanonicalUrl(url: string): string {
  const u = tryUrl(url);
  if (!u) return url;
  // The site's totals: callback and cache-buster are no part of what is asked.
  if (u.hostname === new URL(STAT_ORIGIN).hostname && u.pathname === STAT_PATH) return STAT_URL;
  if (u.hostname === new URL(LIUYAN_ORIGIN).hostname) u.protocol = 'https:';
  if (u.origin !== LIUYAN_ORIGIN) return url;
  const tid = u.searchParams.get('tid');
  if (u.pathname === PATHS.publicThread && tid) return detailUrl(tid);
  const query = IDENTITY_KEYS.flatMap((k) => {
    const v = u.searchParams.get(k);
    return v === null ? [] : [`${k}=${encodeURIComponent(v)}`];
  });
  return `${LIUYAN_ORIGIN}${u.pathname}${query.length ? `?${query.join('&')}` : ''}`;
}

/** The number in a query key of a URL, or null. */
export function queryInt(url: string, key: string): number | null {
  const v = tryUrl(url)?.searchParams.get(key);
  return v && /^\d+$/.test(v) ? Number(v) : null;
}
