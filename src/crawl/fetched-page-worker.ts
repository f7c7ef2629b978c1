/**
 * The crawl's storing thread (fetched-page-thread.ts): for each page it is handed it reads the
 * answer (fetched-read.ts) with the adapter found by its id and, unless it is a block page,
 * writes the body kept into the raw store (writeRawHere), then answers once: the block
 * reason, or the body's sha256 and size with the read outcome taken apart to cross back.
 * Pages are read in the order they come; their writes wait on their fsyncs side by side.
 */
import { parentPort } from 'node:worker_threads';
import { writeRawHere } from '../archive/raw-store.js';
import { findAdapter } from '../sources/index.js';
import type { StoreAnswer, StoreAsk } from './fetched-page-thread.js';
import { readFetched } from './fetched-read.js';
import { sendable } from './read-transfer.js';

async function answer({ id, rawDir, adapterId, answer: a }: StoreAsk): Promise<StoreAnswer> {
  const adapter = findAdapter(adapterId);
  if (!adapter) throw new Error(`unknown source '${adapterId}' on the storing thread`);
  const r = readFetched(adapter, { ...a, headers: new Headers(a.headers) });
  if (r.block !== null) return { id, block: r.block };
  const stored = await writeRawHere(rawDir, r.kept.bytes);
  return { id, ...stored, outcome: sendable(r.read), ...(r.kept.bytes !== a.bytes ? { scrubbed: r.kept.bytes } : {}) };
}

parentPort?.on('message', (ask: StoreAsk) => {
  answer(ask).then(
    (a) => parentPort!.postMessage(a),
    (err: unknown) => parentPort!.postMessage({ id: ask.id, error: (err as Error).message } satisfies StoreAnswer),
  );
});
