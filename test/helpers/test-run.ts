/**
 * vitest globalSetup: one temporary folder for the whole run, handed to every test process
 * through WZ_TEST_TMP (tempDir makes its folders inside), and removed when the run ends, so
 * runs leave no archives, snapshots or raw stores behind in the system's temp folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(path.join(tmpdir(), 'wz-test-run-'));
  process.env.WZ_TEST_TMP = root;
  return () => {
    if (process.env.WZ_KEEP_TEST_TMP === '1') console.log(`kept the test run's temporary files in ${root}`);
    else rmSync(root, { recursive: true, force: true });
  };
}
