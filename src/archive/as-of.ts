/**
 * The archive as it was at a past moment, as a new archive: the boards and salt of the archive,
 * the crawl runs started by then and the pages fetched by then. Its records are
 * rebuilt from those pages by re-extraction (the crawl layer's `reextract` with `all`), so
 * messages, replies, statuses, observations and report figures are what the archive held then.
 * The raw bodies stay where they are: read the copy with the old archive's raw store
 * (`withRawOf`).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Archive, SqliteArchive } from './db.js';
import { ArchiveError, openArchive } from './db.js';

const BATCH = 500;

/** What `archiveAsOf` copied. */
export interface AsOfCopy {
  file: string;
  runs: number;
  captures: number;
  /** The boards those captures belong to. */
  sources: string[];
}

/**
 * Writes the archive as of `asOf` (ISO time) to `<dir>/wenzheng.sqlite` (`dir` must be empty
 * or new) and returns where it is; open it with `openArchive`, rebuild its records by
 * re-extraction. Runs that finished after `asOf` are copied as unfinished. `from` is a SQLite
 * archive (a PostgreSQL one is read through its SQLite read view, src/archive/read-view.ts).
 */
export async function archiveAsOf(from: SqliteArchive, dir: string, asOf: string): Promise<AsOfCopy> {
  const limit = Date.parse(asOf);
  if (!Number.isFinite(limit)) throw new ArchiveError(`as-of time ${asOf}: not an ISO time`);
  mkdirSync(dir, { recursive: true });
  const target = await openArchive(path.join(dir, 'wenzheng.sqlite'));
  const by = (t: string | null) => t !== null && Date.parse(t) <= limit;
  let runs = 0;
  let captures = 0;
  const sources = new Set<string>();
  try {
    await target.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('meta').execute();
      await copyRows(from.db.selectFrom('meta').selectAll().stream(), (rows) => trx.insertInto('meta').values(rows).execute());
      await copyRows(from.db.selectFrom('source').selectAll().stream(), (rows) => trx.insertInto('source').values(rows).execute());
      // Departments keep their ids; those no row of then refers to go after the rebuild
      // (`pruneUnusedDepartments`).
      await copyRows(from.db.selectFrom('department').selectAll().orderBy('id').stream(), (rows) => trx.insertInto('department').values(rows).execute());
      await copyRows(from.db.selectFrom('departmentAlias').selectAll().stream(), (rows) => trx.insertInto('departmentAlias').values(rows).execute());
      const runRows = from.db.selectFrom('crawlRun').selectAll().orderBy('id').stream();
      await copyRows(filter(runRows, (r) => by(r.startedAt)), async (rows) => {
        runs += rows.length;
        const asThen = rows.map((r) => (by(r.finishedAt) ? r : { ...r, finishedAt: null, exitCode: null }));
        await trx.insertInto('crawlRun').values(asThen).execute();
      });
      const captureRows = from.db.selectFrom('capture').selectAll().orderBy('id').stream();
      await copyRows(filter(captureRows, (c) => by(c.fetchedAt)), async (rows) => {
        captures += rows.length;
        for (const c of rows) if (c.sourceId) sources.add(c.sourceId);
        // Not yet extracted in the copy: re-extraction reads every one of them.
        await trx.insertInto('capture').values(rows.map((c) => ({ ...c, extractorVersion: null, parseError: null }))).execute();
      });
    });
  } finally {
    await target.close();
  }
  return { file: path.join(dir, 'wenzheng.sqlite'), runs, captures, sources: [...sources].sort() };
}

async function* filter<T>(rows: AsyncIterable<T>, keep: (row: T) => boolean): AsyncIterable<T> {
  for await (const r of rows) if (keep(r)) yield r;
}

/** Feeds `rows` to `write` in batches. */
async function copyRows<T>(rows: AsyncIterable<T>, write: (batch: T[]) => Promise<unknown>): Promise<void> {
  let batch: T[] = [];
  for await (const r of rows) {
    batch.push(r);
    if (batch.length >= BATCH) {
      await write(batch);
      batch = [];
    }
  }
  if (batch.length) await write(batch);
}


/** `archive`, reading its raw bodies from `from`'s raw store (the copy of `archiveAsOf` has none of its own). */
export function withRawOf<A extends Archive>(archive: A, from: Archive): A {
  return { ...archive, raw: from.raw };
}

/** Removes departments (and their aliases) that no message, reply or report item refers to; returns how many. */
export async function pruneUnusedDepartments(archive: Archive): Promise<number> {
  return archive.db.transaction().execute(async (trx) => {
    const used = (t: 'message' | 'reply' | 'reportItem') => trx.selectFrom(t).select('departmentId').where('departmentId', 'is not', null);
    const unused = trx.selectFrom('department').select('id').where('id', 'not in', used('message')).where('id', 'not in', used('reply')).where('id', 'not in', used('reportItem'));
    await trx.deleteFrom('departmentAlias').where('departmentId', 'in', unused).execute();
    const res = await trx.deleteFrom('department').where('id', 'in', unused).executeTakeFirst();
    return Number(res.numDeletedRows);
  });
}
