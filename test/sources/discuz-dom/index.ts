/**
 * The DOM-based reading of Discuz! X pages as it was before the one-pass reader (src/sources/discuz):
 * the whole document built by cheerio, then queried. Kept in the tests only, as the reference
 * the differential test (discuz-differential.test.ts) compares the one-pass reader with.
 */
import { loadHtml } from '../../../src/extract/dom.js';
import { indexed } from '../../../src/extract/dom-index.js';
import { ParseError } from '../../../src/extract/errors.js';
import { normalizeText } from '../../../src/extract/text.js';
import type { Extraction } from '../../../src/model/extraction.js';
import { emptyExtraction } from '../../../src/model/extraction.js';
import type { Page } from '../../../src/sources/types.js';
import type { DiscuzConfig } from '../../../src/sources/discuz/config.js';
import { parseGuidePage, parseListPage } from './list.js';
import { isTouchPage, parseTouchList, parseTouchThread } from './touch.js';
import { pageContext } from './page.js';
import { parseThreadPage } from './thread.js';
import type { CheerioAPI } from 'cheerio';
import { canonicalOf, KNOWN_REWRITES, parseDiscuzUrl, type DiscuzPage } from '../../../src/sources/discuz/urls.js';

/**
 * Parses one Discuz! X page (thread or forum list) with a board's config. The kind comes from
 * the URL, else from the page (`#postlist` = thread, `#threadlisttableid` = list). A Discuz
 * message page (`#messagetext`, e.g. 指定的主题不存在或已被删除) gives kind `other` with a warning.
 */
export function parseDiscuzPageDom(config: DiscuzConfig, page: Page): Extraction {
  // Whole-page queries from a one-pass index: the thread parser asks a dozen of them.
  const $ = indexed(loadHtml(page.body));
  const ctx = pageContext($, page.url, config);
  const known = parseDiscuzUrl(page.url, [...(config.rewriteRules ?? []), ...KNOWN_REWRITES]);
  const hasPosts = $('#postlist').length > 0;
  const hasList = $('#threadlisttableid').length > 0;
  if (!hasPosts && !hasList && $('#messagetext').length > 0) {
    const out = emptyExtraction(config.id, known ? canonicalOf(ctx.site, known, config.urlForm) : page.url, 'other');
    const notice = normalizeText($('#messagetext p').first().text()) ?? '';
    out.warnings = [`discuz message: ${notice}`];
    // "指定的主题不存在或已被删除或正在被审核": the thread is gone from the board (seen 2019).
    if (known?.kind === 'thread' && /不存在|已被删除/.test(notice)) out.gone = [known.tid];
    return out;
  }
  const touch = isTouchPage(ctx);
  if (known?.kind === 'guide') return parseGuidePage(ctx, known);
  if (!hasPosts && !hasList && !touch) refuseUnknownTemplate($, page.url, known);
  if (touch) return known?.kind === 'list' || (!known && $('div.threadlist').length) ? parseTouchList(ctx, known?.kind === 'list' ? known : null) : parseTouchThread(ctx, known?.kind === 'thread' ? known : null);
  if (known?.kind === 'thread') return parseThreadPage(ctx, known);
  if (known?.kind === 'list') return parseListPage(ctx, known);
  if (hasPosts) return parseThreadPage(ctx, null);
  if (hasList) return parseListPage(ctx, null);
  throw new ParseError(page.url, '#postlist', 'neither a thread (#postlist) nor a list (#threadlisttableid)');
}

/**
 * Fails with a ParseError naming the template when a Discuz page is in a template this
 * adapter does not read: the old mobile template (`mobile=1`, `mobile=3`), or a phone page
 * that is neither the touch template's thread nor its list.
 */
function refuseUnknownTemplate($: CheerioAPI, url: string, known: DiscuzPage | null): void {
  const mobile = known?.mobile ?? null;
  if (mobile && mobile !== '2' && mobile !== 'no') {
    throw new ParseError(url, `Discuz! mobile template (mobile=${mobile})`, 'not read: ask for the touch template (mobile=2) or the desktop one (mobile=no)');
  }
  if ($('meta[name=viewport]').length > 0 && known?.kind !== undefined) {
    throw new ParseError(url, 'Discuz! phone template', 'neither the touch template (div.postlist div.plc, div.threadlist li) nor the desktop one (#postlist, #threadlisttableid)');
  }
}
