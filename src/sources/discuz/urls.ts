/**
 * Discuz! X URLs: what a URL points to, in which form the board writes it, and the one
 * canonical URL of each page in that form. A board writes its URLs in one of these forms:
 * - query, what every board answers and what boards without URL rewriting link:
 *   `forum.php?mod=viewthread&tid=..&page=..`, `forum.php?mod=forumdisplay&fid=..&page=..`;
 * - a rewrite rule (Discuz's 伪静态): the default `thread-{tid}-{page}-{prevpage}.html` and
 *   `forum-{fid}-{page}.html`, or a board's own rule such as `t{tid}-{page}-{prevpage}.html`
 *   and `f{fid}-{page}.html` (with or without `.html`).
 * Lists filtered by thread type (`&filter=typeid&typeid=..`) and guide lists
 * (`forum.php?mod=guide&view=new`) exist only in the query form. A page keeps the form it was
 * given in: a board that never links `thread-<tid>-1-1.html` never gets one invented for it.
 * The touch template's `mobile=2` stays on the URLs that carry it, so a board that serves only
 * that template is asked for it again.
 */

/** A rewrite rule as Discuz's settings write it (`{tid}`, `{fid}`, `{page}`, `{prevpage}`). */
export interface RewriteRule {
  thread: string;
  list: string;
}

/** The default rule of Discuz! X (`thread-1-1-1.html`, `forum-2-1.html`). */
export const DEFAULT_REWRITE: RewriteRule = { thread: 'thread-{tid}-{page}-{prevpage}.html', list: 'forum-{fid}-{page}.html' };

/** Rules boards set themselves that are read without configuration (`t881-1-1.html`, `f2-1`). */
export const KNOWN_REWRITES: readonly RewriteRule[] = [
  DEFAULT_REWRITE,
  { thread: 't{tid}-{page}-{prevpage}.html', list: 'f{fid}-{page}.html' },
  { thread: 't{tid}-{page}-{prevpage}', list: 'f{fid}-{page}' },
];

/** How a URL is written: the query form or a rewrite rule. */
export type UrlForm = 'query' | RewriteRule;

export type DiscuzPage =
  | { kind: 'thread'; tid: string; page: number; form: UrlForm; mobile: string | null }
  | { kind: 'list'; fid: string; page: number; typeid: string | null; form: UrlForm; mobile: string | null }
  | { kind: 'guide'; view: string; page: number; mobile: string | null };

function pageNumber(value: string | null | undefined): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

const TEMPLATE_CACHE = new Map<string, RegExp>();

/** The regular expression of a rule template: `{tid}`/`{fid}` and `{page}` captured in that order. */
function templateRegex(template: string): RegExp {
  let re = TEMPLATE_CACHE.get(template);
  if (!re) {
    const source = template
      .split(/(\{(?:tid|fid|page|prevpage)\})/)
      .map((part) => {
        if (part === '{tid}' || part === '{fid}' || part === '{page}') return '(\\d+)';
        if (part === '{prevpage}') return '\\d+';
        return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('');
    re = new RegExp(`^${source}$`);
    TEMPLATE_CACHE.set(template, re);
  }
  return re;
}

function fill(template: string, id: string, page: number): string {
  return template.replace(/\{[tf]id\}/, id).replace('{page}', String(page)).replace('{prevpage}', '1');
}

/**
 * Reads a Discuz! X thread, list or guide URL; null for anything else (or an unparsable URL).
 * `rules` are the rewrite rules to recognise (the known ones unless a board names others).
 */
export function parseDiscuzUrl(url: string, rules: readonly RewriteRule[] = KNOWN_REWRITES): DiscuzPage | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  const file = u.pathname.slice(u.pathname.lastIndexOf('/') + 1);
  const q = u.searchParams;
  const mobile = q.get('mobile');
  for (const rule of rules) {
    const thread = file.match(templateRegex(rule.thread));
    if (thread?.[1]) return { kind: 'thread', tid: thread[1], page: pageNumber(thread[2]), form: rule, mobile };
    const list = file.match(templateRegex(rule.list));
    if (list?.[1]) return { kind: 'list', fid: list[1], page: pageNumber(list[2]), typeid: null, form: rule, mobile };
  }
  if (file !== 'forum.php') return null;
  const tid = q.get('tid');
  if (q.get('mod') === 'viewthread' && tid && /^\d+$/.test(tid)) {
    return { kind: 'thread', tid, page: pageNumber(q.get('page')), form: 'query', mobile };
  }
  const fid = q.get('fid');
  if (q.get('mod') === 'forumdisplay' && fid && /^\d+$/.test(fid)) {
    const typeid = q.get('filter') === 'typeid' ? q.get('typeid') : null;
    const typed = typeid && /^\d+$/.test(typeid) ? typeid : null;
    return { kind: 'list', fid, page: pageNumber(q.get('page')), typeid: typed, form: 'query', mobile };
  }
  if (q.get('mod') === 'guide') {
    const view = q.get('view') ?? 'hot';
    if (/^[a-z]+$/.test(view)) return { kind: 'guide', view, page: pageNumber(q.get('page')), mobile };
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

function mobileParam(mobile: string | null | undefined): string {
  return mobile ? `&mobile=${encodeURIComponent(mobile)}` : '';
}

/**
 * Canonical URL of a thread page in a form: `{site}thread-{tid}-{page}-1.html` (default rule),
 * `{site}forum.php?mod=viewthread&tid={tid}` (query form, `&page=N` from page 2 on), ...
 */
export function threadUrl(site: string, tid: string, page = 1, form: UrlForm = DEFAULT_REWRITE, mobile: string | null = null): string {
  if (form === 'query') return `${withSlash(site)}forum.php?mod=viewthread&tid=${tid}${page > 1 ? `&page=${page}` : ''}${mobileParam(mobile)}`;
  return `${withSlash(site)}${fill(form.thread, tid, page)}`;
}

/**
 * Canonical URL of a list page in a form: `{site}forum-{fid}-{page}.html` (default rule) or
 * `{site}forum.php?mod=forumdisplay&fid={fid}&page={page}`; the query form whenever the list
 * is filtered by thread type (a rewrite rule cannot carry the filter).
 */
export function listUrl(
  site: string,
  fid: string,
  page = 1,
  typeid: string | null = null,
  form: UrlForm = DEFAULT_REWRITE,
  mobile: string | null = null,
): string {
  const base = withSlash(site);
  if (typeid) return `${base}forum.php?mod=forumdisplay&fid=${fid}&filter=typeid&typeid=${typeid}&page=${page}${mobileParam(mobile)}`;
  if (form === 'query') return `${base}forum.php?mod=forumdisplay&fid=${fid}&page=${page}${mobileParam(mobile)}`;
  return `${base}${fill(form.list, fid, page)}`;
}

/** Canonical URL of a guide list (`forum.php?mod=guide&view=new&page=2`). */
export function guideUrl(site: string, view: string, page = 1, mobile: string | null = null): string {
  return `${withSlash(site)}forum.php?mod=guide&view=${view}&page=${page}${mobileParam(mobile)}`;
}

/**
 * The canonical URL of a parsed Discuz! page on `site`, in the page's own form unless `form`
 * (a board's configured form) says otherwise.
 */
export function canonicalOf(site: string, page: DiscuzPage, form?: UrlForm): string {
  if (page.kind === 'guide') return guideUrl(site, page.view, page.page, page.mobile);
  const f = form ?? page.form;
  return page.kind === 'thread'
    ? threadUrl(site, page.tid, page.page, f, page.mobile)
    : listUrl(site, page.fid, page.page, page.typeid, f, page.mobile);
}
