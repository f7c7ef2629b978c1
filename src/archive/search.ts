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

/** The rows of the message index holding a term: their rowids are message ids. */
const MESSAGE_HITS = `SELECT rowid FROM message_fts WHERE message_fts MATCH ?`;
/**
 * The rows of the reply index holding a term, as the ids of their messages (the rowid is
 * `(message_id << 31) + reply_id`, migration 2026-12-05-serve-search-reply-rows).
 */
const REPLY_HITS = `SELECT rowid >> 31 FROM reply_search_fts WHERE reply_search_fts MATCH ?`;

/** Whether a term is long enough for the trigram index. */
function trigramTerm(term: string): boolean {
  return [...term].length >= TRIGRAM;
}

/**
 * The WHERE clause and its parameters for a filter, over `message m` alone (department facts
 * are asked through department_id, so the index on it serves them too).
 */
function whereOf(f: MessageFilter): { sql: string; params: unknown[] } {
  const conds: string[] = [];
  const params: unknown[] = [];
  for (const term of f.terms ?? []) {
    if (trigramTerm(term)) {
      conds.push(`m.id IN (${MESSAGE_HITS} UNION ALL ${REPLY_HITS})`);
      params.push(ftsPhrase(term), ftsPhrase(term));
    } else {
      conds.push(`(m.title LIKE ? ESCAPE '\\' OR m.body LIKE ? ESCAPE '\\'
        OR EXISTS (SELECT 1 FROM reply r WHERE r.message_id = m.id AND r.body LIKE ? ESCAPE '\\'))`);
      const p = likePattern(term);
      params.push(p, p, p);
    }
  }
  const cond = (sql: string, ...values: unknown[]) => {
    conds.push(sql);
    params.push(...values);
  };
  if (f.source !== undefined) cond(`m.source_id = ?`, f.source);
  if (f.board !== undefined) cond(`m.board = ?`, f.board);
  if (f.departmentId !== undefined) cond(`m.department_id = ?`, f.departmentId);
  if (f.departmentName !== undefined) {
    const n = f.departmentName;
    cond(`m.department_id IN (SELECT id FROM department WHERE canonical_name = ? OR name = ? UNION SELECT department_id FROM department_alias WHERE alias = ?)`, n, n, n);
  }
  if (f.regionCode !== undefined) cond(`m.department_id IN (SELECT id FROM department WHERE region_code = ?)`, f.regionCode);
  if (f.regionName !== undefined) cond(`m.department_id IN (SELECT id FROM department WHERE region_name = ?)`, f.regionName);
  if (f.level !== undefined) cond(`m.department_id IN (SELECT id FROM department WHERE level = ?)`, f.level);
  if (f.status !== undefined) cond(`m.status = ?`, f.status);
  if (f.from !== undefined) cond(`m.posted_at >= ?`, f.from);
  // A day's times all sort below the day followed by a character after 'T'.
  if (f.to !== undefined) cond(`m.posted_at < ?`, `${f.to}U`);
  if (f.ids !== undefined) cond(`m.id IN (SELECT value FROM json_each(?))`, JSON.stringify(f.ids));
  return { sql: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params };
}

/** The index on message that yields each sort order as it is, for walking it (none for `seen`). */
const SORT_INDEX: Record<MessageSort, string | undefined> = {
  newest: 'message_posted',
  oldest: 'message_posted',
  replies: 'message_replies',
  seen: undefined,
};

/**
 * How far a walk goes: a walk of a sort order that would pass more than `walkRows` messages to
 * fill its page gives way to sorting the matches. Tests lower it to take every path on a small
 * archive; the results are the same whichever path is taken.
 */
export const searchTuning = { walkRows: 30_000 };

type Db = SqliteDatabase.Database;

/** The parts of a term's hits: the SELECTs of the indexes that hold it at all (most terms are in one). */
function armsOf(s: Db, phrase: string): string[] {
  return [MESSAGE_HITS, REPLY_HITS].filter((arm) => s.prepare(`${arm} LIMIT 1`).get(phrase) !== undefined);
}

/**
 * Puts the ids of the messages holding every term (and in temp.search_only, when `only`) into
 * temp.search_hits: the first term's hits go in (one read of each index holding it, each hit's
 * message id read off the rowid), each further term's hits keep only the ids they share.
 */
function fillHits(s: Db, terms: readonly string[], only: boolean): void {
  terms.forEach((term, i) => {
    const phrase = ftsPhrase(term);
    const into = i === 0 ? 'search_hits' : 'search_next';
    for (const arm of armsOf(s, phrase)) {
      // The unary + keeps the restriction away from the FTS index, which would run the term once per id.
      const id = arm === REPLY_HITS ? '(rowid >> 31)' : '+rowid';
      const sql = only ? `${arm} AND ${id} IN (SELECT id FROM temp.search_only)` : arm;
      s.prepare(`INSERT OR IGNORE INTO temp.${into} (id) ${sql}`).run(phrase);
    }
    if (i > 0) s.exec(`DELETE FROM temp.search_hits WHERE id NOT IN (SELECT id FROM temp.search_next); DELETE FROM temp.search_next`);
  });
}

/**
 * The page of a lone term found in message titles and bodies only, with nothing else to filter
 * on (the commonest search), without collecting every hit: the sort order's first candidates
 * are taken from its index, and the term's hits nearest them in id order (the message index
 * yields hits by rowid, so reading stops just past them) tell which candidates hold it.
 * Undefined when that does not settle the page (candidates far from both ends of the id range,
 * or too few of them match); the caller then collects all hits.
 */
function messageTermPage(
  s: Db,
  phrase: string,
  total: number,
  page: { sort: MessageSort; limit: number; offset: number },
  index: string,
): number[] | undefined {
  // Two statements: min() and max() together would scan the table.
  const bounds = { lo: s.prepare(`SELECT min(id) FROM message`).pluck().get() as number, hi: s.prepare(`SELECT max(id) FROM message`).pluck().get() as number };
  const span = bounds.hi - bounds.lo + 1;
  const want = page.offset + page.limit;
  const take = Math.ceil((want * span) / total * 1.5) + 64;
  if (take > searchTuning.walkRows) return undefined;
  const candidates = s.prepare(`SELECT m.id FROM message m INDEXED BY ${index} ORDER BY ${MESSAGE_SORTS[page.sort]} LIMIT ?`).pluck().all(take) as number[];
  if (candidates.length === 0) return [];
  let lo = candidates[0]!;
  let hi = lo;
  for (const id of candidates) {
    if (id < lo) lo = id;
    else if (id > hi) hi = id;
  }
  const fromTop = bounds.hi - lo <= hi - bounds.lo;
  const reach = fromTop ? bounds.hi - lo + 1 : hi - bounds.lo + 1;
  const limit = Math.ceil((reach * total) / span * 1.3) + 64;
  if (limit > searchTuning.walkRows * 4) return undefined;
  const hits = s.prepare(`${MESSAGE_HITS} ORDER BY rowid ${fromTop ? 'DESC' : 'ASC'} LIMIT ?`).pluck().all(phrase, limit) as number[];
  // Every hit up to the last one read is known; past it, only when the reading ran out.
  const last = hits.length === limit ? hits[hits.length - 1]! : undefined;
  if (last !== undefined && (fromTop ? lo < last : hi > last)) return undefined;
  const held = new Set(hits);
  const kept = candidates.filter((id) => held.has(id));
  if (kept.length < want && candidates.length === take) return undefined;
  return kept.slice(page.offset, want);
}

/**
 * One page of the messages matching `filter`, and how many match in all (exactly); the same
 * rows in the same order whichever way they are found. Without a term of 3+ characters the
 * filter is one WHERE over message. With some, the ids of the messages matching everything are
 * put once in a temporary table of this connection (the other conditions' ids first, from
 * their own index, when there are any), so the total is its row count; the page then comes
 * from walking the sort order's index and keeping the ids in the table when the matches are
 * dense enough to fill it soon (most searches), else from sorting the matches. Only the page's
 * rows are then read whole.
 */
export function searchMessages(
  archive: ArchiveReader,
  filter: MessageFilter,
  page: { sort: MessageSort; limit: number; offset: number },
): { total: number; rows: MessageRecord[] } {
  const fts = (filter.terms ?? []).filter(trigramTerm);
  const s = archive.sqlite;
  const order = MESSAGE_SORTS[page.sort];
  if (fts.length === 0) {
    const where = whereOf(filter);
    const total = s.prepare(`SELECT count(*) FROM message m ${where.sql}`).pluck().get(...where.params) as number;
    const ids = s.prepare(`SELECT m.id FROM message m ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`).pluck().all(...where.params, page.limit, page.offset) as number[];
    return { total, rows: messagesByIds(archive, ids) };
  }
  const where = whereOf({ ...filter, terms: (filter.terms ?? []).filter((t) => !trigramTerm(t)) });
  const index = SORT_INDEX[page.sort];
  if (fts.length === 1 && !where.sql && index !== undefined) {
    const phrase = ftsPhrase(fts[0]!);
    const found = s.transaction(() => {
      if (armsOf(s, phrase).join() !== MESSAGE_HITS) return undefined;
      const total = s.prepare(`SELECT count(*) FROM message_fts WHERE message_fts MATCH ?`).pluck().get(phrase) as number;
      const ids = page.offset >= total ? [] : messageTermPage(s, phrase, total, page, index);
      return ids && { total, ids };
    })();
    if (found) return { total: found.total, rows: messagesByIds(archive, found.ids) };
  }
  for (const t of ['search_hits', 'search_next', 'search_only']) s.exec(`CREATE TEMP TABLE IF NOT EXISTS ${t} (id INTEGER PRIMARY KEY)`);
  // One read transaction: the count and the page see the same archive.
  const found = s.transaction(() => {
    try {
      if (where.sql) s.prepare(`INSERT INTO temp.search_only (id) SELECT m.id FROM message m ${where.sql}`).run(...where.params);
      fillHits(s, fts, where.sql !== '');
      const total = s.prepare(`SELECT count(*) FROM temp.search_hits`).pluck().get() as number;
      if (total === 0 || page.offset >= total) return { total, ids: [] as number[] };
      const messages = (s.prepare(`SELECT max(id) FROM message`).pluck().get() as number | null) ?? 0;
      const walk = index !== undefined && ((page.offset + page.limit) * messages) / total <= searchTuning.walkRows;
      const from = walk
        ? `message m INDEXED BY ${index} CROSS JOIN temp.search_hits h ON h.id = m.id`
        : `temp.search_hits h CROSS JOIN message m ON m.id = h.id`;
      const ids = s.prepare(`SELECT m.id FROM ${from} ORDER BY ${order} LIMIT ? OFFSET ?`).pluck().all(page.limit, page.offset) as number[];
      return { total, ids };
    } finally {
      s.exec(`DELETE FROM temp.search_hits; DELETE FROM temp.search_next; DELETE FROM temp.search_only`);
    }
  })();
  return { total: found.total, rows: messagesByIds(archive, found.ids) };
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
  const sql = `SELECT m.id, m.source_id, m.status, m.posted_at, m.first_reply_at, m.gone_at FROM message m
    ${where.sql ? `${where.sql} AND ${extra}` : `WHERE ${extra}`}`;
  return archive.sqlite.prepare(sql).all(...where.params, replyFloor) as OverdueCandidate[];
}
