import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type Migration } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type SqliteArchive as Archive } from '../../src/archive/db.js';
import { MIGRATIONS } from '../../src/archive/migrations.js';
import { openReadOnly } from '../../src/archive/read-only.js';
import { MESSAGE_SORTS, searchMessages, searchTerms, searchTuning, type MessageFilter, type MessageSort } from '../../src/archive/search.js';
import { tempDir } from '../helpers/tmp.js';
import { freshArchive, message, MINSHENG, reply, store } from '../publish/archive-builder.js';

const NOW = '2021-03-01T10:00:00+08:00';
const page = { sort: 'oldest' as const, limit: 100, offset: 0 };
const ids = (archive: Archive, f: MessageFilter) => searchMessages(archive, f, page).rows.map((r) => r.external_id);
const q = (archive: Archive, text: string) => ids(archive, { terms: searchTerms(text) });

describe('search index (FTS5 trigram) kept by the archive', () => {
  let archive: Archive;
  beforeAll(async () => {
    archive = await freshArchive();
    await store(archive, MINSHENG, { messages: [message('1', { title: '小区门口道路破损半年无人修', body: '雨天积水严重。' })] }, NOW);
    await store(archive, MINSHENG, { messages: [message('2', { title: '噪音扰民', body: '夜间施工到凌晨两点。' })], replies: [reply('2', 'r1', { body: '已责成施工单位整改。' })] }, NOW);
    await store(archive, MINSHENG, { messages: [message('3', { title: '他说"SELECT * FROM message; DROP TABLE message;--"', body: 'Robert\'); DROP TABLE reply;-- 50% _off_' })] }, NOW);
  });
  afterAll(() => archive.close());

  it('finds substrings of 3+ characters in titles, bodies and replies', () => {
    expect(q(archive, '道路破损')).toEqual(['1']);
    expect(q(archive, '积水严')).toEqual(['1']);
    expect(q(archive, '施工单位')).toEqual(['2']);
    expect(q(archive, '施工')).toEqual(['2']);
    expect(q(archive, '不存在的词')).toEqual([]);
  });

  it('falls back to LIKE for 1-2 characters, with % and _ taken literally', () => {
    expect(q(archive, '噪')).toEqual(['2']);
    expect(q(archive, '责成')).toEqual(['2']);
    expect(q(archive, '%')).toEqual(['3']);
    expect(q(archive, '_o')).toEqual(['3']);
    expect(q(archive, '0%')).toEqual(['3']);
  });

  it('takes quotes and SQL keywords as text', () => {
    expect(q(archive, '"SELECT * FROM message;')).toEqual(['3']);
    expect(q(archive, "Robert'); DROP TABLE")).toEqual(['3']);
    expect(q(archive, "' OR 1=1 --")).toEqual([]);
    expect(q(archive, 'OR NOT AND NEAR(')).toEqual([]);
    expect(archive.sqlite.prepare(`SELECT count(*) FROM reply`).pluck().get()).toBe(1);
  });

  it('follows edits: a changed title is found by its new words only', async () => {
    await store(archive, MINSHENG, { messages: [message('1', { title: '小区门口路灯坏了', body: '雨天积水严重。' })] }, '2021-03-02T10:00:00+08:00');
    expect(q(archive, '道路破损')).toEqual([]);
    expect(q(archive, '路灯坏了')).toEqual(['1']);
    // FTS5's own check: throws SQLITE_CORRUPT_VTAB when the index and the table disagree.
    expect(() => archive.sqlite.prepare(`INSERT INTO message_fts (message_fts, rank) VALUES ('integrity-check', 1)`).run()).not.toThrow();
    expect(() => archive.sqlite.prepare(`INSERT INTO reply_search_fts (reply_search_fts, rank) VALUES ('integrity-check', 1)`).run()).not.toThrow();
  });

  it('follows edited replies: the old words are gone, the new ones found', async () => {
    await store(archive, MINSHENG, { messages: [message('2', { title: '噪音扰民', body: '夜间施工到凌晨两点。' })], replies: [reply('2', 'r1', { body: '已协调环保部门夜查。' })] }, '2021-03-02T10:00:00+08:00');
    expect(q(archive, '施工单位')).toEqual([]);
    expect(q(archive, '环保部门')).toEqual(['2']);
    expect(() => archive.sqlite.prepare(`INSERT INTO reply_search_fts (reply_search_fts, rank) VALUES ('integrity-check', 1)`).run()).not.toThrow();
  });

  it('combines terms and filters (all must hold)', () => {
    expect(q(archive, '小区 积水')).toEqual(['1']);
    expect(q(archive, '小区 夜间')).toEqual([]);
    expect(ids(archive, { terms: ['夜间'], status: 'replied' })).toEqual(['2']);
    expect(ids(archive, { terms: ['夜间'], status: 'pending' })).toEqual([]);
    expect(ids(archive, { from: '2019-05-10', to: '2019-05-10' })).toEqual(['1', '2', '3']);
    expect(ids(archive, { to: '2019-05-09' })).toEqual([]);
  });
});

describe('migration 2026-12-05-serve-search', () => {
  it('indexes what an archive of an earlier release already holds, and the archive opens read-only', async () => {
    const file = path.join(tempDir(), 'old.sqlite');
    const older = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < '2026-12-05-serve')) as Record<string, Migration>;
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SqliteDatabase(file) }) });
    const { error } = await new Migrator({ db, provider: { getMigrations: async () => older } }).migrateToLatest();
    await db.destroy();
    expect(error).toBeUndefined();
    const raw = new SqliteDatabase(file);
    raw.prepare(`INSERT INTO source (id, name, base_url) VALUES ('cnhubei-minsheng', '民生热线', 'http://bbs.cnhubei.com')`).run();
    raw.prepare(`INSERT INTO message (id, source_id, external_id, url, title, body, posted_at, first_seen_at, last_seen_at, last_changed_at) VALUES (1, 'cnhubei-minsheng', '1', 'http://bbs.cnhubei.com/thread-1-1-1.html', '旧的留言', '公交站台遮雨棚损坏', '2021-03-01T09:00:00+08:00', '2021-03-01T10:00:00+08:00', '2021-03-01T10:00:00+08:00', '2021-03-01T10:00:00+08:00')`).run();
    raw.prepare(`INSERT INTO reply (message_id, external_id, body, official, first_seen_at) VALUES (1, 'r1', '已安排维修遮雨棚', 1, '2021-03-01T10:00:00+08:00')`).run();
    raw.close();

    const ro = await openReadOnly(file);
    try {
      const found = (t: string) => searchMessages(ro, { terms: [t] }, page).rows.map((r) => r.external_id);
      expect(found('遮雨棚损坏')).toEqual(['1']);
      expect(found('安排维修')).toEqual(['1']);
      // The reply index of serve-search gave way to the one keyed by message (serve-search-reply-rows).
      const tables = ro.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all();
      expect(tables).toContain('reply_search_fts');
      expect(tables).not.toContain('reply_fts');
      expect(() => ro.sqlite.prepare(`DELETE FROM message`).run()).toThrow(/readonly/);
    } finally {
      ro.close();
    }
    const again = await openArchive(file);
    expect(again.sqlite.prepare(`SELECT count(*) FROM message`).pluck().get()).toBe(1);
    await again.close();
  });
});

describe('search at scale: the same rows whichever way a page is found', () => {
  // 300 messages posted in an order unrelated to their ids, words dense and sparse, in titles,
  // bodies, replies only, or both; checked against the plain row-by-row query (instr over every
  // title, body and reply) for totals, sets and order, with the walk limit as shipped and lowered
  // so that every path (walk, sort, fallbacks) is taken.
  let archive: Archive;
  const N = 300;
  beforeAll(async () => {
    archive = await freshArchive();
    const messages = [];
    const replies = [];
    for (let i = 0; i < N; i++) {
      const words = [i % 2 === 0 ? '道路破损' : '', i % 50 === 7 ? '新生儿医保' : '', i % 4 === 1 ? '油烟扰民' : ''].join('，');
      const nReplies = i % 5 === 0 ? 2 : i % 3 === 0 ? 1 : 0;
      const minute = String((i * 37) % N % 60).padStart(2, '0');
      const hour = String(8 + Math.floor(((i * 37) % N) / 60)).padStart(2, '0');
      messages.push(
        message(String(1000 + i), {
          title: i % 50 === 7 ? '新生儿医保怎么办' : `第${i}号留言`,
          body: `居民反映${words}。`,
          postedAt: `2019-05-10T${hour}:${minute}:00+08:00`,
          department: ['洪山区城管局', '武昌区交通局', '江岸区环保局'][i % 3],
          status: nReplies ? 'replied' : 'pending',
          statusRaw: nReplies ? '已回复' : '待回复',
          replyCount: nReplies,
        }),
      );
      for (let k = 0; k < nReplies; k++) {
        replies.push(reply(String(1000 + i), `r${i}-${k}`, { body: k === 0 ? '请拨打12345市民服务热线。' : i % 5 === 0 ? '油烟扰民已处理。' : '已转办。' }));
      }
    }
    await store(archive, MINSHENG, { messages, replies }, NOW);
  });
  afterAll(() => {
    searchTuning.walkRows = 30_000;
    return archive.close();
  });

  /** The straightforward query: every message tested row by row. */
  function reference(terms: string[], where: string, params: unknown[], sort: MessageSort, limit: number, offset: number) {
    const conds = terms.map(() => `(instr(m.title, ?) OR instr(m.body, ?) OR EXISTS (SELECT 1 FROM reply r WHERE r.message_id = m.id AND instr(r.body, ?)))`);
    if (where) conds.push(where);
    const all = archive.sqlite
      .prepare(`SELECT m.external_id FROM message m WHERE ${conds.join(' AND ')} ORDER BY ${MESSAGE_SORTS[sort]}`)
      .pluck()
      .all(...terms.flatMap((t) => [t, t, t]), ...params) as string[];
    return { total: all.length, rows: all.slice(offset, offset + limit) };
  }

  // The department of every third message from 1001 on (武昌区交通局).
  const department = () => archive.sqlite.prepare(`SELECT department_id FROM message WHERE external_id = '1001'`).pluck().get() as number;
  const cases: { terms: string[]; filter?: () => Partial<MessageFilter>; where?: string; params?: () => unknown[] }[] = [
    { terms: ['道路破损'] },
    { terms: ['新生儿医保'] },
    { terms: ['市民服务热线'] },
    { terms: ['油烟扰民'] },
    { terms: ['油烟扰民', '道路破损'] },
    { terms: ['道路破损'], filter: () => ({ status: 'replied' }), where: `m.status = ?`, params: () => ['replied'] },
    { terms: ['油烟扰民'], filter: () => ({ departmentId: department() }), where: `m.department_id = ?`, params: () => [department()] },
    { terms: ['市民服务热线', '油烟扰民'], filter: () => ({ status: 'replied', departmentId: department() }), where: `m.status = ? AND m.department_id = ?`, params: () => ['replied', department()] },
    { terms: ['不存在的词'] },
  ];

  for (const walkRows of [30_000, 400, 1]) {
    it(`gives the row-by-row totals, rows and order (walk limit ${walkRows})`, () => {
      searchTuning.walkRows = walkRows;
      for (const c of cases) {
        for (const sort of Object.keys(MESSAGE_SORTS) as MessageSort[]) {
          for (const [limit, offset] of [[7, 0], [7, 14], [50, 100], [10, 1000]] as const) {
            const got = searchMessages(archive, { terms: c.terms, ...c.filter?.() }, { sort, limit, offset });
            const want = reference(c.terms, c.where ?? '', c.params?.() ?? [], sort, limit, offset);
            expect({ total: got.total, rows: got.rows.map((r) => r.external_id) }, `${c.terms.join(' ')} ${c.where ?? ''} ${sort} ${limit}/${offset}`).toEqual(want);
          }
        }
      }
      expect(reference(['道路破损'], '', [], 'newest', 1000, 0).total).toBe(N / 2);
      expect(reference(['油烟扰民'], 'm.department_id = ?', [department()], 'newest', 1000, 0).total).toBeGreaterThan(10);
    });
  }
});
