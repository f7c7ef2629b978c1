/**
 * Discuz! X forum list pages (`forum-{fid}-{page}.html`): one message per thread row
 * (`tbody[id^=normalthread_]`, sticky `stickthread_`) with what the row shows.
 */
import type { Cheerio } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { intOf, requireOne } from '../../extract/dom.js';
import { ParseError } from '../../extract/errors.js';
import { normalizeText } from '../../extract/text.js';
import type { Extraction, Message } from '../../model/extraction.js';
import { emptyExtraction } from '../../model/extraction.js';
import { boardOf, countOf, readPager, timeOf, typeOrStatus, type DiscuzPageContext } from './page.js';
import { listUrl, parseDiscuzUrl, threadUrl } from './urls.js';

const ROW_ID = /^(?:normal|stick)thread_(\d+)$/;

function authorOf(cell: Cheerio<AnyNode>): string | null {
  const name = normalizeText(cell.find('cite a').first().text());
  return name === '匿名' ? null : name;
}

function readRow(ctx: DiscuzPageContext, row: Cheerio<AnyNode>, tid: string, board: string | null): Message {
  const { url, config } = ctx;
  const title = normalizeText(requireOne(ctx.$, 'a.xst', url, row).text());
  const by = row.find('td.by');
  const first = by.first();
  const { category, statusRaw } = typeOrStatus(config, row.find('th em a').first().text());
  // `span.tps` links the thread's pages; its last link is the last page (`.. 57`).
  const pageLinks = row
    .find('span.tps a')
    .toArray()
    .map((a) => intOf(ctx.$(a).text()) ?? 1);
  return {
    externalId: tid,
    url: threadUrl(ctx.site, tid, 1),
    title,
    body: null,
    author: authorOf(first),
    postedAt: timeOf(first.find('em').first()),
    board,
    department: null,
    category,
    status: statusRaw ? config.statusWords[statusRaw]! : null,
    statusRaw,
    views: countOf(row.find('td.num em').first()),
    replyCount: countOf(row.find('td.num a').first()),
    lastPostAt: by.length > 1 ? timeOf(by.last().find('em').first()) : null,
    pageCount: Math.max(1, ...pageLinks),
  };
}

/**
 * Parses a forum list page. `known` is what the URL said (fid, page, type filter); without
 * it the fid is read from `#threadlisttableid` and the page from the pager. Throws
 * ParseError when there are no thread rows and no "尚无主题" notice.
 */
export function parseListPage(
  ctx: DiscuzPageContext,
  known: { fid: string; page: number; typeid: string | null } | null,
): Extraction {
  const { $, url } = ctx;
  const rows = $('tbody[id^=normalthread_], tbody[id^=stickthread_]');
  const empty = $('#threadlisttableid p.emp, #threadlist p.emp').text().includes('尚无主题');
  if (rows.length === 0 && !empty) throw new ParseError(url, 'tbody[id^=normalthread_]');
  const fid = known?.fid ?? /forum_(\d+)/.exec($('#threadlisttableid').attr('summary') ?? '')?.[1];
  if (!fid) throw new ParseError(url, '#threadlisttableid[summary]', 'no fid in the URL nor the page');
  const pager = readPager($);
  const page = known?.page ?? pager.current ?? 1;
  const typeid = known?.typeid ?? null;
  const board = boardOf(ctx);

  const out = emptyExtraction(ctx.config.id, listUrl(ctx.site, fid, page, typeid), 'list');
  const seen = new Set<string>();
  for (const el of rows.toArray()) {
    const tid = ROW_ID.exec($(el).attr('id') ?? '')?.[1];
    if (!tid || seen.has(tid)) continue;
    seen.add(tid);
    const message = readRow(ctx, $(el), tid, board);
    out.messages.push(message);
    const sticky = ($(el).attr('id') ?? '').startsWith('stick');
    if (!sticky || ctx.config.followSticky !== false) out.links.push({ url: message.url, kind: 'thread' });
  }
  out.pageCount = pager.pageCount ?? 1;
  if (pager.hasNext) {
    const next = parseDiscuzUrl(ctx.resolve(pager.nextHref ?? undefined) ?? '');
    const nextPage = next?.kind === 'list' && next.fid === fid ? next.page : page + 1;
    out.links.push({ url: listUrl(ctx.site, fid, nextPage, typeid), kind: 'list' });
  }
  return out;
}
