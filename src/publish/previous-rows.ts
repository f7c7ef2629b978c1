/**
 * Reading an earlier snapshot back, line by line and without holding it: its messages (the
 * few fields changes.csv and the feed compare) and the ids of its overdue messages. Rows are
 * read from their bytes (flatFieldsIn) without decoding the long texts.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { MessageState } from './changes.js';
import { strOf } from './dashboard/read.js';
import { SnapshotInputError } from './errors.js';
import { SyncLines } from './lines.js';

/** A previous snapshot's message, as changes.csv and the feed compare it. */
export interface PreviousState extends MessageState {
  unanswered: boolean;
}

/**
 * A few fields of each row of a JSON Lines file, read synchronously from its bytes (blank
 * lines skipped, a BOM dropped); a row that is not flat JSON as JSON.stringify writes it is
 * parsed whole, and one that is not JSON at all is an error naming the file and line.
 */
export class JsonlFields {
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
export class PreviousMessages {
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

/** The ids in a snapshot folder's overdue.jsonl. */
export function readOverdueIds(dir: string): IdSet {
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
