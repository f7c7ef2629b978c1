/**
 * The archive opened for reading only (`wenzheng serve`): the schema is brought up to date
 * first (which builds the search index once for an archive of an earlier release), then the
 * file is reopened read-only, so nothing a reader does can change the archive. A PostgreSQL
 * archive is served from a SQLite copy made at start (read-view.ts), raw bodies included.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { ArchiveError, openArchive } from './db.js';
import { isPostgresUrl } from './paths.js';
import { getRaw } from './raw-store.js';
import { openReadView } from './read-view.js';

export interface ReadOnlyArchive {
  /** The read-only better-sqlite3 handle (for the read functions of search.ts and browse.ts). */
  sqlite: SqliteDatabase.Database;
  /** Path of the SQLite file. */
  file: string;
  /** A stored raw body by sha256 (checked against it; RawStoreError when missing or corrupt). */
  raw(sha256: string): Buffer;
  close(): void;
}

/** Opens the existing archive `file` read-only (ArchiveError when it is missing or not an archive). */
export async function openReadOnly(target: string): Promise<ReadOnlyArchive> {
  if (isPostgresUrl(target)) return openPostgresReadOnly(target);
  const archive = await openArchive(target, { readonly: true });
  const { file: abs, rawDir } = archive;
  await archive.close();
  let sqlite: SqliteDatabase.Database;
  try {
    sqlite = new SqliteDatabase(abs, { readonly: true, fileMustExist: true });
    sqlite.pragma('busy_timeout = 5000');
  } catch (err) {
    throw new ArchiveError(`cannot open archive ${abs} read-only: ${(err as Error).message}`);
  }
  return { sqlite, file: abs, raw: (sha256) => getRaw(rawDir, sha256), close: () => sqlite.close() };
}

/** A PostgreSQL archive read through its SQLite copy, made once when serving starts and removed on close. */
async function openPostgresReadOnly(url: string): Promise<ReadOnlyArchive> {
  const view = await openReadView(url, { raw: true });
  const { file, rawDir } = view;
  await view.db.destroy();
  const sqlite = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  return {
    sqlite,
    file,
    raw: (sha256) => getRaw(rawDir, sha256),
    close: () => {
      sqlite.close();
      rmSync(path.dirname(file), { recursive: true, force: true });
    },
  };
}
