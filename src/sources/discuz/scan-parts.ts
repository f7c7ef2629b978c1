/**
 * Sinks (src/extract/html-scan.ts) for the parts of a Discuz! X page the adapter reads inside
 * one element: a post's side column (author, user group), a pager, the thread's counts box
 * (查看 / 回复) and a touch-template post. Each keeps only the texts and attributes asked for,
 * the first match of each query in document order, as the CSS queries of the DOM reading did.
 */
import { classListHas, hasClass, type HtmlScan, type ScanElement, type TextSink } from '../../extract/html-scan.js';
import { LinesOf, TextOf, TitledOf, type SkipElement } from '../../extract/scan-text.js';

const isUserGroupLink = (el: ScanElement) => el.name === 'a' && el.attribs.href !== undefined && el.attribs.href.includes('ac=usergroup');

/**
 * Author and user group of a post: the first `.authi a.xw1` and `a[href*="ac=usergroup"]`
 * inside the side column. The column is the element the sink is attached to (`#favatarPID`),
 * or, attached to the post's table (`#pidPID`), each `td.pls` inside it.
 */
export class PostSide implements TextSink {
  readonly structured = true;
  author: TextOf | null = null;
  group: TextOf | null = null;
  /** The first `.locked` inside (the notice of a removed post, read on the post's table). */
  locked: TextOf | null = null;

  constructor(
    private readonly root: ScanElement,
    /** True when the root is the post's table, whose side columns are its `td.pls`. */
    private readonly inTable: boolean,
  ) {}

  open(el: ScanElement, scan: HtmlScan): void {
    if (this.locked === null && this.inTable && hasClass(el, 'locked')) scan.attach(el, (this.locked = new TextOf()));
    if (this.author === null && el.name === 'a' && hasClass(el, 'xw1') && this.inAuthi(el)) scan.attach(el, (this.author = new TextOf()));
    if (this.group === null && isUserGroupLink(el) && (!this.inTable || this.sideOf(el) !== null)) scan.attach(el, (this.group = new TextOf()));
  }

  private isSide(el: ScanElement): boolean {
    return el.name === 'td' && hasClass(el, 'pls');
  }

  /** The `td.pls` of the table holding `el`, or null. */
  private sideOf(el: ScanElement): ScanElement | null {
    for (let a = el.parent; a && a !== this.root; a = a.parent) if (this.isSide(a)) return a;
    return null;
  }

  /** Whether `el` is inside an `.authi` that is inside the side column. */
  private inAuthi(el: ScanElement): boolean {
    let authi = false;
    for (let a = el.parent; a && a !== this.root; a = a.parent) {
      if (authi && this.inTable && this.isSide(a)) return true;
      if (hasClass(a, 'authi')) authi = true;
    }
    return authi && !this.inTable;
  }
}

/** What a pager (`div.pg`) shows: see page.ts `pagerOf`. */
export class PagerParts implements TextSink {
  readonly structured = true;
  /** The first `strong` child (the current page). */
  current: TextOf | null = null;
  /** The title of the first `label span[title]` (`共 57 页`). */
  totalTitle: string | undefined;
  /** Every link inside, in order. */
  readonly links: TextOf[] = [];
  /** Whether there is an `a.nxt`, and the href of the first. */
  hasNext = false;
  nextHref: string | null = null;
  private totalFound = false;

  constructor(private readonly root: ScanElement) {}

  open(el: ScanElement, scan: HtmlScan): void {
    const name = el.name;
    if (name === 'a') {
      const link = new TextOf();
      this.links.push(link);
      scan.attach(el, link);
      if (!this.hasNext && hasClass(el, 'nxt')) {
        this.hasNext = true;
        this.nextHref = el.attribs.href ?? null;
      }
    } else if (name === 'strong' && this.current === null && el.parent === this.root) {
      scan.attach(el, (this.current = new TextOf()));
    } else if (name === 'span' && !this.totalFound && el.attribs.title !== undefined && this.inLabel(el)) {
      this.totalFound = true;
      this.totalTitle = el.attribs.title;
    }
  }

  private inLabel(el: ScanElement): boolean {
    for (let a = el.parent; a && a !== this.root; a = a.parent) if (a.name === 'label') return true;
    return false;
  }
}

/** One `span.xg1` label of the counts box and the first `span.xi1` after it among its siblings. */
export interface CountLabel {
  label: TextOf;
  count: TitledOf | null;
  /** The label's parent: where its siblings are. */
  parent: ScanElement | null;
}

/**
 * The thread's counts box (`div.hm`): its `span.xg1` labels (查看: / 回复:), each with the
 * `span.xi1` that follows it, and every `span.xi1` in order. See thread.ts `threadCounts`.
 */
export class CountsBox implements TextSink {
  readonly structured = true;
  readonly labels: CountLabel[] = [];
  readonly counts: TitledOf[] = [];

  open(el: ScanElement, scan: HtmlScan): void {
    if (el.name !== 'span') return;
    if (hasClass(el, 'xi1')) {
      const count = new TitledOf(el);
      this.counts.push(count);
      scan.attach(el, count);
      // A later sibling of a label: it opens after the label closed, under the same parent.
      for (const l of this.labels) if (l.count === null && l.parent === el.parent) l.count = count;
    }
    if (hasClass(el, 'xg1')) {
      const label = new TextOf();
      this.labels.push({ label, count: null, parent: el.parent });
      scan.attach(el, label);
    }
  }
}

/**
 * Parts of a post body (`#postmessage_N`) that are not the author's words: `script`, `style`
 * (left out of LinesOf anyway), `i.pstatus` (本帖最后由 ... 编辑), `div.quote` and `blockquote`
 * (quoted posts), `.jammer` (anti-scraping random text), anything styled `display:none`, `.tip`
 * (hidden attachment pop-ups), `.attach_nopermission` (login prompt shown to guests) and
 * `div.locked` (本帖隐藏的内容需要..., hidden to guests).
 */
export const notPostBody: SkipElement = (el) => {
  const name = el.name;
  if (name === 'script' || name === 'style' || name === 'blockquote') return true;
  const style = el.attribs.style;
  if (style !== undefined && (style.includes('display:none') || style.includes('display: none'))) return true;
  const cls = el.attribs.class;
  if (cls === undefined) return false;
  if (classListHas(cls, 'jammer') || classListHas(cls, 'tip') || classListHas(cls, 'attach_nopermission')) return true;
  if (name === 'i' && classListHas(cls, 'pstatus')) return true;
  return name === 'div' && (classListHas(cls, 'quote') || classListHas(cls, 'locked'));
};

/** Parts of a touch-template post's `div.message` that are left out: quoted posts (`.quote`, `blockquote`). */
const notTouchBody: SkipElement = (el) => el.name === 'blockquote' || classListHas(el.attribs.class, 'quote');

/**
 * A touch-template post (`div.plc[id^=pid]`): the first `li.grey` that is not `.rela` (its
 * first `b a`, the author, and `em`, the floor), the first `li.grey.rela` (the time) and the
 * first `div.message` (the body, quotes left out).
 */
export class TouchPostParts implements TextSink {
  readonly structured = true;
  author: TextOf | null = null;
  floor: TextOf | null = null;
  time: TitledOf | null = null;
  body: LinesOf | null = null;
  private grey: ScanElement | null = null;

  constructor(readonly pid: string) {}

  open(el: ScanElement, scan: HtmlScan): void {
    const name = el.name;
    if (name === 'li' && hasClass(el, 'grey')) {
      if (hasClass(el, 'rela')) {
        if (this.time === null) scan.attach(el, (this.time = new TitledOf(el)));
      } else if (this.grey === null) this.grey = el;
    } else if (name === 'div' && this.body === null && hasClass(el, 'message')) {
      scan.attach(el, (this.body = new LinesOf(notTouchBody)));
    }
    const grey = this.grey;
    if (grey === null || grey === el) return;
    if (name === 'a' && this.author === null && this.inB(el, grey)) scan.attach(el, (this.author = new TextOf()));
    else if (name === 'em' && this.floor === null && this.inside(el, grey)) scan.attach(el, (this.floor = new TextOf()));
  }

  private inside(el: ScanElement, root: ScanElement): boolean {
    for (let a = el.parent; a; a = a.parent) if (a === root) return true;
    return false;
  }

  /** Whether `el` is inside a `b` inside `root`. */
  private inB(el: ScanElement, root: ScanElement): boolean {
    let b = false;
    for (let a = el.parent; a; a = a.parent) {
      if (a === root) return b;
      if (a.name === 'b') b = true;
    }
    return false;
  }
}
