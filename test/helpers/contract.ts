/**
 * Validates adapter output against the public JSON Schema of an Extraction
 * (../shared/contract/extraction.schema.json, JSON Schema 2020-12) and the zod model.
 */
import { existsSync, readFileSync } from 'node:fs';
import ajv2020 from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { extractionSchema } from '../../src/model/extraction.js';
import { sharedPath } from './shared.js';

let validate: ValidateFunction | null | undefined;

function schemaValidator(): ValidateFunction | null {
  if (validate !== undefined) return validate;
  const file = sharedPath('contract', 'extraction.schema.json');
  if (!existsSync(file)) {
    console.warn(`${file} is absent: checking extractions against the zod model only`);
    return (validate = null);
  }
  // ajv and ajv-formats are CommonJS: under NodeNext their exports sit on `.default`.
  const ajv = new ajv2020.default({ allErrors: true, strict: false });
  ajvFormats.default(ajv);
  return (validate = ajv.compile(JSON.parse(readFileSync(file, 'utf8'))));
}

/**
 * Throws with every schema error when `value` is not a valid Extraction, checked against the
 * shared JSON Schema (when present) and against the zod model of src/model/extraction.ts.
 */
export function assertValidExtraction(value: unknown): void {
  const check = schemaValidator();
  if (check && !check(value)) {
    const errors = (check.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
    throw new Error(`Extraction does not match extraction.schema.json:\n${errors.join('\n')}`);
  }
  const parsed = extractionSchema.safeParse(value);
  if (!parsed.success) throw new Error(`Extraction does not match the zod model: ${parsed.error.message}`);
}
