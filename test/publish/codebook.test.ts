import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqliteArchive as Archive } from '../../src/archive/db.js';
import { COLUMN_NOTES } from '../../src/publish/codebook-notes.js';
import { columnsOf, TABLES } from '../../src/publish/published-schemas.js';
import { writeSnapshot } from '../../src/publish/snapshot.js';
import { tempDir } from '../helpers/tmp.js';
import { buildFixtureArchive } from './fixture-archive.js';
import { readCsv } from './snapshot-readers.js';

let archive: Archive;
let dir: string;
let codebook: string;

beforeAll(async () => {
  archive = await buildFixtureArchive();
  dir = (await writeSnapshot(archive, { outDir: tempDir('wz-codebook-'), date: '2019-06-10' })).dir;
  codebook = readFileSync(path.join(dir, 'codebook.md'), 'utf8');
});
afterAll(async () => {
  await archive.close();
});

/** The rows of the codebook's column table for `table`: column name -> the whole line. */
function columnRows(table: string): Map<string, string> {
  const section = codebook.split(/\n## /).find((s) => s.startsWith(`${table}: `));
  if (!section) return new Map();
  const rows = section.split('\n').filter((l) => /^\| `[a-z0-9_]+` \|/.test(l));
  return new Map(rows.map((l) => [l.slice(3, l.indexOf('`', 3)), l]));
}

describe('codebook.md', () => {
  it('has a row, in English and Chinese, for every column of every CSV the snapshot wrote', () => {
    const csvs = readdirSync(dir).filter((f) => f.endsWith('.csv'));
    expect(csvs.length).toBeGreaterThanOrEqual(Object.keys(TABLES).length);
    for (const file of csvs) {
      const table = file.replace(/\.csv$/, '');
      const [header] = readCsv(path.join(dir, file));
      const rows = columnRows(table);
      for (const column of header!) {
        const row = rows.get(column);
        expect(row, `${file}: column ${column} is not in codebook.md`).toBeDefined();
        // type | meaning en<br>zh | derivation en<br>zh: both languages in both halves.
        const [, , type, meaning, derived] = row!.split(/(?<!\\)\|/).map((c) => c.trim());
        expect(type, `${table}.${column}`).toMatch(/[a-z]/);
        for (const cell of [meaning!, derived!]) expect(cell, `${table}.${column}`).toMatch(/[A-Za-z].*<br>.*[\u4e00-\u9fff]/);
      }
      expect([...rows.keys()], `${table}: columns the file does not have`).toEqual(header);
    }
  });

  it('names every file of the snapshot', () => {
    for (const f of readdirSync(dir)) expect(codebook, f).toContain(`\`${f}\``);
  });

  it('says what the caveats are: censoring, review delay, coverage', () => {
    expect(codebook).toMatch(/Censoring: .*Kaplan-Meier/);
    expect(codebook).toMatch(/删失/);
    expect(codebook).toMatch(/Review delay: /);
    expect(codebook).toMatch(/审核延迟/);
    expect(codebook).toContain('coverage.csv');
  });

  it('keeps a derivation note for exactly the published columns (none missing, none stale)', () => {
    for (const [name, def] of Object.entries(TABLES)) {
      expect(Object.keys(COLUMN_NOTES[name as keyof typeof TABLES]).sort(), name).toEqual(columnsOf(def).sort());
    }
  });
});
