/**
 * Reading the archive for a snapshot: one connection inside one read transaction, streaming
 * the rows of the big tables (messages, replies, captures) one source at a time in external id
 * order. Rows are arrays with their fields by position (MESSAGE, REPLY, CAPTURE name the
 * positions): better-sqlite3 hands out arrays faster than objects, and a snapshot reads two
 * million of them. Only this module knows the SQL; publish sees the named fields.
 *
 * A snapshot reads on two connections at once (the archive's own, and a worker's read-only
 * one): `holdWriters` keeps any writer from committing while both begin, so they read the
 * same state although a crawl may be writing meanwhile (WAL).
 */
import SqliteDatabase from 'better-sqlite3';
import type { SqliteArchive } from './db.js';

/** Positions of a message row's fields (messageRows). */
export const MESSAGE = {
  externalId: 0,
  url: 1,
  title: 2,
  body: 3,
  board: 4,
  departmentId: 5,
  category: 6,
  status: 7,
  postedAt: 8,
  firstReplyAt: 9,
  replyCount: 10,
  firstSeenAt: 11,
  lastSeenAt: 12,
  goneAt: 13,
  captureSha256: 14,
  fetchedAt: 15,
  /** The row id: ties of the month-board label go to the lowest. */
  rowId: 16,
  /** When the board made the message public (null where a board does not say). */
  publishedAt: 17,
  /** addressed, answered or none; null for rows stored before it was recorded. */
  departmentSource: 18,
} as const;

/** A message with the capture it was last read from, fields at the positions of MESSAGE. */
export type MessageRow = [
  externalId: string,
  url: string,
  title: string | null,
  body: string | null,
  board: string | null,
  departmentId: number | null,
  category: string | null,
  status: string | null,
  postedAt: string | null,
  firstReplyAt: string | null,
  replyCount: number,
  firstSeenAt: string,
  lastSeenAt: string,
  goneAt: string | null,
  captureSha256: string | null,
  fetchedAt: string | null,
  rowId: number,
  publishedAt: string | null,
  departmentSource: string | null,
];

const MESSAGE_ROWS_SQL = `SELECT m.external_id, m.url, m.title, m.body, m.board, m.department_id, m.category, m.status, m.posted_at,
       m.first_reply_at, m.reply_count, m.first_seen_at, m.last_seen_at, m.gone_at, c.sha256, c.fetched_at, m.id, m.published_at, m.department_source
  FROM message m LEFT JOIN capture c ON c.id = m.capture_id
 WHERE m.source_id = ? ORDER BY m.external_id`;

/** Positions of a reply row's fields (replyRows). */
export const REPLY = {
  messageExternalId: 0,
  externalId: 1,
  departmentId: 2,
  body: 3,
  repliedAt: 4,
  /** 1 for an official reply, 0 otherwise. */
  official: 5,
  floor: 6,
  captureSha256: 7,
  fetchedAt: 8,
} as const;

/** A reply with its message's external id and its capture, fields at the positions of REPLY. */
export type ReplyRow = [
  messageExternalId: string,
  externalId: string,
  departmentId: number | null,
  body: string | null,
  repliedAt: string | null,
  official: 0 | 1,
  floor: number | null,
  captureSha256: string | null,
  fetchedAt: string | null,
];

const REPLY_ROWS_SQL = `SELECT m.external_id AS message_external_id, r.external_id, r.department_id, r.body, r.replied_at, r.official,
       r.floor, c.sha256, c.fetched_at
  FROM message m JOIN reply r ON r.message_id = m.id LEFT JOIN capture c ON c.id = r.capture_id
 WHERE m.source_id = ? ORDER BY m.external_id, r.external_id`;

/** Positions of a capture row's fields (captureRows). */
export const CAPTURE = { sha256: 0, url: 1, fetchedAt: 2, httpStatus: 3, bytes: 4 } as const;

/** A capture a message or reply points to, fields at the positions of CAPTURE. */
export type CaptureRow = [sha256: string, url: string, fetchedAt: string, httpStatus: number, bytes: number];

/**
 * The captures a message or reply points to (found through the message_capture and
 * reply_capture indexes), one row per (sha256, fetch time).
 */
const CAPTURE_ROWS_SQL = `SELECT c.sha256 AS capture_sha256, min(c.url) AS url, c.fetched_at, min(c.http_status) AS http_status, max(c.bytes) AS bytes
  FROM capture c
 WHERE c.id IN (SELECT capture_id FROM message WHERE capture_id IS NOT NULL
                UNION SELECT capture_id FROM reply WHERE capture_id IS NOT NULL)
 GROUP BY c.sha256, c.fetched_at ORDER BY c.sha256, c.fetched_at`;

/** Positions of an observation row's fields (observationRows). */
export const OBSERVATION = { externalId: 0, observedAt: 1, status: 2, replyCount: 3 } as const;

/** A recorded status of a message (status history), fields at the positions of OBSERVATION. */
export type ObservationRow = [externalId: string, observedAt: string, status: string | null, replyCount: number];

const OBSERVATION_ROWS_SQL = `SELECT m.external_id, o.observed_at, o.status, o.reply_count
  FROM message m JOIN message_observation o ON o.message_id = m.id
 WHERE m.source_id = ? ORDER BY m.external_id, o.observed_at, o.id`;

/** A message's board id and the times that place it on a day (idsInOrder). */
export type MessageIdRow = [externalId: string, postedAt: string | null, firstSeenAt: string];

/** One source's messages by numeric id (ids that are not decimal numbers sort first, as 0). */
const MESSAGE_IDS_SQL = `SELECT external_id, posted_at, first_seen_at FROM message WHERE source_id = ?
 ORDER BY CAST(external_id AS INTEGER), external_id`;

/** Pages still failing (tried again by the next crawl): source and when they last failed. */
const FAILED_PAGES_SQL = `SELECT source_id, updated_at FROM frontier WHERE state = 'failed' ORDER BY source_id, updated_at`;

/**
 * A page cache of 2 MB: a snapshot reads each page once, in order, and its sorts and temporary
 * b-trees get this much each (the 16 MB default took a 1M-row snapshot 110 MB higher).
 */
const SMALL_CACHE = -2000;

/** One connection reading the archive for a snapshot (see the module comment). */
export class SnapshotRead {
  private readonly statements = new Map<string, SqliteDatabase.Statement>();

  private constructor(
    private readonly sqlite: SqliteDatabase.Database,
    private readonly owned: boolean,
  ) {}

  /** Reads on the archive's own connection. */
  static of(archive: SqliteArchive): SnapshotRead {
    return new SnapshotRead(archive.sqlite, false);
  }

  /** Reads on a connection of its own, read-only, with a small page cache (a worker thread's). */
  static open(file: string): SnapshotRead {
    const sqlite = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma(`cache_size = ${SMALL_CACHE}`);
    return new SnapshotRead(sqlite, true);
  }

  /** Uses the small page cache until the returned function gives the old size back. */
  useSmallCache(): () => void {
    const size = Number(this.sqlite.pragma('cache_size', { simple: true }));
    this.sqlite.pragma(`cache_size = ${SMALL_CACHE}`);
    return () => this.sqlite.pragma(`cache_size = ${size}`);
  }

  /** Opens the read transaction and reads, so the connection holds its view of the archive from now on. */
  begin(): void {
    this.sqlite.exec('BEGIN');
    this.messageCount();
  }

  /** Ends the read transaction, if one is open. */
  end(): void {
    if (this.sqlite.inTransaction) this.sqlite.exec('COMMIT');
  }

  /** Closes the connection when it is this reader's own. */
  close(): void {
    if (this.owned) this.sqlite.close();
  }

  /** How many messages the archive holds. */
  messageCount(): number {
    return this.statement(`SELECT count(*) FROM message`).pluck().get() as number;
  }

  /** The ids of the sources the archive has messages of, in no particular order. */
  messageSources(): string[] {
    return this.statement(`SELECT DISTINCT source_id FROM message`).pluck().all() as string[];
  }

  /** One source's messages in external id order (plain string order), with their captures. */
  messageRows(sourceId: string): IterableIterator<MessageRow> {
    return this.statement(MESSAGE_ROWS_SQL).raw(true).iterate(sourceId) as IterableIterator<MessageRow>;
  }

  /** One source's replies, grouped by message in external id order, then by reply external id. */
  replyRows(sourceId: string): IterableIterator<ReplyRow> {
    return this.statement(REPLY_ROWS_SQL).raw(true).iterate(sourceId) as IterableIterator<ReplyRow>;
  }

  /** Every capture a message or reply points to, by (sha256, fetched_at). */
  captureRows(): IterableIterator<CaptureRow> {
    return this.statement(CAPTURE_ROWS_SQL).raw(true).iterate() as IterableIterator<CaptureRow>;
  }

  /**
   * One source's recorded statuses (a row each time a crawl saw a message's status or official
   * reply count move): by message external id, then time, then the order recorded.
   */
  observationRows(sourceId: string): IterableIterator<ObservationRow> {
    return this.statement(OBSERVATION_ROWS_SQL).raw(true).iterate(sourceId) as IterableIterator<ObservationRow>;
  }

  /** One source's message ids with their posting and first-seen times, in numeric id order. */
  messageIdRows(sourceId: string): IterableIterator<MessageIdRow> {
    return this.statement(MESSAGE_IDS_SQL).raw(true).iterate(sourceId) as IterableIterator<MessageIdRow>;
  }

  /** Every page still failing after its retries: [source id, when it last failed]. */
  failedPages(): [sourceId: string, updatedAt: string][] {
    return this.statement(FAILED_PAGES_SQL).raw(true).all() as [string, string][];
  }

  private statement(sql: string): SqliteDatabase.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) this.statements.set(sql, (stmt = this.sqlite.prepare(sql)));
    return stmt;
  }
}

/** A hold on the archive's write lock: no writer can commit until `release`. */
export interface WriterHold {
  release(): void;
}

/**
 * Takes the write lock of the archive at `file` on a connection of its own (`BEGIN
 * IMMEDIATE`), so readers can begin on one state; null when it cannot be had (a read-only
 * file, a writer holding it past the busy timeout).
 */
export function holdWriters(file: string): WriterHold | null {
  let lock: SqliteDatabase.Database | null = null;
  try {
    lock = new SqliteDatabase(file, { fileMustExist: true });
    lock.pragma('busy_timeout = 5000');
    lock.exec('BEGIN IMMEDIATE');
  } catch {
    lock?.close();
    return null;
  }
  const held = lock;
  return {
    release() {
      held.exec('ROLLBACK');
      held.close();
    },
  };
}
