/**
 * The indexed `$` answers whole-page queries with exactly the elements, in exactly the order,
 * that cheerio's own query gives: on the real 271 KB Discuz page and on a small page made to
 * trip it (nested roots, a repeated id, several classes, selector lists out of order).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadHtml } from '../../src/extract/dom.js';
import { indexed } from '../../src/extract/dom-index.js';
import { hasShared, sharedPath } from '../helpers/shared.js';

const TALKOP = ['fixtures', 'real', 'discuz-bbs.talkop.com', 'thread-111668-1-1.html'];

/** The selectors the Discuz adapter asks of a whole page, and some it does not. */
const SELECTORS = [
  '#postlist',
  '#thread_subject',
  '#messagetext',
  '#threadlisttableid',
  'a[href]',
  'base[href]',
  'link[rel=canonical]',
  'a[id^=postnum]',
  'div[id^=post_]',
  'div.pg',
  '#pgt div.pg, #fd_page_top div.pg, div.pgs div.pg',
  '#postlist div.hm',
  'div.hm.ptn',
  'h1.ts a[href*="typeid="]',
  '#pt a',
  'h1.xs2 a',
  'div.postlist div.plc[id^=pid]',
  'div.threadlist li a[href]',
  '.authi a.xw1',
  'td.pls',
  'span.xi1',
  'table[id^=pid] td.plc',
  'div > a',
  'a:first-child',
  'script',
  'div.nosuchclass',
  '#nosuchid a',
];

/** Node identity as a comparable list: each element's position in the page. */
function positions(html: string, selector: string): { plain: number[]; fast: number[] } {
  const $ = loadHtml(html);
  const all = $('*').toArray();
  const where = (els: unknown[]) => els.map((e) => all.indexOf(e as never));
  const plain = where($(selector).toArray());
  const fast$ = indexed($);
  return { plain, fast: where(fast$(selector).toArray()) };
}

const TRICKY = `<html><body>
  <div id="a" class="box  outer"><div class="box inner"><a href="/1" class="x">1</a></div><a href="/2">2</a></div>
  <div id="a" class="box"><span title="t">dup id</span><a>no href</a></div>
  <div class="pg"><a class="nxt" href="?page=2">next</a></div>
  <div id="pgt"><div class="pg"><strong>1</strong></div></div>
  <p class="Box">case</p>
</body></html>`;

describe('indexed $', () => {
  it.each([
    'div.box a',
    '.box',
    'div.box.outer',
    '#a',
    '#a a',
    'a[href]',
    'a[href^="/"]',
    'a.nxt[href*=page]',
    '#pgt div.pg, div.pg',
    'div.pg, #pgt div.pg',
    '.Box',
    'span[title=t]',
  ])('answers %j on a tricky page as cheerio does', (selector) => {
    const { plain, fast } = positions(TRICKY, selector);
    expect(fast).toEqual(plain);
  });

  it('answers every whole-page query of the Discuz adapter on the real talkop page as cheerio does', () => {
    if (!hasShared(...TALKOP)) return;
    const html = readFileSync(sharedPath(...TALKOP), 'utf8');
    let found = 0;
    for (const selector of SELECTORS) {
      const { plain, fast } = positions(html, selector);
      expect(fast, selector).toEqual(plain);
      found += plain.length;
    }
    expect(found).toBeGreaterThan(500);
  });
});
