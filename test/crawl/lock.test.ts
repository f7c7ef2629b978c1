import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock, LockHeldError } from '../../src/crawl/lock.js';
import { tempDir } from '../helpers/tmp.js';

describe('run lock', () => {
  const dir = tempDir('wz-lock-');
  it('refuses a second holder while the first lives, then frees', () => {
    const file = path.join(dir, 'a.lock');
    const release = acquireLock(file);
    writeFileSync(file, String(process.ppid)); // pretend a live other process holds it
    expect(() => acquireLock(file)).toThrow(LockHeldError);
    release();
    acquireLock(file)();
  });
  it('takes over a lock left by a dead process', () => {
    const file = path.join(dir, 'b.lock');
    writeFileSync(file, '999999999');
    const release = acquireLock(file);
    release();
  });
});
