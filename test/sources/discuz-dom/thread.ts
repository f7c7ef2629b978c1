/**
 * Discuz! X thread pages (`thread-{tid}-{page}-1.html`): page 1 gives the message (the first
 * floor) and its replies, later pages replies only. Selectors follow the X3.4 default
 * template (checked against the real talkop.com page in ../shared/fixtures/real/).
 */
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { blockText, requireOne } from '../../../src/extract/dom.js';
import { ParseError } from '../../../src/extract/errors.js';
import { authorName, normalizeBody, normalizeText } from '../../../src/extract/text.js';
import type { Extraction, Message, Reply } from '../../../src/model/extraction.js';
import { emptyExtraction } from '../../../src/model/extraction.js';
import { addressedUnit, addresseeRule } from '../../../src/sources/discuz/addressed.js';
import { boardOf, countOf, readPager, timeOf, typeOrStatus, type DiscuzPageContext } from './page.js';
import { threadUrl, type DiscuzPage } from '../../../src/sources/discuz/urls.js';

/** One floor of a thread as the page shows it. */
interface Post {
  pid: string;
  /** The account name as written (hashed as such); null for guests and removed authors. */
  author: string | null;
  /** The same name normalised (simplified characters): what the official rule and departments read. */
  authorNormalised: string | null;
  group: string | null;
  postedAt: string;
  floor: number | null;
  body: string | null;
  official: boolean;
}

const FLOOR_WORDS: Readonly<Record<string, number>> = { 楼主: 1, 沙发: 2, 板凳: 3, 地板: 4 };

/**
 * Parts of a post body that are not the author's words: `script`, `style` (skipped by
 * `blockText` anyway), `i.pstatus` (本帖最后由 ... 编辑), `div.quote` and `blockquote` (quoted
 * posts), `.jammer` (anti-scraping random text), anything styled `display:none`, `.tip` (hidden
 * attachment pop-ups), `.attach_nopermission` (login prompt shown to guests) and `div.locked`
 * (本帖隐藏的内容需要..., hidden to guests). Tested element by element while the body is read,
 * instead of copying the post and removing them by selector.
 */
function notBody(el: Element): boolean {
  const name = el.name;
  if (name === 'script' || name === 'style' || name === 'blockquote') return true;
  const style = el.attribs.style;
  if (style !== undefined && (style.includes('display:none') || style.includes('display: none'))) return true;
  const cls = el.attribs.class;
  if (cls === undefined) return false;
  const classes = cls.split(/\s+/);
  if (classes.includes('jammer') || classes.includes('tip') || classes.includes('attach_nopermission')) return true;
  if (name === 'i' && classes.includes('pstatus')) return true;
  return name === 'div' && (classes.includes('quote') || classes.includes('locked'));
}

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
  return normalizeBody(blockText(el, notBody));
}

/** The first element with an id: `#id` queries of the page are answered from its one-pass index (`indexed`). */
function idIndex($: CheerioAPI): (id: string) => Cheerio<AnyNode> {
  return (id) => $(`#${id}`).first();
}

function readPost(ctx: DiscuzPageContext, byId: (id: string) => Cheerio<AnyNode>, pid: string): Post {
  const { url, config } = ctx;
  const table = byId(`pid${pid}`);
  const side = byId(`favatar${pid}`).length ? byId(`favatar${pid}`) : table.find('td.pls');
  let author = authorName(side.find('.authi a.xw1').first().text());
  if (author !== null && normalizeText(author) === '匿名') author = null;
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
  const authorNormalised = normalizeText(author);
  const official = config.isOfficial({ name: authorNormalised, group });
  return { pid, author, authorNormalised, group, postedAt, floor, body, official };
}

/** The tid printed in the page: canonical link (in any form the board uses), quick-reply form, or a floor link. */
function tidFromPage(ctx: DiscuzPageContext): string | null {
  const { $ } = ctx;
  const canonical = ctx.parseLink($('link[rel=canonical]').attr('href'));
  if (canonical?.kind === 'thread') return canonical.tid;
  const hrefs = [$('#fastpostform').attr('action'), $('a[id^=postnum]').first().attr('href')];
  for (const href of hrefs) {
    const m = href?.match(/[?&](?:p?tid)=(\d+)/);
    if (m?.[1]) return m[1];
  }
  return null;
}

/**
 * Views and replies of the thread header: `<span class="xg1">查看:</span> <span class="xi1">568</span>`
 * then 回复 the same way, in `div.hm.ptn` (X3) or `div.hm` (X2); read by their labels, else
 * the first two `span.xi1` of the header box. Null when the page shows neither.
 */
function threadCounts($: CheerioAPI): { views: number | null; replies: number | null } {
  const inList = $('#postlist div.hm').first();
  const box = inList.length ? inList : $('div.hm.ptn').first();
  if (box.length === 0) return { views: null, replies: null };
  const labelled = (word: RegExp): number | null => {
    const label = box.find('span.xg1').filter((_, el) => word.test($(el).text())).first();
    return label.length ? countOf(label.nextAll('span.xi1').first()) : null;
  };
  const views = labelled(/查看|查看数/);
  const replies = labelled(/回复|回覆/);
  if (views !== null || replies !== null) return { views, replies };
  const counts = box.find('span.xi1');
  return counts.length >= 2 ? { views: countOf(counts.eq(0)), replies: countOf(counts.eq(1)) } : { views: null, replies: null };
}

function toReply(tid: string, post: Post): Reply {
  return {
    messageExternalId: tid,
    externalId: post.pid,
    department: post.official ? post.authorNormalised : null,
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
  const { views, replies: replyCount } = threadCounts($);
  const typeLink = $('h1.ts a[href*="typeid="]').first();
  const typeName = typeLink.text().replace(/^\s*\[|\]\s*$/g, '');
  const { category, statusRaw } = typeOrStatus(config, typeName);
  const firstOfficial = replies.find((r) => r.official);
  return {
    externalId: tid,
    // The thread's address as the board writes it (its canonical link, else this page's form).
    url: threadUrl(ctx.site, tid, 1, ctx.form),
    title,
    body: first.body,
    author: first.author,
    postedAt: first.postedAt,
    board: boardOf(ctx),
    department: addressedUnit(statusRaw ? null : normalizeText(typeName), title, first.body, addresseeRule(config)),
    category,
    status: firstOfficial ? 'replied' : statusRaw ? config.statusWords[statusRaw]! : 'pending',
    statusRaw,
    views,
    replyCount,
    pageCount,
  };
}

/**
 * Parses a thread page. `known` is what the URL said (tid, page); without it both are read
 * from the page. Throws ParseError when `#postlist`, its posts or `#thread_subject` are missing.
 */
export function parseThreadPage(ctx: DiscuzPageContext, known: Extract<DiscuzPage, { kind: 'thread' }> | null): Extraction {
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

  const pageForm = ctx.config.urlForm ?? known?.form ?? ctx.form;
  const out = emptyExtraction(ctx.config.id, threadUrl(ctx.site, tid, page, pageForm, known?.mobile), 'thread');
  if (first) out.messages.push(toMessage(ctx, tid, first, replies, pageCount));
  out.replies = replies;
  out.pageCount = pageCount;
  if (pager.hasNext) {
    const next = ctx.parseLink(pager.nextHref ?? undefined);
    const nextPage = next?.kind === 'thread' && next.tid === tid ? next.page : page + 1;
    out.links.push({ url: threadUrl(ctx.site, tid, nextPage, pageForm, known?.mobile), kind: 'thread' });
  }
  return out;
}
