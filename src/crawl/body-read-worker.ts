/**
 * The thread that reads re-extraction's bodies (body-reader.ts): for each capture it is asked
 * for, in order, it reads the gzip file of the raw store, unzips it, checks it against its
 * sha256 (getRaw) and decodes it to text (decodeBody), and answers with the text or with why
 * it could not.
 */
import { parentPort } from 'node:worker_threads';
import { getRaw, RawStoreError } from '../archive/raw-store.js';
import { decodeBody } from '../extract/charset.js';
import type { BodyAnswer, BodyAsk } from './body-reader.js';

parentPort?.on('message', (asks: BodyAsk[]) => {
  for (const { id, rawDir, sha256, contentType } of asks) {
    let answer: BodyAnswer;
    try {
      answer = { id, text: decodeBody(getRaw(rawDir, sha256), contentType) };
    } catch (err) {
      answer = err instanceof RawStoreError ? { id, problem: err.problem, detail: err.detail } : { id, error: (err as Error).message };
    }
    parentPort!.postMessage(answer);
  }
});
