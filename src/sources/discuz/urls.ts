/**
 * Discuz! X URLs: what a URL points to and the one canonical form of each page.
 * Threads: `thread-{tid}-{page}-1.html` or `forum.php?mod=viewthread&tid=..&page=..`.
 * Lists: `forum-{fid}-{page}.html` or `forum.php?mod=forumdisplay&fid=..&page=..`
 * (optionally `&filter=typeid&typeid=..`).
 */

export type DiscuzPage =
  | { kind: 'thread'; tid: string; page: number }
  | { kind: 'list'; fid: string; page: number; typeid: string | null };

function pageNumber(value: string | null | undefined): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/** Reads a Discuz! X thread or list URL; null for anything else (or an unparsable URL). */
export function parseDiscuzUrl(url: string): DiscuzPage | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  const file = u.pathname.slice(u.pathname.lastIndexOf('/') + 1);
  const thread = file.match(/^thread-(\d+)-(\d+)-\d+\.html$/);
  if (thread) return { kind: 'thread', tid: thread[1], page: pageNumber(thread[2]) };
  const list = file.match(/^forum-(\d+)-(\d+)\.html$/);
  if (list) return { kind: 'list', fid: list[1], page: pageNumber(list[2]), typeid: null };
  if (file !== 'forum.php') return null;
  const q = u.searchParams;
  const tid = q.get('tid');
  if (q.get('mod') === 'viewthread' && tid && /^\d+$/.test(tid)) {
    return { kind: 'thread', tid, page: pageNumber(q.get('page')) };
  }
  const fid = q.get('fid');
  if (q.get('mod') === 'forumdisplay' && fid && /^\d+$/.test(fid)) {
    const typeid = q.get('filter') === 'typeid' ? q.get('typeid') : null;
    return { kind: 'list', fid, page: pageNumber(q.get('page')), typeid: typeid && /^\d+$/.test(typeid) ? typeid : null };
  }
  return null;
}

/** The folder a page lives in (`http://host/bbs/` for `http://host/bbs/forum.php?..`). */
export function siteOf(url: string): string {
  return new URL('./', url).href;
}

/** Ensures a base URL ends with a slash so that relative paths resolve inside it. */
export function withSlash(base: string): string {
  return base.endsWith('/') ? base : `${base}/`;
}

/** Canonical URL of a thread page: `{site}thread-{tid}-{page}-1.html`. */
export function threadUrl(site: string, tid: string, page = 1): string {
  return `${withSlash(site)}thread-${tid}-${page}-1.html`;
}

/**
 * Canonical URL of a list page: `{site}forum-{fid}-{page}.html`, or the query form when the
 * list is filtered by thread type (the rewrite form cannot carry the filter).
 */
export function listUrl(site: string, fid: string, page = 1, typeid: string | null = null): string {
  const base = withSlash(site);
  if (typeid) return `${base}forum.php?mod=forumdisplay&fid=${fid}&filter=typeid&typeid=${typeid}&page=${page}`;
  return `${base}forum-${fid}-${page}.html`;
}

/** The canonical URL of a parsed Discuz! page on `site`. */
export function canonicalOf(site: string, page: DiscuzPage): string {
  return page.kind === 'thread' ? threadUrl(site, page.tid, page.page) : listUrl(site, page.fid, page.page, page.typeid);
}
