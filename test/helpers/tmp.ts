import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A fresh temporary folder for one test's archive. */
export function tempDir(prefix = 'wz-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}
