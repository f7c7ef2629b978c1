/**
 * The Parquet files of a snapshot, read back with DuckDB (an independent reader: it did not
 * write the rows, it only converted the JSON Lines) and compared row by row, column by column,
 * with the CSV files parsed by csv-parse.
 */
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqliteArchive as Archive } from '../../src/archive/db.js';
import { PARQUET_TABLES, parquetColumnsOf } from '../../src/publish/parquet.js';
import { columnsOf, TABLES } from '../../src/publish/published-schemas.js';
import { writeSnapshot } from '../../src/publish/snapshot.js';
import { tempDir } from '../helpers/tmp.js';
import { buildFixtureArchive } from './fixture-archive.js';
import { readCsv } from './snapshot-readers.js';

let archive: Archive;
let dir: string;
let duck: DuckDBConnection;
let instance: DuckDBInstance;

beforeAll(async () => {
  archive = await buildFixtureArchive();
  dir = (await writeSnapshot(archive, { outDir: tempDir('wz-parquet-'), date: '2019-06-10' })).dir;
  instance = await DuckDBInstance.create(':memory:');
  duck = await instance.connect();
});
afterAll(async () => {
  duck.closeSync();
  instance.closeSync();
  await archive.close();
});

const file = (name: string) => `'${path.join(dir, `${name}.parquet`)}'`;

/** What DuckDB reports for each Table Schema type. */
const DUCK_TYPE = { string: 'VARCHAR', integer: 'BIGINT', number: 'DOUBLE', boolean: 'BOOLEAN', datetime: 'TIMESTAMP WITH TIME ZONE', date: 'DATE' };

describe.each(PARQUET_TABLES)('%s.parquet', (name) => {
  it('has the CSV columns in order, typed from the Table Schema', async () => {
    const described = (await duck.runAndReadAll(`DESCRIBE SELECT * FROM ${file(name)}`)).getRowObjectsJS();
    expect(described.map((c) => c.column_name)).toEqual(columnsOf(TABLES[name]));
    expect(described.map((c) => c.column_type)).toEqual(parquetColumnsOf(name).map((c) => DUCK_TYPE[c.type]));
  });

  it('holds every CSV row with equal values (times as the same instant)', async () => {
    const columns = parquetColumnsOf(name);
    // Times come back as epoch milliseconds, to compare with the CSV's ISO text.
    const select = columns.map((c) => (c.type === 'datetime' ? `epoch_ms("${c.name}")` : `"${c.name}"`)).join(', ');
    const rows = (await duck.runAndReadAll(`SELECT ${select} FROM ${file(name)}`)).getRowsJS();
    const [, ...csv] = readCsv(path.join(dir, `${name}.csv`));
    expect(csv.length).toBeGreaterThan(0);
    expect(rows.length).toBe(csv.length);
    for (const [i, row] of rows.entries()) {
      const fromCsv = columns.map((c, j) => {
        const v = csv[i]![j]!;
        if (v === '') return null;
        if (c.type === 'integer') return BigInt(v);
        if (c.type === 'number') return Number(v);
        if (c.type === 'boolean') return v === 'true';
        if (c.type === 'datetime') return BigInt(Date.parse(v));
        return v;
      });
      expect(row, `${name} row ${i + 1}`).toEqual(fromCsv);
    }
  });
});

it('keeps text exactly: masked numbers, quotes, commas and line breaks', async () => {
  const body = (await duck.runAndReadAll(`SELECT body FROM ${file('messages')} WHERE message_id = 'cnhubei-minsheng:4657001'`)).getRowsJS();
  expect(body).toEqual([['联系电话138****5678,身份证号420***********1234。']]);
  const title = (await duck.runAndReadAll(`SELECT title FROM ${file('messages')} WHERE message_id = 'cnhubei-minsheng:4657003'`)).getRowsJS();
  expect(title).toEqual([['多行\n正文']]);
  const post = (await duck.runAndReadAll(`SELECT body, official FROM ${file('replies')} WHERE reply_id = 'cnhubei-minsheng:4657001:9000003'`)).getRowsJS();
  expect(post).toEqual([['顶,"同问",再问一次', false]]);
});
