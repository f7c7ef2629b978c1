/**
 * One pass over the archive's messages, in message_id order, that writes everything a
 * snapshot draws from them: messages.csv/.jsonl, overdue.csv/.jsonl, changes.csv/.jsonl
 * (merged with the previous snapshot's messages.jsonl, read line by line in step), and the
 * figures of stats.json, the dashboard's lag chart and the feed. Nothing grows with the
 * archive but the per-message lags of the statistics (typed arrays) and, per overdue message,
 * its posting time and line lengths (to sort overdue.csv oldest first, see OverdueFiles).
 * The bytes are those of the row-object code (tables.ts explains how rows are formatted);
 * test/publish checks them against hand-made expectations and schemas.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { MESSAGE, type SnapshotRead } from '../archive/snapshot-read.js';
import type { ChangeRow, OverdueRow } from '../model/published.js';
import { changeOf, type MessageState } from './changes.js';
import { BOM, csvAndJson, csvField, csvLine, FileSink, jsonValue, TableWriter, textJson, type WrittenFile } from './csv.js';
import { SnapshotInputError } from './errors.js';
import { LagBins, TABLE_LIMIT, type LongTableFigures } from './dashboard/data.js';
import { numOf, overdueRowFrom, strOf } from './dashboard/read.js';
import type { AnsweredRow, FeedCollector, OverdueResolver } from './feed.js';
import { SpanReader, SyncLines } from './lines.js';
import { maskPersonalNumbers } from './mask.js';
import { deadlineText, slaHoursOf, overdueDeadline, waitedHours, type OverdueRule } from './overdue.js';
import { columnsOf, TABLES } from './published-schemas.js';
import type { DepartmentInfo, StatsAccumulator } from './stats.js';
import { LinePair, sourcesInIdOrder } from './tables.js';

const HOUR_MS = 3_600_000;

export interface MessagePassInput {
  /** A connection inside the read transaction the snapshot is taken from. */
  read: SnapshotRead;
  dir: string;
  asOf: string;
  /** Departments by id (canonical names, published in messages.csv). */
  departments: Map<number, DepartmentInfo>;
  /** `department.name` by id (overdue.csv shows the name as stored). */
  departmentNames: Map<number, string>;
  overdueRule: OverdueRule;
  /** The previous snapshot's folder, or null. */
  previousDir: string | null;
  stats: StatsAccumulator;
  /** Feed entries for newly overdue messages and for newly answered ones. */
  feedOverdue: FeedCollector;
  feedAnswered: FeedCollector;
  /** Called every few thousand messages with how many are written. */
  onProgress?(done: number): void;
}

export interface MessagePassResult {
  messages: WrittenFile[];
  overdue: WrittenFile[];
  changes: WrittenFile[];
  /** What the dashboard needs from messages.jsonl and overdue.jsonl. */
  long: LongTableFigures;
  /** The overdue rows the feed collector was given by handle, read back from overdue.jsonl. */
  overdueRows: OverdueResolver;
  /**
   * False when the previous snapshot's messages.jsonl or this one's ids were not in strict
   * id order, so matching by merge may have missed newly answered messages: the caller
   * then finds them the slow way (feedChanges over the written files).
   */
  answeredByMerge: boolean;
}

/** A previous snapshot's message, as changes.csv and the feed compare it. */
interface PreviousState extends MessageState {
  unanswered: boolean;
}

/**
 * A few fields of each row of a JSON Lines file, read synchronously from its bytes (blank
 * lines skipped, a BOM dropped); a row that is not flat JSON as JSON.stringify writes it is
 * parsed whole, and one that is not JSON at all is an error naming the file and line.
 */
class JsonlFields {
  private readonly lines: SyncLines;
  private line = 0;

  constructor(
    private readonly file: string,
    private readonly keys: readonly string[],
  ) {
    this.lines = new SyncLines(file);
  }

  next(): Record<string, unknown> | undefined {
    for (let span = this.lines.nextSpan(); span !== null; span = this.lines.nextSpan()) {
      this.line++;
      const { buf, end } = span;
      let { start } = span;
      if (buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) start += 3;
      while (start < end && (buf[start] === 32 || buf[start] === 9 || buf[start] === 13)) start++;
      if (start === end) continue;
      const fields = flatFieldsIn(buf, start, end, this.keys);
      if (fields) return fields;
      try {
        return JSON.parse(buf.toString('utf8', start, end)) as Record<string, unknown>;
      } catch (err) {
        throw new SnapshotInputError(`${this.file} line ${this.line}: ${(err as Error).message} (a damaged earlier snapshot: restore it, or move it out of the snapshots folder)`);
      }
    }
    return undefined;
  }

  close(): void {
    this.lines.close();
  }
}

/** The previous snapshot's messages.jsonl, one state at a time (only five short fields are decoded). */
class PreviousMessages {
  private readonly rows: JsonlFields;
  ordered = true;
  private last: string | null = null;

  constructor(file: string) {
    this.rows = new JsonlFields(file, FIELDS);
  }

  next(): PreviousState | undefined {
    const r = this.rows.next() as (Partial<MessageState> & { first_reply_at?: unknown }) | undefined;
    if (!r) return undefined;
    const id = String(r.message_id);
    if (this.last !== null && !(this.last < id)) this.ordered = false;
    this.last = id;
    return { message_id: id, status: r.status ?? null, reply_count: Number(r.reply_count ?? 0), gone_at: r.gone_at ?? null, unanswered: strOf(r.first_reply_at) === null };
  }

  close(): void {
    this.rows.close();
  }
}

/** In the order messages.jsonl has them (flatFieldsIn then reads each row's bytes once). */
const FIELDS = ['message_id', 'status', 'first_reply_at', 'reply_count', 'gone_at'] as const;

/** A few fields of one JSON Lines row, as flatFieldsIn reads them. */
export function flatFields(line: string, keys: readonly string[]): Record<string, unknown> | null {
  const buf = Buffer.from(line, 'utf8');
  return flatFieldsIn(buf, 0, buf.length, keys);
}

const QUOTE = 34;
const BACKSLASH = 92;
const labels = new Map<string, Buffer>();
const labelOf = (text: string) => labels.get(text) ?? (labels.set(text, Buffer.from(text, 'utf8')), labels.get(text)!);

/**
 * A few fields of a JSON Lines row as JSON.stringify wrote it (a flat object starting with
 * `{"<first key>":`, here the UTF-8 bytes `buf[start, end)`), without decoding the long texts:
 * a key is found with indexOf on the bytes, since a `"` inside a string value is always
 * escaped and no byte of a multi-byte UTF-8 character is ASCII. Null when the row is not of
 * that form (the caller then parses it whole); keys absent from the row are left out.
 */
export function flatFieldsIn(buf: Buffer, start: number, end: number, keys: readonly string[]): Record<string, unknown> | null {
  const first = labelOf(`{"${keys[0]}":`);
  if (end - start < first.length + 1 || buf[end - 1] !== 0x7d || buf.compare(first, 0, first.length, start, start + first.length) !== 0) return null;
  const out: Record<string, unknown> = {};
  let from = start; // keys in the row's order are each found past the one before
  for (const [n, key] of keys.entries()) {
    const label = n === 0 ? first : labelOf(`,"${key}":`);
    let at = n === 0 ? start : buf.indexOf(label, from);
    if (at < 0 || at >= end) at = from > start ? buf.indexOf(label, start) : -1;
    if (at < 0 || at + label.length >= end) continue;
    const p = at + label.length;
    let stop: number;
    if (buf[p] === QUOTE) {
      // A string: up to the next quote not escaped (an even run of backslashes before it).
      let escaped = false;
      for (stop = buf.indexOf(QUOTE, p + 1); stop > 0 && stop < end; stop = buf.indexOf(QUOTE, stop + 1)) {
        let slashes = 0;
        while (buf[stop - 1 - slashes] === BACKSLASH) slashes++;
        if (slashes % 2 === 0) break;
      }
      if (stop < 0 || stop >= end) return null;
      for (let i = p + 1; i < stop && !escaped; i++) escaped = buf[i] === BACKSLASH;
      out[key] = escaped ? JSON.parse(buf.toString('utf8', p, stop + 1)) : buf.toString('utf8', p + 1, stop);
      from = stop;
    } else {
      // null, true, false or a number (a nested value: not a flat row, parsed whole instead).
      for (stop = p; stop < end && buf[stop] !== 0x2c && buf[stop] !== 0x7d; stop++);
      const raw = buf.toString('latin1', p, stop);
      if (!/^(?:null|true|false|-?\d[\d.eE+-]*)$/.test(raw)) return null;
      out[key] = JSON.parse(raw);
      from = stop;
    }
  }
  return out;
}

/** Writes the message-derived files of a snapshot in one pass (see the module comment). */
export async function writeMessagePass(input: MessagePassInput): Promise<MessagePassResult> {
  const { read, dir, departments, departmentNames, overdueRule: rule, stats, feedOverdue, feedAnswered } = input;
  const messages = new LinePair(dir, 'messages', columnsOf(TABLES.messages));
  const overdue = new OverdueFiles(dir);
  const changes = new TableWriter<ChangeRow>(dir, 'changes', columnsOf(TABLES.changes) as (keyof ChangeRow & string)[]);
  const previousFile = input.previousDir ? path.join(input.previousDir, 'messages.jsonl') : null;
  const previous = previousFile && existsSync(previousFile) ? new PreviousMessages(previousFile) : null;
  const previousOverdue = input.previousDir ? readOverdueIds(input.previousDir) : null;
  const lag = new LagBins();
  const M = MESSAGE;
  const asOfMs = Date.parse(input.asOf);
  const parsed = { postedMs: NaN, repliedMs: NaN };
  let prev = previous?.next();
  let lastId: string | null = null;
  let currentOrdered = true;
  const change = async (id: string, c: ChangeRow['change'] | null): Promise<void> => {
    if (c) await changes.write({ message_id: id, change: c });
  };
  let written = 0;
  try {
    for (const source of sourcesInIdOrder(read)) {
      const slaMs = slaHoursOf(rule, source) * HOUR_MS;
      const sourceCsv = csvField(source);
      const sourceJson = jsonValue(source);
      for (const r of read.messageRows(source)) {
        if (++written % 5000 === 0) input.onProgress?.(written);
        const externalId = r[M.externalId];
        const url = r[M.url];
        const board = r[M.board];
        const departmentId = r[M.departmentId];
        const category = r[M.category];
        const status = r[M.status];
        const postedAt = r[M.postedAt];
        const firstReplyAt = r[M.firstReplyAt];
        const replyCount = r[M.replyCount];
        const firstSeenAt = r[M.firstSeenAt];
        const lastSeenAt = r[M.lastSeenAt];
        const goneAt = r[M.goneAt];
        const captureSha256 = r[M.captureSha256];
        const fetchedAt = r[M.fetchedAt];
        const messageId = `${source}:${externalId}`;
        const title = maskPersonalNumbers(r[M.title]);
        const titleCsv = csvAndJson(title);
        const titleJson = textJson.last;
        const bodyCsv = csvAndJson(maskPersonalNumbers(r[M.body]));
        const bodyJson = textJson.last;
        const dept = departmentId != null ? departments.get(departmentId) : undefined;
        const department = departmentId != null ? (dept?.name ?? null) : null;
        const regionCode = departmentId != null ? (dept?.regionCode ?? null) : null;
        const posted = postedAt ? Date.parse(postedAt) : NaN;
        const replied = firstReplyAt ? Date.parse(firstReplyAt) : NaN;
        const lagMs = replied - posted;
        const known = Number.isFinite(lagMs);
        const answeredNoTime = !known && (status === 'replied' || replyCount > 0);
        const late = Number.isFinite(posted) && asOfMs - posted > slaMs;
        const replyHours = known ? Math.round((lagMs / HOUR_MS) * 100) / 100 : null;
        const within = known ? lagMs <= slaMs : !answeredNoTime && late ? false : null;
        const idCsv = csvField(messageId);
        const idJson = jsonValue(messageId);
        const urlCsv = csvField(url);
        const urlJson = jsonValue(url);
        const boardCsv = csvField(board);
        const boardJson = jsonValue(board);
        const departmentCsv = csvField(department);
        const departmentJson = jsonValue(department);
        const statusCsv = csvField(status);
        const statusJson = jsonValue(status);
        const postedCsv = csvField(postedAt);
        const postedJson = jsonValue(postedAt);
        const csv = `${idCsv},${sourceCsv},${boardCsv},${csvField(externalId)},${urlCsv},${titleCsv},${bodyCsv},${departmentCsv},${csvField(regionCode)},${csvField(category)},${statusCsv},${postedCsv},${csvField(firstReplyAt)},${csvField(replyHours)},${csvField(within)},${csvField(replyCount)},${csvField(firstSeenAt)},${csvField(lastSeenAt)},${csvField(captureSha256)},${csvField(fetchedAt)},${csvField(departmentId)},${csvField(goneAt)}\n`;
        const json = `{"message_id":${idJson},"source":${sourceJson},"board":${boardJson},"external_id":${jsonValue(externalId)},"url":${urlJson},"title":${titleJson},"body":${bodyJson},"department":${departmentJson},"region_code":${jsonValue(regionCode)},"category":${jsonValue(category)},"status":${statusJson},"posted_at":${postedJson},"first_reply_at":${jsonValue(firstReplyAt)},"reply_hours":${jsonValue(replyHours)},"replied_within_sla":${jsonValue(within)},"reply_count":${jsonValue(replyCount)},"first_seen_at":${jsonValue(firstSeenAt)},"last_seen_at":${jsonValue(lastSeenAt)},"capture_sha256":${jsonValue(captureSha256)},"fetched_at":${jsonValue(fetchedAt)},"department_id":${jsonValue(departmentId)},"gone_at":${jsonValue(goneAt)}}\n`;
        const pending = messages.write(csv, json);
        if (pending) await pending;

        stats.add(board, category, status, postedAt, posted, replied, replyCount, lastSeenAt, departmentId, r[M.rowId]);
        lag.add(replyHours, firstReplyAt, status, replyCount);

        parsed.postedMs = posted;
        parsed.repliedMs = replied;
        const d = overdueDeadline(rule, source, status, postedAt, firstReplyAt, goneAt, parsed);
        if (d) {
          const name = departmentId != null ? (departmentNames.get(departmentId) ?? null) : null;
          const deadline = deadlineText(d.deadlineMs);
          const waited = waitedHours(rule, d);
          const ocsv = `${idCsv},${sourceCsv},${boardCsv},${csvField(name)},${titleCsv},${urlCsv},${statusCsv},${postedCsv},${csvField(deadline)},${csvField(waited)},${csvField(d.slaHours)}\n`;
          const ojson = `{"message_id":${idJson},"source":${sourceJson},"board":${boardJson},"department":${jsonValue(name)},"title":${titleJson},"url":${urlJson},"status":${statusJson},"posted_at":${postedJson},"deadline_at":${jsonValue(deadline)},"waited_hours":${jsonValue(waited)},"sla_hours":${jsonValue(d.slaHours)}}\n`;
          const ref = overdue.rows;
          const p = overdue.write(d.postedMs, messageId, ocsv, ojson);
          if (p) await p;
          if (!previousOverdue?.has(messageId)) feedOverdue.addOverdueRef(d.deadlineMs, messageId, String(url), ref);
        }

        if (previous) {
          if (lastId !== null && !(lastId < messageId)) currentOrdered = false;
          lastId = messageId;
          while (prev && prev.message_id < messageId) {
            await change(prev.message_id, changeOf(prev, null));
            prev = previous.next();
          }
          const cur: MessageState = { message_id: messageId, status, reply_count: replyCount, gone_at: goneAt };
          if (prev && prev.message_id === messageId) {
            await change(messageId, changeOf(prev, cur));
            const firstReply = strOf(firstReplyAt);
            if (prev.unanswered && firstReply !== null && feedAnswered.wants(Date.parse(firstReply))) {
              feedAnswered.addAnswered(answeredRow(messageId, board, department, title, url, postedAt, firstReply, replyHours));
            }
            prev = previous.next();
          } else await change(messageId, changeOf(null, cur));
        }
      }
    }
    for (; prev && previous; prev = previous.next()) await change(prev.message_id, changeOf(prev, null));
    const answeredByMerge = !previous || (previous.ordered && currentOrdered);
    previous?.close();
    const messageFiles = await messages.close();
    const changeFiles = await changes.close();
    const { files: overdueFiles, total } = await overdue.close();
    return {
      messages: messageFiles,
      overdue: overdueFiles,
      changes: changeFiles,
      long: { overdue: { rows: firstRows(path.join(dir, 'overdue.jsonl'), TABLE_LIMIT), total }, lag: lag.result() },
      overdueRows: (refs) => overdue.rowsAt(refs),
      answeredByMerge,
    };
  } catch (err) {
    previous?.close();
    messages.destroy();
    changes.destroy();
    overdue.destroy();
    throw err;
  }
}

/** A newly answered message as the feed lists it (the values messages.jsonl gives back). */
export function answeredRow(
  messageId: string,
  board: unknown,
  department: unknown,
  title: unknown,
  url: unknown,
  postedAt: unknown,
  firstReplyAt: string,
  replyHours: unknown,
): AnsweredRow {
  return {
    message_id: messageId,
    board: strOf(board),
    department: strOf(department),
    title: strOf(title),
    url: String(url),
    posted_at: strOf(postedAt),
    first_reply_at: firstReplyAt,
    reply_hours: numOf(replyHours),
  };
}

/** The ids in a snapshot folder's overdue.jsonl. */
function readOverdueIds(dir: string): IdSet {
  const file = path.join(dir, 'overdue.jsonl');
  const ids: string[] = [];
  if (existsSync(file)) {
    const rows = new JsonlFields(file, ['message_id']);
    try {
      for (let r = rows.next(); r; r = rows.next()) ids.push(String(r.message_id));
    } finally {
      rows.close();
    }
  }
  return new IdSet(ids);
}

/**
 * An exact set of strings in little memory (a third of a Set of 300,000 ids): the ids joined
 * in one string, found through an open-addressing table of their offsets by hash.
 */
export class IdSet {
  private readonly text: string;
  private readonly starts: Float64Array;
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(ids: readonly string[]) {
    this.text = ids.join('');
    this.starts = new Float64Array(ids.length + 1);
    for (let i = 0, at = 0; i < ids.length; i++) {
      this.starts[i] = at;
      at += ids[i]!.length;
      this.starts[i + 1] = at;
    }
    let size = 16;
    while (size < ids.length * 2) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size).fill(-1);
    for (let i = 0; i < ids.length; i++) {
      if (this.find(ids[i]!) >= 0) continue; // a duplicate
      let k = hash(ids[i]!) & this.mask;
      while (this.slots[k] !== -1) k = (k + 1) & this.mask;
      this.slots[k] = i;
    }
  }

  has(id: string): boolean {
    return this.find(id) >= 0;
  }

  private find(id: string): number {
    for (let k = hash(id) & this.mask; ; k = (k + 1) & this.mask) {
      const i = this.slots[k]!;
      if (i === -1) return -1;
      const start = this.starts[i]!;
      if (this.starts[i + 1]! - start === id.length && this.text.startsWith(id, start)) return i;
    }
  }
}

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The first `n` rows of a written overdue.jsonl, as the dashboard reads them back. */
function firstRows(file: string, n: number): ReturnType<typeof overdueRowFrom>[] {
  const lines = new SyncLines(file);
  try {
    const rows: ReturnType<typeof overdueRowFrom>[] = [];
    for (let line = lines.next(); line !== null && rows.length < n; line = lines.next()) {
      if (line.trim() !== '') rows.push(overdueRowFrom(JSON.parse(line) as Record<string, unknown>));
    }
    return rows;
  } finally {
    lines.close();
  }
}

/**
 * overdue.csv and overdue.jsonl, oldest first (ties by message id). Rows arrive in message_id
 * order, which is usually also posting order within a source; they are written as they come
 * while only their posting time and byte lengths are kept. When they turn out to be in order
 * the files are done; otherwise they are set aside and copied span by span in sorted order.
 */
class OverdueFiles {
  private csv: FileSink;
  private jsonl: FileSink;
  private readonly header: string;
  private posted = new Float64Array(1024);
  private csvLength = new Uint32Array(1024);
  private jsonLength = new Uint32Array(1024);
  private size = 0;
  private sorted = true;
  private lastMs = -Infinity;
  private lastId = '';
  /** Set when the rows were rewritten in sorted order: where each now starts in overdue.jsonl. */
  private finalAt: Float64Array | null = null;

  constructor(private readonly dir: string) {
    this.header = BOM + csvLine(columnsOf(TABLES.overdue));
    this.csv = new FileSink(dir, 'overdue.csv');
    this.jsonl = new FileSink(dir, 'overdue.jsonl');
    void this.csv.write(this.header);
  }

  /** How many rows are written: the handle (write order) of the next one. */
  get rows(): number {
    return this.size;
  }

  write(postedMs: number, id: string, csv: string, json: string): Promise<unknown> | undefined {
    if (this.size === this.posted.length) this.grow();
    if (postedMs < this.lastMs || (postedMs === this.lastMs && !(this.lastId < id))) this.sorted = false;
    this.lastMs = postedMs;
    this.lastId = id;
    this.posted[this.size] = postedMs;
    const [csvAt, jsonAt] = [this.csv.position, this.jsonl.position];
    const a = this.csv.write(csv);
    const b = this.jsonl.write(json);
    this.csvLength[this.size] = this.csv.position - csvAt;
    this.jsonLength[this.size] = this.jsonl.position - jsonAt;
    this.size++;
    return a ? (b ? Promise.all([a, b]) : a) : b;
  }

  async close(): Promise<{ files: WrittenFile[]; total: number }> {
    const written = [await this.csv.close(), await this.jsonl.close()];
    if (this.sorted) return { files: written, total: this.size };
    return { files: await this.rewrite(), total: this.size };
  }

  /** After close: the rows written as the `refs`-th ones (write order), read back from overdue.jsonl. */
  rowsAt(refs: readonly number[]): OverdueRow[] {
    if (!refs.length) return [];
    const at = this.finalAt ?? this.positions(null);
    const reader = new SpanReader(path.join(this.dir, 'overdue.jsonl'));
    try {
      return refs.map((i) => overdueRowFrom(JSON.parse(reader.read(at[i]!, this.jsonLength[i]!).toString('utf8')) as Record<string, unknown>));
    } finally {
      reader.close();
    }
  }

  /** Where each row (by write order) starts in overdue.jsonl when written in `order` (null: as written). */
  private positions(order: Uint32Array | null): Float64Array {
    const at = new Float64Array(this.size);
    for (let k = 0, pos = 0; k < this.size; k++) {
      const i = order ? order[k]! : k;
      at[i] = pos;
      pos += this.jsonLength[i]!;
    }
    return at;
  }

  destroy(): void {
    this.csv.destroy();
    this.jsonl.destroy();
  }

  /** Copies both files in (posted, message_id) order. */
  private async rewrite(): Promise<WrittenFile[]> {
    const n = this.size;
    const csvAt = new Float64Array(n);
    const jsonAt = new Float64Array(n);
    for (let i = 0, c = Buffer.byteLength(this.header), j = 0; i < n; i++) {
      csvAt[i] = c;
      jsonAt[i] = j;
      c += this.csvLength[i]!;
      j += this.jsonLength[i]!;
    }
    const aside = (name: string) => {
      const from = path.join(this.dir, name);
      const to = path.join(this.dir, `.${name}.unsorted`);
      renameSync(from, to);
      return to;
    };
    const csvAside = aside('overdue.csv');
    const jsonAside = aside('overdue.jsonl');
    const csvIn = new SpanReader(csvAside);
    const jsonIn = new SpanReader(jsonAside);
    const ids = new Map<number, string>();
    const idOf = (i: number): string => {
      let id = ids.get(i);
      if (id === undefined) {
        const line = jsonIn.read(jsonAt[i]!, this.jsonLength[i]!).toString('utf8');
        ids.set(i, (id = String((JSON.parse(line) as { message_id: unknown }).message_id)));
      }
      return id;
    };
    const posted = this.posted;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => {
      const d = posted[a]! - posted[b]!;
      if (d !== 0) return d;
      const [x, y] = [idOf(a), idOf(b)];
      return x < y ? -1 : x > y ? 1 : 0;
    });
    ids.clear();
    this.finalAt = this.positions(order);
    this.csv = new FileSink(this.dir, 'overdue.csv');
    this.jsonl = new FileSink(this.dir, 'overdue.jsonl');
    try {
      void this.csv.write(this.header);
      for (let k = 0; k < n; k++) {
        const i = order[k]!;
        const a = this.csv.writeBytes(csvIn.read(csvAt[i]!, this.csvLength[i]!));
        const b = this.jsonl.writeBytes(jsonIn.read(jsonAt[i]!, this.jsonLength[i]!));
        if (a) await a;
        if (b) await b;
      }
      return [await this.csv.close(), await this.jsonl.close()];
    } finally {
      csvIn.close();
      jsonIn.close();
      rmSync(csvAside, { force: true });
      rmSync(jsonAside, { force: true });
    }
  }

  private grow(): void {
    const cap = this.posted.length * 2;
    const posted = new Float64Array(cap);
    posted.set(this.posted);
    const csvLength = new Uint32Array(cap);
    csvLength.set(this.csvLength);
    const jsonLength = new Uint32Array(cap);
    jsonLength.set(this.jsonLength);
    [this.posted, this.csvLength, this.jsonLength] = [posted, csvLength, jsonLength];
  }
}
