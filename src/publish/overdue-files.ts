/**
 * The overdue sink of the message pass: overdue.csv and overdue.jsonl, with the feed told of
 * each message newly overdue since the previous snapshot.
 */
import { renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { OverdueRow } from '../model/published.js';
import { BOM, csvLine, FileSink, type WrittenFile } from './csv.js';
import { overdueRowFrom } from './dashboard/read.js';
import { SpanReader, SyncLines } from './lines.js';
import { columnsOf, TABLES } from './published-schemas.js';
import { rowFormatter } from './row-lines.js';

/** The first `n` rows of a written overdue.jsonl, as the dashboard reads them back. */
export function firstRows(file: string, n: number): ReturnType<typeof overdueRowFrom>[] {
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
export class OverdueFiles {
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
  private readonly format = rowFormatter<OverdueRow>(TABLES.overdue);
  private readonly out = { json: '' };

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

  /** Adds one overdue row, posted at `postedMs`; a promise when a file is full (await it). */
  write(postedMs: number, row: OverdueRow): Promise<unknown> | undefined {
    const csv = this.format(row, this.out);
    const json = this.out.json;
    const id = row.message_id;
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
