/**
 * A thread that reads pages (read-transfer.ts): for each page it is sent, in order, it finds
 * the adapter by id, parses and validates the page as readPage does, and answers with the
 * extraction or the error taken apart to cross back.
 */
import { parentPort } from 'node:worker_threads';
import { readSent } from './read-transfer.js';
import type { PageAnswer, PageAsk } from './page-read-thread.js';

parentPort?.on('message', (asks: PageAsk[]) => {
  for (const { id, page } of asks) parentPort!.postMessage({ id, outcome: readSent(page) } satisfies PageAnswer);
});
