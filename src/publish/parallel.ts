/**
 * Using the second core: replies, captures and observations are written by a worker
 * thread (table-worker.ts, side-tables.ts) on its own read-only connection while the main
 * thread writes the message files. Both must read the same state of the archive although a crawl may be writing to it
 * (WAL): the archive's write lock is held (holdWriters, so no writer can commit) while the
 * main connection and the worker start their read transactions, then let go; the lock is
 * held for the few milliseconds that takes. When the worker cannot start or the lock
 * cannot be had (a read-only file), the caller writes those tables itself, one after the other.
 */
import type { Worker } from 'node:worker_threads';
import { holdWriters, type SnapshotRead, type WriterHold } from '../archive/snapshot-read.js';
import { startWorker } from '../archive/worker-thread.js';
import type { TableWorkerBegin, TableWorkerData } from './table-worker.js';
import type { SideTables } from './side-tables.js';

type Reply = { type: 'open' } | { type: 'begun' } | ({ type: 'done' } & SideTables) | { type: 'error'; message: string; stack?: string };

/** A running table worker: its files when done. */
export interface TableJob {
  result: Promise<SideTables>;
  /** Stops it (the snapshot failed). */
  stop(): Promise<void>;
}

/**
 * Starts the worker and opens the read transactions of `main` (the caller's connection to the
 * archive file `data.file`) and the worker on one state of the archive; `inside` runs once
 * `main` is in its transaction and gives what the worker needs from it. Returns null when the
 * worker cannot be used: `main` is then inside its read transaction all the same, and the
 * caller writes the tables itself. `onJsonl` hears when the worker has completed replies.jsonl
 * or observations.jsonl.
 */
export async function startTableJob(
  main: SnapshotRead,
  data: TableWorkerData,
  inside: () => TableWorkerBegin,
  onJsonl: (table: 'replies' | 'observations') => void,
): Promise<TableJob | null> {
  const worker = spawn(data);
  const replies: Reply[] = [];
  let wake: (() => void) | null = null;
  let exited = false;
  const next = async (): Promise<Reply> => {
    while (!replies.length) {
      if (exited) return { type: 'error', message: 'the table worker stopped' };
      await new Promise<void>((resolve) => (wake = resolve));
    }
    return replies.shift()!;
  };
  const push = (r: Reply) => {
    replies.push(r);
    wake?.();
  };
  worker?.on('message', (m: Reply | { type: 'jsonl'; table: 'replies' | 'observations' }) => (m.type === 'jsonl' ? onJsonl(m.table) : push(m)));
  worker?.on('error', (err) => push({ type: 'error', message: err.message, stack: err.stack }));
  worker?.on('exit', () => {
    exited = true;
    wake?.();
  });
  const opened = worker ? await next() : null;
  let lock: WriterHold | null = null;
  try {
    if (opened?.type === 'open') lock = holdWriters(data.file);
    main.begin();
    const begin = inside();
    if (!lock || !worker) {
      await worker?.terminate();
      return null;
    }
    worker.postMessage({ type: 'begin', ...begin });
    const begun = await next();
    if (begun.type !== 'begun') {
      await worker.terminate();
      return null;
    }
  } catch (err) {
    await worker?.terminate();
    throw err;
  } finally {
    lock?.release();
  }
  const result = (async (): Promise<SideTables> => {
    const r = await next();
    // Its heap goes at once (about 30 MB at 1M rows): DuckDB may start now (snapshot.ts).
    if (r.type === 'done') {
      await worker.terminate();
      return { files: r.files, observations: r.observations, officialReplies: r.officialReplies, officialBySource: r.officialBySource };
    }
    throw Object.assign(new Error(`writing replies and captures: ${r.type === 'error' ? r.message : r.type}`), { stack: r.type === 'error' ? r.stack : undefined });
  })();
  result.catch(() => undefined); // awaited by the caller; no unhandled rejection meanwhile
  return {
    result,
    stop: async () => {
      await worker.terminate();
    },
  };
}

/**
 * The worker's young generation: its garbage is rows formatted and written at once, so a
 * small one does (V8's default would let the worker's heap take 48 MB more at a 1M-row peak).
 */
const LIMITS = { maxYoungGenerationSizeMb: 8 };

/** The worker (table-worker.ts), or null when it cannot be made. */
function spawn(data: TableWorkerData): Worker | null {
  try {
    return startWorker(import.meta.url, 'table-worker', { workerData: data, resourceLimits: LIMITS });
  } catch {
    return null;
  }
}
