/**
 * URLs of the 荆楚问政 API (http://api.wz.cnhubei.com/api/, every call a GET with `type=pc`)
 * and of its public detail pages (`/html/detail/{id}.html`, the URL stored for a message).
 */
import type { PageKind } from '../../model/extraction.js';

/** The one public origin of the board and its API. */
export const WZ_ORIGIN = 'http://api.wz.cnhubei.com';

/** Query parameters of a list request, in the order the canonical URL writes them. */
const LIST_PARAMS = ['list_type', 'deplist_type', 'deptid', 'area', 'page', 'pagesize'] as const;

/** What a list request asks for. */
export interface ListQuery {
  listType: string;
  page: number;
  pageSize: number;
  /** Optional filters (`deplist_type`, `deptid`, `area`), kept as the request gave them. */
  filters?: Record<string, string>;
}

/** The public detail page of a message: `http://api.wz.cnhubei.com/html/detail/{id}.html`. */
export function publicDetailUrl(id: string | number): string {
  return `${WZ_ORIGIN}/html/detail/${id}.html`;
}

/** The API request for a message's detail: `.../api/sugdetail?suid={id}&type=pc`. */
export function detailApiUrl(id: string | number): string {
  return `${WZ_ORIGIN}/api/sugdetail?suid=${id}&type=pc`;
}

/** The API request for one page of a message list (`allsuglist`). */
export function listApiUrl(q: ListQuery): string {
  const params = new URLSearchParams();
  const values: Record<string, string> = {
    ...q.filters,
    list_type: q.listType,
    page: String(q.page),
    pagesize: String(q.pageSize),
  };
  for (const k of LIST_PARAMS) if (values[k] !== undefined) params.set(k, values[k]);
  params.set('type', 'pc');
  return `${WZ_ORIGIN}/api/allsuglist?${params.toString()}`;
}

/** The list query of an `allsuglist` URL (defaults: list_type 1, page 1, pagesize 20). */
export function listQueryOf(url: URL): ListQuery {
  const p = url.searchParams;
  const filters: Record<string, string> = {};
  for (const k of ['deplist_type', 'deptid', 'area']) {
    const v = p.get(k);
    if (v !== null) filters[k] = v;
  }
  return {
    listType: p.get('list_type') ?? '1',
    page: positiveInt(p.get('page')) ?? 1,
    pageSize: positiveInt(p.get('pagesize')) ?? 20,
    filters,
  };
}

function positiveInt(s: string | null): number | null {
  return s !== null && /^\d+$/.test(s) && Number(s) > 0 ? Number(s) : null;
}

/** The message id a detail URL names: `suid` of a sugdetail request or the public page's id. */
export function detailIdOf(url: URL): string | null {
  if (/\/api\/sugdetail$/.test(url.pathname)) {
    const suid = url.searchParams.get('suid');
    return suid && /^\d+$/.test(suid) ? suid : null;
  }
  return url.pathname.match(/\/html\/detail\/(\d+)\.html$/)?.[1] ?? null;
}

/** Parses a URL, or null when it is not one. */
export function tryUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * The page kind of a URL by its path (the host is not checked, so mapped origins work):
 * `allsuglist` -> list; `sugdetail` and the public `html/detail/{id}.html` -> thread.
 */
export function wenzhengPageKindOf(url: string): PageKind | null {
  const u = tryUrl(url);
  if (!u) return null;
  if (/\/api\/allsuglist$/.test(u.pathname)) return 'list';
  if (detailIdOf(u) !== null) return 'thread';
  return null;
}

/**
 * The one URL of a page: list requests with their parameters in a fixed order and `type=pc`;
 * a detail (API request or public page) as its `sugdetail` request, the URL the crawler fetches.
 * Other URLs come back without their fragment.
 */
export function wenzhengCanonicalUrl(url: string): string {
  const u = tryUrl(url);
  if (!u) return url;
  if (/\/api\/allsuglist$/.test(u.pathname)) return listApiUrl(listQueryOf(u));
  const id = detailIdOf(u);
  if (id !== null) return detailApiUrl(id);
  u.hash = '';
  return u.toString();
}
