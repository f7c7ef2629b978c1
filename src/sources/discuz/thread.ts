/**
 * Discuz! X thread pages (`thread-{tid}-{page}-1.html`): page 1 gives the message (the first
 * floor) and its replies, later pages replies only. Selectors follow the X3.4 default
 * template (checked against the real talkop.com page in ../shared/fixtures/real/).
 */
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { blockText, requireOne } from '../../extract/dom.js';
import { ParseError } from '../../extract/errors.js';
import { normalizeBody, normalizeText } from '../../extract/text.js';
import type { Extraction, Message, Reply } from '../../model/extraction.js';
import { emptyExtraction } from '../../model/extraction.js';
import { boardOf, countOf, readPager, timeOf, typeOrStatus, type DiscuzPageContext } from './page.js';
import { parseDiscuzUrl, threadUrl } from './urls.js';

/** One floor of a thread as the page shows it. */
interface Post {
  pid: string;
  author: string | null;
  group: string | null;
  postedAt: string;
  floor: number | null;
  body: string | null;
  official: boolean;
}

const FLOOR_WORDS: Readonly<Record<string, number>> = { 楼主: 1, 沙发: 2, 板凳: 3, 地板: 4 };

/** Parts of a post body that are not the author's words. */
const NOT_BODY = [
  'script',
  'style',
  'i.pstatus', // 本帖最后由 ... 编辑
  'div.quote', // quoted post
  'blockquote',
  '.jammer', // anti-scraping random text
  '[style*="display:none"]',
  '[style*="display: none"]',
  '.tip', // hidden attachment pop-ups
  '.attach_nopermission', // login prompt shown to guests
  'div.locked', // 本帖隐藏的内容需要... (hidden to guests)
].join(', ');

/** Notices Discuz shows instead of the body of a banned author or a removed post. */
const REMOVED = /作者被禁止或删除|内容自动屏蔽|该帖被.{0,8}(屏蔽|删除)|该帖已被删除/;
const BANNED_AUTHOR = /作者被禁止或删除|内容自动屏蔽/;

/** 楼主 = 1, 沙发 = 2, 板凳 = 3, 地板 = 4, then `5#`; null for anything else. */
export function floorOf(text: string): number | null {
  const t = text.replace(/\s+/g, '');
  if (Object.hasOwn(FLOOR_WORDS, t)) return FLOOR_WORDS[t]!;
  const m = t.match(/(\d+)#?$/);
  return m ? Number(m[1]) : null;
}

function bodyOf(el: Cheerio<AnyNode>): string | null {
  const copy = el.clone();
  copy.find(NOT_BODY).remove();
  return normalizeBody(blockText(copy));
}

/**
 * Elements by id, collected in one pass: each post is read through five ids, and a `#id`
 * query scans the whole 270 KB page every time.
 */
function idIndex($: CheerioAPI): (id: string) => Cheerio<AnyNode> {
  const index = new Map<string, AnyNode>();
  for (const el of $('[id]').toArray()) {
    const id = $(el).attr('id');
    if (id && !index.has(id)) index.set(id, el);
  }
  const none: AnyNode[] = [];
  return (id) => $(index.get(id) ?? none);
}

function readPost(ctx: DiscuzPageContext, byId: (id: string) => Cheerio<AnyNode>, pid: string): Post {
  const { url, config } = ctx;
  const table = byId(`pid${pid}`);
  const side = byId(`favatar${pid}`).length ? byId(`favatar${pid}`) : table.find('td.pls');
  let author = normalizeText(side.find('.authi a.xw1').first().text());
  if (author === '匿名') author = null;
  const group = normalizeText(side.find('a[href*="ac=usergroup"]').first().text());
  const timeEl = byId(`authorposton${pid}`);
  if (timeEl.length === 0) throw new ParseError(url, `#authorposton${pid}`);
  const postedAt = timeOf(timeEl);
  if (!postedAt) throw new ParseError(url, `#authorposton${pid}`, `no time in "${timeEl.text().trim()}"`);
  const bodyEl = byId(`postmessage_${pid}`);
  let body = bodyEl.length ? bodyOf(bodyEl) : null;
  // The X3.4 template prints `div.locked` "提示: 作者被禁止或删除 内容自动屏蔽" (or "该帖被管理员或
  // 版主屏蔽") in place of the body; other templates put the notice in the body itself.
  const notice = bodyEl.length ? body : normalizeText(table.find('.locked').first().text());
  if (notice && notice.length < 40 && REMOVED.test(notice)) {
    body = null;
    if (BANNED_AUTHOR.test(notice)) author = null;
  }
  const floor = floorOf(byId(`postnum${pid}`).text());
  return { pid, author, group, postedAt, floor, body, official: config.isOfficial({ name: author, group }) };
}

/** The tid printed in the page: canonical link, quick-reply form, or a floor link. */
function tidFromPage(ctx: DiscuzPageContext): string | null {
  const { $ } = ctx;
  const hrefs = [
    $('link[rel=canonical]').attr('href'),
    $('#fastpostform').attr('action'),
    $('a[id^=postnum]').first().attr('href'),
  ];
  for (const href of hrefs) {
    const m = href?.match(/thread-(\d+)-\d+-\d+\.html|[?&](?:p?tid)=(\d+)/);
    if (m) return m[1] ?? m[2] ?? null;
  }
  return null;
}

function toReply(tid: string, post: Post): Reply {
  return {
    messageExternalId: tid,
    externalId: post.pid,
    department: post.official ? post.author : null,
    author: post.author,
    body: post.body,
    repliedAt: post.postedAt,
    official: post.official,
    floor: post.floor,
  };
}

function toMessage(ctx: DiscuzPageContext, tid: string, first: Post, replies: Reply[], pageCount: number): Message {
  const { $, config } = ctx;
  const title = normalizeText(requireOne($, '#thread_subject', ctx.url).text());
  const counts = $('div.hm.ptn span.xi1');
  const typeLink = $('h1.ts a[href*="typeid="]').first();
  const { category, statusRaw } = typeOrStatus(config, typeLink.text().replace(/^\s*\[|\]\s*$/g, ''));
  const firstOfficial = replies.find((r) => r.official);
  return {
    externalId: tid,
    url: threadUrl(ctx.site, tid, 1),
    title,
    body: first.body,
    author: first.author,
    postedAt: first.postedAt,
    board: boardOf(ctx),
    department: firstOfficial?.department ?? null,
    category,
    status: firstOfficial ? 'replied' : statusRaw ? config.statusWords[statusRaw]! : 'pending',
    statusRaw,
    views: counts.length >= 2 ? countOf(counts.eq(0)) : null,
    replyCount: counts.length >= 2 ? countOf(counts.eq(1)) : null,
    pageCount,
  };
}

/**
 * Parses a thread page. `known` is what the URL said (tid, page); without it both are read
 * from the page. Throws ParseError when `#postlist`, its posts or `#thread_subject` are missing.
 */
export function parseThreadPage(
  ctx: DiscuzPageContext,
  known: { tid: string; page: number } | null,
): Extraction {
  const { $, url } = ctx;
  const postlist = requireOne($, '#postlist', url);
  requireOne($, '#thread_subject', url);
  const pids = postlist
    .find('div[id^=post_]')
    .toArray()
    .map((el) => /^post_(\d+)$/.exec($(el).attr('id') ?? '')?.[1])
    .filter((pid): pid is string => pid !== undefined);
  if (pids.length === 0) throw new ParseError(url, '#postlist > div[id^=post_]');
  const tid = known?.tid ?? tidFromPage(ctx);
  if (!tid) throw new ParseError(url, 'tid', 'not in the URL nor the page');
  const pager = readPager($);
  const page = known?.page ?? pager.current ?? 1;
  const pageCount = pager.pageCount ?? 1;

  // Guard: Discuz X can show a reply stuck to the top (置顶回复) a second time; keep each pid once.
  const byId = idIndex($);
  const posts = [...new Set(pids)].map((pid) => readPost(ctx, byId, pid));
  const first = page === 1 ? (posts.find((p) => p.floor === 1) ?? posts[0]!) : null;
  const replies = posts.filter((p) => p !== first).map((p) => toReply(tid, p));

  const out = emptyExtraction(ctx.config.id, threadUrl(ctx.site, tid, page), 'thread');
  if (first) out.messages.push(toMessage(ctx, tid, first, replies, pageCount));
  out.replies = replies;
  out.pageCount = pageCount;
  if (pager.hasNext) {
    const next = parseDiscuzUrl(ctx.resolve(pager.nextHref ?? undefined) ?? '');
    const nextPage = next?.kind === 'thread' && next.tid === tid ? next.page : page + 1;
    out.links.push({ url: threadUrl(ctx.site, tid, nextPage), kind: 'thread' });
  }
  return out;
}
