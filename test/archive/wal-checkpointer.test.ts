/**
 * The crawl's WAL checkpoints run on a thread of their own (wal-checkpointer.ts): the archive's
 * connection checkpoints only past a high bound while it runs, the thread's checkpoints catch
 * the WAL up so the writer restarts it from its start (it does not grow with every page), the
 * bound holds even with the thread idle, and stopping gives the connection its own checkpoints back.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openArchive, type SqliteArchive } from '../../src/archive/db.js';
import { startWalCheckpointer } from '../../src/archive/wal-checkpointer.js';
import { tempDir } from '../helpers/tmp.js';

let archive: SqliteArchive;
let file: string;

beforeEach(async () => {
  file = path.join(tempDir(), 'wenzheng.sqlite');
  archive = await openArchive(file);
  archive.sqlite.exec('CREATE TABLE filler (n INTEGER, text TEXT)');
});

afterEach(() => archive.close());

/** Commits 6 MB (about 1,500 WAL pages, past SQLite's 1,000-page autocheckpoint) in 30 commits. */
function writeSixMb(round: number): void {
  const insert = archive.sqlite.prepare('INSERT INTO filler (n, text) VALUES (?, ?)');
  const commit = archive.sqlite.transaction((from: number) => {
    for (let i = from; i < from + 100; i++) insert.run(i, `${round}:${i}:`.padEnd(2000, 'x'));
  });
  for (let c = 0; c < 30; c++) commit(c * 100);
}

const walBytes = () => statSync(`${file}-wal`).size;
const autocheckpoint = () => archive.sqlite.pragma('wal_autocheckpoint', { simple: true });

describe('WAL checkpoints on a thread of their own', () => {
  it('takes the checkpoints off the connection and keeps the WAL from growing', async () => {
    // A long interval: the test asks for each checkpoint itself.
    const cp = startWalCheckpointer(archive, { intervalMs: 3_600_000 });
    expect(cp).not.toBeNull();
    // The connection's own checkpoints wait for 16,000 pages (64 MB) now: a bound, seldom reached.
    expect(autocheckpoint()).toBe(16000);

    writeSixMb(1);
    const first = await cp!.checkpoint();
    // The connection checkpointed nothing: the whole round is in the WAL, now all copied.
    expect(first.log).toBeGreaterThan(1000);
    expect(first.checkpointed).toBe(first.log);
    const afterFirst = walBytes();

    for (let round = 2; round <= 4; round++) {
      writeSixMb(round);
      const r = await cp!.checkpoint();
      expect(r.checkpointed).toBe(r.log);
    }
    // Each round wrote the WAL again from its start: it is no bigger than after one round.
    expect(walBytes()).toBeLessThanOrEqual(afterFirst * 1.1);

    await cp!.stop();
    expect(autocheckpoint()).toBe(1000);
    await expect(cp!.checkpoint()).rejects.toThrow(/stopped/);
    expect(archive.sqlite.prepare('SELECT count(*) AS n FROM filler').get()).toEqual({ n: 4 * 3000 });
  });

  it('keeps the WAL under its bound however far the thread falls behind', async () => {
    // The thread never checkpoints on its own here: only the connection's bound holds the WAL.
    const cp = startWalCheckpointer(archive, { intervalMs: 3_600_000, boundPages: 2000 })!;
    for (let round = 1; round <= 4; round++) writeSixMb(round);
    const frame = 24 + Number(archive.sqlite.pragma('page_size', { simple: true }));
    // 24 MB written; the WAL holds at most the bound and the commit that crossed it.
    expect(walBytes()).toBeLessThanOrEqual(2200 * frame);
    await cp.stop();
    expect(archive.sqlite.prepare('SELECT count(*) AS n FROM filler').get()).toEqual({ n: 4 * 3000 });
  });

  it('without its checkpoints the WAL would grow round after round (what the thread prevents)', () => {
    archive.sqlite.pragma('wal_autocheckpoint = 0');
    writeSixMb(1);
    const afterFirst = walBytes();
    writeSixMb(2);
    expect(walBytes()).toBeGreaterThan(afterFirst * 1.8);
  });
});
