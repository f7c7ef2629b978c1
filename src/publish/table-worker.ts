/**
 * Worker thread of a snapshot: writes replies, captures and observations (CSV and
 * JSON Lines, side-tables.ts) on its own read-only connection while the main thread writes the message files (parallel.ts starts it
 * and makes sure both connections read the same state of the archive).
 *
 * Messages from the main thread: `begin` (open the read transaction; with the as-of time and
 * departments). To it: `open` (the connection is ready), `begun` (the transaction reads),
 * `jsonl` when replies.jsonl or observations.jsonl is complete (its Parquet copy can start),
 * `done` with the files and the official replies counted, or `error`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SnapshotRead } from '../archive/snapshot-read.js';
import type { DepartmentInfo } from './stats.js';
import { writeSideTables } from './side-tables.js';

export interface TableWorkerData {
  file: string;
  dir: string;
}

/** What the `begin` message carries: what the main thread read inside its read transaction. */
export interface TableWorkerBegin {
  asOf: string;
  departments: [number, DepartmentInfo][];
}

const data = workerData as TableWorkerData;
const port = parentPort!;

function fail(err: unknown): void {
  port.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined });
}

try {
  // Its own read-only connection with a small page cache: captures.csv sorts every capture a
  // row points to, and with the default 16 MB for each of that query's temporary b-trees and
  // sorts a 1M-row archive took 110 MB more at its peak.
  const read = SnapshotRead.open(data.file);
  port.once('message', (m: { type: string } & TableWorkerBegin) => {
    if (m.type !== 'begin') return;
    void (async () => {
      try {
        read.begin();
        port.postMessage({ type: 'begun' });
        const ctx = { read, dir: data.dir, asOf: m.asOf, departments: new Map(m.departments) };
        const result = await writeSideTables(ctx, (table) => port.postMessage({ type: 'jsonl', table }));
        read.end();
        read.close();
        port.postMessage({ type: 'done', ...result });
      } catch (err) {
        fail(err);
      }
    })();
  });
  port.postMessage({ type: 'open' });
} catch (err) {
  fail(err);
}
