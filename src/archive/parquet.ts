/**
 * Parquet copies of published JSON Lines tables, written by DuckDB (`@duckdb/node-api`, loaded
 * only when a snapshot needs it). DuckDB streams the file: it reads the JSON Lines in chunks
 * and writes a row group at a time, on one thread with a capped memory, so memory stays flat
 * however long the table; one thread also keeps the row order and makes the same input give
 * the same bytes. Types are given, never guessed: text as UTF-8 strings, integers as INT64,
 * numbers as DOUBLE, times as UTC timestamps in microseconds (the instant; the +08:00 offset
 * the CSV shows is not kept), dates as DATE.
 */

/** A column of a published table, typed as its Table Schema types it. */
export interface ParquetColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'datetime' | 'date';
}

const DUCKDB_TYPES: Record<ParquetColumn['type'], string> = {
  string: 'VARCHAR',
  integer: 'BIGINT',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
  datetime: 'TIMESTAMPTZ',
  date: 'DATE',
};

/**
 * Rows per row group: at about 1 KB a row (messages), 4 MB of text, and room for rows ten
 * times longer within DuckDB's memory cap below.
 */
const ROW_GROUP_ROWS = 4096;
/** DuckDB's own memory cap (its buffers; the process needs about 60 MB more for the library). */
const MEMORY_LIMIT = '128MB';

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * Writes `parquet` from the JSON Lines file `jsonl` (one object a line with exactly `columns`),
 * the rows in file order, zstd-compressed. Throws DuckDB's error naming the file when a line
 * does not fit the columns.
 */
export async function jsonlToParquet(jsonl: string, parquet: string, columns: readonly ParquetColumn[]): Promise<void> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', {
    threads: '1',
    memory_limit: MEMORY_LIMIT,
    preserve_insertion_order: 'true',
    enable_external_access: 'true',
  });
  const connection = await instance.connect();
  try {
    const struct = columns.map((c) => `${quote(c.name)}: ${quote(DUCKDB_TYPES[c.type])}`).join(', ');
    const select = columns.map((c) => `"${c.name.replace(/"/g, '""')}"`).join(', ');
    await connection.run(
      `COPY (SELECT ${select} FROM read_json(${quote(jsonl)}, format = 'newline_delimited', columns = {${struct}}))
         TO ${quote(parquet)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${ROW_GROUP_ROWS})`,
    );
  } catch (err) {
    throw new Error(`writing ${parquet} from ${jsonl}: ${(err as Error).message}`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
