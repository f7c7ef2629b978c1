/** crawl_run rows: one per `crawl` (and `reextract`) run, its report stored with it. */
import { sql } from 'kysely';
import type { Db } from './db.js';

export interface RunReport {
  sources: string[];
  requests: number;
  newMessages: number;
  changedMessages: number;
  unchangedMessages: number;
  newReplies: number;
  changedReplies: number;
  newReports: number;
  failed: number;
  /** Transient errors (5xx, timeouts, broken bodies, 429) that were retried. */
  retries: number;
  blocked: number;
  skippedByRobots: number;
  /** Links left out because the run reached a limit (list pages per source, pages per thread). */
  skippedByLimits?: number;
  /** Failed pages: URL and why. */
  failures: { url: string; error: string }[];
}

export function emptyRunReport(sources: string[]): RunReport {
  return {
    sources,
    requests: 0,
    newMessages: 0,
    changedMessages: 0,
    unchangedMessages: 0,
    newReplies: 0,
    changedReplies: 0,
    newReports: 0,
    failed: 0,
    retries: 0,
    blocked: 0,
    skippedByRobots: 0,
    skippedByLimits: 0,
    failures: [],
  };
}

/** Opens a run row; returns its id. */
export async function startRun(db: Db, sources: string[], startedAt: string): Promise<number> {
  const res = await db
    .insertInto('crawlRun')
    .values({
      startedAt,
      sources: sources.join(','),
      finishedAt: null,
      requests: 0,
      newMessages: 0,
      changedMessages: 0,
      unchangedMessages: 0,
      newReplies: 0,
      failed: 0,
      blocked: 0,
      exitCode: null,
      report: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return res.id;
}

/** The newest run that never finished (killed, power lost), if any. */
export async function lastUnfinishedRun(db: Db): Promise<number | null> {
  const row = await db
    .selectFrom('crawlRun')
    .select('id')
    .where('finishedAt', 'is', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Closes a run row with its report and exit code. */
export async function finishRun(db: Db, runId: number, report: RunReport, exitCode: number, finishedAt: string): Promise<void> {
  await db
    .updateTable('crawlRun')
    .set({
      finishedAt,
      requests: report.requests,
      newMessages: report.newMessages,
      changedMessages: report.changedMessages,
      unchangedMessages: report.unchangedMessages,
      newReplies: report.newReplies,
      failed: report.failed,
      blocked: report.blocked,
      exitCode,
      report: JSON.stringify(report),
    })
    .where('id', '=', runId)
    .execute();
}

/** Exit code recorded for a run that was found abandoned (killed, power loss): 128 + SIGKILL. */
export const ABANDONED_EXIT_CODE = 137;

/**
 * Closes every run left unfinished, so its stored bodies are offered to one resume only, never
 * replayed by later runs. Only where one run at a time writes the archive (the SQLite lock).
 */
export async function closeAbandonedRuns(db: Db, finishedAt: string): Promise<number> {
  const res = await db
    .updateTable('crawlRun')
    .set({ finishedAt, exitCode: ABANDONED_EXIT_CODE })
    .where('finishedAt', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/**
 * (Many workers on a PostgreSQL archive.) Says run `runId` is alive for `seconds` more, by the
 * database's clock; a worker says so whenever it renews its leases.
 */
export async function keepRunAlive(db: Db, runId: number, seconds: number): Promise<void> {
  await sql`UPDATE crawl_run SET alive_until = extract(epoch FROM clock_timestamp()) + ${seconds} WHERE id = ${runId}`.execute(db);
}

/**
 * (Many workers on a PostgreSQL archive.) Closes, as abandoned, every unfinished run whose
 * worker stopped saying it is alive (kill -9, a lost machine): what the lock does on SQLite.
 * Runs of workers from before runs said so are left as they are.
 */
export async function closeDeadRuns(db: Db, finishedAt: string): Promise<number> {
  const res = await sql`UPDATE crawl_run SET finished_at = ${finishedAt}, exit_code = ${ABANDONED_EXIT_CODE}
    WHERE finished_at IS NULL AND alive_until < extract(epoch FROM clock_timestamp())`.execute(db);
  return Number(res.numAffectedRows ?? 0);
}
