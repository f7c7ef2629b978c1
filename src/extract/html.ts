/**
 * HTML to text lines for the parsers: block elements and <br> become line breaks, so a
 * paragraph stays one line and the line structure of an article survives.
 */
import * as cheerio from 'cheerio';
import { normalizeText } from './text.js';

/** A DOM node as cheerio 1.2 types it (domhandler's AnyNode, without importing domhandler). */
export type AnyNode = Parameters<typeof cheerio.contains>[0];

const BLOCKS = 'p, div, li, tr, h1, h2, h3, h4, h5, h6, section, article, blockquote, pre, table, ul, ol';

/**
 * The text lines of a selection (usually one element): each block element and each <br> ends a
 * line; lines are normalised with normalizeText and empty ones dropped. Scripts and styles are
 * ignored; the document itself is not changed.
 */
export function elementLines($: cheerio.CheerioAPI, sel: cheerio.Cheerio<AnyNode>): string[] {
  const copy = sel.clone();
  copy.find('script, style, noscript').remove();
  copy.find('br').replaceWith('\n');
  copy.find(BLOCKS).each((_, b) => {
    $(b).prepend('\n').append('\n');
  });
  return copy
    .text()
    .split('\n')
    .map((l) => normalizeText(l))
    .filter((l): l is string => l !== null);
}

/**
 * Text of an HTML fragment as an API field may carry it (`<p>..</p>`, `<br/>`, `&nbsp;`), one
 * line per block; plain text is returned unchanged. Lines are not normalised.
 */
export function htmlFragmentToText(s: string): string {
  if (!/<[a-z!/][^>]*>|&[a-z#0-9]+;/i.test(s)) return s;
  const $ = cheerio.load(`<div id="__root">${s}</div>`, null, false);
  const root = $('#__root');
  root.find('br').replaceWith('\n');
  root.find(BLOCKS).each((_, b) => {
    $(b).prepend('\u0001').append('\u0001');
  });
  // One line break per block boundary, however many blocks meet there.
  return root.text().replace(/\s*\u0001[\u0001\s]*/g, '\n').replace(/^\n|\n$/g, '');
}
