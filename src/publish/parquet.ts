/**
 * The Parquet files of a snapshot: `messages.parquet`, `replies.parquet` and
 * `observations.parquet`, the same rows and columns as their CSV and JSON Lines files, typed
 * from the published-table definitions (so DuckDB, pyarrow and R arrow read them without
 * options). Made from the finished JSON Lines file of each table (src/archive/parquet.ts) on
 * DuckDB's own thread once the caller has made room (snapshot.ts: the table worker done, the
 * lag figures computed), while the main thread hashes the message files and writes the small
 * ones. DuckDB takes about 100 MB while it works: beside both threads' writing it took a
 * 1M-row snapshot over 300 MB.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { jsonlToParquet, type ParquetColumn } from '../archive/parquet.js';
import { sha256OfFile, type WrittenFile } from './csv.js';
import { TABLES, tableSchemaOf, type TableName } from './published-schemas.js';

/** The tables published as Parquet too, in the order listed. */
export const PARQUET_TABLES = ['messages', 'replies', 'observations'] as const satisfies readonly TableName[];
export type ParquetTable = (typeof PARQUET_TABLES)[number];

/** The Parquet columns of a table: its Table Schema's names and types. */
export function parquetColumnsOf(name: TableName): ParquetColumn[] {
  return tableSchemaOf(TABLES[name]).fields.map((f) => ({ name: f.name, type: f.type }));
}

/**
 * The Parquet copies of one snapshot, each started when its JSON Lines file is complete and
 * written one at a time (one DuckDB instance with its memory cap at any moment), in the order
 * started; the bytes do not depend on that order.
 */
export class ParquetQueue {
  private chain: Promise<void>;
  private readonly files = new Map<ParquetTable, WrittenFile>();
  private failure: unknown = null;
  private open!: () => void;

  /** Nothing is written before `release` (DuckDB's memory only once the caller has made room). */
  constructor(private readonly dir: string) {
    this.chain = new Promise<void>((resolve) => (this.open = resolve));
  }

  /** Lets the queued copies be written, and those queued later as soon as they come. */
  release(): void {
    this.open();
  }

  /** Queues `<table>.parquet`; its `<table>.jsonl` must be complete. */
  start(name: ParquetTable): void {
    this.chain = this.chain.then(async () => {
      if (this.failure) return;
      try {
        this.files.set(name, await writeParquet(this.dir, name));
      } catch (err) {
        this.failure = err;
      }
    });
  }

  /** Releases the queue and waits until every copy is written (each table started once): the files, in PARQUET_TABLES order. */
  async finish(): Promise<WrittenFile[]> {
    this.release();
    await this.chain;
    if (this.failure) throw this.failure;
    return PARQUET_TABLES.map((name) => {
      const file = this.files.get(name);
      if (!file) throw new Error(`${name}.parquet was never started`);
      return file;
    });
  }

  /** Waits until nothing is being written any more (the snapshot failed and its folder goes). */
  async settle(): Promise<void> {
    this.failure ??= new Error('the snapshot was abandoned');
    this.release();
    await this.chain;
  }
}

async function writeParquet(dir: string, name: ParquetTable): Promise<WrittenFile> {
  const file = `${name}.parquet`;
  await jsonlToParquet(path.join(dir, `${name}.jsonl`), path.join(dir, file), parquetColumnsOf(name));
  return { path: file, bytes: statSync(path.join(dir, file)).size, sha256: await sha256OfFile(path.join(dir, file)) };
}
