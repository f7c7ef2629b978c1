/** The second clock in the archive: published_at, added by a migration, stored from extractions. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type Migration } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/db.js';
import { MIGRATIONS } from '../../src/archive/migrations.js';
import { applyExtraction } from '../../src/archive/records.js';
import { peopleLiuyanAdapter } from '../../src/sources/people-liuyan/index.js';
import { repoRoot } from '../helpers/shared.js';
import { tempDir } from '../helpers/tmp.js';

const DETAIL = 'https://liuyan.people.com.cn/v1/threads/content?tid=25489118';

describe('published_at', () => {
  it('is added to an older archive (rows kept, null) and stored from a people-liuyan detail', async () => {
    const file = path.join(tempDir(), 'old.sqlite');
    const older = Object.fromEntries(Object.entries(MIGRATIONS).filter(([n]) => n < '2026-12-05-liuyan')) as Record<string, Migration>;
    const k = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SqliteDatabase(file) }) });
    const { error } = await new Migrator({ db: k, provider: { getMigrations: async () => older } }).migrateToLatest();
    await k.destroy();
    if (error) throw error;
    const raw = new SqliteDatabase(file);
    raw.prepare(`INSERT INTO source (id, name, base_url) VALUES ('people-liuyan', '人民网《领导留言板》', 'https://liuyan.people.com.cn/')`).run();
    raw.prepare(`INSERT INTO message (id, source_id, external_id, url, title, posted_at, first_seen_at, last_seen_at, last_changed_at) VALUES (1, 'people-liuyan', '1', 'https://liuyan.people.com.cn/threads/content?tid=1', '旧', '2026-06-01T09:00:00+08:00', '2026-06-02T09:00:00+08:00', '2026-06-02T09:00:00+08:00', '2026-06-02T09:00:00+08:00')`).run();
    raw.close();

    const archive = await openArchive(file);
    try {
      expect(archive.sqlite.prepare(`SELECT title, published_at FROM message WHERE id = 1`).get()).toEqual({ title: '旧', published_at: null });
      const body = readFileSync(path.join(repoRoot, 'test/fixtures/people-liuyan/detail-25489118.json'), 'utf8');
      const x = peopleLiuyanAdapter.parse({ url: DETAIL, body });
      const ctx = { runId: null, captureId: null, now: '2026-06-26T08:00:00+08:00', extractorVersion: '1', salt: archive.salt };
      await applyExtraction(archive.db, x, ctx);
      // The three clocks, written by hand from the fixture: dateline, threadsCheckTime, first answer.
      expect(archive.sqlite.prepare(`SELECT posted_at, published_at, first_reply_at, reply_count, status FROM message WHERE external_id = '25489118'`).get()).toEqual({
        posted_at: '2026-06-14T09:30:00+08:00',
        published_at: '2026-06-15T05:00:00+08:00',
        first_reply_at: '2026-06-20T16:45:00+08:00',
        reply_count: 2,
        status: 'replied',
      });
      // A later reading with another publication time is a change of the message.
      const moved = { ...x, messages: [{ ...x.messages[0]!, publishedAt: '2026-06-15T06:00:00+08:00' }] };
      const res = await applyExtraction(archive.db, moved, { ...ctx, now: '2026-06-27T08:00:00+08:00' });
      expect(res.messages.changed).toBe(1);
    } finally {
      await archive.close();
    }
  });
});
