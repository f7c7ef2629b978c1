/**
 * The big tables of a snapshot, streamed from the archive: messages (message-pass.ts), replies
 * and the captures they point to (here). Rows are sorted by their public id in code-point
 * order (ids are ASCII in practice): messages by `<source>:<external_id>`, replies by
 * `<message_id>:<reply external id>`. Each table is one stream of rows from the archive
 * (src/archive/snapshot-read.ts: arrays, their fields named by position), and each row is formatted once
 * into its CSV and JSON Lines text by hand (the same bytes as csvField and JSON.stringify of
 * the row object; most fields need no escaping, found with one regex test), so memory stays
 * flat however large the archive; published text has phone and ID-card numbers masked;
 * author names and their hashes are never published. This module needs only a snapshot read,
 * so a worker thread can run it on its own connection (table-worker.ts).
 */
import { CAPTURE, REPLY, type ReplyRow, type SnapshotRead } from '../archive/snapshot-read.js';
import { BOM, csvAndJson, csvField, csvLine, FileSink, jsonValue, textJson, type WrittenFile } from './csv.js';
import { maskPersonalNumbers } from './mask.js';
import { columnsOf, TABLES } from './published-schemas.js';
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

/** Both files of a table written row by row from text already formatted. */
export class LinePair {
  readonly csv: FileSink;
  readonly jsonl: FileSink;

  constructor(dir: string, name: string, columns: readonly string[]) {
    this.csv = new FileSink(dir, `${name}.csv`);
    this.jsonl = new FileSink(dir, `${name}.jsonl`);
    void this.csv.write(BOM + csvLine(columns));
  }

  /** Adds one row's CSV and JSON lines (with their `\n`); a promise when a file is full. */
  write(csv: string, json: string): Promise<unknown> | undefined {
    const a = this.csv.write(csv);
    const b = this.jsonl.write(json);
    return a ? (b ? Promise.all([a, b]) : a) : b;
  }

  async close(): Promise<WrittenFile[]> {
    return [await this.csv.close(), await this.jsonl.close()];
  }

  destroy(): void {
    this.csv.destroy();
    this.jsonl.destroy();
  }
}

/** What the replies and captures files came to (stats.json counts the official replies). */
export interface TablesResult {
  files: WrittenFile[];
  officialReplies: number;
}

/** Writes the reply and capture files, one after the other (the table worker's job). */
export async function writeReplyAndCaptureFiles(ctx: TableContext): Promise<TablesResult> {
  const replies = await writeReplies(ctx);
  return { files: [...replies.files, ...(await writeCaptures(ctx))], officialReplies: replies.officialReplies };
}

/** Writes replies.csv and replies.jsonl; counts the official replies on the way. */
export async function writeReplies(ctx: TableContext): Promise<TablesResult> {
  const out = new LinePair(ctx.dir, 'replies', columnsOf(TABLES.replies));
  const departments = ctx.departments;
  const R = REPLY;
  let officialReplies = 0;
  const write = (source: string, r: ReplyRow): Promise<unknown> | undefined => {
    const messageId = `${source}:${r[R.messageExternalId]}`;
    const replyId = `${messageId}:${r[R.externalId]}`;
    const departmentId = r[R.departmentId];
    const department = departmentId != null ? (departments.get(departmentId)?.name ?? null) : null;
    const body = csvAndJson(maskPersonalNumbers(r[R.body]));
    const bodyJson = textJson.last;
    const official = r[R.official] === 1;
    if (official) officialReplies++;
    const repliedAt = r[R.repliedAt];
    const floor = r[R.floor];
    const sha256 = r[R.captureSha256];
    const fetchedAt = r[R.fetchedAt];
    const csv = `${csvField(replyId)},${csvField(messageId)},${csvField(department)},${body},${csvField(repliedAt)},${official},${csvField(floor)},${csvField(sha256)},${csvField(fetchedAt)},${csvField(departmentId)}\n`;
    const json = `{"reply_id":${jsonValue(replyId)},"message_id":${jsonValue(messageId)},"department":${jsonValue(department)},"body":${bodyJson},"replied_at":${jsonValue(repliedAt)},"official":${official},"floor":${jsonValue(floor)},"capture_sha256":${jsonValue(sha256)},"fetched_at":${jsonValue(fetchedAt)},"department_id":${jsonValue(departmentId)}}\n`;
    return out.write(csv, json);
  };
  try {
    for (const source of sourcesInIdOrder(ctx.read)) {
      const order = new IdOrder<ReplyRow>();
      const ready: ReplyRow[] = [];
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
    }
    return { files: await out.close(), officialReplies };
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
  const out = new LinePair(ctx.dir, 'captures', columnsOf(TABLES.captures));
  const C = CAPTURE;
  try {
    for (const r of ctx.read.captureRows()) {
      const sha256 = r[C.sha256];
      const url = r[C.url];
      const fetchedAt = r[C.fetchedAt];
      const status = r[C.httpStatus];
      const bytes = r[C.bytes];
      const csv = `${csvField(sha256)},${csvField(url)},${csvField(fetchedAt)},${csvField(status)},${csvField(bytes)}\n`;
      const json = `{"capture_sha256":${jsonValue(sha256)},"url":${jsonValue(url)},"fetched_at":${jsonValue(fetchedAt)},"http_status":${jsonValue(status)},"bytes":${jsonValue(bytes)}}\n`;
      const pending = out.write(csv, json);
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
