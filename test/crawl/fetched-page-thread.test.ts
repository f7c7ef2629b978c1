/**
 * The crawl's storing thread (fetched-page-thread.ts): a fetched answer is read there by its
 * adapter, found by id, and its body written into a real raw store in the same hand-off. What
 * comes back is what reading it on the crawl's thread gives (fetched-read.ts); a block page
 * writes nothing at all; a board that scrubs its answers has the scrubbed body stored; an
 * adapter the thread cannot rebuild from its id is left to the caller.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getRaw, sha256Hex } from '../../src/archive/raw-store.js';
import { storeAndRead } from '../../src/crawl/fetched-page-thread.js';
import { readFetched, type FetchedAnswer } from '../../src/crawl/fetched-read.js';
import { getRequest } from '../../src/model/request.js';
import { blockPageHtml } from '../../src/simulate/faults.js';
import { discuzAdapter } from '../../src/sources/discuz/index.js';
import { rednetHunanAdapter } from '../../src/sources/rednet-hunan/index.js';
import { REPO } from '../helpers/cli.js';
import { hasShared, sharedPath } from '../helpers/shared.js';
import { tempDir } from '../helpers/tmp.js';

const DIR = ['fixtures', 'real', 'discuz-bbs.talkop.com'];
const THREAD_URL = 'http://bbs.talkop.com/thread-111668-1-1.html';
const html = (body: string | Uint8Array, status = 200): FetchedAnswer => ({
  request: getRequest(THREAD_URL, 'thread'),
  status,
  headers: new Headers({ 'content-type': 'text/html; charset=utf-8', server: 'nginx' }),
  bytes: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
  contentType: 'text/html; charset=utf-8',
  servedAt: '2026-12-01T16:00:00+08:00',
});

/** Every file under a raw folder (none when the folder was never made). */
function rawFiles(rawDir: string): string[] {
  if (!existsSync(rawDir)) return [];
  return readdirSync(rawDir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.join(d.parentPath, d.name));
}

describe.skipIf(!hasShared(...DIR))('a real Discuz page on the storing thread', () => {
  it('comes back read as the crawl thread reads it, its body on disk under its sha256', async () => {
    const rawDir = path.join(tempDir(), 'raw');
    const bytes = new Uint8Array(readFileSync(sharedPath(...DIR, 'thread-111668-1-1.html')));
    const answer = html(bytes);
    const got = await storeAndRead(rawDir, discuzAdapter, answer)!;
    const here = readFetched(discuzAdapter, answer);
    if (got.block !== null || here.block !== null) throw new Error('a board page taken for a block page');
    expect(got.read).toEqual(here.read);
    // Read off the page by hand (test/sources/discuz-real.test.ts): the first floor and its counts.
    if (!('extraction' in got.read)) throw got.read.error;
    const m = got.read.extraction.messages[0]!;
    expect([m.externalId, m.author, m.replyCount, m.pageCount]).toEqual(['111668', '鹰目', 568, 57]);
    expect(got.stored).toEqual({ sha256: sha256Hex(bytes), bytes: bytes.byteLength });
    expect(Buffer.compare(getRaw(rawDir, got.stored.sha256), Buffer.from(bytes))).toBe(0);
    expect(rawFiles(rawDir)).toHaveLength(1); // no temp file left behind
    // The caller's bytes are its own still: a copy crossed over.
    expect(answer.bytes.byteLength).toBe(bytes.byteLength);
  });
});

describe('answers the storing thread must not store as they came', () => {
  it('writes nothing of a WAF page served with 200, and says why it is one', async () => {
    const rawDir = path.join(tempDir(), 'raw');
    const got = await storeAndRead(rawDir, discuzAdapter, html(blockPageHtml('waf', 'r1')))!;
    expect(got).toEqual({ block: 'WAF page (waf)' });
    expect(rawFiles(rawDir)).toEqual([]);
  });

  it('stores the scrubbed body of a board that scrubs its answers: the phone number never reaches the disk', async () => {
    const rawDir = path.join(tempDir(), 'raw');
    const text = readFileSync(path.join(import.meta.dirname, '../fixtures/rednet-hunan/detail-4710762.json'), 'utf8');
    expect(text).toContain('13874125896');
    const url = 'https://wzapi.rednet.cn/front/msg/detail?id=4710762';
    const answer: FetchedAnswer = { ...html(text), request: getRequest(url, 'thread'), contentType: 'application/json;charset=UTF-8' };
    const got = await storeAndRead(rawDir, rednetHunanAdapter, answer)!;
    if (got.block !== null) throw new Error('taken for a block page');
    const stored = getRaw(rawDir, got.stored.sha256).toString('utf8');
    expect(stored).not.toContain('13874125896');
    expect(stored).toContain('138****5896');
    expect(Buffer.from(got.kept).toString('utf8')).toBe(stored);
    for (const f of rawFiles(rawDir)) expect(readFileSync(f).includes('13874125896')).toBe(false);
  });

  it('leaves a page to the caller when its adapter cannot be rebuilt from its id there', () => {
    const own = { ...discuzAdapter };
    expect(storeAndRead(path.join(tempDir(), 'raw'), own, html('<html></html>'))).toBeNull();
  });
});

describe('the storing thread and the life of the process', () => {
  it('keeps no process alive once it holds no page: a crawl that stored nothing through it still exits', async () => {
    const entry = pathToFileURL(path.join(REPO, 'dist/src/crawl/fetched-page-thread.js')).href;
    const script = path.join(tempDir(), 'warm.mjs');
    writeFileSync(script, `import { warmStoringThread } from ${JSON.stringify(entry)};\nwarmStoringThread();\n`);
    const child = spawn(process.execPath, [script], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
    clearTimeout(timer);
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  });
});
