import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedSchemas, schemaFileText } from '../../src/publish/published-schemas.js';
import { repoRoot } from '../helpers/shared.js';

describe('schemas/', () => {
  it('is exactly what src/ generates (run `npm run schemas` after changing a published row)', () => {
    const dir = path.join(repoRoot, 'schemas');
    const generated = generatedSchemas();
    const onDisk = readdirSync(dir).filter((f) => f.endsWith('.schema.json')).sort();
    expect(onDisk).toEqual(Object.keys(generated).sort());
    for (const [name, schema] of Object.entries(generated)) {
      expect(readFileSync(path.join(dir, name), 'utf8'), `schemas/${name} is out of date: npm run schemas`).toBe(schemaFileText(schema));
    }
  });
});
