/**
 * Discuz! X forum list pages (`forum-{fid}-{page}.html`): one message per thread row
 * (`tbody[id^=normalthread_]`, sticky `stickthread_`) with what the row shows.
 */
import type { Cheerio } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { intOf, requireOne, titledOf } from '../../extract/dom.js';
import { ParseError } from '../../extract/errors.js';
import { authorName, normalizeText } from '../../extract/text.js';
import type { Extraction, Message } from '../../model/extraction.js';
import { emptyExtraction } from '../../model/extraction.js';
import { boardOf, countOf, readPager, timeOf, typeOrStatus, type DiscuzListContext } from './page.js';
import { guideUrl, listUrl, threadUrl, type DiscuzPage, type UrlForm } from './urls.js';

const ROW_ID = /^(?:normal|stick)thread_(\d+)$/;

/** The author as the row writes the name (hashed as written); null for 匿名. */
function authorOf(cell: Cheerio<AnyNode>): string | null {
  const name = authorName(cell.find('cite a').first().text());
  return name !== null && normalizeText(name) === '匿名' ? null : name;
}

function readRow(ctx: DiscuzListContext, row: Cheerio<AnyNode>, tid: string, board: string | null): Message {
  if (board === null) board = rowForum(ctx, row)?.name ?? null;
  const { url, config } = ctx;
  const title = normalizeText(requireOne(ctx.$, 'a.xst', url, row).text());
  // Author and last post are the td.by cells with a cite; a guide list puts the forum before them.
  const by = row.find('td.by').filter((_, el) => ctx.$(el).find('cite').length > 0);
  const first = by.first();
  const { category, statusRaw } = typeOrStatus(config, row.find('th em a').first().text());
  // `span.tps` links the thread's pages; its last link is the last page (`.. 57`).
  const pageLinks = row
    .find('span.tps a')
    .toArray()
    .map((a) => intOf(ctx.$(a).text()) ?? 1);
  return {
    externalId: tid,
    url: threadUrl(ctx.site, tid, 1, ctx.form),
    title,
    body: null,
    author: authorOf(first),
    postedAt: timeOf(titledOf(first.find('em').first())),
    board,
    department: null,
    category,
    status: statusRaw ? config.statusWords[statusRaw]! : null,
    statusRaw,
    views: countOf(titledOf(row.find('td.num em').first())),
    replyCount: countOf(titledOf(row.find('td.num a').first())),
    lastPostAt: by.length > 1 ? timeOf(titledOf(by.last().find('em').first())) : null,
    pageCount: Math.max(1, ...pageLinks),
  };
}

/** The forum a guide-list row names in its own td.by (`<a href="forum.php?mod=forumdisplay&fid=36">百姓问政</a>`). */
function rowForum(ctx: DiscuzListContext, row: Cheerio<AnyNode>): { fid: string; name: string | null } | null {
  for (const a of row.find('td.by a[href]').toArray()) {
    const target = ctx.parseLink(ctx.$(a).attr('href'));
    if (target?.kind === 'list') return { fid: target.fid, name: normalizeText(ctx.$(a).text()) };
  }
  return null;
}

/**
 * Parses a guide list (`forum.php?mod=guide&view=new|hot|digest|newthread`): threads of every
 * forum, each row naming its forum. A board adapter (configured fid) keeps its forum's rows only.
 */
export function parseGuidePage(ctx: DiscuzListContext, known: Extract<DiscuzPage, { kind: 'guide' }>): Extraction {
  const { $, url, config } = ctx;
  const rows = $('tbody[id^=normalthread_]');
  const empty = $('p.emp').text().includes('暂时还没有');
  if (rows.length === 0 && !empty) throw new ParseError(url, 'tbody[id^=normalthread_]', 'no rows in the guide list (forum.php?mod=guide)');
  const out = emptyExtraction(config.id, guideUrl(ctx.site, known.view, known.page, known.mobile), 'list');
  const seen = new Set<string>();
  for (const el of rows.toArray()) {
    const tid = ROW_ID.exec($(el).attr('id') ?? '')?.[1];
    if (!tid || seen.has(tid)) continue;
    seen.add(tid);
    const forum = rowForum(ctx, $(el));
    if (config.fid !== null && forum?.fid !== String(config.fid)) continue;
    const message = readRow(ctx, $(el), tid, config.boardName);
    out.messages.push(message);
    out.links.push({ url: message.url, kind: 'thread' });
  }
  const pager = readPager(ctx.scan);
  out.pageCount = pager.pageCount ?? 1;
  if (pager.hasNext) out.links.push({ url: guideUrl(ctx.site, known.view, known.page + 1, known.mobile), kind: 'list' });
  return out;
}

/**
 * Parses a forum list page. `known` is what the URL said (fid, page, type filter); without
 * it the fid is read from `#threadlisttableid` and the page from the pager. Throws
 * ParseError when there are no thread rows and no "尚无主题" notice.
 */
export function parseListPage(ctx: DiscuzListContext, known: Extract<DiscuzPage, { kind: 'list' }> | null): Extraction {
  const { $, url } = ctx;
  const rows = $('tbody[id^=normalthread_], tbody[id^=stickthread_]');
  const empty = $('#threadlisttableid p.emp, #threadlist p.emp').text().includes('尚无主题');
  if (rows.length === 0 && !empty) throw new ParseError(url, 'tbody[id^=normalthread_]');
  const fid = known?.fid ?? /forum_(\d+)/.exec($('#threadlisttableid').attr('summary') ?? '')?.[1];
  if (!fid) throw new ParseError(url, '#threadlisttableid[summary]', 'no fid in the URL nor the page');
  const pager = readPager(ctx.scan);
  const page = known?.page ?? pager.current ?? 1;
  const typeid = known?.typeid ?? null;
  const board = boardOf(ctx);
  const form: UrlForm = ctx.config.urlForm ?? known?.form ?? ctx.form;

  const out = emptyExtraction(ctx.config.id, listUrl(ctx.site, fid, page, typeid, form, known?.mobile), 'list');
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
    const next = ctx.parseLink(pager.nextHref ?? undefined);
    const nextPage = next?.kind === 'list' && next.fid === fid ? next.page : page + 1;
    out.links.push({ url: listUrl(ctx.site, fid, nextPage, typeid, form, known?.mobile), kind: 'list' });
  }
  return out;
}
