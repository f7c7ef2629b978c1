/**
 * What a snapshot's README.md and CITATION.cff say about the data set: the boards with their
 * message counts and periods (counted on the snapshot's passes, src/publish/board-spans.ts),
 * and the crawl runs, a named read over the archive (only the archive layer knows the SQL)
 * inside the snapshot's read transaction.
 */
import type { SqliteArchive } from './db.js';

/** One board's messages: how many, posted when, seen when (counted by src/publish/board-spans.ts). */
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
