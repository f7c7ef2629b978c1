/**
 * The snapshot stage's baselines: the `sqlite3` shell exporting an archive. Same work: the
 * three big tables of a snapshot (messages, replies, captures) with the same rows and columns
 * as the snapshot's files (ids joined, department names looked up, reply hours and the
 * deadline test computed in SQL, in the files' order), each written as CSV (`-csv -header`)
 * and as JSON (`-json`), one shell process after another. For reference, the CSV-only export
 * of the plain message and reply tables the bench compared against before (issue 20).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync } from 'node:fs';
import path from 'node:path';
import { log, secondsSince } from './measure.js';

/** Whether the `sqlite3` shell runs; as root, installs Debian's when it is absent (unless `install` is false). */
export function ensureSqliteShell(install: boolean): { ok: true } | { ok: false; note: string } {
  const works = () => spawnSync('sqlite3', ['-version'], { stdio: 'ignore' }).status === 0;
  if (works()) return { ok: true };
  if (!install) return { ok: false, note: 'the sqlite3 shell is absent: comparison skipped (quick mode does not install it)' };
  if (process.getuid?.() !== 0) return { ok: false, note: 'the sqlite3 shell is absent and this is not root: comparison skipped (apt-get install sqlite3 to add it)' };
  log('  installing the sqlite3 shell (apt-get install -y sqlite3)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (spawnSync('apt-get', ['install', '-y', 'sqlite3'], { stdio: 'ignore', env }).status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'ignore', env });
    spawnSync('apt-get', ['install', '-y', 'sqlite3'], { stdio: 'ignore', env });
  }
  return works() ? { ok: true } : { ok: false, note: 'apt-get install sqlite3 failed: comparison skipped' };
}

/** Hours between two stored ISO times (offsets included), as julianday differences. */
const hours = (to: string, from: string) => `(julianday(${to}) - julianday(${from})) * 24`;
const SLA = `coalesce(s.sla_hours, 24)`;

/**
 * messages.csv's 24 columns in its order (`asOf` decides replied_within_sla of the unanswered,
 * as the snapshot's as-of time does). Masking phone numbers has no SQL counterpart: the shell
 * copies title and body as stored.
 */
const messagesSql = (asOf: string) => `SELECT m.source_id || ':' || m.external_id AS message_id, m.source_id AS source, m.board, m.external_id, m.url,
       m.title, m.body, d.canonical_name AS department, d.region_code, m.category, m.status, m.posted_at, m.first_reply_at,
       round(${hours('m.first_reply_at', 'm.posted_at')}, 2) AS reply_hours,
       CASE WHEN m.first_reply_at IS NOT NULL AND m.posted_at IS NOT NULL THEN ${hours('m.first_reply_at', 'm.posted_at')} <= ${SLA}
            WHEN m.status IS NOT 'replied' AND m.reply_count = 0 AND ${hours(`'${asOf}'`, 'm.posted_at')} > ${SLA} THEN 0 END AS replied_within_sla,
       m.reply_count, m.first_seen_at, m.last_seen_at, c.sha256 AS capture_sha256, c.fetched_at, m.department_id, m.gone_at, m.published_at,
       round(max(0, ${hours('m.first_reply_at', 'm.published_at')}), 2) AS reply_hours_from_published
  FROM message m JOIN source s ON s.id = m.source_id LEFT JOIN capture c ON c.id = m.capture_id LEFT JOIN department d ON d.id = m.department_id
 ORDER BY m.source_id, m.external_id`;

/** replies.csv's 10 columns in its order. */
const REPLIES_SQL = `SELECT m.source_id || ':' || m.external_id || ':' || r.external_id AS reply_id, m.source_id || ':' || m.external_id AS message_id,
       d.canonical_name AS department, r.body, r.replied_at, r.official, r.floor, c.sha256 AS capture_sha256, c.fetched_at, r.department_id
  FROM message m JOIN reply r ON r.message_id = m.id LEFT JOIN capture c ON c.id = r.capture_id LEFT JOIN department d ON d.id = r.department_id
 ORDER BY m.source_id, m.external_id, r.external_id`;

/** captures.csv's 5 columns: the captures a message or reply points to, by (sha256, fetched_at). */
const CAPTURES_SQL = `SELECT c.sha256 AS capture_sha256, min(c.url) AS url, c.fetched_at, min(c.http_status) AS http_status, max(c.bytes) AS bytes
  FROM capture c
 WHERE c.id IN (SELECT capture_id FROM message WHERE capture_id IS NOT NULL UNION SELECT capture_id FROM reply WHERE capture_id IS NOT NULL)
 GROUP BY c.sha256, c.fetched_at ORDER BY c.sha256, c.fetched_at`;

/** Runs `sqlite3 <flags> db sql > dir/file`; throws naming the file when the shell fails. */
function shell(db: string, flags: string[], sql: string, file: string): void {
  const fd = openSync(file, 'w');
  try {
    const res = spawnSync('sqlite3', [...flags, db, sql], { stdio: ['ignore', fd, 'inherit'] });
    if (res.status !== 0) throw new Error(`sqlite3 export to ${path.basename(file)} failed (exit ${res.status ?? res.signal})`);
  } finally {
    closeSync(fd);
  }
}

/** The same-work export (see the module comment) into `dir` (removed afterwards), timed in seconds. */
export function sameWorkExport(db: string, dir: string, asOf: string): number {
  mkdirSync(dir, { recursive: true });
  const tables = { messages: messagesSql(asOf), replies: REPLIES_SQL, captures: CAPTURES_SQL };
  const start = performance.now();
  for (const [name, sql] of Object.entries(tables)) {
    shell(db, ['-csv', '-header'], sql, path.join(dir, `${name}.csv`));
    shell(db, ['-json'], sql, path.join(dir, `${name}.json`));
  }
  const seconds = secondsSince(start);
  rmSync(dir, { recursive: true, force: true });
  return seconds;
}

/** `sqlite3 -csv -header db "SELECT * FROM <table>" > out` for the plain message and reply tables, timed (reference). */
export function csvOnlyExport(db: string, dir: string): number {
  mkdirSync(dir, { recursive: true });
  const start = performance.now();
  for (const table of ['message', 'reply']) shell(db, ['-csv', '-header'], `SELECT * FROM ${table}`, path.join(dir, `${table}.csv`));
  const seconds = secondsSince(start);
  rmSync(dir, { recursive: true, force: true });
  return seconds;
}
