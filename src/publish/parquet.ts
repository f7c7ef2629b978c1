/**
 * The Parquet files of a snapshot: `messages.parquet`, `replies.parquet` and
 * `observations.parquet`, the same rows and columns as their CSV and JSON Lines files, typed
 * from the published-table definitions (so DuckDB, pyarrow and R arrow read them without
 * options). Made from the finished JSON Lines file of each table (src/archive/parquet.ts), as
 * soon as that file is complete: DuckDB works on a thread of its own, so the replies and
 * observations copies are written while the main thread is still writing the message files.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { jsonlToParquet, type ParquetColumn } from '../archive/parquet.js';
import type { WrittenFile } from './csv.js';
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
  private chain: Promise<void> = Promise.resolve();
  private readonly files = new Map<ParquetTable, WrittenFile>();
  private failure: unknown = null;

  constructor(private readonly dir: string) {}

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

  /** When every queued copy is written (each table started once): the files, in PARQUET_TABLES order. */
  async finish(): Promise<WrittenFile[]> {
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
    await this.chain;
  }
}

async function writeParquet(dir: string, name: ParquetTable): Promise<WrittenFile> {
  const file = `${name}.parquet`;
  await jsonlToParquet(path.join(dir, `${name}.jsonl`), path.join(dir, file), parquetColumnsOf(name));
  return { path: file, bytes: statSync(path.join(dir, file)).size, sha256: await sha256Of(path.join(dir, file)) };
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
