/**
 * The thread that reads re-extraction's bodies (body-reader.ts): for each capture it is asked
 * for, in order, it reads the gzip file of the raw store, unzips it, checks it against its
 * sha256 (getRaw) and decodes it to text (decodeBody); asked with the page it is (`read`), it
 * parses and validates it too (read-transfer.ts). It answers with the text or the reading's
 * outcome, or with why the body could not be read.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { getRaw, RawStoreError } from '../archive/raw-store.js';
import { decodeBody } from '../extract/charset.js';
import type { BodyAnswer, BodyAsk } from './body-reader.js';
import { readSent } from './read-transfer.js';

/** Where the id of the last body answered is written, for the asking thread to see (BodyReader.answered). */
const progress = (workerData as { progress?: Int32Array } | null)?.progress;

parentPort?.on('message', (asks: BodyAsk[]) => {
  for (const { id, rawDir, sha256, contentType, read } of asks) {
    let text: string;
    try {
      text = decodeBody(getRaw(rawDir, sha256), contentType);
    } catch (err) {
      parentPort!.postMessage((err instanceof RawStoreError ? { id, problem: err.problem, detail: err.detail } : { id, error: (err as Error).message }) satisfies BodyAnswer);
      if (progress) Atomics.store(progress, 0, id);
      continue;
    }
    parentPort!.postMessage((read ? { id, outcome: readSent({ ...read, text, contentType }) } : { id, text }) satisfies BodyAnswer);
    if (progress) Atomics.store(progress, 0, id);
  }
});
