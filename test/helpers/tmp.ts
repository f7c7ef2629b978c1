import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Where a test run keeps its temporary folders: one folder per `vitest run`, made by
 * test/helpers/test-run.ts and removed with everything in it when the run ends (set
 * WZ_KEEP_TEST_TMP=1 to keep it for a look). Outside such a run, the system's temp folder.
 */
export function testTmpRoot(): string {
  const root = process.env.WZ_TEST_TMP;
  if (!root) return tmpdir();
  mkdirSync(root, { recursive: true });
  return root;
}

/** A fresh temporary folder for one test's archive. */
export function tempDir(prefix = 'wz-'): string {
  return mkdtempSync(path.join(testTmpRoot(), prefix));
}
