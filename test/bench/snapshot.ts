/**
 * Stage 4, snapshot: an archive of N messages and N replies (realistic text, 200-500 bytes a
 * row, one capture per thread page, one or two status observations a message) is generated
 * straight into SQLite, then `writeSnapshot` (every CSV, JSONL and Parquet file of a snapshot,
 * plus its stats, feed, dashboard and datapackage: the public API writes them together) is
 * timed against the `sqlite3` shell doing the same work: the same three tables (messages,
 * replies, captures; same rows and columns) written as CSV and as JSON (shell-export.ts).
 * Pairs alternate which side goes first; the shell's CSV of the plain message and reply
 * tables is kept for reference; the snapshot runs in a child process for its peak RSS.
 */
import { createHash } from 'node:crypto';
import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { openArchive } from '../../src/archive/db.js';
import { SnapshotRead } from '../../src/archive/snapshot-read.js';
import { writeSnapshot } from '../../src/publish/snapshot.js';
import { sourcesInIdOrder } from '../../src/publish/tables.js';
import { csvOnlyExport, ensureSqliteShell, sameWorkExport } from './shell-export.js';
import { log, median, pairedRatio, round, runChild, secondsSince, type ChildOptions } from './measure.js';

const SOURCE = 'cnhubei-minsheng';
const BASE_URL = 'http://bbs.cnhubei.com';
const FIRST_TID = 4_650_000;
const SNAPSHOT_DATE = '2021-03-02';
const RUN_END = '2021-03-01T23:00:00+08:00';

// Sentences of the kind the board carries; rows are built from a varying choice of them.
const SENTENCES = [
  '武汉市洪山区某小区门口道路破损半年无人修，',
  '居民出行十分不便，雨天积水严重，',
  '老人小孩经常摔倒，多次向社区反映未果。',
  '希望有关部门尽快安排修复，还居民一个安全的出行环境。',
  '小区周边餐馆油烟扰民，夜间噪音持续到凌晨两点，',
  '附近学校上下学时段交通拥堵，缺少交警疏导，',
  '公交站台遮雨棚损坏已久，乘客候车只能淋雨，',
  '楼道路灯坏了三个月，物业一直推诿不修，',
  '请问新生儿医保如何办理，需要准备哪些材料？',
  '农民工工资被拖欠近半年，包工头联系不上，',
  '联系电话13812345678，盼复。',
  '感谢荆楚网民生热线栏目组的关注和转交！',
];
const ANSWERS = [
  '您好！您反映的问题已收悉，',
  '经我局工作人员现场核实，情况基本属实，',
  '已责成相关街道办事处和施工单位限期整改，',
  '预计本月底前完成修复工作，',
  '如有其他问题请拨打12345市民服务热线。',
  '感谢您对我们工作的关心和支持！',
  '该路段已纳入今年的道路维修计划，',
  '我们将加强日常巡查，杜绝类似情况再次发生。',
];
const CATEGORIES = ['城建交通', '环境保护', '教育医疗', '劳动社保', '治安消防', '城市管理', '其他'];

/** Text of `min` to `max` bytes (UTF-8) built from the sentence pool, deterministic in `i`. */
function textOf(pool: readonly string[], i: number, minBytes: number, maxBytes: number): string {
  const target = minBytes + ((i * 2654435761) >>> 0) % (maxBytes - minBytes);
  let s = '';
  for (let k = 0; Buffer.byteLength(s) < target; k++) s += pool[(i * 7 + k * 3) % pool.length];
  return s;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

interface GenerateArgs {
  db: string;
  messages: number;
  replies: number;
  /**
   * Fill the search indexes (serve searches them; the snapshot never reads them). Without,
   * they stay empty, which takes well under half the time and space: the snapshot stage
   * generates without when serve does not run after it (`--rows 4000000`).
   */
  search?: boolean;
}

/**
 * The search indexes' insert triggers (src/archive/migrations.ts: serve-search, search reply
 * rows) index each row as it goes in; filled once from all rows afterwards, with the same rows
 * and rowids, generating a million messages and replies takes about half the time. Returns
 * null (the triggers stay) when the archive's search triggers are not exactly the ones this
 * knows, so a changed index is never filled wrongly here. With `fill` false the triggers come
 * back and the indexes stay empty (an archive for the snapshot alone).
 */
function searchIndexInBulk(s: SqliteDatabase.Database, fill: boolean): { finish(): void } | null {
  const BULK: Record<string, string> = {
    message_fts_insert: `INSERT INTO message_fts (message_fts) VALUES ('rebuild')`,
    reply_search_insert: `INSERT INTO reply_search_fts (rowid, body) SELECT (message_id << 31) + id, body FROM reply`,
  };
  const triggers = s.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%insert'`).all() as { name: string; sql: string }[];
  const known = triggers.map((t) => t.name).sort().join(',') === Object.keys(BULK).sort().join(',');
  if (!known) {
    log(`  search triggers ${triggers.map((t) => t.name).join(', ')} are not the known ones: rows indexed one by one`);
    return null;
  }
  for (const t of triggers) s.exec(`DROP TRIGGER ${t.name}`);
  return {
    finish() {
      s.exec('BEGIN');
      for (const t of triggers) {
        if (fill) s.exec(BULK[t.name]!);
        s.exec(t.sql);
      }
      s.exec('COMMIT');
    },
  };
}

/** Fills a fresh archive with `messages` threads (one capture each) and `replies` replies, in one transaction. */
async function generate(args: GenerateArgs): Promise<{ seconds: number; bytes: number }> {
  const start = performance.now();
  // The archive's schema, then a connection of its own: a fresh bench file filled in one
  // transaction needs no write-ahead log (at 4M rows that log would grow to the size of the
  // whole file and be copied into it again), which the archive's connections keep on. A
  // rollback journal in memory holds next to nothing: the pages of a fresh file are new.
  await (await openArchive(args.db)).close();
  const s = new SqliteDatabase(args.db);
  s.pragma('foreign_keys = OFF');
  s.pragma('journal_mode = DELETE');
  s.pragma('journal_mode = MEMORY');
  s.pragma('synchronous = OFF');
  const bulk = searchIndexInBulk(s, args.search !== false);
  s.exec('BEGIN');
  s.prepare(`INSERT INTO source (id, name, base_url) VALUES (?, '荆楚网《民生热线》', ?)`).run(SOURCE, BASE_URL);
  s.prepare(`INSERT INTO crawl_run (started_at, finished_at, sources, exit_code) VALUES ('2021-03-01T21:00:00+08:00', ?, ?, 0)`).run(RUN_END, SOURCE);
  const dept = s.prepare(`INSERT INTO department (id, name, canonical_name, region_code, region_name, level) VALUES (?, ?, ?, ?, ?, ?)`);
  const DEPARTMENTS = 300;
  for (let d = 1; d <= DEPARTMENTS; d++) dept.run(d, `单位${d}`, `武汉市某某局${d}`, `4201${String(d % 17).padStart(2, '0')}`, '武汉市', d % 3 ? 'county' : 'prefecture');
  const cap = s.prepare(`INSERT INTO capture (id, url, source_id, kind, fetched_at, http_status, content_type, sha256, bytes, extractor_version, run_id)
    VALUES (?, ?, '${SOURCE}', 'thread', ?, 200, 'text/html; charset=utf-8', ?, ?, '1', 1)`);
  const msg = s.prepare(`INSERT INTO message (id, source_id, external_id, url, title, body, author_hash, board, department_id, category, status, status_raw,
    posted_at, first_reply_at, reply_count, board_reply_count, views, last_post_at, page_count, first_seen_at, last_seen_at, last_changed_at, capture_id, extractor_version)
    VALUES (?, '${SOURCE}', ?, ?, ?, ?, ?, '民生热线', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, '1')`);
  const rep = s.prepare(`INSERT INTO reply (message_id, external_id, department_id, author_hash, body, replied_at, official, floor, capture_id, extractor_version, first_seen_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '1', ?)`);
  // The status history: pending when first seen, replied when a crawl saw the reply.
  const obs = s.prepare(`INSERT INTO message_observation (message_id, observed_at, status, reply_count, run_id) VALUES (?, ?, ?, ?, 1)`);
  const t0 = Date.parse('2019-01-01T08:00:00+08:00');
  const iso = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19) + '+08:00';
  // Reply counts cycle 2, 0, 1 (one a message on average) until `replies` are placed.
  let placed = 0;
  for (let i = 0; i < args.messages; i++) {
    const id = i + 1;
    const tid = FIRST_TID + i;
    const url = `${BASE_URL}/thread-${tid}-1-1.html`;
    const posted = t0 + i * 60_000;
    const count = i === args.messages - 1 ? args.replies - placed : Math.min([2, 0, 1][i % 3]!, args.replies - placed);
    const repliedAt = posted + (1 + (i % 97)) * 3_600_000;
    const dept = 1 + (i % DEPARTMENTS);
    cap.run(id, url, iso(posted + 86_400_000), sha(url), 20_000 + (i % 60_000));
    msg.run(id, String(tid), url, textOf(SENTENCES, i, 40, 90), textOf(SENTENCES, i + 1, 200, 500), sha(`a${i % 5000}`).slice(0, 16), dept,
      CATEGORIES[i % CATEGORIES.length], count > 0 ? 'replied' : 'pending', count > 0 ? '已回复' : null,
      iso(posted), count > 0 ? iso(repliedAt) : null, count > 0 ? 1 : 0, count, 20 + (i % 500), iso(count > 0 ? repliedAt : posted),
      iso(posted + 86_400_000), iso(posted + 86_400_000), iso(posted + 86_400_000), id);
    for (let k = 0; k < count; k++) {
      const official = k === 0 ? 1 : 0;
      rep.run(id, String(30_000_000 + i * 64 + k + 1), official ? dept : null, official ? null : sha(`c${(i + k) % 5000}`).slice(0, 16),
        textOf(official ? ANSWERS : SENTENCES, i + k, 150, 450), iso(repliedAt + k * 600_000), official, k + 2, id, iso(posted + 86_400_000));
    }
    obs.run(id, iso(posted + 3_600_000), 'pending', 0);
    if (count > 0) obs.run(id, iso(repliedAt + 3_600_000), 'replied', 1);
    placed += count;
  }
  s.exec('COMMIT');
  bulk?.finish();
  s.pragma('journal_mode = WAL');
  s.close();
  return { seconds: secondsSince(start), bytes: statSync(args.db).size };
}

/** Writes one snapshot of the archive into `outDir` (removed first), timed. */
async function write(args: { db: string; outDir: string }): Promise<{ seconds: number; bytes: number; files: number }> {
  rmSync(args.outDir, { recursive: true, force: true });
  const archive = await openArchive(args.db);
  try {
    const start = performance.now();
    const res = await writeSnapshot(archive, { outDir: args.outDir, date: SNAPSHOT_DATE });
    const seconds = secondsSince(start);
    return { seconds, bytes: res.files.reduce((n, f) => n + f.bytes, 0), files: res.files.length };
  } finally {
    await archive.close();
  }
}

/**
 * The floor under any snapshot through better-sqlite3: the rows of the messages, replies and
 * captures files read with the snapshot's own queries, split over two threads as the snapshot
 * splits them (messages here, replies and captures in a worker), nothing formatted or written.
 */
async function readOnly(args: { db: string }): Promise<{ seconds: number; rows: number }> {
  const start = performance.now();
  const worker = new Worker(new URL('./read-worker.js', import.meta.url), { workerData: { db: args.db } });
  const workerRows = new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const read = SnapshotRead.open(args.db);
  let rows = 0;
  for (const source of sourcesInIdOrder(read)) for (const _ of read.messageRows(source)) rows++;
  read.close();
  rows += await workerRows;
  await worker.terminate();
  return { seconds: secondsSince(start), rows };
}

export const tasks = { generate, write, readOnly };

export interface SnapshotFigures {
  rowsPerSec: number;
  /** Rows of messages + replies a second when the `sqlite3` shell does the same work (shell-export.ts), or null. */
  sqliteSameWorkRowsPerSec: number | null;
  /** The shell's CSV of the plain message and reply tables (the old baseline, for reference), or null. */
  sqliteCliRowsPerSec: number | null;
  /** rowsPerSec / sqliteSameWorkRowsPerSec, pair by pair. */
  ratio: number | null;
  /** rowsPerSec / sqliteCliRowsPerSec, pair by pair (reference). */
  cliRatio: number | null;
  peakRssMb: number;
  messages: number;
  replies: number;
  /** What the timed snapshot wrote (every file of a snapshot, not only the CSV/JSONL). */
  snapshotBytes: number;
  /**
   * Rows of messages + replies a second, counted as above, when the snapshot's queries are only
   * read (two threads, nothing formatted, hashed or written): the most better-sqlite3 allows.
   */
  readOnlyRowsPerSec: number;
  /** readOnlyRowsPerSec against the same-work shell export (paired like the ratio), or null. */
  readOnlyRatio: number | null;
  generateSeconds: number;
  runs: { rowsPerSec: number; sqliteSameWorkRowsPerSec: number | null; sqliteCliRowsPerSec: number | null; peakRssMb: number; readOnlyRowsPerSec: number }[];
  /**
   * `--memory-check N` (not in the default bench: generating 4,000,000 messages and replies
   * and writing their snapshot takes half an hour on 2 cores): one snapshot of an N+N archive,
   * for its peak RSS.
   */
  memoryCheck?: MemoryCheck;
  note?: string;
}

/** One snapshot of a larger archive, for peak RSS only (memory flat as the archive grows). */
export interface MemoryCheck {
  messages: number;
  replies: number;
  peakRssMb: number;
  seconds: number;
  generateSeconds: number;
}

/** Generates an N+N archive in `dir` (search indexes left empty) and writes one snapshot of it, for its peak RSS. */
export async function memoryCheck(dir: string, rows: number): Promise<MemoryCheck> {
  const db = path.join(dir, 'memory-check.sqlite');
  const gen = (await runChild<{ seconds: number; bytes: number }>('snapshot.generate', { db, messages: rows, replies: rows, search: false } satisfies GenerateArgs)).result;
  log(`  memory check: generated ${rows} messages and ${rows} replies in ${round(gen.seconds, 1)} s (${round(gen.bytes / 1e6)} MB)`);
  const outDir = path.join(dir, 'memory-check-snapshots');
  const r = await runChild<{ seconds: number }>('snapshot.write', { db, outDir });
  rmSync(outDir, { recursive: true, force: true });
  rmSync(db, { force: true });
  log(`  memory check: snapshot of ${rows}+${rows} rows in ${round(r.result.seconds, 1)} s, peak RSS ${r.peakRssMb} MB`);
  return { messages: rows, replies: rows, peakRssMb: r.peakRssMb, seconds: round(r.result.seconds, 1), generateSeconds: round(gen.seconds, 1) };
}

/** Generates the archive in `dir`, then `runs` rounds: snapshot and the same-work shell export back to back (alternating which goes first), the CSV-only export, the read-only floor. */
export async function snapshotStage(
  dir: string,
  size: { messages: number; replies: number },
  runs: number,
  installShell: boolean,
  prof: ChildOptions = {},
  search = true,
): Promise<SnapshotFigures> {
  const db = path.join(dir, 'wenzheng.sqlite');
  const gen = (await runChild<{ seconds: number; bytes: number }>('snapshot.generate', { db, ...size, search } satisfies GenerateArgs)).result;
  log(`  generated ${size.messages} messages and ${size.replies} replies${search ? '' : ' (search indexes left empty: serve does not run)'} in ${round(gen.seconds, 1)} s (${round(gen.bytes / 1e6)} MB)`);
  const shell = ensureSqliteShell(installShell);
  const rows = size.messages + size.replies;
  const out: SnapshotFigures['runs'] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const snap = async () => {
      const r = await runChild<{ seconds: number; bytes: number }>('snapshot.write', { db, outDir: path.join(dir, 'snapshots') }, prof);
      rmSync(path.join(dir, 'snapshots'), { recursive: true, force: true });
      bytes = r.result.bytes;
      return { seconds: r.result.seconds, peakRssMb: r.peakRssMb };
    };
    const same = async () => (shell.ok ? sameWorkExport(db, path.join(dir, 'cli'), RUN_END) : null);
    let s: { seconds: number; peakRssMb: number };
    let w: number | null;
    if (i % 2 === 0) {
      s = await snap();
      w = await same();
    } else {
      w = await same();
      s = await snap();
    }
    const c = shell.ok ? csvOnlyExport(db, path.join(dir, 'cli')) : null;
    const read = (await runChild<{ seconds: number }>('snapshot.readOnly', { db })).result.seconds;
    const rate = (sec: number | null) => (sec === null ? null : rows / sec);
    out.push({ rowsPerSec: rows / s.seconds, sqliteSameWorkRowsPerSec: rate(w), sqliteCliRowsPerSec: rate(c), peakRssMb: s.peakRssMb, readOnlyRowsPerSec: rows / read });
    const shown = (sec: number | null) => (sec === null ? 'skipped' : `${Math.round(rows / sec)} rows/s`);
    log(`  pair ${i + 1}/${runs}: snapshot ${Math.round(rows / s.seconds)} rows/s (peak RSS ${s.peakRssMb} MB), sqlite3 same work ${shown(w)} (ratio ${w === null ? '-' : round(w / s.seconds, 3)}), sqlite3 -csv ${shown(c)}; reading alone ${Math.round(rows / read)} rows/s`);
  }
  const compared = shell.ok;
  const paired = (a: (r: SnapshotFigures['runs'][number]) => number, b: (r: SnapshotFigures['runs'][number]) => number | null) =>
    compared ? round(pairedRatio(out.map((r) => ({ a: a(r), b: b(r)! }))), 3) : null;
  const med = (f: (r: SnapshotFigures['runs'][number]) => number | null) => (compared ? Math.round(median(out.map((r) => f(r)!))) : null);
  return {
    rowsPerSec: Math.round(median(out.map((r) => r.rowsPerSec))),
    sqliteSameWorkRowsPerSec: med((r) => r.sqliteSameWorkRowsPerSec),
    sqliteCliRowsPerSec: med((r) => r.sqliteCliRowsPerSec),
    ratio: paired((r) => r.rowsPerSec, (r) => r.sqliteSameWorkRowsPerSec),
    cliRatio: paired((r) => r.rowsPerSec, (r) => r.sqliteCliRowsPerSec),
    peakRssMb: Math.max(...out.map((r) => r.peakRssMb)),
    messages: size.messages,
    replies: size.replies,
    snapshotBytes: bytes,
    readOnlyRowsPerSec: Math.round(median(out.map((r) => r.readOnlyRowsPerSec))),
    readOnlyRatio: paired((r) => r.readOnlyRowsPerSec, (r) => r.sqliteSameWorkRowsPerSec),
    generateSeconds: round(gen.seconds, 1),
    runs: out.map((r) => ({
      rowsPerSec: Math.round(r.rowsPerSec),
      sqliteSameWorkRowsPerSec: r.sqliteSameWorkRowsPerSec === null ? null : Math.round(r.sqliteSameWorkRowsPerSec),
      sqliteCliRowsPerSec: r.sqliteCliRowsPerSec === null ? null : Math.round(r.sqliteCliRowsPerSec),
      peakRssMb: r.peakRssMb,
      readOnlyRowsPerSec: Math.round(r.readOnlyRowsPerSec),
    })),
    ...(shell.ok ? {} : { note: shell.note }),
  };
}
