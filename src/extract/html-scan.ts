/**
 * One pass over an HTML page without building its document. htmlparser2's Tokenizer (HTML
 * mode, as `loadHtml` reads) is driven directly, with the tree rules of its Parser
 * (html-tree-rules.ts: implied end tags, void elements), so the scan sees the elements the
 * document would hold, without the Parser cutting out every tag name, attribute and text: only
 * the kept attributes, and text while a sink that reads it is open, are taken from the page.
 * The scan keeps the stack of open elements (each knows its parent) and hands text to the sinks
 * open at that moment, node by node as the document would hold it: adjacent pieces (text,
 * entities) merged, a comment or a declaration in between ending a node. A reader that needs a
 * part of the page only (a title, one post's body) attaches a TextSink to the element holding
 * it; nothing else is kept. test/extract/html-scan.test.ts holds the scan to the document.
 */
import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';
import { FOREIGN_CONTEXT, OPEN_IMPLIES_CLOSE, tagRule, VOID_ELEMENTS, type TagRule } from './html-tree-rules.js';

/** One open element of the page being scanned. */
export class ScanElement {
  /** Bits the page reader sets on the element (what it is, what it is inside of). */
  marks = 0;
  /** Sinks that end with this element. */
  sinks: TextSink[] | null = null;

  constructor(
    /** Tag name, lower case. */
    readonly name: string,
    /**
     * The attributes the scan keeps (see KeptAttributes), as written (the first of a repeated
     * one); every kept name is there, undefined when the element does not have it.
     */
    public attribs: Readonly<Record<string, string>>,
    readonly parent: ScanElement | null,
  ) {}
}

/** Receives what is inside one element: its text nodes, and (if it asks) its child elements. */
export interface TextSink {
  /** A text node (inside script and style too, as a document's text content has them). Sinks without it read no text. */
  text?(data: string): void;
  /** An element opens inside the sink's element (only for sinks that set `structured`); `scan` attaches sinks to it. */
  open?(el: ScanElement, scan: HtmlScan): void;
  /** An element inside the sink's element closes (only for sinks that set `structured`). */
  close?(el: ScanElement): void;
  /** The sink's element closed: nothing more comes. */
  end?(): void;
  /** Whether the sink wants open and close of the elements inside it. */
  readonly structured?: boolean;
}

/** The page reader: told of every element as it opens and, when it asks, as it closes. */
export interface ScanReader {
  open(el: ScanElement, scan: HtmlScan): void;
  close?(el: ScanElement): void;
}

/** The state of one scan: the open sinks. Passed to the reader so it can attach sinks. */
export class HtmlScan {
  private readonly active: TextSink[] = [];
  private structured = 0;
  private textual = 0;

  /** Attaches `sink` to the element that just opened: it gets what is inside until it closes. */
  attach(el: ScanElement, sink: TextSink): void {
    (el.sinks ??= []).push(sink);
    this.active.push(sink);
    if (sink.structured) this.structured++;
    if (sink.text) this.textual++;
  }

  /** @internal Whether a sink that reads text is open: other text is read by no one. */
  get reading(): boolean {
    return this.textual > 0;
  }

  /** @internal */
  text(data: string): void {
    const active = this.active;
    for (let i = 0; i < active.length; i++) active[i]!.text?.(data);
  }

  /** @internal Tells the structured sinks open now that `el` opened inside them. */
  opened(el: ScanElement): void {
    if (this.structured === 0) return;
    // Sinks attached to `el` meanwhile are not told of their own element.
    const active = this.active;
    const n = active.length;
    for (let i = 0; i < n; i++) active[i]!.open?.(el, this);
  }

  /** @internal Ends the sinks of `el`, then tells the structured sinks still open that it closed. */
  closed(el: ScanElement): void {
    const own = el.sinks;
    if (own) {
      for (let i = own.length - 1; i >= 0; i--) {
        const sink = this.active.pop()!;
        if (sink.structured) this.structured--;
        if (sink.text) this.textual--;
        sink.end?.();
      }
    }
    if (this.structured === 0) return;
    const active = this.active;
    for (let i = 0; i < active.length; i++) active[i]!.close?.(el);
  }
}

/** Whether `c` is a character `\s` matches in a regular expression. */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Whether a class attribute names `name` (as `.name` in CSS matches): one of its words, the
 * words parted by whitespace as `\s+` parts them. Reads the attribute in place.
 */
export function classListHas(cls: string | undefined, name: string): boolean {
  if (cls === undefined) return false;
  const n = name.length;
  for (let i = cls.indexOf(name); i !== -1; i = cls.indexOf(name, i + 1)) {
    if ((i === 0 || isSpace(cls.charCodeAt(i - 1))) && (i + n === cls.length || isSpace(cls.charCodeAt(i + n)))) return true;
  }
  return false;
}

/** Whether the element's class attribute names `name` (as `.name` in CSS matches). */
export function hasClass(el: ScanElement, name: string): boolean {
  return classListHas(el.attribs.class, name);
}

/** Kelvin sign: the one character outside ASCII that toLowerCase turns into an ASCII letter (k). */
const KELVIN = 0x212a;

/** Whether html[start, start + name.length) lower-cased (as toLowerCase does) is `name`, itself lower case. */
function namedAt(html: string, start: number, name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = html.charCodeAt(start + i);
    const want = name.charCodeAt(i);
    if (c === want) continue;
    if (want >= 0x61 && want <= 0x7a && ((c | 0x20) === want || (c === KELVIN && want === 0x6b))) continue;
    return false;
  }
  return true;
}

/**
 * The rules of common tags by their first letter: a tag name read from the page is then neither
 * cut out nor lower-cased, and comparing it is comparing references.
 */
const TAGS_BY_LETTER: readonly (readonly TagRule[])[] = (() => {
  const names = new Set([
    ...OPEN_IMPLIES_CLOSE.keys(),
    ...VOID_ELEMENTS,
    ...FOREIGN_CONTEXT,
    ...['a', 'abbr', 'b', 'big', 'body', 'caption', 'center', 'cite', 'code', 'colgroup', 'del', 'em', 'font', 'head', 'html', 'i', 'iframe', 'ignore_js_op', 'ins', 'label', 'legend', 'map', 'noscript', 'object', 'q', 's', 'script', 'small', 'span', 'strike', 'strong', 'style', 'sub', 'sup', 'tbody', 'td', 'th', 'thead', 'title', 'tr', 'tt', 'u', 'var', 'video'],
  ]);
  const byLetter: TagRule[][] = Array.from({ length: 26 }, () => []);
  for (const name of names) byLetter[name.charCodeAt(0) - 0x61]!.push(tagRule(name));
  return byLetter;
})();

/** The rule of the tag whose name is written at html[start, end). */
function tagAt(html: string, start: number, end: number): TagRule {
  const letter = (html.charCodeAt(start) | 0x20) - 0x61;
  if (letter >= 0 && letter < 26) {
    const length = end - start;
    for (const rule of TAGS_BY_LETTER[letter]!) if (rule.name.length === length && namedAt(html, start, rule.name)) return rule;
  }
  return tagRule(html.slice(start, end).toLowerCase());
}

/**
 * The attributes a scan keeps: names in lower-case ASCII letters, matched against the page
 * case-insensitively as the Parser's lower-casing of attribute names would. Every element's
 * `attribs` is shaped alike (all kept names, in this order), so reading one stays fast.
 */
export class KeptAttributes {
  /** The attributes of an element that has none of the kept ones (shared: never written). */
  readonly none: Readonly<Record<string, string>>;
  private readonly template: Record<string, string | undefined>;
  /** By length, the indexes of the kept names that long. */
  private readonly byLength: (readonly number[])[] = [];

  constructor(readonly names: readonly string[]) {
    for (const name of names) if (!/^[a-z]+$/.test(name)) throw new Error(`kept attribute names are lower-case ASCII letters, not "${name}"`);
    this.template = Object.fromEntries(names.map((n) => [n, undefined]));
    this.none = this.fresh();
    const longest = Math.max(0, ...names.map((n) => n.length));
    for (let length = 0; length <= longest; length++) this.byLength.push(names.flatMap((n, k) => (n.length === length ? [k] : [])));
  }

  /** A new attributes record with every kept name undefined. */
  fresh(): Record<string, string> {
    return { ...this.template } as Record<string, string>;
  }

  /** The index of the kept name written at html[start, end), or -1 when it is not kept. */
  indexOf(html: string, start: number, end: number): number {
    const length = end - start;
    if (length >= this.byLength.length) return -1;
    for (const k of this.byLength[length]!) if (namedAt(html, start, this.names[k]!)) return k;
    return -1;
  }
}

/**
 * The events of htmlparser2's Tokenizer turned into the elements its Parser reports in HTML
 * mode (the rules in html-tree-rules.ts), told to the reader and the sinks. Only what someone
 * reads is cut out of the page: text while a sink is open, the kept attributes.
 */
class Scanner implements TokenizerCallbacks {
  private readonly scan = new HtmlScan();
  /** The innermost open element: the open elements are it and its parents. */
  private top: ScanElement | null = null;
  /** The element whose start tag is being read; it opens when the tag ends. */
  private opening: ScanElement | null = null;
  private openingVoid = false;
  private attribs: Record<string, string> | null = null;
  /** The index of the kept attribute being read, -1 when it is not kept. */
  private attribute = -1;
  private value = '';
  /** Text read since the last element or comment, while some sink is open. */
  private pending = '';
  /** Whether `<x/>` closes x: true inside svg and math, innermost last (the Parser's foreignContext). */
  private readonly foreign: boolean[] = [false];

  constructor(
    private readonly html: string,
    private readonly reader: ScanReader,
    private readonly kept: KeptAttributes,
  ) {}

  private flush(): void {
    if (this.pending !== '') {
      this.scan.text(this.pending);
      this.pending = '';
    }
  }

  /** A start tag begins: the open elements it implies closed close, and it waits for its attributes. */
  private startTag(rule: TagRule): void {
    this.flush();
    const closes = rule.closes;
    if (closes !== undefined) while (this.top !== null && closes.has(this.top.name)) this.closeTop();
    if (!rule.isVoid && rule.foreign !== null) this.foreign.push(rule.foreign);
    this.opening = new ScanElement(rule.name, this.kept.none, this.top);
    this.openingVoid = rule.isVoid;
  }

  /** The start tag ended: its element opens (and closes at once when void). */
  private endTag(): void {
    const el = this.opening!;
    this.opening = null;
    if (this.attribs !== null) {
      el.attribs = this.attribs;
      this.attribs = null;
    }
    this.top = el;
    this.scan.opened(el);
    this.reader.open(el, this.scan);
    if (this.openingVoid) this.closeTop();
  }

  /** The start tag ended and its element closes with it (`<x/>` in svg, a lone `</p>`). */
  private endTagClosing(): void {
    const isVoid = this.openingVoid;
    this.endTag();
    if (!isVoid) this.closeTop();
  }

  private closeTop(): void {
    this.flush();
    const el = this.top!;
    this.top = el.parent;
    this.scan.closed(el);
    this.reader.close?.(el);
  }

  onopentagname(start: number, end: number): void {
    this.startTag(tagAt(this.html, start, end));
  }

  onattribname(start: number, end: number): void {
    this.attribute = this.kept.indexOf(this.html, start, end);
  }

  onattribdata(start: number, end: number): void {
    if (this.attribute >= 0) this.value += this.html.slice(start, end);
  }

  onattribentity(codepoint: number): void {
    if (this.attribute >= 0) this.value += String.fromCodePoint(codepoint);
  }

  onattribend(): void {
    if (this.attribute < 0) return;
    const attribs = (this.attribs ??= this.kept.fresh());
    const name = this.kept.names[this.attribute]!;
    // The first of a repeated attribute counts, as in the document.
    if (attribs[name] === undefined) attribs[name] = this.value;
    this.value = '';
    this.attribute = -1;
  }

  onopentagend(): void {
    this.endTag();
  }

  onselfclosingtag(): void {
    if (this.foreign[this.foreign.length - 1]) this.endTagClosing();
    else this.endTag();
  }

  onclosetag(start: number, end: number): void {
    const rule = tagAt(this.html, start, end);
    if (rule.foreign !== null) this.foreign.pop();
    const name = rule.name;
    if (rule.isVoid) {
      // `</br>` is a `<br>`.
      if (name === 'br') {
        this.flush();
        this.opening = new ScanElement(name, this.kept.none, this.top);
        this.openingVoid = true;
        this.endTag();
      }
      return;
    }
    let el = this.top;
    while (el !== null && el.name !== name) el = el.parent;
    if (el !== null) {
      const stop = el.parent;
      while (this.top !== stop) this.closeTop();
    } else if (name === 'p') {
      // A `</p>` with no `p` open is an empty `p`.
      this.startTag(rule);
      this.endTagClosing();
    }
  }

  ontext(start: number, end: number): void {
    // Sinks open and end only at elements, which hand over the pending text first.
    if (this.scan.reading) this.pending += this.html.slice(start, end);
  }

  ontextentity(codepoint: number): void {
    if (this.scan.reading) this.pending += String.fromCodePoint(codepoint);
  }

  // A comment, a declaration or a processing instruction ends a text node (CDATA is a comment in HTML).
  oncomment(): void {
    this.flush();
  }

  oncdata(): void {
    this.flush();
  }

  ondeclaration(): void {
    this.flush();
  }

  onprocessinginstruction(): void {
    this.flush();
  }

  onend(): void {
    // A page cut short inside a start tag: the tag is dropped, as the document drops it.
    this.opening = null;
    this.attribs = null;
    while (this.top !== null) this.closeTop();
    this.flush();
  }
}

/**
 * Scans `html` once, telling `reader` of every element (see the module comment). Elements are
 * those `loadHtml` would build: htmlparser2's tokenizer in the same mode, with its Parser's tree
 * rules. Only the `kept` attributes are read: building every attribute of every element is a
 * good part of the cost of a document.
 */
export function scanHtml(html: string, reader: ScanReader, kept: KeptAttributes): void {
  const tokenizer = new Tokenizer({ decodeEntities: true }, new Scanner(html, reader, kept));
  tokenizer.write(html);
  tokenizer.end();
}
