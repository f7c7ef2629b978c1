/**
 * Opening the archive: one SQLite file (WAL, foreign keys on) with everything a run keeps
 * beside it (raw/, the lock, Crawlee's storage), so an archive folder moves whole.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { CamelCasePlugin, Kysely, Migrator, SqliteDialect, type SqliteDatabase as SqliteDialectDatabase } from 'kysely';
import { migrationProvider } from './migrations.js';
import type { Database } from './schema.js';

export { DEFAULT_DB } from './paths.js';

export type Db = Kysely<Database>;

export interface Archive {
  db: Db;
  /** The underlying better-sqlite3 handle, for SQLite-only work inside the archive layer. */
  sqlite: SqliteDatabase.Database;
  /** Path of the SQLite file. */
  file: string;
  /** The folder the archive lives in. */
  dir: string;
  /** Content-addressed raw bodies. */
  rawDir: string;
  /** Salt for author hashes, kept in the archive. */
  salt: string;
  close(): Promise<void>;
}

/** The archive file could not be opened or is not a wenzheng archive. */
export class ArchiveError extends Error {
  override name = 'ArchiveError';
}

/** Opens (creating if needed) the archive at `file` and brings its schema up to date. */
export async function openArchive(file: string, opts: { readonly?: boolean } = {}): Promise<Archive> {
  const abs = path.resolve(file);
  const dir = path.dirname(abs);
  mkdirSync(dir, { recursive: true });
  let sqlite: SqliteDatabase.Database;
  try {
    sqlite = new SqliteDatabase(abs, { fileMustExist: !!opts.readonly });
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
  } catch (err) {
    throw new ArchiveError(`cannot open archive ${abs}: ${(err as Error).message}`);
  }
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
    plugins: [new CamelCasePlugin()],
  });
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    throw new ArchiveError(`cannot migrate archive ${abs}: ${(error as Error).message}`);
  }
  const salt = ensureSalt(sqlite);
  const rawDir = path.join(dir, 'raw');
  return {
    db,
    sqlite,
    file: abs,
    dir,
    rawDir,
    salt,
    close: () => db.destroy(),
  };
}

/**
 * kysely prepares every query anew; the crawl runs the same few hundred statements over and
 * over, so prepared statements are kept by their SQL text (SQLite-only, inside the archive).
 */
function withStatementCache(sqlite: SqliteDatabase.Database): SqliteDialectDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = sqlite.prepare(sql);
        if (cache.size > 2000) cache.clear();
        cache.set(sql, stmt);
      }
      return stmt as unknown as ReturnType<SqliteDialectDatabase['prepare']>;
    },
  };
}

function ensureSalt(sqlite: SqliteDatabase.Database): string {
  const row = sqlite.prepare(`SELECT value FROM meta WHERE key = 'author_salt'`).get() as
    | { value: string }
    | undefined;
  if (row) return row.value;
  const salt = randomBytes(16).toString('hex');
  sqlite.prepare(`INSERT INTO meta (key, value) VALUES ('author_salt', ?)`).run(salt);
  return salt;
}
