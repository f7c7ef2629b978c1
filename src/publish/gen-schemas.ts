/**
 * Writes `schemas/` (the JSON Schema of every published file) from the zod definitions:
 * `npm run schemas`. test/publish/schemas.test.ts fails when the folder differs from this output.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedSchemas, schemaFileText } from './published-schemas.js';

/** The repository's schemas/ folder (this file is src/publish/ or dist/src/publish/). */
export function schemasDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const up = here.includes(`${path.sep}dist${path.sep}`) ? '../../..' : '../..';
  return path.resolve(here, up, 'schemas');
}

/** Replaces the *.schema.json files of `dir` with the generated ones; returns their names. */
export function writeSchemas(dir = schemasDir()): string[] {
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(dir)) if (f.endsWith('.schema.json')) rmSync(path.join(dir, f));
  const schemas = generatedSchemas();
  for (const [name, schema] of Object.entries(schemas)) writeFileSync(path.join(dir, name), schemaFileText(schema));
  return Object.keys(schemas);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const names = writeSchemas();
  process.stdout.write(`wrote ${names.length} schemas to ${schemasDir()}\n`);
}
