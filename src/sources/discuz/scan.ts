/**
 * The one pass over a Discuz! X page (src/extract/html-scan.ts): everything the adapter reads
 * of a thread page (desktop or touch template), and the page-level parts a list page shares
 * (links, pager, breadcrumb, notices), collected while htmlparser2 tokenizes the page, without
 * building its document. Each part is the first match in document order of the CSS query
 * named beside it, as the DOM reading asked it.
 */
import { hasClass, KeptAttributes, scanHtml, type HtmlScan, type ScanElement, type ScanReader } from '../../extract/html-scan.js';
import { LinesOf, TextOf, TitledOf } from '../../extract/scan-text.js';
import { CountsBox, notPostBody, PagerParts, PostSide, TouchPostParts } from './scan-parts.js';

/** What one pass collects of a Discuz! X page. */
export interface DiscuzScan {
  /** `base[href]` */
  baseHref: string | undefined;
  /** `link[rel=canonical]` */
  canonicalHref: string | undefined;
  /** Every `a[href]`, in order. */
  readonly hrefs: string[];
  /** Which of `#postlist`, `#threadlisttableid`, `#messagetext`, `div.threadlist`, `meta[name=viewport]` the page has. */
  readonly has: { postlist: boolean; threadList: boolean; messageText: boolean; touchThreadList: boolean; viewport: boolean };
  /** `#messagetext p`: the notice of a message page. */
  messageNotice: TextOf | null;
  /** `#thread_subject` */
  subject: TextOf | null;
  /** `div[id^=post_]` inside the first `#postlist`: the ids, in order. */
  readonly postIds: string[];
  /** `#fastpostform` action. */
  fastpostAction: string | undefined;
  /** `a[id^=postnum]` href. */
  postnumHref: string | undefined;
  /** By id, the first element of each: `#pidN` (its `td.pls` and `.locked`), `#favatarN`, `#authorpostonN`, `#postmessage_N`, `#postnumN`. */
  readonly tables: Map<string, PostSide>;
  readonly favatars: Map<string, PostSide>;
  readonly times: Map<string, TitledOf>;
  readonly bodies: Map<string, LinesOf>;
  readonly floors: Map<string, TextOf>;
  /** `#pgt div.pg, #fd_page_top div.pg, div.pgs div.pg`, and `div.pg`. */
  topPager: PagerParts | null;
  firstPager: PagerParts | null;
  /** `#postlist div.hm`, and `div.hm.ptn`. */
  postlistCounts: CountsBox | null;
  headerCounts: CountsBox | null;
  /** `h1.ts a[href*="typeid="]` */
  typeLink: TextOf | null;
  /** The last `#pt a` whose href is a forum list, and `h1.xs2 a`. */
  crumbForum: TextOf | null;
  forumTitle: TextOf | null;
  /** Touch template: `div.postlist > h2`, `div.header h2`, the posts `div.postlist div.plc[id^=pid]`, and whether `div.threadlist li a[href]` is there. */
  touchHeading: TextOf | null;
  touchHeader: TextOf | null;
  readonly touchPosts: TouchPostParts[];
  touchListLink: boolean;
}

// What an element is inside of (ScanElement.marks holds them for its descendants).
const IN_POSTLIST = 1;
const IN_FIRST_POSTLIST = 2;
const IN_TOP_PAGER = 4;
const IN_CRUMBS = 8;
const IN_TYPE_HEADING = 16;
const IN_FORUM_HEADING = 32;
const IN_MESSAGE_TEXT = 64;
const IN_TOUCH_POSTLIST = 128;
const IN_TOUCH_THREADLIST = 256;
const IN_TOUCH_THREADLIST_ITEM = 512;
const IN_TOUCH_HEADER = 1024;

/** The attributes the reader or its sinks look at. */
const KEPT = new KeptAttributes(['id', 'class', 'href', 'title', 'style', 'rel', 'name', 'action']);

const FORUM_LINK = /forum-\d+-\d+\.html|mod=forumdisplay/;
const DIGITS = /^\d+$/;

/** Ids the posts are read by: `prefix` + the pid. */
type PostPart = 'pid' | 'favatar' | 'authorposton' | 'postmessage_' | 'postnum';
const POST_PARTS: readonly PostPart[] = ['pid', 'favatar', 'authorposton', 'postmessage_', 'postnum'];

function postPartOf(id: string): PostPart | null {
  for (const prefix of POST_PARTS) if (id.startsWith(prefix) && DIGITS.test(id.slice(prefix.length))) return prefix;
  return null;
}

class DiscuzReader implements ScanReader {
  readonly out: DiscuzScan = {
    baseHref: undefined,
    canonicalHref: undefined,
    hrefs: [],
    has: { postlist: false, threadList: false, messageText: false, touchThreadList: false, viewport: false },
    messageNotice: null,
    subject: null,
    postIds: [],
    fastpostAction: undefined,
    postnumHref: undefined,
    tables: new Map(),
    favatars: new Map(),
    times: new Map(),
    bodies: new Map(),
    floors: new Map(),
    topPager: null,
    firstPager: null,
    postlistCounts: null,
    headerCounts: null,
    typeLink: null,
    crumbForum: null,
    forumTitle: null,
    touchHeading: null,
    touchHeader: null,
    touchPosts: [],
    touchListLink: false,
  };
  private seenBase = false;
  private seenCanonical = false;
  private seenFastpost = false;
  private seenPostnumLink = false;

  open(el: ScanElement, scan: HtmlScan): void {
    const inside = el.parent === null ? 0 : el.parent.marks;
    let marks = inside;
    const { name, attribs } = el;
    const id = attribs.id;
    if (id !== undefined) marks |= this.byId(el, id, inside, scan);
    if (attribs.class !== undefined) marks |= this.byClass(el, name, inside, scan);
    el.marks = marks;
    if (name === 'a') this.link(el, inside, scan);
    else if (name === 'h2') {
      const out = this.out;
      if (out.touchHeading === null && el.parent !== null && el.parent.name === 'div' && hasClass(el.parent, 'postlist')) scan.attach(el, (out.touchHeading = new TextOf()));
      if (out.touchHeader === null && inside & IN_TOUCH_HEADER) scan.attach(el, (out.touchHeader = new TextOf()));
    } else if (name === 'p') {
      if (this.out.messageNotice === null && inside & IN_MESSAGE_TEXT) scan.attach(el, (this.out.messageNotice = new TextOf()));
    } else if (name === 'li') {
      if (inside & IN_TOUCH_THREADLIST) el.marks |= IN_TOUCH_THREADLIST_ITEM;
    } else if (name === 'base' || name === 'link' || name === 'meta') this.head(el);
  }

  private head(el: ScanElement): void {
    const { name, attribs } = el;
    if (name === 'base' && !this.seenBase && attribs.href !== undefined) {
      this.seenBase = true;
      this.out.baseHref = attribs.href;
    } else if (name === 'link' && !this.seenCanonical && attribs.rel === 'canonical') {
      this.seenCanonical = true;
      this.out.canonicalHref = attribs.href;
    } else if (name === 'meta' && attribs.name === 'viewport') this.out.has.viewport = true;
  }

  private link(el: ScanElement, inside: number, scan: HtmlScan): void {
    const out = this.out;
    const href = el.attribs.href;
    if (href !== undefined) {
      out.hrefs.push(href);
      if (inside & IN_TOUCH_THREADLIST_ITEM) out.touchListLink = true;
    }
    if (inside & IN_CRUMBS && FORUM_LINK.test(href ?? '')) scan.attach(el, (out.crumbForum = new TextOf()));
    if (out.typeLink === null && inside & IN_TYPE_HEADING && href !== undefined && href.includes('typeid=')) scan.attach(el, (out.typeLink = new TextOf()));
    if (out.forumTitle === null && inside & IN_FORUM_HEADING) scan.attach(el, (out.forumTitle = new TextOf()));
    if (!this.seenPostnumLink && el.attribs.id !== undefined && el.attribs.id.startsWith('postnum')) {
      this.seenPostnumLink = true;
      out.postnumHref = href;
    }
  }

  /** Reads what an element's id makes it; returns the marks it gives its descendants. */
  private byId(el: ScanElement, id: string, inside: number, scan: HtmlScan): number {
    const out = this.out;
    switch (id) {
      case 'postlist': {
        const first = !out.has.postlist;
        out.has.postlist = true;
        return first ? IN_POSTLIST | IN_FIRST_POSTLIST : IN_POSTLIST;
      }
      case 'thread_subject':
        if (out.subject === null) scan.attach(el, (out.subject = new TextOf()));
        return 0;
      case 'threadlisttableid':
        out.has.threadList = true;
        return 0;
      case 'messagetext':
        out.has.messageText = true;
        return IN_MESSAGE_TEXT;
      case 'fastpostform':
        if (!this.seenFastpost) {
          this.seenFastpost = true;
          out.fastpostAction = el.attribs.action;
        }
        return 0;
      case 'pgt':
      case 'fd_page_top':
        return IN_TOP_PAGER;
      case 'pt':
        return IN_CRUMBS;
    }
    if (el.name === 'div' && inside & IN_FIRST_POSTLIST && id.startsWith('post_')) out.postIds.push(id);
    const part = postPartOf(id);
    if (part !== null) this.postPart(el, id, part, scan);
    return 0;
  }

  private postPart(el: ScanElement, id: string, part: PostPart, scan: HtmlScan): void {
    const out = this.out;
    const map = part === 'pid' ? out.tables : part === 'favatar' ? out.favatars : part === 'authorposton' ? out.times : part === 'postmessage_' ? out.bodies : out.floors;
    if (map.has(id)) return;
    const sink = part === 'pid' ? new PostSide(el, true) : part === 'favatar' ? new PostSide(el, false) : part === 'authorposton' ? new TitledOf(el) : part === 'postmessage_' ? new LinesOf(notPostBody) : new TextOf();
    (map as Map<string, typeof sink>).set(id, sink);
    scan.attach(el, sink);
  }

  /** Reads what an element's classes make it; returns the marks it gives its descendants. */
  private byClass(el: ScanElement, name: string, inside: number, scan: HtmlScan): number {
    const out = this.out;
    if (name === 'h1') return (hasClass(el, 'ts') ? IN_TYPE_HEADING : 0) | (hasClass(el, 'xs2') ? IN_FORUM_HEADING : 0);
    if (name !== 'div') return 0;
    if (hasClass(el, 'pg')) this.pager(el, inside, scan);
    if (hasClass(el, 'hm')) this.counts(el, inside, scan);
    if (inside & IN_TOUCH_POSTLIST && hasClass(el, 'plc') && el.attribs.id !== undefined && el.attribs.id.startsWith('pid')) {
      const post = new TouchPostParts(el.attribs.id.slice(3));
      out.touchPosts.push(post);
      scan.attach(el, post);
    }
    let marks = 0;
    if (hasClass(el, 'pgs')) marks |= IN_TOP_PAGER;
    if (hasClass(el, 'postlist')) marks |= IN_TOUCH_POSTLIST;
    if (hasClass(el, 'header')) marks |= IN_TOUCH_HEADER;
    if (hasClass(el, 'threadlist')) {
      out.has.touchThreadList = true;
      marks |= IN_TOUCH_THREADLIST;
    }
    return marks;
  }

  private pager(el: ScanElement, inside: number, scan: HtmlScan): void {
    const out = this.out;
    const top = out.topPager === null && (inside & IN_TOP_PAGER) !== 0;
    if (!top && out.firstPager !== null) return;
    const parts = new PagerParts(el);
    scan.attach(el, parts);
    if (top) out.topPager = parts;
    out.firstPager ??= parts;
  }

  private counts(el: ScanElement, inside: number, scan: HtmlScan): void {
    const out = this.out;
    const inList = out.postlistCounts === null && (inside & IN_POSTLIST) !== 0;
    const header = out.headerCounts === null && hasClass(el, 'ptn');
    if (!inList && !header) return;
    const box = new CountsBox();
    scan.attach(el, box);
    if (inList) out.postlistCounts = box;
    if (header) out.headerCounts = box;
  }
}

/** Reads a Discuz! X page in one pass (see the module comment). */
export function scanDiscuzPage(html: string): DiscuzScan {
  const reader = new DiscuzReader();
  scanHtml(html, reader, KEPT);
  return reader.out;
}
