/**
 * Group commit of a crawl's pages on SQLite. Each fetched page's capture row and records are
 * written in one open transaction that is committed after GROUP_PAGES pages or GROUP_MS after
 * the first of them, whichever comes first, and before any other write on the handle (db.ts asks
 * for that before every kysely statement that writes, and before closing). A commit a page wrote
 * the same leaf pages of message, reply, capture and frontier and their indexes into the WAL once
 * a page, and made FTS5 write a new segment a page; grouped, they are written once a group.
 *
 * Nothing a page depends on changes: its body is on disk (fsynced) before its rows are written,
 * its rows and its frontier mark still commit together, and a kill loses at most the group in
 * hand, whose frontier rows are still pending and so fetched again by the next run.
 *
 * One page's writes cannot be undone alone without a savepoint around each page, and a savepoint
 * makes FTS5 write out its pending index (the cost grouping saves). So a page whose writes fail
 * rolls the group back, the pages before it in the group are written again in the same order (the
 * same rows and ids, since nothing else wrote meanwhile), and the page's error is thrown.
 */
import type SqliteDatabase from 'better-sqlite3';
import { runSync, type Steps, type WriteOps } from './write-steps.js';

/** Pages a group holds at most. */
export const GROUP_PAGES = 32;
/** How long the first page of a group waits for its commit at most, in ms. */
export const GROUP_MS = 200;

/** The write path's operations, with the capture row a fetched page is written with. */
export interface GroupOps<C> extends WriteOps {
  insertCapture(capture: C): number;
}

interface Member<C> {
  capture: C;
  steps: (captureId: number) => Steps<unknown>;
}

/** The open group of one SQLite handle. */
export class WriteGroup<C> {
  private members: Member<C>[] = [];
  private open = false;
  private timer: NodeJS.Timeout | null = null;
  /** Why the last commit failed (thrown at the next write, whose caller can report it). */
  private failure: Error | null = null;

  constructor(
    private readonly sqlite: SqliteDatabase.Database,
    private readonly ops: GroupOps<C>,
    private readonly limits = { pages: GROUP_PAGES, ms: GROUP_MS },
  ) {}

  /** Whether pages are written but not yet committed. */
  get pending(): boolean {
    return this.open;
  }

  /** Writes a capture row and the steps made for its id into the group; commits when it is full. */
  add<T>(capture: C, steps: (captureId: number) => Steps<T>): { captureId: number; value: T } {
    this.throwFailure();
    if (!this.open) this.begin();
    let out: { captureId: number; value: T };
    try {
      out = this.apply(capture, steps);
    } catch (err) {
      this.undoLast();
      throw err;
    }
    this.members.push({ capture, steps });
    if (this.members.length >= this.limits.pages) this.commit();
    this.throwFailure();
    return out;
  }

  /** Commits the pages written so far (nothing when none are). */
  commit(): void {
    if (!this.open) return;
    this.close();
    try {
      this.sqlite.exec('COMMIT');
    } catch (err) {
      // Those pages are not stored: their frontier rows stay pending, for the next run to fetch.
      if (this.sqlite.inTransaction) this.sqlite.exec('ROLLBACK');
      this.failure = new Error(`could not commit the last ${this.members.length} pages stored: ${(err as Error).message}`);
    } finally {
      this.members = [];
    }
  }

  private begin(): void {
    this.sqlite.exec('BEGIN');
    this.open = true;
    this.timer = setTimeout(() => this.commit(), this.limits.ms);
    this.timer.unref();
  }

  private apply<T>(capture: C, steps: (captureId: number) => Steps<T>): { captureId: number; value: T } {
    const captureId = this.ops.insertCapture(capture);
    return { captureId, value: runSync(steps(captureId), this.ops) };
  }

  /** Rolls the group back and writes its pages before the failed one again, in one commit. */
  private undoLast(): void {
    const before = this.members;
    this.members = [];
    this.close();
    if (this.sqlite.inTransaction) this.sqlite.exec('ROLLBACK');
    if (!before.length) return;
    this.sqlite.exec('BEGIN');
    try {
      for (const m of before) this.apply(m.capture, m.steps);
      this.sqlite.exec('COMMIT');
    } catch (err) {
      if (this.sqlite.inTransaction) this.sqlite.exec('ROLLBACK');
      this.failure = new Error(`could not store again the ${before.length} pages before a page that failed: ${(err as Error).message}`);
    }
  }

  private close(): void {
    this.open = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private throwFailure(): void {
    const f = this.failure;
    this.failure = null;
    if (f) throw f;
  }
}
