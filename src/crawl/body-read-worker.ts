/**
 * The thread that reads re-extraction's bodies (body-reader.ts): for each capture it is asked
 * for, in order, it reads the gzip file of the raw store, unzips it, checks it against its
 * sha256 (getRaw) and decodes it to text as UTF-16LE code units (decodeBodyToUtf16), and
 * answers with that buffer, handed over, or with why it could not.
 */
import { parentPort } from 'node:worker_threads';
import { getRaw, RawStoreError } from '../archive/raw-store.js';
import { decodeBodyToUtf16 } from '../extract/charset.js';
import type { BodyAnswer, BodyAsk } from './body-reader.js';

parentPort?.on('message', (asks: BodyAsk[]) => {
  for (const { id, rawDir, sha256, contentType } of asks) {
    let answer: BodyAnswer;
    try {
      answer = { id, utf16: decodeBodyToUtf16(getRaw(rawDir, sha256), contentType).buffer as ArrayBuffer };
    } catch (err) {
      answer = err instanceof RawStoreError ? { id, problem: err.problem, detail: err.detail } : { id, error: (err as Error).message };
    }
    parentPort!.postMessage(answer, 'utf16' in answer ? [answer.utf16] : []);
  }
});
