/**
 * The archive as the publishing commands read it (snapshot, stats, overdue, serve): their fast
 * row streams run on SQLite. A SQLite archive is read in place; a PostgreSQL archive is first
 * copied, in one consistent read, into a SQLite file in a temporary folder, which goes away on
 * close. The copy keeps every id and value, so a PostgreSQL archive publishes the same bytes as
 * the same archive in SQLite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyArchive } from './copy.js';
import { openArchive, openArchiveAt, type SqliteArchive } from './db.js';
import { isPostgresUrl } from './paths.js';

/**
 * Opens `target` (a path or a `postgres://` URL) for reading as a SQLite archive. For
 * PostgreSQL, `raw` also copies the raw bodies (serve shows them); `dir` of the view is the
 * PostgreSQL archive's local folder (snapshots go there by default), `file` the temporary copy.
 */
export async function openReadView(target: string, opts: { raw?: boolean } = {}): Promise<SqliteArchive> {
  if (!isPostgresUrl(target)) return openArchive(target, { readonly: true });
  const source = await openArchiveAt(target);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'wenzheng-view-'));
  let view: SqliteArchive | undefined;
  try {
    view = await openArchive(path.join(tmp, 'wenzheng.sqlite'));
    await copyArchive(source, view, { raw: !!opts.raw });
  } catch (err) {
    await view?.close();
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  } finally {
    await source.close();
  }
  const close = view.close;
  return {
    ...view,
    dir: source.dir,
    salt: source.salt,
    close: async () => {
      await close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
