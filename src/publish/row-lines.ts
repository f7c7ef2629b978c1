/**
 * The CSV and JSON Lines text of a published row, generated from its table's definition
 * (published-schemas.ts, from the zod schemas of src/model/published.ts): the columns, their
 * order and the JSON keys come from there, never from a hand-typed template. For speed the
 * formatter of each table is compiled once into a function that reads the row's fields by
 * name and formats each value once for both files (csvAndJson: one regex test for most
 * texts), giving the bytes of csvLine and JSON.stringify of the row object.
 */
import { BOM, csvAndJson, csvLine, FileSink, textJson, type WrittenFile } from './csv.js';
import { columnsOf, type TableDef } from './published-schemas.js';

/** Formats one row: returns its CSV line and leaves its JSON line in `out.json` (both with `\n`). */
export type RowFormatter<Row> = (row: Row, out: { json: string }) => string;

const formatters = new WeakMap<TableDef, RowFormatter<never>>();

/** The formatter of `def`'s rows (compiled on first use). */
export function rowFormatter<Row>(def: TableDef): RowFormatter<Row> {
  let f = formatters.get(def);
  if (!f) formatters.set(def, (f = compile(columnsOf(def))));
  return f as RowFormatter<Row>;
}

function compile(columns: readonly string[]): RowFormatter<never> {
  for (const c of columns) if (!/^[a-z][a-z0-9_]*$/.test(c)) throw new Error(`column ${c}: not a plain snake_case name`);
  const steps = columns.map((c, i) => {
    const key = JSON.stringify(`${i ? ',' : '{'}${JSON.stringify(c)}:`);
    return `c += ${i ? "',' + " : ''}csvAndJson(r.${c}); j += ${key} + t.last;`;
  });
  const body = `let c = ''; let j = ''; ${steps.join(' ')} out.json = j + '}\\n'; return c + '\\n';`;
  return new Function('csvAndJson', 't', `return function formatRow(r, out) { ${body} };`)(csvAndJson, textJson) as RowFormatter<never>;
}

/** Both files of a published table, written row by row from row objects. */
export class RowFiles<Row> {
  private readonly csv: FileSink;
  private readonly jsonl: FileSink;
  private readonly format: RowFormatter<Row>;
  private readonly out = { json: '' };
  rows = 0;

  /** `hashAfter`: the files are hashed when closed, read back (FileSink). */
  constructor(dir: string, def: TableDef, opts: { hashAfter?: boolean } = {}) {
    this.format = rowFormatter<Row>(def);
    this.csv = new FileSink(dir, `${def.name}.csv`, opts);
    this.jsonl = new FileSink(dir, `${def.name}.jsonl`, opts);
    void this.csv.write(BOM + csvLine(columnsOf(def)));
  }

  /** Bytes queued in each file so far: where the next row starts. */
  get positions(): [csv: number, jsonl: number] {
    return [this.csv.position, this.jsonl.position];
  }

  /** Adds one row; a promise when a file is full (await it). */
  write(row: Row): Promise<unknown> | undefined {
    this.rows++;
    const a = this.csv.write(this.format(row, this.out));
    const b = this.jsonl.write(this.out.json);
    return a ? (b ? Promise.all([a, b]) : a) : b;
  }

  /** Writes what is left of both files and closes them. */
  async end(): Promise<void> {
    await this.csv.end();
    await this.jsonl.end();
  }

  /** Closes both files; returns them (CSV first). */
  async close(): Promise<WrittenFile[]> {
    return [await this.csv.close(), await this.jsonl.close()];
  }

  /** Stops without finishing (the folder is being thrown away). */
  destroy(): void {
    this.csv.destroy();
    this.jsonl.destroy();
  }
}
