/**
 * The one-pass scan (src/extract/html-scan.ts drives htmlparser2's Tokenizer with the Parser's
 * tree rules) reports the elements, attributes and text nodes of the document `loadHtml`
 * builds, in document order: on every saved real page, every hand-made HTML fixture, the real
 * Discuz thread page cut short at many points, and small pages made to trip the tree rules
 * (implied end tags, void elements, a lone `</p>` or `</br>`, `<x/>` in svg, upper-case names,
 * entities, repeated attributes, comments, CDATA, a cut inside a tag).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AnyNode, Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { loadHtml } from '../../src/extract/dom.js';
import { classListHas, KeptAttributes, scanHtml, type HtmlScan, type ScanElement } from '../../src/extract/html-scan.js';
import { repoRoot, sharedPath } from '../helpers/shared.js';

const KEPT = new KeptAttributes(['id', 'class', 'href', 'title', 'style', 'rel', 'name', 'action']);

function openTag(name: string, attribs: Readonly<Record<string, string | undefined>>): string {
  const kept = KEPT.names.filter((n) => attribs[n] !== undefined).map((n) => ` ${n}=${JSON.stringify(attribs[n])}`);
  return `<${name}${kept.join('')}>`;
}

/** What the scan reports: elements opening and closing, and each text node inside an element. */
function scanned(html: string): string[] {
  const events: string[] = [];
  scanHtml(
    html,
    {
      open(el: ScanElement, scan: HtmlScan) {
        events.push(openTag(el.name, el.attribs));
        // Only one top-level element is open at a time: its sink gets every text node once.
        if (el.parent === null) scan.attach(el, { text: (data) => events.push(`text ${JSON.stringify(data)}`) });
      },
      close(el: ScanElement) {
        events.push(`</${el.name}>`);
      },
    },
    KEPT,
  );
  return events;
}

/** The same events read from the document loadHtml builds. */
function fromDocument(html: string): string[] {
  const events: string[] = [];
  const walk = (node: AnyNode, inElement: boolean): void => {
    if (node.type === 'text') {
      if (inElement) events.push(`text ${JSON.stringify(node.data)}`);
    } else if (node.type === 'tag' || node.type === 'script' || node.type === 'style') {
      const el = node as Element;
      events.push(openTag(el.name, el.attribs));
      for (const child of el.children) walk(child, true);
      events.push(`</${el.name}>`);
    }
  };
  for (const node of loadHtml(html).root()[0]!.children) walk(node, false);
  return events;
}

function expectSameTree(html: string, what: string): void {
  const events = scanned(html);
  expect(events, what).toEqual(fromDocument(html));
}

/** Every .html file under `dir`, recursively. */
function htmlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? htmlFiles(p) : f.endsWith('.html') || f.endsWith('.htm') ? [p] : [];
  });
}

const TRICKY: [string, string][] = [
  ['implied end tags', '<div><p>one<p>two<div>three</div><ul><li>a<li>b</ul><table><tr><td>1<td>2<tr><th>3</table><dl><dt>t<dd>d</dl></div>'],
  ['void elements and a lone </br> and </p>', '<p>a<br>b</br>c</p></p><img src=x alt="y">d<input name=q><hr></div>e'],
  ['self-closing outside and inside svg', '<div id=a/>x</div><svg class="s"><path id="p"/><g><rect/></g><foreignObject><div/>in</foreignObject></svg><span/>after'],
  ['upper-case names, repeated and odd attributes', '<DIV ID="Up" Class="a  B\tc" id="second"><A HREF="x?a=1&amp;b=2" title=&lt;t&gt;>l&amp;nk &#x4e2d; &copy</A><span \u212Aid="k" CLASS=x data-id=9 style></span></DIV>'],
  // The Kelvin sign lower-cases to k: `<trac\u212A>` is a void `<track>`.
  ['a tag name with a Kelvin sign', '<p>a<trac\u212A id="t">b</TRAC\u212A>c</p>'],
  ['comments, CDATA, declarations and processing instructions split text', '<!DOCTYPE html><html><body><p>a<!-- c -->b<![CDATA[x]]>c<?php echo 1 ?>d</p><script>if (a < b) {}</script><style>p{}</style><title>t &amp; u</title><textarea>&lt;x&gt;</textarea></body></html>'],
  ['stray end tags and text outside elements', 'before</span><div>x</span>y</div>after</b><p>z'],
  ['a page cut inside a start tag', '<div class="a"><span id="s">text</span><a href="x" title="cut'],
  ['a page cut inside a void tag and inside a comment', '<div><p>one<img src="a'],
  ['cut inside a comment', '<div>a<!-- open comment'],
  ['forms close each other', '<form><select name=s><option>1<option>2<optgroup><option>3</select><input name=a><button>b<textarea>t</textarea></form>'],
];

describe('scanHtml reports the document loadHtml builds', () => {
  it('on small pages made to trip the tree rules', () => {
    for (const [what, html] of TRICKY) expectSameTree(html, what);
  });

  it('on every saved real page and every hand-made HTML fixture', () => {
    const files = [...htmlFiles(sharedPath('fixtures', 'real')), ...htmlFiles(path.join(repoRoot, 'test', 'fixtures'))];
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const file of files) expectSameTree(readFileSync(file, 'utf8'), file);
  });

  it('on the real Discuz thread page cut short at 60 points (inside tags, text, scripts)', () => {
    const file = sharedPath('fixtures', 'real', 'discuz-bbs.talkop.com', 'thread-111668-1-1.html');
    if (!existsSync(file)) return;
    const body = readFileSync(file, 'utf8');
    for (let cut = 1; cut < 60; cut++) {
      const at = Math.floor((body.length * cut) / 60) + cut;
      expectSameTree(body.slice(0, at), `cut at ${at}`);
    }
  });
});

describe('classListHas', () => {
  it('finds a class among the words of the attribute, parted by any whitespace', () => {
    expect(classListHas('pls  favatar', 'pls')).toBe(true);
    expect(classListHas('a\u3000pls', 'pls')).toBe(true);
    expect(classListHas(' pls\n', 'pls')).toBe(true);
    expect(classListHas('plsx pls-y xpls', 'pls')).toBe(false);
    expect(classListHas('plsx pls', 'pls')).toBe(true);
    expect(classListHas(undefined, 'pls')).toBe(false);
    expect(classListHas('', 'pls')).toBe(false);
  });
});

describe('KeptAttributes', () => {
  it('finds a kept name written in any case, as the lower-cased name the document holds', () => {
    const kept = new KeptAttributes(['id', 'kid', 'href']);
    const at = (written: string) => kept.indexOf(`<a ${written}=x>`, 3, 3 + written.length);
    expect([at('id'), at('ID'), at('Kid'), at('\u212AiD'), at('HREF'), at('hre'), at('hrefs'), at('i\u0130'), at('data')]).toEqual([0, 0, 1, 1, 2, -1, -1, -1, -1]);
  });

  it('refuses a name that is not lower-case ASCII letters', () => {
    expect(() => new KeptAttributes(['data-id'])).toThrow(/data-id/);
    expect(() => new KeptAttributes(['ID'])).toThrow(/ID/);
  });
});
