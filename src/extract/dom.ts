/**
 * Small DOM helpers shared by the HTML adapters: one way to load a page, strict selectors that
 * fail loudly with a ParseError, and text extraction that keeps the line breaks of a post.
 */
import * as cheerio from 'cheerio';
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { ParseError } from './errors.js';
import { BLOCK_TAGS, type Titled } from './scan-text.js';

/**
 * Loads an HTML page with htmlparser2 in HTML mode: about 4x faster than parse5 on 270 KB
 * Discuz! pages (TOOLCHAIN.md) and checked to read the real X3.4 pages the same way.
 */
export function loadHtml(html: string): CheerioAPI {
  return cheerio.load(html, { xml: { xmlMode: false } });
}

/** The elements matching `selector` (within `root` when given); ParseError naming it when none. */
export function requireAll(
  $: CheerioAPI,
  selector: string,
  url: string,
  root?: Cheerio<AnyNode>,
): Cheerio<AnyNode> {
  const found = root ? root.find(selector) : $(selector);
  if (found.length === 0) throw new ParseError(url, selector);
  return found;
}

/** The first element matching `selector`; ParseError naming the selector when there is none. */
export function requireOne(
  $: CheerioAPI,
  selector: string,
  url: string,
  root?: Cheerio<AnyNode>,
): Cheerio<AnyNode> {
  return requireAll($, selector, url, root).first();
}

/**
 * The text of an element as a browser lays it out: `<br>` and block elements make line
 * breaks, source newlines are spaces (the element is not modified). Returns raw text: run
 * it through normalizeBody. Elements for which `skip` is true are left out with all they hold.
 */
export function blockText(el: Cheerio<AnyNode>, skip?: (el: Element) => boolean): string {
  const parts: string[] = [];
  const walk = (node: AnyNode): void => {
    if (node.type === 'text') {
      // Newlines in the HTML source are only whitespace; lines come from <br> and blocks.
      parts.push(node.data.replace(/\s+/g, ' '));
    } else if (node.type === 'tag') {
      // <script> and <style> have node types of their own and are skipped.
      if (skip?.(node)) return;
      if (node.name === 'br') {
        parts.push('\n');
        return;
      }
      const block = BLOCK_TAGS.has(node.name);
      if (block) parts.push('\n');
      for (const child of node.children) walk(child);
      if (block) parts.push('\n');
    }
  };
  for (const node of el.toArray()) {
    if ('children' in node) for (const child of node.children) walk(child);
  }
  return parts.join('');
}

/** A non-negative integer from text such as `1,234` or ` 568 `, or null when there is none. */
export function intOf(text: string | null | undefined): number | null {
  const m = text?.replace(/[,，\s]/g, '').match(/\d+/);
  return m ? Number(m[0]) : null;
}

/**
 * A time or count as Discuz prints it, read from a built document: the element's text, and the
 * title of the element if it is a `span[title]`, else of the first `span[title]` inside it.
 */
export function titledOf(el: Cheerio<AnyNode>): Titled {
  const titled = el.is('span[title]') ? el : el.find('span[title]').first();
  // The text is read only where the title says nothing.
  return {
    title: titled.attr('title'),
    get value() {
      return el.text();
    },
  };
}
