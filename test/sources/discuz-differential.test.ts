/**
 * The one-pass Discuz! reader (src/sources/discuz, no document built for a thread) against the
 * DOM-based reading it replaced (test/sources/discuz-dom, the code as it was): the same
 * extraction, or the same error, on every real Discuz! page in ../shared/fixtures/real, on the
 * hand-made fixtures (desktop X2/X3.3/X3.4, touch, guide), on thread and list pages of the
 * simulator over HTTP in UTF-8 and GBK, and on broken copies of the real thread page (cut short,
 * parts removed), for the generic adapter and a configured board. The reference reads as the
 * adapter did on 2026-12-05; when the adapter's output changes on purpose, this test and
 * test/sources/discuz-dom go (the hand-written fixture tests say what the output should be).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/extract/charset.js';
import type { Extraction } from '../../src/model/extraction.js';
import { startSimulator, type Simulator } from '../../src/simulate/index.js';
import { cnhubeiMinshengConfig } from '../../src/sources/cnhubei-minsheng/index.js';
import { genericDiscuzConfig, parseDiscuzPage, type DiscuzConfig } from '../../src/sources/discuz/index.js';
import { hasShared, repoRoot, sharedPath } from '../helpers/shared.js';
import { parseDiscuzPageDom } from './discuz-dom/index.js';

type Outcome = { ok: Extraction } | { error: string };

function outcome(parse: () => Extraction): Outcome {
  try {
    return { ok: parse() };
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

/** Both readings of one page with one config. */
function both(config: DiscuzConfig, url: string, body: string): { scanned: Outcome; dom: Outcome } {
  const page = { url, body };
  return { scanned: outcome(() => parseDiscuzPage(config, page)), dom: outcome(() => parseDiscuzPageDom(config, page)) };
}

function expectSame(config: DiscuzConfig, url: string, body: string): Outcome {
  const { scanned, dom } = both(config, url, body);
  expect(scanned, `${config.id} ${url}`).toEqual(dom);
  return scanned;
}

const REAL = ['fixtures', 'real', 'discuz-bbs.talkop.com'];
const COUNTY = 'http://bbs.example-county.gov.cn';
const BASE = 'http://bbs.cnhubei.com';

/** The hand-made fixtures with the URLs their tests give them. */
const FIXTURES: [dir: string, file: string, url: string][] = [
  ['discuz', 'x33-norewrite-viewthread-5203.html', `${COUNTY}/forum.php?mod=viewthread&tid=5203&extra=page%3D1`],
  ['discuz', 'x2-viewthread-1187.html', 'http://wz.example-city.gov.cn/thread-1187-1-1.html'],
  ['discuz', 'viewthread-subdir-page2.html', 'https://wz.example.gov.cn/bbs/forum.php?mod=viewthread&tid=881&page=2'],
  ['discuz', 'touch-viewthread-5203.html', `${COUNTY}/forum.php?mod=viewthread&tid=5203&mobile=2`],
  ['discuz', 'touch-forumdisplay-36.html', `${COUNTY}/forum.php?mod=forumdisplay&fid=36&mobile=2`],
  ['discuz', 'guide-new-page1.html', `${COUNTY}/forum.php?mod=guide&view=new`],
  ['cnhubei-minsheng', 'thread-4657001-1-1.html', `${BASE}/thread-4657001-1-1.html`],
  ['cnhubei-minsheng', 'thread-4657002-1-1.html', `${BASE}/thread-4657002-1-1.html`],
  ['cnhubei-minsheng', 'thread-4657003-1-1.html', `${BASE}/thread-4657003-1-1.html`],
  ['cnhubei-minsheng', 'thread-4657003-2-1.html', `${BASE}/thread-4657003-2-1.html`],
  ['cnhubei-minsheng', 'thread-4660003-1-1.gbk-source.html', `${BASE}/thread-4660003-1-1.html`],
  ['cnhubei-minsheng', 'forum-9-1.html', `${BASE}/forum-9-1.html`],
];

const CONFIGS: DiscuzConfig[] = [genericDiscuzConfig, cnhubeiMinshengConfig];

/** A URL that names no Discuz page: kind, tid and page are then read from the page itself. */
const unnamed = (url: string) => `${new URL(url).origin}/saved/page.html`;

describe('the one-pass Discuz reader reads what the DOM reading read', () => {
  it('on the hand-made fixtures, with their URLs and without', () => {
    let threads = 0;
    for (const [dir, file, url] of FIXTURES) {
      const body = readFileSync(path.join(repoRoot, 'test', 'fixtures', dir, file), 'utf8');
      for (const config of CONFIGS) {
        const out = expectSame(config, url, body);
        if ('ok' in out && out.ok.kind === 'thread') threads++;
        expectSame(config, unnamed(url), body);
      }
    }
    // Not a comparison of two failures: most of them parse.
    expect(threads).toBeGreaterThanOrEqual(14);
  });

  it.skipIf(!hasShared(...REAL))('on every real Discuz! page in ../shared/fixtures/real', () => {
    const files = readdirSync(sharedPath(...REAL)).filter((f) => f.endsWith('.html'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) {
      const body = readFileSync(sharedPath(...REAL, file), 'utf8');
      const url = `http://bbs.talkop.com/${file}`;
      for (const config of CONFIGS) {
        const out = expectSame(config, url, body);
        if (config === genericDiscuzConfig) expect('ok' in out, file).toBe(true);
        expectSame(config, unnamed(url), body);
      }
    }
  });

  it.skipIf(!hasShared(...REAL))('on broken copies of the real thread page: cut short, or a part the reader needs taken out', () => {
    const body = readFileSync(sharedPath(...REAL, 'thread-111668-1-1.html'), 'utf8');
    const url = 'http://bbs.talkop.com/thread-111668-1-1.html';
    const errors = new Set<string>();
    for (let cut = 1; cut < 40; cut++) {
      const out = expectSame(genericDiscuzConfig, url, body.slice(0, Math.floor((body.length * cut) / 40)));
      if ('error' in out) errors.add(out.error);
    }
    const removals: [RegExp, string][] = [
      [/id="thread_subject"/g, ''],
      [/id="postlist"/g, ''],
      [/id="authorposton664118"/g, ''],
      [/id="postmessage_664113"/g, ''],
      [/id="postnum664117"/g, ''],
      [/id="favatar664120"/g, ''],
      [/class="pg"/g, ''],
      [/<span class="xg1">查看:/g, '<span class="xg1">'],
      [/<\/div>/g, ''],
      [/<\/td>/g, ''],
      [/发表于 /g, 'posted '],
      [/title="2019-/g, 'title="x2019-'],
    ];
    for (const [part, by] of removals) {
      const out = expectSame(genericDiscuzConfig, url, body.replace(part, by));
      if ('error' in out) errors.add(out.error);
      expectSame(genericDiscuzConfig, unnamed(url), body.replace(part, by));
    }
    // The broken copies do fail, and loudly, naming the page and the part.
    expect(errors.size).toBeGreaterThanOrEqual(3);
    for (const e of errors) expect(e).toMatch(/^ParseError: cannot parse http:\/\/bbs\.talkop\.com\/\S+: /);
  });

  describe.each([
    ['UTF-8', false],
    ['GBK', true],
  ])('on simulator pages in %s over HTTP', (_name, gbk) => {
    let sim: Simulator;
    beforeAll(async () => {
      sim = await startSimulator({ seed: gbk ? 'differential-gbk' : 'differential', threads: 150, gbk });
    });
    afterAll(async () => {
      await sim?.close();
    });

    const fetchPage = async (publicUrl: string): Promise<string> => {
      const res = await fetch(publicUrl.replace(BASE, `${sim.url}/bbs`));
      expect(res.status).toBe(200);
      return decodeBody(new Uint8Array(await res.arrayBuffer()), res.headers.get('content-type'));
    };

    it('list pages, every thread page they link (later pages too), and a deleted thread', async () => {
      const threadUrls = new Set<string>();
      for (const list of [`${BASE}/forum-9-1.html`, `${BASE}/forum-9-2.html`, `${BASE}/forum.php?mod=forumdisplay&fid=9&filter=typeid&typeid=34&page=1`]) {
        const body = await fetchPage(list);
        for (const config of CONFIGS) {
          const out = expectSame(config, list, body);
          if (config === cnhubeiMinshengConfig && 'ok' in out) for (const l of out.ok.links) if (l.kind === 'thread') threadUrls.add(l.url);
        }
      }
      expect(threadUrls.size).toBeGreaterThanOrEqual(30);
      let parsed = 0;
      const queue = [...threadUrls];
      while (queue.length) {
        const url = queue.shift()!;
        const body = await fetchPage(url);
        for (const config of CONFIGS) {
          const out = expectSame(config, url, body);
          if (!('ok' in out)) continue;
          parsed++;
          if (config === cnhubeiMinshengConfig) for (const l of out.ok.links) if (l.kind === 'thread' && !threadUrls.has(l.url)) (threadUrls.add(l.url), queue.push(l.url));
        }
        expectSame(genericDiscuzConfig, unnamed(url), body);
      }
      expect(parsed).toBe(threadUrls.size * CONFIGS.length);
      const gone = await fetchPage(`${BASE}/thread-4999999-1-1.html`);
      for (const config of CONFIGS) expectSame(config, `${BASE}/thread-4999999-1-1.html`, gone);
    });
  });
});
