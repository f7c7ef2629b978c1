/**
 * Reading a page on another thread (read-transfer.ts, page-read-thread.ts): a real worker
 * thread finds the adapter by id, reads the page as readPage does here, and what comes back
 * is readPage's own outcome: the same extraction, or the same error class with the same
 * message and fields. An adapter findAdapter does not give back is read on this thread.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ParseError, RequestRefusedError } from '../../src/extract/errors.js';
import { getRequest } from '../../src/model/request.js';
import { tryReadPage, type PageInput, type ReadOutcome } from '../../src/crawl/ingest.js';
import { PageReadThread } from '../../src/crawl/page-read-thread.js';
import { readsOffThread, reviveOutcome, sendable } from '../../src/crawl/read-transfer.js';
import { discuzAdapter, discuzBoardAdapter } from '../../src/sources/discuz/index.js';
import { findAdapter } from '../../src/sources/index.js';
import { createLiuyanAdapter, peopleLiuyanAdapter, SignatureRefusedError } from '../../src/sources/people-liuyan/index.js';
import type { SourceAdapter } from '../../src/sources/types.js';
import { hasShared, sharedPath } from '../helpers/shared.js';

const DIR = ['fixtures', 'real', 'discuz-bbs.talkop.com'];
const present = hasShared(...DIR);
const UTF8 = 'text/html; charset=utf-8';
const THREAD_URL = 'http://bbs.talkop.com/thread-111668-1-1.html';

let reader: PageReadThread;
beforeEach(() => {
  reader = new PageReadThread();
});
afterEach(async () => {
  await reader.close();
});

/** The error of an outcome, failing the test when there is none. */
function errorOf(o: ReadOutcome): Error {
  if (!('error' in o)) throw new Error(`expected an error, got an extraction of ${o.extraction.url}`);
  return o.error;
}

describe.skipIf(!present)('a real Discuz page read on another thread', () => {
  const bytes = () => new Uint8Array(readFileSync(sharedPath(...DIR, 'thread-111668-1-1.html')));

  it('gives the extraction readPage gives here, from bytes or from text', async () => {
    const page: PageInput = { adapter: discuzAdapter, request: getRequest(THREAD_URL, 'thread'), bytes: bytes(), contentType: UTF8, servedAt: '2026-12-01T08:00:00Z' };
    const here = tryReadPage(page);
    const [fromBytes, fromText] = await Promise.all(reader.readAll([page, { ...page, bytes: undefined, text: new TextDecoder().decode(page.bytes) }]));
    expect(reader.onThread).toBe(true);
    expect(fromBytes).toEqual(here);
    expect(fromText).toEqual(here);
    // Read off the page by hand (test/sources/discuz-real.test.ts): the first floor and its counts.
    if (!('extraction' in fromBytes)) throw fromBytes.error;
    const m = fromBytes.extraction.messages[0]!;
    expect([m.externalId, m.author, m.replyCount, m.pageCount]).toEqual(['111668', '鹰目', 568, 57]);
    expect(fromBytes.extraction.replies.map((r) => r.externalId).slice(0, 3)).toEqual(['664117', '664118', '664120']);
  });

  it('reads a configured board (discuz:<host>:<fid>) by its id there too', async () => {
    const board = findAdapter('discuz:bbs.talkop.com:49')!;
    expect(readsOffThread(board)).toBe(true);
    const page: PageInput = { adapter: board, request: getRequest(THREAD_URL, 'thread'), bytes: bytes(), contentType: UTF8 };
    const got = await reader.read(page);
    expect(reader.onThread).toBe(true);
    expect(got).toEqual(tryReadPage(page));
    if (!('extraction' in got)) throw got.error;
    expect(got.extraction.source).toBe('discuz:bbs.talkop.com:49');
  });
});

describe('a page that cannot be read, read on another thread', () => {
  it('a Discuz page in the old mobile template comes back as the ParseError readPage throws, fields and all', async () => {
    // Written by hand: the old mobile template (mobile=1) has neither #postlist nor a thread list.
    const url = 'http://bbs.example.org/forum.php?mod=viewthread&tid=7&mobile=1';
    const page: PageInput = { adapter: discuzAdapter, request: getRequest(url, 'thread'), text: '<html><body><div class="box">主题</div></body></html>', contentType: UTF8 };
    const got = await reader.read(page);
    expect(reader.onThread).toBe(true);
    const e = errorOf(got);
    expect(e).toBeInstanceOf(ParseError);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('ParseError');
    expect(e.message).toBe(`cannot parse ${url}: Discuz! mobile template (mobile=1) (not read: ask for the touch template (mobile=2) or the desktop one (mobile=no))`);
    expect({ url: (e as ParseError).url, part: (e as ParseError).part }).toEqual({ url, part: 'Discuz! mobile template (mobile=1)' });
    const here = errorOf(tryReadPage(page));
    expect(e).toEqual(here);
    expect(Object.getPrototypeOf(e)).toBe(Object.getPrototypeOf(here));
  });

  it('a refused signature comes back as SignatureRefusedError, a RequestRefusedError, with its code and the site\'s words', async () => {
    const url = 'https://liuyan.people.com.cn/v1/forum/getTopForums';
    const page: PageInput = { adapter: peopleLiuyanAdapter, request: getRequest(url, 'other'), text: '{"code":"SN0006","msg":"数据格式错误"}', contentType: 'application/json' };
    const e = errorOf(await reader.read(page));
    expect(reader.onThread).toBe(true);
    expect(e).toBeInstanceOf(SignatureRefusedError);
    expect(e).toBeInstanceOf(RequestRefusedError);
    expect(e.message).toBe(`cannot parse ${url}: signature (the API refused the request signature: SN0006 数据格式错误; the appCode or the signing rule of the site's front end changed)`);
    const s = e as SignatureRefusedError;
    expect([s.name, s.url, s.part, s.code, s.siteMessage]).toEqual(['SignatureRefusedError', url, 'signature', 'SN0006', '数据格式错误']);
  });

  it('any other error comes back as an Error of the same name and message', () => {
    const e = errorOf(reviveOutcome(sendable({ error: new TypeError('Cannot read properties of null') })));
    expect(e).toBeInstanceOf(Error);
    expect([e.name, e.message]).toEqual(['TypeError', 'Cannot read properties of null']);
  });
});

describe('adapters read on this thread', () => {
  it('an adapter findAdapter does not give back (one built from options, or a test\'s own) is not sent', async () => {
    expect(readsOffThread(discuzAdapter)).toBe(true);
    expect(readsOffThread(findAdapter('discuz:bbs.talkop.com:49')!)).toBe(true);
    expect(readsOffThread(createLiuyanAdapter({ ...peopleLiuyanAdapter.config, boards: [559] }))).toBe(false);
    expect(readsOffThread(discuzBoardAdapter('discuz:bbs.talkop.com:49', 'http://bbs.talkop.com/')!)).toBe(false);
    // Same id as the registry's discuz adapter, another parser: read here, its own error kept as is.
    class OwnError extends Error {}
    const own: SourceAdapter = {
      ...discuzAdapter,
      parse: () => {
        throw new OwnError('own parser');
      },
    };
    expect(readsOffThread(own)).toBe(false);
    const e = errorOf(await reader.read({ adapter: own, request: getRequest(THREAD_URL, 'thread'), text: '<html></html>', contentType: UTF8 }));
    expect(e).toBeInstanceOf(OwnError);
    expect(reader.onThread).toBe(false);
  });
});
