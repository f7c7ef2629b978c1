/**
 * Sinks (html-scan.ts) that read one element's text while the page is scanned, the way the
 * DOM helpers read it from a built document: the whole text content (cheerio's `.text()`),
 * the text laid out in lines (`blockText` of dom.ts), and a time or count that Discuz may
 * print in a `<span title>` (`timeOf` / `countOf`).
 */
import type { ScanElement, TextSink } from './html-scan.js';

/** The text content of an element: every text node inside it, scripts and styles included. */
export class TextOf implements TextSink {
  value = '';
  text(data: string): void {
    this.value += data;
  }
}

/** Block elements that start and end a line in `LinesOf` (and dom.ts `blockText`). */
export const BLOCK_TAGS: ReadonlySet<string> = new Set(['p', 'div', 'li', 'tr', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'ul', 'ol', 'dl', 'dt', 'dd']);

/** What `LinesOf` asks of an element to leave it out with all it holds. */
export type SkipElement = (el: { name: string; attribs: Readonly<Record<string, string>> }) => boolean;

/**
 * The text of an element as a browser lays it out: `<br>` and block elements make line
 * breaks, source newlines are spaces. Scripts, styles and the elements `skip` names are left
 * out with all they hold. Raw text: run it through normalizeBody.
 */
export class LinesOf implements TextSink {
  readonly structured = true;
  private readonly parts: string[] = [];
  /** The left-out element being passed over, if any. */
  private skipping: ScanElement | null = null;

  constructor(private readonly skip?: SkipElement) {}

  get value(): string {
    return this.parts.join('');
  }

  text(data: string): void {
    // Newlines in the HTML source are only whitespace; lines come from <br> and blocks.
    if (this.skipping === null) this.parts.push(data.replace(/\s+/g, ' '));
  }

  open(el: ScanElement): void {
    if (this.skipping !== null) return;
    const name = el.name;
    if (name === 'script' || name === 'style' || this.skip?.(el)) this.skipping = el;
    else if (name === 'br' || BLOCK_TAGS.has(name)) this.parts.push('\n');
  }

  close(el: ScanElement): void {
    if (this.skipping !== null) {
      if (el === this.skipping) this.skipping = null;
      return;
    }
    if (BLOCK_TAGS.has(el.name)) this.parts.push('\n');
  }
}

/**
 * A time or count as Discuz prints it: the element's text (`value`) and the title of the
 * element if it is a `span[title]`, else of the first `span[title]` inside it.
 */
export interface Titled {
  readonly title: string | undefined;
  readonly value: string;
}

/** Reads a Titled (see there) from the element it is attached to. */
export class TitledOf implements TextSink, Titled {
  readonly structured = true;
  title: string | undefined;
  value = '';
  private found: boolean;

  constructor(el: ScanElement) {
    this.found = el.name === 'span' && el.attribs.title !== undefined;
    this.title = this.found ? el.attribs.title : undefined;
  }

  text(data: string): void {
    this.value += data;
  }

  open(el: ScanElement): void {
    if (!this.found && el.name === 'span' && el.attribs.title !== undefined) {
      this.found = true;
      this.title = el.attribs.title;
    }
  }
}
