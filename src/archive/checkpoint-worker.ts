/**
 * The WAL checkpointing thread of a SQLite archive (wal-checkpointer.ts): its own connection to
 * the file copies what the crawl committed to the WAL back into the database every `intervalMs`
 * and when asked, so the crawl's thread seldom stops for those writes and fsyncs. PASSIVE
 * checkpoints only: they never hold the writer back.
 */
import SqliteDatabase from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

/** What one checkpoint did: frames in the WAL, and how many of them are in the database now. */
export interface CheckpointResult {
  log: number;
  checkpointed: number;
}

export type CheckpointAnswer = ({ id: number } & CheckpointResult) | { id: number; error: string };

const { file, intervalMs } = workerData as { file: string; intervalMs: number };
const sqlite = new SqliteDatabase(file, { fileMustExist: true });

function checkpoint(): CheckpointResult {
  const [row] = sqlite.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
  return { log: row?.log ?? 0, checkpointed: row?.checkpointed ?? 0 };
}

const timer = setInterval(() => {
  try {
    checkpoint();
  } catch {
    // A checkpoint that could not run now is run again at the next tick.
  }
}, intervalMs);

parentPort?.on('message', (m: { id: number } | 'stop') => {
  if (m === 'stop') {
    clearInterval(timer);
    sqlite.close();
    parentPort!.close();
    return;
  }
  try {
    parentPort!.postMessage({ id: m.id, ...checkpoint() } satisfies CheckpointAnswer);
  } catch (err) {
    parentPort!.postMessage({ id: m.id, error: (err as Error).message } satisfies CheckpointAnswer);
  }
});
