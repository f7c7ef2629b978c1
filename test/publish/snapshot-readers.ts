/**
 * Independent readers for written snapshots: ajv against `schemas/` (JSON Schema 2020-12) and
 * against the Frictionless profiles shipped by the `datapackage` package (draft-04, through
 * ajv-draft-04), and csv-parse for the CSV files.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import ajv2020 from 'ajv/dist/2020.js';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { parse } from 'csv-parse/sync';
import { repoRoot } from '../helpers/shared.js';

const require = createRequire(import.meta.url);

// ajv and ajv-formats are CommonJS: under NodeNext their exports sit on `.default`.
const ajv = new ajv2020.default({ allErrors: true, strict: true });
ajvFormats.default(ajv);
const compiled = new Map<string, ValidateFunction>();

/** The validator of `schemas/<name>.schema.json`. */
export function schemaValidator(name: string): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    const schema = JSON.parse(readFileSync(path.join(repoRoot, 'schemas', `${name}.schema.json`), 'utf8'));
    compiled.set(name, (v = ajv.compile(schema)));
  }
  return v;
}

/** Throws with ajv's messages when `value` does not validate. */
export function assertValid(v: ValidateFunction, value: unknown, what: string): void {
  if (!v(value)) throw new Error(`${what}: ${JSON.stringify(v.errors?.slice(0, 5))}`);
}

// Like ajv, ajv-draft-04 is CommonJS with its class on `.default` too.
const draft04 = new ajvDraft04.default({ allErrors: true, strict: false });
ajvFormats.default(draft04 as never);
draft04.addFormat('textarea', true);

/** A Frictionless profile (data-package, tabular-data-resource, ...) from the `datapackage` package. */
export function frictionlessProfile(name: string): ValidateFunction {
  const file = require.resolve(`datapackage/lib/profiles/${name}.json`);
  return draft04.compile(JSON.parse(readFileSync(file, 'utf8'))) as unknown as ValidateFunction;
}

/** sha256 of a file, hex. */
export function sha256Of(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** A CSV file's records (header first), parsed by csv-parse; the BOM must be there. */
export function readCsv(file: string): string[][] {
  const buf = readFileSync(file);
  if (!buf.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))) throw new Error(`${file}: no UTF-8 BOM`);
  return parse(buf, { bom: true, relax_column_count: false }) as string[][];
}

/** A JSON Lines file's objects. */
export function readJsonl(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
