/**
 * datapackage.json read by the official JS Frictionless library (`datapackage` on npm): the
 * descriptor loads and validates as written, and every CSV's rows are read and cast against
 * the published Table Schema by the library's own table reader (`tableschema`). That reader
 * keeps a UTF-8 byte order mark as part of the first header (its CSV parser gets only the
 * dialect's delimiter, quote and escape options, and Node has no encoding name that drops a
 * BOM: `utf-8-sig` is refused as unknown), so the rows are handed to it without the 3 BOM
 * bytes the published files keep for Excel. The Python `frictionless` tool reads `utf-8` files
 * with a BOM, but PyPI is not reachable here, so it is not run by this suite.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqliteArchive as Archive } from '../../src/archive/db.js';
import { csvLine } from '../../src/publish/csv.js';
import { writeSnapshot } from '../../src/publish/snapshot.js';
import { tempDir } from '../helpers/tmp.js';
import { buildFixtureArchive } from './fixture-archive.js';
import { readCsv } from './snapshot-readers.js';

const require = createRequire(import.meta.url);
const { Package } = require('datapackage') as { Package: { load(descriptor: string, options?: object): Promise<FrictionlessPackage> } };
// The table reader the library itself uses, resolved from the library's own folder.
const { Table } = createRequire(require.resolve('datapackage'))('tableschema') as {
  Table: { load(source: () => Readable, options: { schema: object; headers: number }): Promise<{ read(o: { keyed: boolean; cast: boolean }): Promise<Record<string, unknown>[]> }> };
};

interface FrictionlessPackage {
  valid: boolean;
  errors: Error[];
  resourceNames: string[];
  getResource(name: string): { tabular: boolean; descriptor: { path: string; schema?: object; format?: string } };
}

let archive: Archive;
let dir: string;

beforeAll(async () => {
  archive = await buildFixtureArchive();
  dir = (await writeSnapshot(archive, { outDir: tempDir('wz-frictionless-'), date: '2019-06-10' })).dir;
});
afterAll(async () => {
  await archive.close();
});

describe('datapackage.json with the JS Frictionless library', () => {
  it('loads and validates as written, every CSV a tabular resource', async () => {
    const pkg = await Package.load(path.join(dir, 'datapackage.json'));
    expect(pkg.errors.map((e) => e.message)).toEqual([]);
    expect(pkg.valid).toBe(true);
    const csvs = pkg.resourceNames.map((n) => pkg.getResource(n)).filter((r) => r.descriptor.format === 'csv');
    expect(csvs.length).toBeGreaterThanOrEqual(10);
    for (const r of csvs) expect(r.tabular, r.descriptor.path).toBe(true);
  });

  it('reads every CSV row and casts it against its Table Schema (BOM bytes left out)', async () => {
    const pkg = await Package.load(path.join(dir, 'datapackage.json'));
    for (const name of pkg.resourceNames) {
      const r = pkg.getResource(name);
      if (r.descriptor.format !== 'csv') continue;
      const bytes = readFileSync(path.join(dir, r.descriptor.path));
      expect(bytes.subarray(0, 3).toString('hex'), r.descriptor.path).toBe('efbbbf');
      const table = await Table.load(() => Readable.from([bytes.subarray(3)]), { schema: r.descriptor.schema!, headers: 1 });
      const rows = await table.read({ keyed: true, cast: true });
      const [, ...csv] = readCsv(path.join(dir, r.descriptor.path));
      expect(rows.length, r.descriptor.path).toBe(csv.length);
    }
  });

  it('rejects a row that breaks the schema (the reader is really checking)', async () => {
    const pkg = await Package.load(path.join(dir, 'datapackage.json'));
    const r = pkg.getResource('messages');
    const [header, ...rows] = readCsv(path.join(dir, 'messages.csv'));
    rows[0]![header!.indexOf('reply_count')] = 'many';
    const broken = [header!, ...rows].map((row) => csvLine(row)).join('');
    const table = await Table.load(() => Readable.from([Buffer.from(broken)]), { schema: r.descriptor.schema!, headers: 1 });
    await expect(table.read({ keyed: true, cast: true })).rejects.toThrow(/1 type and format mismatch/);
  });
});
