/**
 * Opening the archive: either one SQLite file (WAL, foreign keys on) with everything a run
 * keeps beside it (raw/, the lock, Crawlee's storage), so an archive folder moves whole; or a
 * PostgreSQL database named by a `postgres://` URL, which holds the raw bodies too, so a crawl
 * worker on any machine needs nothing but the URL. Only this layer knows which it is.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { CamelCasePlugin, Kysely, Migrator, PostgresDialect, SqliteDialect, type SqliteDatabase as SqliteDialectDatabase } from 'kysely';
import { migrationProviderFor, migrationsFor, type Dialect } from './migrations.js';
import { DEFAULT_DB, isPostgresUrl, redactUrl } from './paths.js';
import { FileRawStore, PostgresRawStore, type RawStore } from './raw-store.js';
import type { Database } from './schema.js';
import { commitWriteGroup } from './write-ops-sqlite.js';

export { DEFAULT_DB, isPostgresUrl } from './paths.js';
export type { Dialect } from './migrations.js';

export type Db = Kysely<Database>;

/** An open archive, SQLite or PostgreSQL: the same tables, types and functions on both. */
export interface Archive {
  /** Which engine holds it; only src/archive reads this. */
  readonly dialect: Dialect;
  db: Db;
  /** The SQLite file, or the PostgreSQL URL without its password (for messages). */
  file: string;
  /** The local folder of what a run keeps besides the tables (snapshots by default, Crawlee's storage). */
  dir: string;
  /** Content-addressed raw bodies: files under raw/ beside a SQLite file, a table in PostgreSQL. */
  raw: RawStore;
  /** Salt for author hashes, kept in the archive. */
  salt: string;
  /**
   * The lock file that lets one run at a time write a SQLite archive; null for PostgreSQL,
   * where any number of crawl workers share the frontier through leases.
   */
  lockFile: string | null;
  /**
   * Whether crawl workers share this archive's frontier through leases and its per-host
   * request slots (PostgreSQL), instead of one run holding the lock (SQLite).
   */
  readonly sharedFrontier: boolean;
  close(): Promise<void>;
}

/** A SQLite archive: its better-sqlite3 handle is there for SQLite-only work inside the archive layer. */
export interface SqliteArchive extends Archive {
  readonly dialect: 'sqlite';
  sqlite: SqliteDatabase.Database;
  /** Folder of the raw bodies (raw/ beside the file). */
  rawDir: string;
}

/** A PostgreSQL archive: its connection pool is there for the prepared write path inside the archive layer (write-ops-pg.ts). */
export interface PostgresArchive extends Archive {
  readonly dialect: 'postgres';
  pool: import('pg').Pool;
}

/** The archive could not be opened or is not a wenzheng archive. */
export class ArchiveError extends Error {
  override name = 'ArchiveError';
}

/** Opens the archive at a path (SQLite) or a `postgres://` URL, creating and migrating it as needed. */
export async function openArchiveAt(target: string, opts: { readonly?: boolean } = {}): Promise<Archive> {
  return isPostgresUrl(target) ? openPostgresArchive(target) : openArchive(target, opts);
}

/**
 * Opens (creating if needed) the SQLite archive at `file` and brings its schema up to date.
 * With `readonly` (stats, snapshot, overdue, serve) the file must already be a wenzheng
 * archive: anything else is refused untouched (no table added, no WAL switch), and an
 * up-to-date archive is opened read-only; one that needs a migration is migrated first.
 */
export async function openArchive(file: string, opts: { readonly?: boolean } = {}): Promise<SqliteArchive> {
  if (isPostgresUrl(file)) throw new ArchiveError(`${redactUrl(file)} is a PostgreSQL archive, not a SQLite file`);
  const abs = path.resolve(file);
  const dir = path.dirname(abs);
  if (opts.readonly) {
    const ro = openReadOnlyIfCurrent(abs);
    if (ro) return ro;
  }
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
  const db = sqliteKysely(sqlite);
  await migrate(db, 'sqlite', abs);
  return sqliteArchive(db, sqlite, abs, await ensureSalt(db));
}

/** kysely over an open SQLite file, with the statement cache and camelCase names. */
function sqliteKysely(sqlite: SqliteDatabase.Database): Kysely<Database> {
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), plugins: [new CamelCasePlugin()] });
}

/** The archive value of an open SQLite file at `abs`: raw bodies and lock beside it. */
function sqliteArchive(db: Kysely<Database>, sqlite: SqliteDatabase.Database, abs: string, salt: string): SqliteArchive {
  const dir = path.dirname(abs);
  const rawDir = path.join(dir, 'raw');
  return {
    dialect: 'sqlite',
    db,
    sqlite,
    file: abs,
    dir,
    raw: new FileRawStore(rawDir),
    rawDir,
    salt,
    lockFile: path.join(dir, `${path.basename(abs)}.lock`),
    sharedFrontier: false,
    close: () => db.destroy(),
  };
}

/** Tables every wenzheng archive has. */
const ARCHIVE_TABLES = ['kysely_migration', 'meta', 'message', 'capture'];

/**
 * Opens an existing SQLite archive read-only, or returns null when its schema needs a
 * migration. Throws ArchiveError for a missing file or one that is not a wenzheng archive,
 * which is left exactly as it was.
 */
function openReadOnlyIfCurrent(abs: string): SqliteArchive | null {
  if (!existsSync(abs)) throw new ArchiveError(`no archive at ${abs}`);
  let sqlite: SqliteDatabase.Database;
  try {
    sqlite = new SqliteDatabase(abs, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new ArchiveError(`cannot open archive ${abs}: ${(err as Error).message}`);
  }
  try {
    const tables = new Set(sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[]);
    const missing = ARCHIVE_TABLES.filter((t) => !tables.has(t));
    if (missing.length) throw new ArchiveError(`${abs} is not a wenzheng archive (no ${missing.join(', ')} table); left as it was`);
    const applied = new Set(sqlite.prepare(`SELECT name FROM kysely_migration`).pluck().all() as string[]);
    if (Object.keys(migrationsFor('sqlite')).some((m) => !applied.has(m))) {
      sqlite.close();
      return null;
    }
    const salt = sqlite.prepare(`SELECT value FROM meta WHERE key = 'author_salt'`).pluck().get() as string | undefined;
    if (!salt) throw new ArchiveError(`${abs} is not a wenzheng archive (no author salt); left as it was`);
    sqlite.pragma('busy_timeout = 5000');
    return sqliteArchive(sqliteKysely(sqlite), sqlite, abs, salt);
  } catch (err) {
    if (sqlite.open) sqlite.close();
    if (err instanceof ArchiveError) throw err;
    throw new ArchiveError(`${abs} is not a wenzheng archive: ${(err as Error).message}; left as it was`);
  }
}

/** Opens the PostgreSQL archive named by `url` (the database must exist) and migrates it. */
async function openPostgresArchive(url: string): Promise<PostgresArchive> {
  const { default: pg } = await import('pg');
  const shown = redactUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: 20, types: { getTypeParser: numericTypes(pg.types.getTypeParser) } });
  // An idle client that loses its server must not take the process down with it.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    client.release();
  } catch (err) {
    await pool.end();
    throw new ArchiveError(`cannot open archive ${shown}: ${(err as Error).message}`);
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
  await migrate(db, 'postgres', shown);
  const salt = await ensureSalt(db);
  return {
    dialect: 'postgres',
    db,
    pool,
    file: shown,
    dir: path.resolve(path.dirname(DEFAULT_DB)),
    raw: new PostgresRawStore(db),
    salt,
    lockFile: null,
    sharedFrontier: true,
    close: () => db.destroy(),
  };
}

/**
 * counts and sums come back from PostgreSQL as bigint/numeric text; the archive's values all
 * fit a double, and SQLite hands them out as numbers, so both dialects give the same types.
 */
function numericTypes(base: (oid: number, format?: 'text' | 'binary') => unknown) {
  const INT8 = 20;
  const NUMERIC = 1700;
  return ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => (v === null ? null : Number(v));
    return base(oid, format);
  }) as never;
}

async function migrate(db: Db, dialect: Dialect, shown: string): Promise<void> {
  // Migrations a helper added under its own name may sort before ones an archive already ran.
  const migrator = new Migrator({ db, provider: migrationProviderFor(dialect), allowUnorderedMigrations: true });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    throw new ArchiveError(`cannot migrate archive ${shown}: ${(error as Error).message}`);
  }
}

/**
 * kysely prepares every query anew; the crawl runs the same few hundred statements over and
 * over, so prepared statements are kept by their SQL text (SQLite-only, inside the archive).
 * A statement that writes (or begins a transaction) first commits the pages the crawl's write
 * group holds (write-group.ts), so no other write ever joins or waits on that group, and so
 * does closing.
 */
function withStatementCache(sqlite: SqliteDatabase.Database): SqliteDialectDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => {
      commitWriteGroup(sqlite);
      sqlite.close();
    },
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = sqlite.prepare(sql);
        if (cache.size > 2000) cache.clear();
        cache.set(sql, stmt);
      }
      if (!stmt.reader) commitWriteGroup(sqlite);
      return stmt as unknown as ReturnType<SqliteDialectDatabase['prepare']>;
    },
  };
}

async function ensureSalt(db: Db): Promise<string> {
  const candidate = randomBytes(16).toString('hex');
  // Two workers opening a new PostgreSQL archive at once must end up with the same salt.
  await db.insertInto('meta').values({ key: 'author_salt', value: candidate }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const row = await db.selectFrom('meta').select('value').where('key', '=', 'author_salt').executeTakeFirstOrThrow();
  return row.value;
}

/** PostgreSQL errors of a transaction that lost a race with another one: worth running again. */
const RACES = new Set(['23505', '40001', '40P01']);

/**
 * Runs `fn` in one transaction. Many workers write one PostgreSQL archive at once, and the
 * archive's writes look before they insert (a department, a message first seen on two pages):
 * a transaction that loses such a race (unique violation, deadlock, serialization failure) is
 * rolled back whole and run again, and then finds the other's row. SQLite runs one at a time.
 */
export async function inTransaction<T>(archive: Pick<Archive, 'db' | 'dialect'>, fn: (trx: Db) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await archive.db.transaction().execute(fn);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (archive.dialect !== 'postgres' || !code || !RACES.has(code) || attempt >= 8) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}
