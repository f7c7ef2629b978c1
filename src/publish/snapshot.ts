/**
 * `wenzheng snapshot`: the dated open-data snapshot (CONTRACT.md section 6), written to a
 * temporary folder beside its destination and renamed into `<outDir>/<date>/` only when every
 * file is complete; on any failure the temporary folder is removed. Never edited afterwards:
 * writing the same date again succeeds only when the result is byte-identical (same archive).
 * Same archive and date give the same bytes: rows are sorted by id, and the only times in the
 * files are the archive's own (`created` and the as-of time are the end of its last crawl).
 * `<outDir>/latest` is a relative symlink to the newest dated folder, replaced atomically.
 */
import { createHash } from 'node:crypto';
import { accessSync, chmodSync, constants, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SqliteArchive } from '../archive/db.js';
import { departmentNames, publishedSources } from '../archive/publish-reads.js';
import { SnapshotRead } from '../archive/snapshot-read.js';
import { reportFigureRows } from './claims.js';
import { crawlRunRecords } from '../archive/dataset-reads.js';
import { codebookText } from './codebook.js';
import { citationText, snapshotReadmeText } from './dataset-docs.js';
import { writeTable, type WrittenFile } from './csv.js';
import { writeCoverage } from './coverage.js';
import { writeDashboard } from './dashboard.js';
import { readJsonl } from './dashboard/read.js';
import { buildDataPackage, dataPackageText } from './datapackage.js';
import { SnapshotInputError } from './errors.js';
import { writeExcelSafeCopies } from './excel-safe.js';
import { FeedCollector, feedChanges, readSnapshotState } from './feed.js';
import { writeMessagePass } from './message-pass.js';
import { overdueRule, storedSla } from './overdue.js';
import { ParquetQueue } from './parquet.js';
import { startTableJob, type TableJob } from './parallel.js';
import { columnsOf, TABLES } from './published-schemas.js';
import { dataAsOf, loadDepartments, StatsAccumulator, type DepartmentInfo } from './stats.js';
import { writeSideTables } from './side-tables.js';
import type { TableContext } from './tables.js';

export { SnapshotInputError } from './errors.js';

export interface SnapshotOptions {
  /** The folder holding dated snapshots (`snapshots/` beside the archive by default in the CLI). */
  outDir: string;
  /** YYYY-MM-DD, a real calendar date. */
  date: string;
  /**
   * Also write Excel-safe copies of the CSV files into `excel-safe/` (formula-like cells get a
   * leading `'`); the published files are the same with or without.
   */
  excelSafe?: boolean;
  /** Progress of the message pass (the longest part): messages written of all. */
  onProgress?(done: number, total: number): void;
}

export interface SnapshotResult {
  /** The snapshot folder. */
  dir: string;
  /** The previous snapshot's folder, compared against in changes.csv, or null. */
  previous: string | null;
  files: WrittenFile[];
  /** True when the folder already held exactly these bytes and was left as it was. */
  unchanged: boolean;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `s` is a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** Writes the snapshot of `archive` for `date` into `<outDir>/<date>/`. */
export async function writeSnapshot(archive: SqliteArchive, opts: SnapshotOptions): Promise<SnapshotResult> {
  const { date } = opts;
  if (!isCalendarDate(date)) throw new SnapshotInputError(`--date ${date}: not a real calendar date (YYYY-MM-DD)`);
  if (SnapshotRead.of(archive).messageCount() === 0) throw new SnapshotInputError(`archive ${archive.file} has no messages: nothing to publish`);
  const outDir = path.resolve(opts.outDir);
  try {
    mkdirSync(outDir, { recursive: true });
    accessSync(outDir, constants.W_OK);
  } catch (err) {
    throw new SnapshotInputError(`cannot write snapshots to ${outDir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const finalDir = path.join(outDir, date);
  const previous = previousSnapshot(outDir, date);
  const tmp = mkdtempSync(path.join(outDir, `.${date}.tmp-`));
  chmodSync(tmp, 0o777 & ~process.umask()); // mkdtemp makes it private; a snapshot is for publishing
  let files: WrittenFile[];
  try {
    files = await writeFiles(archive, tmp, date, previous, opts.onProgress);
    if (opts.excelSafe) files = [...files, ...(await writeExcelSafeCopies(tmp)).map((f) => describe(tmp, f))];
    if (existsSync(finalDir)) {
      if (!sameBytes(path.join(finalDir, 'datapackage.json'), path.join(tmp, 'datapackage.json'))) {
        throw new SnapshotInputError(`${finalDir} already exists with other content: snapshots are never edited (pick another --date)`);
      }
      rmSync(tmp, { recursive: true, force: true });
      return { dir: finalDir, previous, files, unchanged: true };
    }
    renameSync(tmp, finalDir);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  updateLatest(outDir);
  return { dir: finalDir, previous, files, unchanged: false };
}

async function writeFiles(
  archive: SqliteArchive,
  dir: string,
  date: string,
  previous: string | null,
  onProgress?: SnapshotOptions['onProgress'],
): Promise<WrittenFile[]> {
  // The passes read each page once, in order: a small page cache does (the archive's default
  // is given back afterwards), which keeps a 1M-row snapshot under 300 MB.
  const read = SnapshotRead.of(archive);
  const restoreCache = read.useSmallCache();
  let tables: TableJob | null = null;
  // The Parquet copies are queued as their JSON Lines files are complete and start, on
  // DuckDB's own thread, once the worker is done and the lag figures are computed (parquet.ts).
  const parquet = new ParquetQueue(dir);
  const onJsonl = (table: 'replies' | 'observations') => parquet.start(table);
  try {
    // Everything is read inside one read transaction (a crawl may be writing meanwhile: WAL),
    // the worker's included (startTableJob).
    let asOf = '';
    let departments = new Map<number, DepartmentInfo>();
    tables = await startTableJob(read, { file: archive.file, dir }, () => {
      asOf = dataAsOf(archive) ?? `${date}T00:00:00+08:00`;
      departments = loadDepartments(archive);
      return { asOf, departments: [...departments] };
    }, onJsonl);
    const ctx: TableContext = { read, dir, asOf, departments };
    const count = read.messageCount();
    const stats = new StatsAccumulator(departments, count);
    const feedOverdue = new FeedCollector();
    const feedAnswered = new FeedCollector();
    const pass = await writeMessagePass({
      read,
      dir,
      asOf,
      departments,
      departmentNames: departmentNames(archive),
      overdueRule: overdueRule({ asOf, sourceSla: await storedSla(archive.db) }),
      previousDir: previous,
      stats,
      feedOverdue,
      feedAnswered,
      onProgress: (done) => onProgress?.(done, count),
    });
    parquet.start('messages');
    // The lag figures now, which gives their lags back (21 bytes a message): DuckDB may start
    // once the worker is done too.
    stats.summarizeLags();
    if (tables) void tables.result.then(() => parquet.release(), () => undefined);
    // Coverage here: the worker's tables take longer than the message pass.
    const coverage = await writeCoverage(read, dir);
    // The runs the README describes while the worker may still be writing.
    const runs = crawlRunRecords(archive);
    const sources = publishedSources(archive);
    const tableResult = tables ? await tables.result : await writeSideTables(ctx, onJsonl);
    parquet.release();
    const { stats: figures, departments: departmentRows } = stats.finish(archive, { asOf, snapshotDate: date, officialReplies: tableResult.officialReplies });
    // Read back and hashed while DuckDB works on its own thread.
    const messageFiles = await pass.messages();
    const boards = pass.boards.result(sources, tableResult.officialBySource);
    const { observations } = tableResult;
    const small = [
      ...(await writeTable(dir, 'departments', columnsOf(TABLES.departments) as never, departmentRows)),
      ...(await writeTable(dir, 'report_figures', columnsOf(TABLES.report_figures) as never, reportFigureRows(archive))),
      ...(await writeTable(dir, 'claims', columnsOf(TABLES.claims) as never, figures.claims)),
    ];
    const stated = writeWhole(dir, 'stats.json', `${JSON.stringify(figures, null, 2)}\n`);
    if (!pass.answeredByMerge && previous) {
      // Ids out of order (not a snapshot this code wrote): the newly answered found the slow way.
      const changes = await feedChanges(await readSnapshotState(previous), [], readJsonl(dir, 'messages'));
      for (const r of changes.newlyAnswered) feedAnswered.addAnswered(r);
    }
    feedOverdue.absorb(feedAnswered);
    await writeFile(path.join(dir, 'feed.xml'), feedOverdue.atom({ snapshotDate: date }, pass.overdueRows));
    await writeDashboard(dir, pass.long);
    const parquetFiles = await parquet.finish();
    const files: WrittenFile[] = [...messageFiles, ...tableResult.files, ...observations, ...parquetFiles, ...coverage, ...small, ...pass.overdue, ...pass.changes, stated, describe(dir, 'feed.xml'), describe(dir, 'index.html')];
    files.push(writeWhole(dir, 'codebook.md', codebookText(date)));
    const facts = { date, asOf, boards, runs, files: [...files] };
    files.push(writeWhole(dir, 'README.md', snapshotReadmeText(facts)), writeWhole(dir, 'CITATION.cff', citationText(facts)));
    const pkg = buildDataPackage({ date, created: asOf, sources: sources.map((s) => ({ title: s.name ?? s.id, path: s.baseUrl ?? s.id })), files });
    writeFileSync(path.join(dir, 'datapackage.json'), dataPackageText(pkg));
    return [...files, describe(dir, 'datapackage.json')];
  } catch (err) {
    await tables?.stop();
    await parquet.settle();
    throw err;
  } finally {
    read.end();
    restoreCache();
  }
}

/** The newest dated snapshot folder in `outDir` before `date`, or null. */
export function previousSnapshot(outDir: string, date: string): string | null {
  const before = datedFolders(outDir).filter((d) => d < date);
  const last = before[before.length - 1];
  return last ? path.join(outDir, last) : null;
}

function datedFolders(outDir: string): string[] {
  if (!existsSync(outDir)) return [];
  return readdirSync(outDir)
    .filter((n) => isCalendarDate(n) && statSync(path.join(outDir, n)).isDirectory())
    .sort();
}

/** Points `<outDir>/latest` at the newest dated folder: a relative symlink made aside, then renamed over. */
function updateLatest(outDir: string): void {
  const newest = datedFolders(outDir).pop();
  if (!newest) return;
  const aside = path.join(outDir, `.latest.tmp-${process.pid}`);
  rmSync(aside, { force: true });
  symlinkSync(newest, aside, 'dir');
  renameSync(aside, path.join(outDir, 'latest'));
}

function writeWhole(dir: string, name: string, text: string): WrittenFile {
  writeFileSync(path.join(dir, name), text);
  return describe(dir, name);
}

function describe(dir: string, name: string): WrittenFile {
  const buf = readFileSync(path.join(dir, name));
  return { path: name, bytes: buf.length, sha256: createHash('sha256').update(buf).digest('hex') };
}

function sameBytes(a: string, b: string): boolean {
  return existsSync(a) && existsSync(b) && readFileSync(a).equals(readFileSync(b));
}
