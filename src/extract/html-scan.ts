/**
 * One pass over an HTML page without building its document. htmlparser2's Parser (HTML mode,
 * the same tokenizer and tree rules `loadHtml` uses: implied end tags, void elements) reports
 * elements as they open and close; the scan keeps the stack of open elements (each knows its
 * parent) and hands text to the readers open at that moment. Text is handed over node by node
 * as the document would hold it: adjacent pieces (text, entities) merged, a comment or a
 * declaration in between ending a node. A reader that needs a part of the page only (a title,
 * one post's body) attaches a TextSink to the element holding it; nothing else is kept.
 */
import { Parser, type Handler } from 'htmlparser2';

/** One open element of the page being scanned. */
export interface ScanElement {
  /** Tag name, lower case. */
  readonly name: string;
  /** The attributes the scan keeps (see scanHtml), as written (names lower case; the first of a repeated one). */
  attribs: Readonly<Record<string, string>>;
  readonly parent: ScanElement | null;
  /** Bits the page reader sets on the element (what it is, what it is inside of). */
  marks: number;
  /** Sinks that end with this element. */
  sinks: TextSink[] | null;
  /** The class list, split once when first asked for (see hasClass). */
  classList?: readonly string[];
}

/** Receives what is inside one element: its text nodes, and (if it asks) its child elements. */
export interface TextSink {
  /** A text node (inside script and style too, as a document's text content has them). */
  text(data: string): void;
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

  /** Attaches `sink` to the element that just opened: it gets what is inside until it closes. */
  attach(el: ScanElement, sink: TextSink): void {
    (el.sinks ??= []).push(sink);
    this.active.push(sink);
    if (sink.structured) this.structured++;
  }

  /** @internal Whether a sink is open: text outside every sink is read by no one. */
  get reading(): boolean {
    return this.active.length > 0;
  }

  /** @internal */
  text(data: string): void {
    const active = this.active;
    for (let i = 0; i < active.length; i++) active[i]!.text(data);
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
        sink.end?.();
      }
    }
    if (this.structured === 0) return;
    const active = this.active;
    for (let i = 0; i < active.length; i++) active[i]!.close?.(el);
  }
}

/** Whether the element's class attribute names `name` (as `.name` in CSS matches). */
export function hasClass(el: ScanElement, name: string): boolean {
  const cls = el.attribs.class;
  if (cls === undefined || !cls.includes(name)) return false;
  const list = (el.classList ??= cls.split(/\s+/));
  return list.includes(name);
}

const NO_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({});

/**
 * Scans `html` once, telling `reader` of every element (see the module comment). Elements are
 * those `loadHtml` would build: the same parser in the same mode. Only the attributes `keeps`
 * says yes to (names in lower case) are kept: building every attribute of every element is a
 * good part of the cost of a document.
 */
export function scanHtml(html: string, reader: ScanReader, keeps: (attribute: string) => boolean): void {
  const scan = new HtmlScan();
  let top: ScanElement | null = null;
  let pending = '';
  // An element is told of once its attributes are all read: at the next event of the parser.
  let opening: ScanElement | null = null;
  let attribs: Record<string, string> | null = null;
  const open = () => {
    const el = opening!;
    opening = null;
    if (attribs !== null) {
      el.attribs = attribs;
      attribs = null;
    }
    top = el;
    scan.opened(el);
    reader.open(el, scan);
  };
  const flush = () => {
    if (opening !== null) open();
    else if (pending !== '') {
      scan.text(pending);
      pending = '';
    }
  };
  const handler: Partial<Handler> = {
    onopentagname(name) {
      flush();
      opening = { name, attribs: NO_ATTRIBUTES, parent: top, marks: 0, sinks: null };
    },
    onattribute(name, value) {
      if (!keeps(name)) return;
      // The first of a repeated attribute counts, as in the document.
      if (attribs === null) attribs = { [name]: value };
      else if (!Object.hasOwn(attribs, name)) attribs[name] = value;
    },
    onclosetag() {
      flush();
      const el = top!;
      top = el.parent;
      scan.closed(el);
      reader.close?.(el);
    },
    ontext(data) {
      if (opening !== null) open();
      // Sinks open and end only at elements, which hand over the pending text first.
      if (scan.reading) pending += data;
    },
    oncomment: flush,
    onprocessinginstruction: flush,
    onend: flush,
  };
  new Parser(handler, { decodeEntities: true }).end(html);
}
