/**
 * `snapshot --date D` for a day before the archive's last crawl: the snapshot of the archive as
 * it was at the end of D. The archive then (`archiveAsOf`: runs and pages up to the end of D)
 * is rebuilt in a temporary folder by re-extracting those pages, and snapshotted; rows, status
 * history, figures and overdue are those of then.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { archiveAsOf, pruneUnusedDepartments, withRawOf } from '../archive/as-of.js';
import { openArchive, type SqliteArchive } from '../archive/db.js';
import { createLogger } from '../crawl/log.js';
import { dataAsOf } from '../publish/stats.js';
import { findAdapter } from '../sources/index.js';
import type { SourceAdapter } from '../sources/types.js';
import { InputError } from './exit.js';

/** The last moment of a calendar day in Beijing time. */
export function endOfDay(date: string): string {
  return `${date}T23:59:59+08:00`;
}

/**
 * Calls `use` with the archive as of the end of `date`: `archive` itself when its data are not
 * newer than that, else a rebuilt copy in a temporary folder inside `workDir` (removed after).
 */
export async function withArchiveAsOf<T>(archive: SqliteArchive, date: string, workDir: string, use: (a: SqliteArchive) => Promise<T>): Promise<T> {
  const latest = dataAsOf(archive);
  const end = endOfDay(date);
  if (latest === null || Date.parse(latest) <= Date.parse(end)) return use(archive);
  let tmp: string;
  try {
    mkdirSync(workDir, { recursive: true });
    tmp = mkdtempSync(path.join(workDir, `.${date}.as-of-`));
  } catch (err) {
    throw new InputError(`--out ${workDir}: cannot be written (${(err as Error).message})`);
  }
  try {
    const copy = await archiveAsOf(archive, tmp, end);
    if (copy.captures === 0) throw new InputError(`--date ${date}: the archive holds nothing fetched by the end of that day`);
    const past = withRawOf(await openArchive(copy.file), archive);
    try {
      const adapters = copy.sources.map((id) => findAdapter(id)).filter((a): a is SourceAdapter => a !== undefined);
      const { reextract } = await import('../crawl/reextract.js');
      const logger = createLogger('snapshot');
      logger.info(`rebuilding the archive as of ${end}: ${copy.captures} pages of ${copy.runs} runs`);
      const tally = await reextract(past, { sources: adapters, all: true, logger });
      const failed = Object.values(tally).reduce((n, t) => n + t.failures.length, 0);
      await pruneUnusedDepartments(past);
      if (failed) logger.warn(`${failed} stored pages could not be read again (see reextract); the snapshot leaves them out`);
      return await use(past);
    } finally {
      await past.close();
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
