/**
 * The Parquet files of a snapshot: `messages.parquet`, `replies.parquet` and
 * `observations.parquet`, the same rows and columns as their CSV and JSON Lines files, typed
 * from the published-table definitions (so DuckDB, pyarrow and R arrow read them without
 * options). Made from the finished JSON Lines file of each table (src/archive/parquet.ts).
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { jsonlToParquet, type ParquetColumn } from '../archive/parquet.js';
import type { WrittenFile } from './csv.js';
import { TABLES, tableSchemaOf, type TableName } from './published-schemas.js';

/** The tables published as Parquet too, in the order written. */
export const PARQUET_TABLES = ['messages', 'replies', 'observations'] as const satisfies readonly TableName[];

/** The Parquet columns of a table: its Table Schema's names and types. */
export function parquetColumnsOf(name: TableName): ParquetColumn[] {
  return tableSchemaOf(TABLES[name]).fields.map((f) => ({ name: f.name, type: f.type }));
}

/** Writes `<table>.parquet` beside `<table>.jsonl` in `dir` for every Parquet table; returns the files. */
export async function writeParquetFiles(dir: string): Promise<WrittenFile[]> {
  const files: WrittenFile[] = [];
  for (const name of PARQUET_TABLES) {
    const file = `${name}.parquet`;
    await jsonlToParquet(path.join(dir, `${name}.jsonl`), path.join(dir, file), parquetColumnsOf(name));
    files.push({ path: file, bytes: statSync(path.join(dir, file)).size, sha256: await sha256Of(path.join(dir, file)) });
  }
  return files;
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
