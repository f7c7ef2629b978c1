/**
 * Discuz! X thread pages (`thread-{tid}-{page}-1.html`): page 1 gives the message (the first
 * floor) and its replies, later pages replies only. Selectors follow the X3.4 default
 * template (checked against the real talkop.com page in ../shared/fixtures/real/).
 */
import { ParseError } from '../../extract/errors.js';
import { authorName, normalizeBody, normalizeText } from '../../extract/text.js';
import type { Extraction, Message, Reply } from '../../model/extraction.js';
import { emptyExtraction } from '../../model/extraction.js';
import { addressedUnit, addresseeRule } from './addressed.js';
import { boardOf, countOf, NOTHING, readPager, timeOf, typeOrStatus, type DiscuzPageContext } from './page.js';
import type { CountsBox } from './scan-parts.js';
import { threadUrl, type DiscuzPage } from './urls.js';

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

function readPost(ctx: DiscuzPageContext, pid: string): Post {
  const { url, config, scan } = ctx;
  const table = scan.tables.get(`pid${pid}`);
  const side = scan.favatars.get(`favatar${pid}`) ?? table;
  let author = authorName(side?.author?.value ?? '');
  if (author !== null && normalizeText(author) === '匿名') author = null;
  const group = normalizeText(side?.group?.value ?? '');
  const timeEl = scan.times.get(`authorposton${pid}`);
  if (timeEl === undefined) throw new ParseError(url, `#authorposton${pid}`);
  const postedAt = timeOf(timeEl);
  if (!postedAt) throw new ParseError(url, `#authorposton${pid}`, `no time in "${timeEl.value.trim()}"`);
  const bodyEl = scan.bodies.get(`postmessage_${pid}`);
  let body = bodyEl ? normalizeBody(bodyEl.value) : null;
  // The X3.4 template prints `div.locked` "提示: 作者被禁止或删除 内容自动屏蔽" (or "该帖被管理员或
  // 版主屏蔽") in place of the body; other templates put the notice in the body itself.
  const notice = bodyEl ? body : normalizeText(table?.locked?.value ?? '');
  if (notice && notice.length < 40 && REMOVED.test(notice)) {
    body = null;
    if (BANNED_AUTHOR.test(notice)) author = null;
  }
  const floor = floorOf(scan.floors.get(`postnum${pid}`)?.value ?? '');
  const authorNormalised = normalizeText(author);
  const official = config.isOfficial({ name: authorNormalised, group });
  return { pid, author, authorNormalised, group, postedAt, floor, body, official };
}

/** The tid printed in the page: canonical link (in any form the board uses), quick-reply form, or a floor link. */
function tidFromPage(ctx: DiscuzPageContext): string | null {
  const { scan } = ctx;
  const canonical = ctx.parseLink(scan.canonicalHref);
  if (canonical?.kind === 'thread') return canonical.tid;
  const hrefs = [scan.fastpostAction, scan.postnumHref];
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
function threadCounts(ctx: DiscuzPageContext): { views: number | null; replies: number | null } {
  const box: CountsBox | null = ctx.scan.postlistCounts ?? ctx.scan.headerCounts;
  if (box === null) return { views: null, replies: null };
  const labelled = (word: RegExp): number | null => {
    const label = box.labels.find((l) => word.test(l.label.value));
    return label ? countOf(label.count ?? NOTHING) : null;
  };
  const views = labelled(/查看|查看数/);
  const replies = labelled(/回复|回覆/);
  if (views !== null || replies !== null) return { views, replies };
  const counts = box.counts;
  return counts.length >= 2 ? { views: countOf(counts[0]!), replies: countOf(counts[1]!) } : { views: null, replies: null };
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
  const { scan, config } = ctx;
  if (scan.subject === null) throw new ParseError(ctx.url, '#thread_subject');
  const title = normalizeText(scan.subject.value);
  const { views, replies: replyCount } = threadCounts(ctx);
  const typeName = (scan.typeLink?.value ?? '').replace(/^\s*\[|\]\s*$/g, '');
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
  const { scan, url } = ctx;
  if (!scan.has.postlist) throw new ParseError(url, '#postlist');
  if (scan.subject === null) throw new ParseError(url, '#thread_subject');
  const pids = scan.postIds.map((id) => /^post_(\d+)$/.exec(id)?.[1]).filter((pid): pid is string => pid !== undefined);
  if (pids.length === 0) throw new ParseError(url, '#postlist > div[id^=post_]');
  const tid = known?.tid ?? tidFromPage(ctx);
  if (!tid) throw new ParseError(url, 'tid', 'not in the URL nor the page');
  const pager = readPager(scan);
  const page = known?.page ?? pager.current ?? 1;
  const pageCount = pager.pageCount ?? 1;

  // Guard: Discuz X can show a reply stuck to the top (置顶回复) a second time; keep each pid once.
  const posts = [...new Set(pids)].map((pid) => readPost(ctx, pid));
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
