/**
 * The touch (mobile) template of Discuz! X (`template/default/touch`, pages asked for with
 * `mobile=2`, or served to phones). Some boards serve only this template. Threads: posts are
 * `div.postlist div.plc[id^=pid]`, the title the postlist's `h2` (`[type] title`), the floor
 * `li.grey em`, the author `li.grey b a`, the time `li.grey.rela`, the body `div.message`.
 * Lists: `div.threadlist li`, each a thread link holding the title and `span.by` (author),
 * with `span.num` (replies) beside it. The template prints neither views, nor list dates,
 * nor user groups: those stay null (the official rule then reads the account name only).
 */
import { titledOf } from '../../extract/dom.js';
import { ParseError } from '../../extract/errors.js';
import { authorName, normalizeBody, normalizeText } from '../../extract/text.js';
import type { Extraction, Message, Reply } from '../../model/extraction.js';
import { emptyExtraction } from '../../model/extraction.js';
import { addressedUnit, addresseeRule } from './addressed.js';
import { boardOf, countOf, NOTHING, readPager, timeOf, typeOrStatus, type DiscuzListContext, type DiscuzPageContext } from './page.js';
import type { TouchPostParts } from './scan-parts.js';
import { floorOf } from './thread.js';
import { listUrl, threadUrl, type DiscuzPage } from './urls.js';

/** True when the page is a touch-template thread (`div.postlist div.plc[id^=pid]`) or list (`div.threadlist li a[href]`). */
export function isTouchPage(ctx: DiscuzPageContext): boolean {
  return ctx.scan.touchPosts.length > 0 || ctx.scan.touchListLink;
}

function touchBoard(ctx: DiscuzPageContext): string | null {
  return ctx.config.boardName ?? normalizeText(ctx.scan.touchHeader?.value ?? '');
}

interface TouchPost {
  pid: string;
  author: string | null;
  postedAt: string;
  floor: number | null;
  body: string | null;
  official: boolean;
  department: string | null;
}

function readTouchPost(ctx: DiscuzPageContext, post: TouchPostParts): TouchPost {
  let author = authorName(post.author?.value ?? '');
  if (author !== null && normalizeText(author) === '匿名') author = null;
  const timeEl = post.time ?? NOTHING;
  const postedAt = timeOf(timeEl);
  if (!postedAt) throw new ParseError(ctx.url, `#pid${post.pid} li.grey.rela`, `no time in "${timeEl.value.trim()}" (Discuz! touch template)`);
  const normalised = normalizeText(author);
  const official = ctx.config.isOfficial({ name: normalised, group: null });
  return {
    pid: post.pid,
    author,
    postedAt,
    floor: floorOf(post.floor?.value ?? ''),
    body: normalizeBody(post.body?.value ?? ''),
    official,
    department: official ? normalised : null,
  };
}

/** Parses a touch-template thread page (see the module comment). */
export function parseTouchThread(ctx: DiscuzPageContext, known: Extract<DiscuzPage, { kind: 'thread' }> | null): Extraction {
  const { scan, url } = ctx;
  if (!known) throw new ParseError(url, 'tid', 'a Discuz! touch template thread names its tid only in the URL (forum.php?mod=viewthread&tid=)');
  const headingText = normalizeText(scan.touchHeading?.value ?? '') ?? '';
  const typed = headingText.match(/^\[([^\]]+)\]\s*(.*)$/);
  const title = typed ? typed[2] || null : headingText || null;
  if (!title) throw new ParseError(url, 'div.postlist > h2', 'no thread title (Discuz! touch template)');
  const { category, statusRaw } = typeOrStatus(ctx.config, typed?.[1] ?? '');
  const posts = scan.touchPosts.map((post) => readTouchPost(ctx, post));
  const pager = readPager(scan);
  const page = known.page;
  const first = page === 1 ? (posts.find((p) => p.floor === 1) ?? posts[0]) : undefined;
  const replies: Reply[] = posts
    .filter((p) => p !== first)
    .map((p) => ({
      messageExternalId: known.tid,
      externalId: p.pid,
      department: p.department,
      author: p.author,
      body: p.body,
      repliedAt: p.postedAt,
      official: p.official,
      floor: p.floor,
    }));
  const form = ctx.config.urlForm ?? known.form;
  const out = emptyExtraction(ctx.config.id, threadUrl(ctx.site, known.tid, page, form, known.mobile), 'thread');
  const pageCount = pager.pageCount ?? 1;
  if (first) {
    const firstOfficial = replies.find((r) => r.official);
    const message: Message = {
      externalId: known.tid,
      url: threadUrl(ctx.site, known.tid, 1, form),
      title,
      body: first.body,
      author: first.author,
      postedAt: first.postedAt,
      board: touchBoard(ctx),
      department: addressedUnit(statusRaw ? null : category, title, first.body, addresseeRule(ctx.config)),
      category,
      status: firstOfficial ? 'replied' : statusRaw ? ctx.config.statusWords[statusRaw]! : 'pending',
      statusRaw,
      views: null,
      replyCount: null,
      pageCount,
    };
    out.messages.push(message);
  }
  out.replies = replies;
  out.pageCount = pageCount;
  if (pager.hasNext) out.links.push({ url: threadUrl(ctx.site, known.tid, page + 1, form, known.mobile), kind: 'thread' });
  return out;
}

/** Parses a touch-template forum list (see the module comment). */
export function parseTouchList(ctx: DiscuzListContext, known: Extract<DiscuzPage, { kind: 'list' }> | null): Extraction {
  const { $, url } = ctx;
  if (!known) throw new ParseError(url, 'fid', 'a Discuz! touch template list names its fid only in the URL (forum.php?mod=forumdisplay&fid=)');
  const form = ctx.config.urlForm ?? known.form;
  const board = touchBoard(ctx) ?? boardOf(ctx);
  const out = emptyExtraction(ctx.config.id, listUrl(ctx.site, known.fid, known.page, known.typeid, form, known.mobile), 'list');
  const seen = new Set<string>();
  for (const li of $('div.threadlist li').toArray()) {
    const link = $(li).children('a[href]').first();
    const target = ctx.parseLink(link.attr('href'));
    if (target?.kind !== 'thread' || seen.has(target.tid)) continue;
    seen.add(target.tid);
    const titleEl = link.clone();
    titleEl.find('span, img').remove();
    const message: Message = {
      externalId: target.tid,
      url: threadUrl(ctx.site, target.tid, 1, ctx.config.urlForm ?? target.form),
      title: normalizeText(titleEl.text()),
      body: null,
      author: authorName(link.find('span.by').first().text()),
      postedAt: null,
      board,
      department: null,
      category: null,
      status: null,
      statusRaw: null,
      views: null,
      // The template leaves span.num out for a thread without replies.
      replyCount: countOf(titledOf($(li).children('span.num').first())) ?? 0,
    };
    out.messages.push(message);
    out.links.push({ url: threadUrl(ctx.site, target.tid, 1, ctx.config.urlForm ?? target.form, target.mobile), kind: 'thread' });
  }
  if (out.messages.length === 0) throw new ParseError(url, 'div.threadlist li a[href*=tid]', 'no thread rows (Discuz! touch template)');
  const pager = readPager(ctx.scan);
  out.pageCount = pager.pageCount ?? 1;
  if (pager.hasNext) out.links.push({ url: listUrl(ctx.site, known.fid, known.page + 1, known.typeid, form, known.mobile), kind: 'list' });
  return out;
}
