/**
 * WAL checkpoints off the crawl's thread. SQLite checkpoints on the committing connection by
 * default (every 1,000 WAL pages), so every few pages the crawl's thread stopped to copy the
 * WAL into the database and fsync it. While a crawl runs, a worker thread (checkpoint-worker.ts)
 * with its own connection copies it every quarter second instead; the crawl's connection still
 * checkpoints, but only once the WAL holds `boundPages` pages (16,000: 64 MB), and then finds
 * little left to copy. That checkpoint, run right after a commit, catches the WAL up, so the
 * writer starts it afresh: the WAL never grows past about that bound. When the thread cannot
 * start or stops, the connection checkpoints itself as before.
 */
import type { Worker } from 'node:worker_threads';
import type SqliteDatabase from 'better-sqlite3';
import type { Archive } from './db.js';
import type { CheckpointAnswer, CheckpointResult } from './checkpoint-worker.js';
import { startWorker } from './worker-thread.js';

/** SQLite's own default: the connection checkpoints once the WAL holds this many pages. */
const AUTOCHECKPOINT_PAGES = 1000;

/** A running checkpointer. */
export interface WalCheckpointer {
  /** Checkpoints now, on the checkpointing thread; resolves with what it did. */
  checkpoint(): Promise<CheckpointResult>;
  /** Stops the thread; the archive's connection checkpoints itself again. */
  stop(): Promise<void>;
}

/** How often the thread checkpoints, and from how many WAL pages on the connection checkpoints itself too. */
export interface CheckpointerOptions {
  intervalMs?: number;
  boundPages?: number;
}

/**
 * Moves the WAL checkpoints of a SQLite archive's connection to a worker thread that runs one
 * every `intervalMs` (250); the connection checkpoints itself only past `boundPages` (16,000).
 * Null for PostgreSQL, an in-memory or read-only database, or when the thread cannot start
 * (then nothing changes).
 */
export function startWalCheckpointer(archive: Archive, opts: CheckpointerOptions = {}): WalCheckpointer | null {
  if (archive.dialect !== 'sqlite' || !('sqlite' in archive)) return null;
  const sqlite = (archive as { sqlite: SqliteDatabase.Database }).sqlite;
  if (sqlite.memory || sqlite.readonly) return null;
  let worker: Worker;
  try {
    worker = startWorker(import.meta.url, 'checkpoint-worker', { workerData: { file: sqlite.name, intervalMs: opts.intervalMs ?? 250 } });
  } catch {
    return null;
  }
  worker.unref();
  sqlite.pragma(`wal_autocheckpoint = ${opts.boundPages ?? 16_000}`);
  let alive = true;
  let nextId = 1;
  const pending = new Map<number, { resolve(r: CheckpointResult): void; reject(e: Error): void }>();
  const ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const fail = (err: Error) => {
    if (!alive) return;
    alive = false;
    // The connection is open as long as the archive is: it checkpoints itself again.
    if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  worker.on('message', (a: CheckpointAnswer) => {
    const p = pending.get(a.id);
    pending.delete(a.id);
    if (pending.size === 0) worker.unref();
    if (!p) return;
    if ('error' in a) p.reject(new Error(a.error));
    else p.resolve({ log: a.log, checkpointed: a.checkpointed });
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the checkpointing thread stopped (exit code ${code})`)));
  return {
    checkpoint: () =>
      new Promise((resolve, reject) => {
        if (!alive) return reject(new Error('the checkpointing thread is stopped'));
        const id = nextId++;
        pending.set(id, { resolve, reject });
        // Alive while an answer is awaited; otherwise the thread keeps no process running.
        worker.ref();
        worker.postMessage({ id });
      }),
    stop: async () => {
      if (alive) {
        worker.ref();
        worker.postMessage('stop');
      }
      await ended;
    },
  };
}

