/**
 * The big tables of a snapshot, streamed from the archive: messages (message-pass.ts), replies
 * and the captures they point to (here). Rows are sorted by their public id in code-point
 * order (ids are ASCII in practice): messages by `<source>:<external_id>`, replies by
 * `<message_id>:<reply external id>`. Each table is one stream of rows from the archive
 * (src/archive/snapshot-read.ts: arrays, their fields named by position), and each row is
 * formatted once into its CSV and JSON Lines text by its table's formatter, generated from the
 * table's definition (row-lines.ts), so memory stays
 * flat however large the archive; published text has phone and ID-card numbers masked;
 * author names and their hashes are never published. This module needs only a snapshot read,
 * so a worker thread can run it on its own connection (table-worker.ts).
 */
import { CAPTURE, REPLY, type ReplyRow as ReplyRowOfArchive, type SnapshotRead } from '../archive/snapshot-read.js';
import type { CaptureRow, ReplyRow } from '../model/published.js';
import type { WrittenFile } from './csv.js';
import { maskPersonalNumbers } from './mask.js';
import { TABLES } from './published-schemas.js';
import { RowFiles } from './row-lines.js';
import type { DepartmentInfo } from './stats.js';

export interface TableContext {
  /** A connection inside the read transaction the snapshot is taken from. */
  read: SnapshotRead;
  dir: string;
  /** The time the snapshot is as of (ISO): decides replied_within_sla for unanswered messages. */
  asOf: string;
  departments: Map<number, DepartmentInfo>;
}

/** Source ids of the archive's messages, in the order their ids sort (`<source>:` as the key). */
export function sourcesInIdOrder(read: SnapshotRead): string[] {
  return read.messageSources().sort((a, b) => cmp(`${a}:`, `${b}:`));
}

/** What the replies files came to (stats.json counts the official replies, README.md by board). */
export interface TablesResult {
  files: WrittenFile[];
  officialReplies: number;
  /** Official replies by source id. */
  officialBySource: Map<string, number>;
}

/** Writes replies.csv and replies.jsonl; counts the official replies on the way. */
export async function writeReplies(ctx: TableContext): Promise<TablesResult> {
  const out = new RowFiles<ReplyRow>(ctx.dir, TABLES.replies);
  const departments = ctx.departments;
  const R = REPLY;
  let officialReplies = 0;
  const officialBySource = new Map<string, number>();
  const write = (source: string, r: ReplyRowOfArchive): Promise<unknown> | undefined => {
    const messageId = `${source}:${r[R.messageExternalId]}`;
    const departmentId = r[R.departmentId];
    const official = r[R.official] === 1;
    if (official) officialReplies++;
    return out.write({
      reply_id: `${messageId}:${r[R.externalId]}`,
      message_id: messageId,
      department: departmentId != null ? (departments.get(departmentId)?.name ?? null) : null,
      body: maskPersonalNumbers(r[R.body]),
      replied_at: r[R.repliedAt],
      official,
      floor: r[R.floor],
      capture_sha256: r[R.captureSha256],
      fetched_at: r[R.fetchedAt],
      department_id: departmentId,
    });
  };
  try {
    for (const source of sourcesInIdOrder(ctx.read)) {
      const before = officialReplies;
      const order = new IdOrder<ReplyRowOfArchive>();
      const ready: ReplyRowOfArchive[] = [];
      const rows = ctx.read.replyRows(source);
      for (let r = rows.next(); ; r = rows.next()) {
        if (r.done) order.finish(ready);
        else order.add(r.value[R.messageExternalId], r.value, ready);
        for (const x of ready) {
          const pending = write(source, x);
          if (pending) await pending;
        }
        ready.length = 0;
        if (r.done) break;
      }
      officialBySource.set(source, officialReplies - before);
    }
    return { files: await out.close(), officialReplies, officialBySource };
  } catch (err) {
    out.destroy();
    throw err;
  }
}

/**
 * Reorders rows that come grouped by a key in plain string order into the order of
 * `key + ":" + ...`: a key that is a prefix of the next ones ("1" before "10") sorts after
 * those whose next character is below ":" (digits, "-", "."), so its group waits on a stack
 * until they have passed. Memory: the groups of one chain of prefixes (a few replies each).
 * Rows come out through an array the caller empties (a generator per row cost more than
 * writing the row).
 */
export class IdOrder<T> {
  private readonly stack: { key: string; rows: T[] }[] = [];

  /** Takes the next row; appends to `ready` the rows that may now be written, in order. */
  add(key: string, row: T, ready: T[]): void {
    const top = this.stack[this.stack.length - 1];
    if (top && top.key === key) {
      top.rows.push(row);
      return;
    }
    while (this.stack.length) {
      const t = this.stack[this.stack.length - 1]!;
      if (key.startsWith(t.key) && key.charAt(t.key.length) < ':') break;
      this.stack.pop();
      ready.push(...t.rows);
    }
    this.stack.push({ key, rows: [row] });
  }

  /** After the last row: appends the rows still waiting. */
  finish(ready: T[]): void {
    while (this.stack.length) ready.push(...this.stack.pop()!.rows);
  }
}

/** Writes captures.csv and captures.jsonl: every capture a message or reply points to, by (sha256, fetched_at). */
export async function writeCaptures(ctx: TableContext): Promise<WrittenFile[]> {
  const out = new RowFiles<CaptureRow>(ctx.dir, TABLES.captures);
  const C = CAPTURE;
  try {
    for (const r of ctx.read.captureRows()) {
      const row = { capture_sha256: r[C.sha256], url: r[C.url], fetched_at: r[C.fetchedAt], http_status: r[C.httpStatus], bytes: r[C.bytes] };
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
