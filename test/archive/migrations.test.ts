import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type Migration } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/db.js';
import { MIGRATIONS } from '../../src/archive/migrations.js';
import { tempDir } from '../helpers/tmp.js';

/** An archive file as an older release left it: only the migrations named before `until`. */
async function olderArchive(file: string, until: string): Promise<void> {
  const older = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < until)) as Record<string, Migration>;
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SqliteDatabase(file) }) });
  const migrator = new Migrator({ db, provider: { getMigrations: async () => older } });
  const { error } = await migrator.migrateToLatest();
  await db.destroy();
  if (error) throw error;
}

const indexes = (sqlite: SqliteDatabase.Database) =>
  (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[]);

describe('migrations', () => {
  it('are named by date and applied in name order', () => {
    const names = Object.keys(MIGRATIONS);
    expect(names.every((n) => /^\d{4}-\d{2}-\d{2}-[a-z-]+$/.test(n))).toBe(true);
    expect([...names].sort()).toEqual(names);
  });

  it('bring an archive of an earlier release up to date and keep its rows', async () => {
    const file = path.join(tempDir(), 'old.sqlite');
    await olderArchive(file, '2026-11-29');
    const raw = new SqliteDatabase(file);
    expect(indexes(raw)).toContain('capture_sha');
    expect(indexes(raw)).not.toContain('message_capture');
    raw.prepare(`INSERT INTO source (id, name, base_url) VALUES ('cnhubei-minsheng', '民生热线', 'http://bbs.cnhubei.com')`).run();
    raw.prepare(`INSERT INTO capture (id, url, source_id, kind, fetched_at, http_status, sha256, bytes) VALUES (7, 'http://bbs.cnhubei.com/thread-1-1-1.html', 'cnhubei-minsheng', 'thread', '2021-03-01T10:00:00+08:00', 200, 'ab', 10)`).run();
    raw.prepare(`INSERT INTO message (id, source_id, external_id, url, title, posted_at, first_seen_at, last_seen_at, last_changed_at, capture_id) VALUES (1, 'cnhubei-minsheng', '1', 'http://bbs.cnhubei.com/thread-1-1-1.html', '旧的留言', '2021-03-01T09:00:00+08:00', '2021-03-01T10:00:00+08:00', '2021-03-01T10:00:00+08:00', '2021-03-01T10:00:00+08:00', 7)`).run();
    raw.close();

    const archive = await openArchive(file);
    try {
      const after = indexes(archive.sqlite);
      expect(after).toEqual(expect.arrayContaining(['message_capture', 'reply_capture', 'capture_sha_time']));
      expect(after).not.toContain('capture_sha');
      expect(archive.sqlite.prepare(`SELECT title, capture_id FROM message WHERE id = 1`).get()).toEqual({ title: '旧的留言', capture_id: 7 });
      const plan = archive.sqlite.prepare(`EXPLAIN QUERY PLAN SELECT 1 FROM reply WHERE capture_id = 7`).all() as { detail: string }[];
      expect(plan.map((p) => p.detail).join(' ')).toContain('reply_capture');
    } finally {
      await archive.close();
    }
  });

  it('key every frontier row and capture of an earlier release by its URL, a GET', async () => {
    const file = path.join(tempDir(), 'old.sqlite');
    await olderArchive(file, '2026-12-05-requests');
    const raw = new SqliteDatabase(file);
    const url = 'http://bbs.cnhubei.com/thread-1-1-1.html';
    raw.prepare(`INSERT INTO source (id, name, base_url) VALUES ('cnhubei-minsheng', '民生热线', 'http://bbs.cnhubei.com')`).run();
    raw.prepare(`INSERT INTO capture (id, url, source_id, kind, fetched_at, http_status, sha256, bytes) VALUES (7, ?, 'cnhubei-minsheng', 'thread', '2021-03-01T10:00:00+08:00', 200, 'ab', 10)`).run(url);
    raw.prepare(`INSERT INTO frontier (url, source_id, kind, state, attempts, last_error, updated_at) VALUES (?, 'cnhubei-minsheng', 'thread', 'failed', 3, 'HTTP 500', '2021-03-01T10:00:00+08:00')`).run(url);
    raw.close();

    const archive = await openArchive(file);
    try {
      expect(archive.sqlite.prepare(`SELECT key, url, method, body, headers, source_id, kind, state, attempts, last_error FROM frontier`).all()).toEqual([
        { key: url, url, method: 'GET', body: null, headers: null, source_id: 'cnhubei-minsheng', kind: 'thread', state: 'failed', attempts: 3, last_error: 'HTTP 500' },
      ]);
      expect(archive.sqlite.prepare(`SELECT id, url, method, request_body, request_key FROM capture`).all()).toEqual([
        { id: 7, url, method: 'GET', request_body: null, request_key: url },
      ]);
    } finally {
      await archive.close();
    }
  });

  it("give the boards of an earlier archive the facts their adapters stated on 2026-12-05", async () => {
    const file = path.join(tempDir(), 'old.sqlite');
    await olderArchive(file, '2026-12-05-publish');
    const raw = new SqliteDatabase(file);
    const add = raw.prepare(`INSERT INTO source (id, name, base_url) VALUES (?, ?, ?)`);
    add.run('cnhubei-minsheng', '荆楚网《民生热线》', 'http://bbs.cnhubei.com');
    add.run('cnhubei-reports', '荆楚网 问政报告 / 每日回复', 'http://news.cnhubei.com/');
    add.run('discuz', 'Discuz! X board (generic)', 'http://example.invalid/');
    add.run('sun0769', '阳光热线问政平台', 'https://wz.sun0769.com/');
    add.run('people-liuyan', '人民网《领导留言板》', 'https://liuyan.people.com.cn/');
    add.run('rednet-hunan', '红网《问政湖南》', 'https://wzapi.rednet.cn/');
    add.run('discuz:bbs.example.org:12', 'Discuz! X board', 'http://bbs.example.org/');
    raw.close();

    const archive = await openArchive(file);
    try {
      expect(archive.sqlite.prepare(`SELECT id, sla_hours, default_rate, region FROM source ORDER BY id`).all()).toEqual([
        { id: 'cnhubei-minsheng', sla_hours: 24, default_rate: 1, region: '420000' },
        { id: 'cnhubei-reports', sla_hours: 24, default_rate: 1, region: '420000' },
        { id: 'discuz', sla_hours: 24, default_rate: 1, region: null },
        { id: 'discuz:bbs.example.org:12', sla_hours: 24, default_rate: 1, region: null },
        { id: 'people-liuyan', sla_hours: 720, default_rate: 0.5, region: 'national' },
        { id: 'rednet-hunan', sla_hours: 120, default_rate: 1, region: '430000' },
        { id: 'sun0769', sla_hours: 120, default_rate: 1, region: '441900' },
      ]);
    } finally {
      await archive.close();
    }
  });

  it('apply a migration that arrived after a later-named one had run', async () => {
    const file = path.join(tempDir(), 'old.sqlite');
    const without = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name !== '2026-12-05-publish-source-facts'));
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SqliteDatabase(file) }) });
    const { error } = await new Migrator({ db, provider: { getMigrations: async () => without } }).migrateToLatest();
    await db.destroy();
    expect(error).toBeUndefined();
    const archive = await openArchive(file);
    try {
      const columns = archive.sqlite.prepare(`SELECT name FROM pragma_table_info('source')`).pluck().all();
      expect(columns).toEqual(expect.arrayContaining(['sla_hours', 'default_rate', 'region']));
    } finally {
      await archive.close();
    }
  });
});
