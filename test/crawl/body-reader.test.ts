/**
 * Re-extraction's body reader: the bodies of a SQLite archive's raw store read, checked and
 * decoded on a thread of their own, handed back in the order asked, a damaged one named as
 * the raw store names it, and the reading carried on here when that thread stops.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openArchive, type SqliteArchive } from '../../src/archive/db.js';
import { rawPath, RawStoreError } from '../../src/archive/raw-store.js';
import { BodyReader, type BodyRef } from '../../src/crawl/body-reader.js';
import { tempDir } from '../helpers/tmp.js';

const REAL = path.resolve(import.meta.dirname, '../../../shared/fixtures/real/discuz-bbs.talkop.com');
const UTF8 = 'text/html; charset=utf-8';

let archive: SqliteArchive;
let reader: BodyReader;
let thread: BodyRef;
let list: BodyRef;
let gbk: BodyRef;

beforeEach(async () => {
  archive = await openArchive(path.join(tempDir(), 'wenzheng.sqlite'));
  reader = new BodyReader(archive);
  const put = async (bytes: Uint8Array, contentType: string | null) => ({ sha256: (await archive.raw.put(bytes)).sha256, contentType });
  thread = await put(readFileSync(path.join(REAL, 'thread-111668-1-1.html')), UTF8);
  list = await put(readFileSync(path.join(REAL, 'forumdisplay-fid49-typeid145.html')), UTF8);
  // Written by hand: a GB2312 page that says so only in its <meta>, served without a charset.
  gbk = await put(iconv.encode('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>民生热线：武汉积水</title></head></html>', 'gbk'), 'text/html');
});
afterEach(async () => {
  await reader.close();
  await archive.close();
});

/** Takes every body of a queue, in order. */
async function takeAll(refs: BodyRef[], ahead: number) {
  const q = reader.queue(refs, ahead);
  const out = [];
  for (let i = 0; i < refs.length; i++) out.push(await q.next());
  return out;
}

/** Which page a text is, by its <title> (copied by hand from each page), or the error itself. */
function title(t: unknown): unknown {
  if (typeof t !== 'string') return t;
  if (t.includes('<title>【TalkOP汉化】海贼王资料集生命卡ONE PIECE图鉴完全版汉化（201810东海+超新星篇）')) return 'thread';
  if (t.includes('<title>生命卡 - TalkOP汉化区|【TalkOP汉化组】作品发布区')) return 'list';
  if (t.includes('<title>民生热线：武汉积水</title>')) return 'gbk';
  return t.slice(0, 200);
}

describe('BodyReader', () => {
  it('reads a SQLite archive\'s bodies on its own thread and hands back their text in the order asked', async () => {
    // Captures carry ids of their own, not in the order they are read.
    const refs = [thread, gbk, list, thread, gbk].map((r, i) => ({ ...r, id: 5 - i }));
    const texts = await takeAll(refs, 2);
    expect(reader.onThread).toBe(true);
    expect(texts.map(title)).toEqual([
      'thread',
      'gbk',
      'list',
      'thread',
      'gbk',
    ]);
    // The whole page, not a part of it: the real thread page ends with its closing tag.
    expect((texts[0] as string).trimEnd().endsWith('</html>')).toBe(true);
    expect(texts[0]).toBe(texts[3]);
  });

  it('a missing or corrupt body is a RawStoreError naming its sha256; the bodies after it are still read', async () => {
    rmSync(rawPath(archive.rawDir, list.sha256));
    const file = rawPath(archive.rawDir, gbk.sha256);
    writeFileSync(file, readFileSync(file).subarray(0, 12));
    const texts = await takeAll([thread, list, gbk, thread], 10);
    expect(texts.map((t) => (t instanceof RawStoreError ? [t.sha256, t.problem] : title(t)))).toEqual([
      'thread',
      [list.sha256, 'missing'],
      [gbk.sha256, 'corrupt'],
      'thread',
    ]);
    expect((texts[1] as Error).message).toContain(list.sha256);
  });

  it('a body whose file holds other bytes is corrupt, not read as the page it claims to be', async () => {
    writeFileSync(rawPath(archive.rawDir, thread.sha256), readFileSync(rawPath(archive.rawDir, list.sha256)));
    const [t] = await takeAll([thread], 4);
    expect(t).toBeInstanceOf(RawStoreError);
    expect((t as RawStoreError).message).toMatch(/corrupt: content hashes to/);
  });

  it('when the reading thread stops, the bodies still to come are read here', async () => {
    const q = reader.queue([thread, gbk, list, gbk, thread, list], 2);
    expect(title(await q.next())).toBe('thread');
    expect(reader.onThread).toBe(true);
    await (reader as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    const rest = [];
    for (let i = 1; i < 6; i++) rest.push(title(await q.next()));
    expect(reader.onThread).toBe(false);
    expect(rest).toEqual(['gbk', 'list', 'gbk', 'thread', 'list']);
  });
});
