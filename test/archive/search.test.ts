import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type Migration } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type SqliteArchive as Archive } from '../../src/archive/db.js';
import { MIGRATIONS } from '../../src/archive/migrations.js';
import { openReadOnly } from '../../src/archive/read-only.js';
import { searchMessages, searchTerms, type MessageFilter } from '../../src/archive/search.js';
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
    expect(() => archive.sqlite.prepare(`INSERT INTO reply_fts (reply_fts, rank) VALUES ('integrity-check', 1)`).run()).not.toThrow();
  });

  it('combines terms and filters (all must hold)', () => {
    expect(q(archive, '小区 积水')).toEqual(['1']);
    expect(q(archive, '小区 施工')).toEqual([]);
    expect(ids(archive, { terms: ['施工'], status: 'replied' })).toEqual(['2']);
    expect(ids(archive, { terms: ['施工'], status: 'pending' })).toEqual([]);
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
      expect(() => ro.sqlite.prepare(`DELETE FROM message`).run()).toThrow(/readonly/);
    } finally {
      ro.close();
    }
    const again = await openArchive(file);
    expect(again.sqlite.prepare(`SELECT count(*) FROM message`).pluck().get()).toBe(1);
    await again.close();
  });
});
