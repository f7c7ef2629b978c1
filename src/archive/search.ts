/**
 * Searching and listing messages for `wenzheng serve`: full-text search over titles, bodies
 * and replies through the FTS5 trigram indexes (migration 2026-12-05-serve-search) for terms
 * of 3+ characters, a LIKE scan for shorter ones; filters; sorting; pages. Every value is a
 * bound parameter; the SQL text is assembled only from the fixed fragments below.
 */
import type SqliteDatabase from 'better-sqlite3';

/**
 * What the read functions of serve take: an archive with its better-sqlite3 handle (the
 * read-only one of read-only.ts, or a writable Archive). Callers pass the archive itself and
 * never touch the handle: only src/archive speaks SQL.
 */
export interface ArchiveReader {
  readonly sqlite: SqliteDatabase.Database;
}

/** What to search for and filter on (every field optional; all given ones must hold). */
export interface MessageFilter {
  /** Search terms: each must occur in the title, the body or a reply of the message. */
  terms?: readonly string[];
  source?: string;
  board?: string;
  departmentId?: number;
  /** Canonical or stored name of the department, or a name the board used for it (an alias). */
  departmentName?: string;
  /** GB/T 2260 code of the department's place. */
  regionCode?: string;
  /** Name of the department's place. */
  regionName?: string;
  level?: string;
  status?: string;
  /** First and last day posted (YYYY-MM-DD, as the stored times read: Beijing time). */
  from?: string;
  to?: string;
  /** Only these message row ids (the overdue filter passes its exact set). */
  ids?: readonly number[];
}

/** Sort orders of a message list. */
export const MESSAGE_SORTS = {
  newest: 'm.posted_at DESC, m.id DESC',
  oldest: 'm.posted_at ASC, m.id ASC',
  replies: 'm.reply_count DESC, m.posted_at DESC, m.id DESC',
  seen: 'm.last_seen_at DESC, m.id DESC',
} as const;
export type MessageSort = keyof typeof MESSAGE_SORTS;

/** A message as stored, with its department and capture: what a published message row is made of. */
export interface MessageRecord {
  id: number;
  source_id: string;
  external_id: string;
  url: string;
  title: string | null;
  body: string | null;
  board: string | null;
  department_id: number | null;
  department: string | null;
  region_code: string | null;
  category: string | null;
  status: string | null;
  status_raw: string | null;
  posted_at: string | null;
  first_reply_at: string | null;
  reply_count: number;
  first_seen_at: string;
  last_seen_at: string;
  capture_sha256: string | null;
  fetched_at: string | null;
  gone_at: string | null;
  published_at: string | null;
  /** addressed, answered or none; null for rows stored before it was recorded. */
  department_source: string | null;
}

const RECORD_COLUMNS = `m.id, m.source_id, m.external_id, m.url, m.title, m.body, m.board, m.department_id,
  d.canonical_name AS department, d.region_code, m.category, m.status, m.status_raw, m.posted_at, m.first_reply_at,
  m.reply_count, m.first_seen_at, m.last_seen_at, c.sha256 AS capture_sha256, c.fetched_at, m.gone_at, m.published_at, m.department_source`;
const RECORD_FROM = `FROM message m LEFT JOIN department d ON d.id = m.department_id LEFT JOIN capture c ON c.id = m.capture_id`;

/** Fewer characters than this cannot use the trigram index. */
export const TRIGRAM = 3;

/** Splits a search box's text into terms (spaces, full-width ones too, separate them). */
export function searchTerms(q: string | null | undefined): string[] {
  return [...new Set((q ?? '').split(/[\s\u3000]+/u).filter((t) => t.length > 0))];
}

/** An FTS5 query that matches `term` as a substring: one quoted string, quotes doubled. */
export function ftsPhrase(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

/** A LIKE pattern matching `term` anywhere (with ESCAPE '\'). */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The WHERE clause and its parameters for a filter; `department` when it needs `d` joined. */
function whereOf(f: MessageFilter): { sql: string; params: unknown[]; department: boolean } {
  const conds: string[] = [];
  const params: unknown[] = [];
  for (const term of f.terms ?? []) {
    if ([...term].length >= TRIGRAM) {
      // UNION ALL: IN ignores duplicates, and a plain UNION would sort both sides first.
      conds.push(`m.id IN (SELECT rowid FROM message_fts WHERE message_fts MATCH ?
        UNION ALL SELECT r.message_id FROM reply_fts JOIN reply r ON r.id = reply_fts.rowid WHERE reply_fts MATCH ?)`);
      params.push(ftsPhrase(term), ftsPhrase(term));
    } else {
      conds.push(`(m.title LIKE ? ESCAPE '\\' OR m.body LIKE ? ESCAPE '\\'
        OR EXISTS (SELECT 1 FROM reply r WHERE r.message_id = m.id AND r.body LIKE ? ESCAPE '\\'))`);
      const p = likePattern(term);
      params.push(p, p, p);
    }
  }
  const eq = (column: string, value: unknown) => {
    if (value === undefined) return;
    conds.push(`${column} = ?`);
    params.push(value);
  };
  eq('m.source_id', f.source);
  eq('m.board', f.board);
  eq('m.department_id', f.departmentId);
  if (f.departmentName !== undefined) {
    conds.push(`(d.canonical_name = ? OR d.name = ? OR m.department_id IN (SELECT department_id FROM department_alias WHERE alias = ?))`);
    params.push(f.departmentName, f.departmentName, f.departmentName);
  }
  eq('d.region_code', f.regionCode);
  eq('d.region_name', f.regionName);
  eq('d.level', f.level);
  eq('m.status', f.status);
  if (f.from !== undefined) {
    conds.push(`m.posted_at >= ?`);
    params.push(f.from);
  }
  if (f.to !== undefined) {
    // A day's times all sort below the day followed by a character after 'T'.
    conds.push(`m.posted_at < ?`);
    params.push(`${f.to}U`);
  }
  if (f.ids !== undefined) {
    conds.push(`m.id IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(f.ids));
  }
  const sql = conds.length ? `WHERE ${conds.join(' AND ')}` : '';
  return { sql, params, department: sql.includes('d.') };
}

/**
 * One page of the messages matching `filter`, and how many match in all. The page's ids are
 * found and sorted first (narrow rows sort fast), then only those rows are read whole.
 */
export function searchMessages(
  archive: ArchiveReader,
  filter: MessageFilter,
  page: { sort: MessageSort; limit: number; offset: number },
): { total: number; rows: MessageRecord[] } {
  const where = whereOf(filter);
  const from = where.department ? `FROM message m LEFT JOIN department d ON d.id = m.department_id` : `FROM message m`;
  const total = archive.sqlite.prepare(`SELECT count(*) ${from} ${where.sql}`).pluck().get(...where.params) as number;
  const ids = archive.sqlite
    .prepare(`SELECT m.id ${from} ${where.sql} ORDER BY ${MESSAGE_SORTS[page.sort]} LIMIT ? OFFSET ?`)
    .pluck()
    .all(...where.params, page.limit, page.offset) as number[];
  return { total, rows: messagesByIds(archive, ids) };
}

/** The messages with these row ids, in the order given. */
export function messagesByIds(archive: ArchiveReader, ids: readonly number[]): MessageRecord[] {
  if (ids.length === 0) return [];
  const rows = archive.sqlite
    .prepare(
      `SELECT ${RECORD_COLUMNS} FROM json_each(?) j CROSS JOIN message m ON m.id = j.value
         LEFT JOIN department d ON d.id = m.department_id LEFT JOIN capture c ON c.id = m.capture_id`,
    )
    .all(JSON.stringify(ids)) as MessageRecord[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** What the overdue rule needs of a message. */
export interface OverdueCandidate {
  id: number;
  source_id: string;
  status: string | null;
  posted_at: string;
  first_reply_at: string | null;
  gone_at: string | null;
}

/**
 * Messages matching `filter` that may be unanswered at a moment: posted, and without a reply
 * before `replyFloor` (a day string; the exact test on parsed times is the caller's, see
 * src/publish/overdue.ts).
 */
export function overdueCandidates(archive: ArchiveReader, filter: MessageFilter, replyFloor: string): OverdueCandidate[] {
  const where = whereOf(filter);
  const extra = `m.posted_at IS NOT NULL AND ((m.first_reply_at IS NULL AND (m.status IS NULL OR m.status NOT IN ('replied', 'closed')))
    OR m.first_reply_at >= ?)`;
  const sql = `SELECT m.id, m.source_id, m.status, m.posted_at, m.first_reply_at, m.gone_at ${RECORD_FROM}
    ${where.sql ? `${where.sql} AND ${extra}` : `WHERE ${extra}`}`;
  return archive.sqlite.prepare(sql).all(...where.params, replyFloor) as OverdueCandidate[];
}
