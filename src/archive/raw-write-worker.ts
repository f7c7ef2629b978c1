/**
 * The raw store's writing thread (raw-store.ts putRaw): writes each body it is handed with
 * writeRawHere (hash, gzip, temp file, fsync, rename, folder fsync; the bodies in flight are
 * flushed side by side) and answers once it is on disk.
 */
import { parentPort } from 'node:worker_threads';
import { writeRawHere, type RawWriteAnswer } from './raw-store.js';

parentPort?.on('message', ({ id, rawDir, bytes }: { id: number; rawDir: string; bytes: Uint8Array }) => {
  writeRawHere(rawDir, bytes).then(
    (stored) => parentPort!.postMessage({ id, ...stored } satisfies RawWriteAnswer),
    (err: unknown) => parentPort!.postMessage({ id, error: (err as Error).message } satisfies RawWriteAnswer),
  );
});
