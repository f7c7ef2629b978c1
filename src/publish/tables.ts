/**
 * The big tables of a snapshot, streamed from the archive: messages, replies and the captures
 * they point to. Rows are sorted by their public id in code-point order (ids are ASCII in
 * practice): messages by `<source>:<external_id>`, replies by `<message_id>:<reply external id>`.
 * Each table is one `.iterate()` over an index-ordered query, so memory stays flat however
 * large the archive; published text has phone and ID-card numbers masked; author names and
 * their hashes are never published.
 */
import type { Archive } from '../archive/db.js';
import type { CaptureRow, MessageRow, ReplyRow } from '../model/published.js';
import { findAdapter } from '../sources/index.js';
import { TableWriter, type WrittenFile } from './csv.js';
import { maskPersonalNumbers } from './mask.js';
import { columnsOf, TABLES } from './published-schemas.js';
import type { DepartmentInfo } from './stats.js';

const HOUR_MS = 3_600_000;
const DEFAULT_SLA_HOURS = 24;

export interface TableContext {
  archive: Archive;
  dir: string;
  /** The time the snapshot is as of (ISO): decides replied_within_sla for unanswered messages. */
  asOf: string;
  departments: Map<number, DepartmentInfo>;
}

/** Source ids of the archive's messages, in the order their ids sort (`<source>:` as the key). */
export function sourcesInIdOrder(archive: Archive): string[] {
  const ids = archive.sqlite.prepare(`SELECT DISTINCT source_id FROM message`).pluck().all() as string[];
  return ids.sort((a, b) => cmp(`${a}:`, `${b}:`));
}

interface MessageRecord {
  external_id: string;
  url: string;
  title: string | null;
  body: string | null;
  board: string | null;
  department_id: number | null;
  category: string | null;
  status: MessageRow['status'];
  posted_at: string | null;
  first_reply_at: string | null;
  reply_count: number;
  first_seen_at: string;
  last_seen_at: string;
  gone_at: string | null;
  sha256: string | null;
  fetched_at: string | null;
}

/** Writes messages.csv and messages.jsonl. */
export async function writeMessages(ctx: TableContext): Promise<WrittenFile[]> {
  const out = new TableWriter<MessageRow>(ctx.dir, 'messages', columnsOf(TABLES.messages) as (keyof MessageRow & string)[]);
  const stmt = ctx.archive.sqlite.prepare(
    `SELECT m.external_id, m.url, m.title, m.body, m.board, m.department_id, m.category, m.status, m.posted_at,
            m.first_reply_at, m.reply_count, m.first_seen_at, m.last_seen_at, m.gone_at, c.sha256, c.fetched_at
       FROM message m LEFT JOIN capture c ON c.id = m.capture_id
      WHERE m.source_id = ? ORDER BY m.external_id`,
  );
  const asOfMs = Date.parse(ctx.asOf);
  try {
    for (const source of sourcesInIdOrder(ctx.archive)) {
      const slaMs = (findAdapter(source)?.slaHours ?? DEFAULT_SLA_HOURS) * HOUR_MS;
      for (const m of stmt.iterate(source) as IterableIterator<MessageRecord>) {
        const pending = out.write(messageRow(source, m, slaMs, asOfMs, ctx.departments));
        if (pending) await pending;
      }
    }
    return await out.close();
  } catch (err) {
    out.destroy();
    throw err;
  }
}

function messageRow(source: string, m: MessageRecord, slaMs: number, asOfMs: number, departments: Map<number, DepartmentInfo>): MessageRow {
  const posted = m.posted_at ? Date.parse(m.posted_at) : NaN;
  const replied = m.first_reply_at ? Date.parse(m.first_reply_at) : NaN;
  const lagMs = replied - posted;
  const known = Number.isFinite(lagMs);
  const answeredNoTime = !known && (m.status === 'replied' || m.reply_count > 0);
  const overdue = Number.isFinite(posted) && asOfMs - posted > slaMs;
  return {
    message_id: `${source}:${m.external_id}`,
    source,
    board: m.board,
    external_id: m.external_id,
    url: m.url,
    title: maskPersonalNumbers(m.title),
    body: maskPersonalNumbers(m.body),
    department: m.department_id != null ? (departments.get(m.department_id)?.name ?? null) : null,
    region_code: m.department_id != null ? (departments.get(m.department_id)?.regionCode ?? null) : null,
    category: m.category,
    status: m.status,
    posted_at: m.posted_at,
    first_reply_at: m.first_reply_at,
    reply_hours: known ? Math.round((lagMs / HOUR_MS) * 100) / 100 : null,
    replied_within_sla: known ? lagMs <= slaMs : !answeredNoTime && overdue ? false : null,
    reply_count: m.reply_count,
    first_seen_at: m.first_seen_at,
    last_seen_at: m.last_seen_at,
    capture_sha256: m.sha256,
    fetched_at: m.fetched_at,
    department_id: m.department_id,
    gone_at: m.gone_at,
  };
}

interface ReplyRecord {
  message_external_id: string;
  external_id: string;
  department_id: number | null;
  body: string | null;
  replied_at: string | null;
  official: number;
  floor: number | null;
  sha256: string | null;
  fetched_at: string | null;
}

/** Writes replies.csv and replies.jsonl. */
export async function writeReplies(ctx: TableContext): Promise<WrittenFile[]> {
  const out = new TableWriter<ReplyRow>(ctx.dir, 'replies', columnsOf(TABLES.replies) as (keyof ReplyRow & string)[]);
  const stmt = ctx.archive.sqlite.prepare(
    `SELECT m.external_id AS message_external_id, r.external_id, r.department_id, r.body, r.replied_at, r.official,
            r.floor, c.sha256, c.fetched_at
       FROM message m JOIN reply r ON r.message_id = m.id LEFT JOIN capture c ON c.id = r.capture_id
      WHERE m.source_id = ? ORDER BY m.external_id, r.external_id`,
  );
  try {
    for (const source of sourcesInIdOrder(ctx.archive)) {
      const records = stmt.iterate(source) as IterableIterator<ReplyRecord>;
      for (const r of inIdOrder(records, (x) => x.message_external_id)) {
        const pending = out.write(replyRow(source, r, ctx.departments));
        if (pending) await pending;
      }
    }
    return await out.close();
  } catch (err) {
    out.destroy();
    throw err;
  }
}

function replyRow(source: string, r: ReplyRecord, departments: Map<number, DepartmentInfo>): ReplyRow {
  const messageId = `${source}:${r.message_external_id}`;
  return {
    reply_id: `${messageId}:${r.external_id}`,
    message_id: messageId,
    department: r.department_id != null ? (departments.get(r.department_id)?.name ?? null) : null,
    body: maskPersonalNumbers(r.body),
    replied_at: r.replied_at,
    official: r.official === 1,
    floor: r.floor,
    capture_sha256: r.sha256,
    fetched_at: r.fetched_at,
    department_id: r.department_id,
  };
}

/**
 * Reorders rows that come grouped by a key in plain string order into the order of
 * `key + ":" + ...`: a key that is a prefix of the next ones ("1" before "10") sorts after
 * those whose next character is below ":" (digits, "-", "."), so its group waits on a stack
 * until they have passed. Memory: the groups of one chain of prefixes (a few replies each).
 */
export function* inIdOrder<T>(rows: Iterable<T>, keyOf: (row: T) => string): Generator<T> {
  const stack: { key: string; rows: T[] }[] = [];
  for (const row of rows) {
    const key = keyOf(row);
    const top = stack[stack.length - 1];
    if (top && top.key === key) {
      top.rows.push(row);
      continue;
    }
    while (stack.length) {
      const t = stack[stack.length - 1]!;
      if (key.startsWith(t.key) && key.charAt(t.key.length) < ':') break;
      stack.pop();
      yield* t.rows;
    }
    stack.push({ key, rows: [row] });
  }
  while (stack.length) yield* stack.pop()!.rows;
}

/** Writes captures.csv and captures.jsonl: every capture a message or reply points to, by (sha256, fetched_at). */
export async function writeCaptures(ctx: TableContext): Promise<WrittenFile[]> {
  const out = new TableWriter<CaptureRow>(ctx.dir, 'captures', columnsOf(TABLES.captures) as (keyof CaptureRow & string)[]);
  const stmt = ctx.archive.sqlite.prepare(
    `SELECT c.sha256 AS capture_sha256, min(c.url) AS url, c.fetched_at, min(c.http_status) AS http_status, max(c.bytes) AS bytes
       FROM capture c
      WHERE c.id IN (SELECT capture_id FROM message WHERE capture_id IS NOT NULL
                     UNION SELECT capture_id FROM reply WHERE capture_id IS NOT NULL)
      GROUP BY c.sha256, c.fetched_at ORDER BY c.sha256, c.fetched_at`,
  );
  try {
    for (const row of stmt.iterate() as IterableIterator<CaptureRow>) {
      const pending = out.write(row);
      if (pending) await pending;
    }
    return await out.close();
  } catch (err) {
    out.destroy();
    throw err;
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
