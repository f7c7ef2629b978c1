/**
 * What a snapshot's README.md and CITATION.cff say about the data set: the boards with their
 * message counts and periods, and the crawl runs. Named reads over the archive (only the
 * archive layer knows the SQL); they run inside the snapshot's read transaction.
 */
import type { SqliteArchive } from './db.js';

/** One board's messages: how many, posted when, seen when. */
export interface BoardSpan {
  source: string;
  name: string | null;
  baseUrl: string | null;
  messages: number;
  replies: number;
  firstPostedAt: string | null;
  lastPostedAt: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
}

/** Every board with messages, by id. */
export function boardSpans(archive: SqliteArchive): BoardSpan[] {
  return archive.sqlite
    .prepare(
      `SELECT m.source_id AS source, s.name, s.base_url AS baseUrl, count(*) AS messages,
              (SELECT count(*) FROM reply r JOIN message x ON x.id = r.message_id WHERE x.source_id = m.source_id AND r.official = 1) AS replies,
              min(m.posted_at) AS firstPostedAt, max(m.posted_at) AS lastPostedAt,
              min(m.first_seen_at) AS firstSeenAt, max(m.last_seen_at) AS lastSeenAt
         FROM message m LEFT JOIN source s ON s.id = m.source_id
        GROUP BY m.source_id ORDER BY m.source_id`,
    )
    .all() as BoardSpan[];
}

/** A crawl run as recorded. */
export interface CrawlRunRecord {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  sources: string;
  requests: number;
  newMessages: number;
  changedMessages: number;
  newReplies: number;
  failed: number;
  blocked: number;
  exitCode: number | null;
}

/** Every crawl run, oldest first. */
export function crawlRunRecords(archive: SqliteArchive): CrawlRunRecord[] {
  return archive.sqlite
    .prepare(
      `SELECT id, started_at AS startedAt, finished_at AS finishedAt, sources, requests, new_messages AS newMessages,
              changed_messages AS changedMessages, new_replies AS newReplies, failed, blocked, exit_code AS exitCode
         FROM crawl_run ORDER BY id`,
    )
    .all() as CrawlRunRecord[];
}
