import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../src/archive/db.js';
import { applyExtractionTo } from '../../src/archive/page-store.js';
import { applyExtraction, type ApplyContext, type ApplyResult } from '../../src/archive/records.js';
import type { Extraction, Message, Reply } from '../../src/model/extraction.js';
import { tempDir } from '../helpers/tmp.js';

const SOURCE = 'cnhubei-minsheng';

function message(over: Partial<Message> = {}): Message {
  return {
    externalId: '4657001',
    url: 'http://bbs.cnhubei.com/thread-4657001-1-1.html',
    title: '小区门口道路破损何时修复',
    body: '武汉市洪山区某小区门口道路破损半年无人修。',
    author: '市民张三',
    postedAt: '2021-03-01T09:00:00+08:00',
    board: '民生热线',
    department: null,
    category: '城市管理',
    status: 'pending',
    statusRaw: null,
    views: 10,
    replyCount: 0,
    ...over,
  };
}

function reply(over: Partial<Reply> = {}): Reply {
  return {
    messageExternalId: '4657001',
    externalId: '9000002',
    department: '洪山区城管局',
    author: '洪山区城管局',
    body: '已安排施工队修复。',
    repliedAt: '2021-03-02T10:30:00+08:00',
    official: true,
    floor: 2,
    ...over,
  };
}

function thread(messages: Message[], replies: Reply[]): Extraction {
  return { source: SOURCE, url: messages[0]?.url ?? 'http://bbs.cnhubei.com/x', kind: 'thread', messages, replies, reports: [], links: [] };
}

let archive: Archive | undefined;
afterEach(async () => {
  await archive?.close();
  archive = undefined;
});

async function open(): Promise<Archive> {
  archive = await openArchive(path.join(tempDir(), 'wenzheng.sqlite'));
  await archive.db.insertInto('source').values({ id: SOURCE, name: '民生热线', baseUrl: 'http://bbs.cnhubei.com', region: '420000' }).execute();
  return archive;
}

const ctx = (a: Archive, now: string) => ({ runId: null, captureId: null, now, extractorVersion: '1', salt: a.salt });

/** The two engines of the write path: kysely (PostgreSQL's) and SQLite's prepared statements. */
const ENGINES: [string, (a: Archive, x: Extraction, c: ApplyContext) => Promise<ApplyResult>][] = [
  ['kysely', (a, x, c) => applyExtraction(a.db, x, c)],
  ['prepared statements', (a, x, c) => applyExtractionTo(a, x, c)],
];

describe.each(ENGINES)('applyExtraction through %s', (_engine, apply) => {
  it('reports new, then unchanged, and ignores view counts', async () => {
    const a = await open();
    const first = await apply(a, thread([message()], []), ctx(a, '2021-03-01T10:00:00+08:00'));
    expect(first.messages).toEqual({ new: 1, changed: 0, unchanged: 0 });
    const again = await apply(a, thread([message({ views: 99 })], []), ctx(a, '2021-03-01T11:00:00+08:00'));
    expect(again.messages).toEqual({ new: 0, changed: 0, unchanged: 1 });
    const row = await a.db.selectFrom('message').selectAll().executeTakeFirstOrThrow();
    expect(row.views).toBe(99);
    expect(row.lastSeenAt).toBe('2021-03-01T11:00:00+08:00');
    expect(row.lastChangedAt).toBe('2021-03-01T10:00:00+08:00');
    expect(row.authorHash).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(row)).not.toContain('张三');
    const obs = await a.db.selectFrom('messageObservation').selectAll().execute();
    expect(obs).toHaveLength(1);
  });

  it('a sighting of unchanged records notes the capture and extractor that saw it, and leaves what they say as stored', async () => {
    const a = await open();
    const capture = async (fetchedAt: string) =>
      (
        await a.db
          .insertInto('capture')
          .values({ url: message().url, sourceId: SOURCE, kind: 'thread', fetchedAt, httpStatus: 200, contentType: 'text/html', sha256: 'ab'.repeat(32), bytes: 1, extractorVersion: null, runId: null, parseError: null, requestBody: null, requestKey: message().url, servedAt: null })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const first = await capture('2021-03-03T10:00:00+08:00');
    await apply(a, thread([message({ replyCount: 1 })], [reply()]), { ...ctx(a, '2021-03-03T10:00:00+08:00'), captureId: first });
    const before = {
      message: await a.db.selectFrom('message').selectAll().executeTakeFirstOrThrow(),
      reply: await a.db.selectFrom('reply').selectAll().executeTakeFirstOrThrow(),
    };
    const second = await capture('2021-03-04T10:00:00+08:00');
    const res = await apply(a, thread([message({ replyCount: 1, views: 42, lastPostAt: '2021-03-02T10:30:00+08:00' })], [reply()]), {
      ...ctx(a, '2021-03-04T10:00:00+08:00'),
      captureId: second,
      extractorVersion: '2',
    });
    expect(res.messages).toEqual({ new: 0, changed: 0, unchanged: 1 });
    expect(res.replies).toEqual({ new: 0, changed: 0, unchanged: 1 });
    const m = await a.db.selectFrom('message').selectAll().executeTakeFirstOrThrow();
    expect(m).toEqual({
      ...before.message,
      views: 42,
      lastPostAt: '2021-03-02T10:30:00+08:00',
      lastSeenAt: '2021-03-04T10:00:00+08:00',
      captureId: second,
      extractorVersion: '2',
    });
    const r = await a.db.selectFrom('reply').selectAll().executeTakeFirstOrThrow();
    expect(r).toEqual({ ...before.reply, captureId: second, extractorVersion: '2' });
  });

  it('an official reply marks the message replied, sets first_reply_at and adds one observation', async () => {
    const a = await open();
    await apply(a, thread([message()], []), ctx(a, '2021-03-01T10:00:00+08:00'));
    const citizen = reply({ externalId: '9000003', official: false, department: null, author: '路人', floor: 3, repliedAt: '2021-03-02T08:00:00+08:00' });
    const res = await apply(a, thread([message({ replyCount: 2 })], [reply(), citizen]), ctx(a, '2021-03-03T10:00:00+08:00'));
    expect(res.messages.changed).toBe(1);
    expect(res.replies.new).toBe(2);
    const m = await a.db.selectFrom('message').selectAll().executeTakeFirstOrThrow();
    expect(m.status).toBe('replied');
    expect(m.firstReplyAt).toBe('2021-03-02T10:30:00+08:00');
    expect(m.replyCount).toBe(1);
    expect(m.boardReplyCount).toBe(2);
    const dep = await a.db.selectFrom('department').selectAll().where('id', '=', m.departmentId!).executeTakeFirstOrThrow();
    expect(dep.canonicalName).toBe('武汉市洪山区城市管理局');
    const alias = await a.db.selectFrom('departmentAlias').selectAll().where('alias', '=', '洪山区城管局').executeTakeFirstOrThrow();
    expect(alias.departmentId).toBe(dep.id);
    const obs = await a.db.selectFrom('messageObservation').selectAll().orderBy('id').execute();
    expect(obs.map((o) => [o.status, o.replyCount])).toEqual([
      ['pending', 0],
      ['replied', 1],
    ]);
  });

  it('replies on a later page (no message on it) still update the message', async () => {
    const a = await open();
    await apply(a, thread([message()], []), ctx(a, '2021-03-01T10:00:00+08:00'));
    const page2: Extraction = { ...thread([], [reply({ externalId: '9000030', floor: 11 })]), url: 'http://bbs.cnhubei.com/thread-4657001-2-1.html' };
    const res = await apply(a, page2, ctx(a, '2021-03-04T10:00:00+08:00'));
    expect(res.replies.new).toBe(1);
    const m = await a.db.selectFrom('message').selectAll().executeTakeFirstOrThrow();
    expect(m.status).toBe('replied');
  });

  it('a page saying the thread is gone marks it gone, and seeing it again clears that', async () => {
    const a = await open();
    await apply(a, thread([message()], []), ctx(a, '2021-03-01T10:00:00+08:00'));
    const notice: Extraction = { ...thread([], []), kind: 'other', gone: ['4657001'] };
    const res = await apply(a, notice, ctx(a, '2021-03-05T10:00:00+08:00'));
    expect(res.messages.changed).toBe(1);
    expect((await a.db.selectFrom('message').select('goneAt').executeTakeFirstOrThrow()).goneAt).toBe('2021-03-05T10:00:00+08:00');
    expect((await apply(a, notice, ctx(a, '2021-03-06T10:00:00+08:00'))).messages.changed).toBe(0);
    await apply(a, thread([message()], []), ctx(a, '2021-03-07T10:00:00+08:00'));
    expect((await a.db.selectFrom('message').select('goneAt').executeTakeFirstOrThrow()).goneAt).toBeNull();
  });

  it('stores report figures and links an item to its thread when it arrives later', async () => {
    const a = await open();
    await a.db.insertInto('source').values({ id: 'cnhubei-reports', name: 'r', baseUrl: 'http://news.cnhubei.com', region: '420000' }).execute();
    const x: Extraction = {
      source: 'cnhubei-reports',
      url: 'http://news.cnhubei.com/content/2021-03/09/content_1.html',
      kind: 'report',
      messages: [],
      replies: [],
      links: [],
      reports: [
        {
          externalId: 'content_1',
          url: 'http://news.cnhubei.com/content/2021-03/09/content_1.html',
          title: '每日回复',
          kind: 'daily',
          publishedAt: '2021-03-09T10:00:00+08:00',
          periodStart: '2021-03-08',
          periodEnd: '2021-03-08',
          figures: [{ metric: 'replied', value: 15, unit: 'count', qualifier: 'exact', board: '民生热线', region: null, category: null, asOf: null, text: '实名回复了15条网友留言' }],
          items: [{ headline: '一、道路破损 洪山区城管局:已修复', url: 'http://bbs.cnhubei.com/thread-4657001-1-1.html', board: '民生热线', postedOn: '2021-03-01', message: '道路破损', department: '洪山区城管局', reply: '已修复' }],
        },
      ],
    };
    const res = await apply(a, x, ctx(a, '2021-03-09T11:00:00+08:00'));
    expect(res.reports.new).toBe(1);
    expect((await apply(a, x, ctx(a, '2021-03-09T12:00:00+08:00'))).reports.unchanged).toBe(1);
    let item = await a.db.selectFrom('reportItem').selectAll().executeTakeFirstOrThrow();
    expect(item.messageId).toBeNull();
    await apply(a, thread([message()], []), ctx(a, '2021-03-10T10:00:00+08:00'));
    item = await a.db.selectFrom('reportItem').selectAll().executeTakeFirstOrThrow();
    expect(item.messageId).not.toBeNull();
    const figs = await a.db.selectFrom('reportFigure').selectAll().execute();
    expect(figs.map((f) => [f.metric, f.value, f.board])).toEqual([['replied', 15, '民生热线']]);
  });
});
