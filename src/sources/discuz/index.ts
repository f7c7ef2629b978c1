/**
 * Discuz! X boards: `createDiscuzAdapter(config)` makes an adapter for one board, and
 * `discuzAdapter` is the generic one (`discuz`) that parses any Discuz! X thread or forum
 * list page on the site its URL (or `<base href>`) names.
 */
import { loadHtml } from '../../extract/dom.js';
import { indexed } from '../../extract/dom-index.js';
import { ParseError } from '../../extract/errors.js';
import { normalizeText } from '../../extract/text.js';
import type { Extraction, PageKind } from '../../model/extraction.js';
import { emptyExtraction } from '../../model/extraction.js';
import { getRequest, type Page, type SourceAdapter } from '../types.js';
import { STATUS_WORDS, unitAccountRule, type DiscuzConfig } from './config.js';
import { parseGuidePage, parseListPage } from './list.js';
import { isTouchPage, parseTouchList, parseTouchThread } from './touch.js';
import { pageContext, type DiscuzListContext } from './page.js';
import { scanDiscuzPage, type DiscuzScan } from './scan.js';
import { parseThreadPage } from './thread.js';
import { canonicalOf, KNOWN_REWRITES, listUrl, parseDiscuzUrl, siteOf, threadUrl, withSlash, type DiscuzPage } from './urls.js';

export * from './config.js';
export { floorOf } from './thread.js';
export { canonicalOf, DEFAULT_REWRITE, KNOWN_REWRITES, listUrl, parseDiscuzUrl, threadUrl, type DiscuzPage, type RewriteRule, type UrlForm } from './urls.js';

/** Placeholder base URL of the generic adapter, which has no site of its own. */
export const GENERIC_BASE_URL = 'http://discuz.invalid';

/**
 * Parses one Discuz! X page (thread or forum list) with a board's config. The kind comes from
 * the URL, else from the page (`#postlist` = thread, `#threadlisttableid` = list). A Discuz
 * message page (`#messagetext`, e.g. 指定的主题不存在或已被删除) gives kind `other` with a warning.
 * Thread pages are read in one pass without building the document (scan.ts); list pages
 * build it for their rows.
 */
export function parseDiscuzPage(config: DiscuzConfig, page: Page): Extraction {
  const scan = scanDiscuzPage(page.body);
  const ctx = pageContext(scan, page.url, config);
  // Whole-page queries from a one-pass index: the list parsers ask several.
  const listCtx = (): DiscuzListContext => ({ ...ctx, $: indexed(loadHtml(page.body)) });
  const known = parseDiscuzUrl(page.url, [...(config.rewriteRules ?? []), ...KNOWN_REWRITES]);
  const hasPosts = scan.has.postlist;
  const hasList = scan.has.threadList;
  if (!hasPosts && !hasList && scan.has.messageText) {
    const out = emptyExtraction(config.id, known ? canonicalOf(ctx.site, known, config.urlForm) : page.url, 'other');
    const notice = normalizeText(scan.messageNotice?.value ?? '') ?? '';
    out.warnings = [`discuz message: ${notice}`];
    // "指定的主题不存在或已被删除或正在被审核": the thread is gone from the board (seen 2019).
    if (known?.kind === 'thread' && /不存在|已被删除/.test(notice)) out.gone = [known.tid];
    return out;
  }
  const touch = isTouchPage(ctx);
  if (known?.kind === 'guide') return parseGuidePage(listCtx(), known);
  if (!hasPosts && !hasList && !touch) refuseUnknownTemplate(scan, page.url, known);
  if (touch) return known?.kind === 'list' || (!known && scan.has.touchThreadList) ? parseTouchList(listCtx(), known?.kind === 'list' ? known : null) : parseTouchThread(ctx, known?.kind === 'thread' ? known : null);
  if (known?.kind === 'thread') return parseThreadPage(ctx, known);
  if (known?.kind === 'list') return parseListPage(listCtx(), known);
  if (hasPosts) return parseThreadPage(ctx, null);
  if (hasList) return parseListPage(listCtx(), null);
  throw new ParseError(page.url, '#postlist', 'neither a thread (#postlist) nor a list (#threadlisttableid)');
}

/**
 * Fails with a ParseError naming the template when a Discuz page is in a template this
 * adapter does not read: the old mobile template (`mobile=1`, `mobile=3`), or a phone page
 * that is neither the touch template's thread nor its list.
 */
function refuseUnknownTemplate(scan: DiscuzScan, url: string, known: DiscuzPage | null): void {
  const mobile = known?.mobile ?? null;
  if (mobile && mobile !== '2' && mobile !== 'no') {
    throw new ParseError(url, `Discuz! mobile template (mobile=${mobile})`, 'not read: ask for the touch template (mobile=2) or the desktop one (mobile=no)');
  }
  if (scan.has.viewport && known?.kind !== undefined) {
    throw new ParseError(url, 'Discuz! phone template', 'neither the touch template (div.postlist div.plc, div.threadlist li) nor the desktop one (#postlist, #threadlisttableid)');
  }
}

/** Makes the adapter of one Discuz! X board (see DiscuzConfig). */
export function createDiscuzAdapter(config: DiscuzConfig): SourceAdapter {
  const site = config.baseUrl ? withSlash(config.baseUrl) : null;
  const fid = config.fid === null ? null : String(config.fid);
  const rules = [...(config.rewriteRules ?? []), ...KNOWN_REWRITES];
  const parse = (url: string) => parseDiscuzUrl(url, rules);
  return {
    id: config.id,
    name: config.name,
    baseUrl: config.baseUrl ?? GENERIC_BASE_URL,
    origins: site ? [new URL(site).origin] : [],
    pageKinds: ['list', 'thread'],
    version: config.version,
    slaHours: config.slaHours,
    defaultRate: config.defaultRate,
    region: config.region,
    // The query form is answered by every board, rewritten or not.
    startUrls: () => (site && fid ? [getRequest(listUrl(site, fid, 1, null, config.urlForm ?? 'query'), 'list')] : []),
    pageKindOf(url: string): PageKind | null {
      const p = parse(url);
      if (!p || (p.kind === 'list' && fid !== null && p.fid !== fid)) return null;
      return p.kind === 'guide' ? 'list' : p.kind;
    },
    changedThreadPages(row, before) {
      const p = parse(row.url);
      const grew = before != null && row.replyCount != null && row.replyCount > before;
      if (!grew || p?.kind !== 'thread') return [getRequest(row.url, 'thread')];
      // Posts are numbered from 0 (the first floor): reply n is post n, on page n / ppp + 1.
      const page = Math.floor((before + 1) / (config.postsPerPage ?? 10)) + 1;
      return [getRequest(threadUrl(site ?? siteOf(row.url), p.tid, page, config.urlForm ?? p.form, p.mobile), 'thread')];
    },
    canonicalUrl(url: string): string {
      const p = parse(url);
      return p ? canonicalOf(site ?? siteOf(url), p, config.urlForm) : url.replace(/#.*$/, '');
    },
    parse: (page: Page) => parseDiscuzPage(config, page),
  };
}

/** The generic `discuz` configuration: any Discuz! X board, sites taken from the page URLs. */
export const genericDiscuzConfig: DiscuzConfig = {
  id: 'discuz',
  name: 'Discuz! X board (generic)',
  baseUrl: null,
  fid: null,
  boardName: null,
  slaHours: 24,
  defaultRate: 1,
  region: null,
  version: '4',
  isOfficial: unitAccountRule(),
  statusWords: STATUS_WORDS,
};

/** The generic `discuz` adapter; `crawl discuz --base-url URL --fid N` configures a board. */
export const discuzAdapter: SourceAdapter = createDiscuzAdapter(genericDiscuzConfig);

/**
 * The stable source id of a board configured with `crawl discuz --base-url --fid`:
 * `discuz:<host>:<fid>` (CONTRACT.md section 2), so two boards never share rows.
 */
export function discuzBoardId(baseUrl: string, fid: number): string {
  return `discuz:${new URL(baseUrl).host.toLowerCase()}:${fid}`;
}

/** The host and fid a `discuz:<host>:<fid>` id names, or null for any other id. */
export function parseDiscuzBoardId(id: string): { host: string; fid: number } | null {
  const m = /^discuz:([^/\s]+):(\d+)$/.exec(id);
  return m ? { host: m[1]!, fid: Number(m[2]) } : null;
}

/**
 * The adapter of one configured Discuz! X board. With its base URL it can crawl; without
 * (reextract, snapshot: only the id is known) it parses pages on the site of their own URLs.
 */
export function discuzBoardAdapter(id: string, baseUrl: string | null): SourceAdapter | undefined {
  const board = parseDiscuzBoardId(id);
  if (!board) return undefined;
  return createDiscuzAdapter({
    ...genericDiscuzConfig,
    id,
    name: `Discuz! X board ${board.host} fid ${board.fid}`,
    baseUrl,
    fid: board.fid,
  });
}
