/**
 * The crawl's storing thread (fetched-page-worker.ts): a fetched page goes over in one message
 * (a copy of its body handed over whole) and comes back in one. The thread reads the answer
 * as the crawl's own thread would (fetched-read.ts: decode, scrub, parse, validate, block
 * test) and, unless it is a block page, writes the body kept into the raw store (writeRawHere:
 * hash, gzip, temp file, fsync, rename) before it answers with the stored body's sha256 and
 * size and the read outcome (read-transfer.ts). So the crawl's thread spends one message a
 * page on what was two jobs, and a block page is never written at all. A page whose adapter
 * another thread cannot rebuild from its id (readsOffThread) is read and stored as before.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../archive/worker-thread.js';
import type { SourceAdapter } from '../sources/types.js';
import type { FetchedAnswer } from './fetched-read.js';
import type { ReadOutcome } from './ingest.js';
import { readsOffThread, reviveOutcome, type SentOutcome } from './read-transfer.js';

/** What the storing thread is sent for one page. */
export interface StoreAsk {
  id: number;
  rawDir: string;
  adapterId: string;
  answer: Omit<FetchedAnswer, 'headers'> & { headers: [string, string][] };
}

/** What it answers: a block page's reason (nothing written), the stored body and the read outcome, or why it failed. */
export type StoreAnswer =
  | { id: number; block: string }
  | { id: number; sha256: string; bytes: number; outcome: SentOutcome; scrubbed?: Uint8Array }
  | { id: number; error: string };

/** A page stored and read on the storing thread. */
export type StoredRead =
  | { block: string }
  | {
      block: null;
      /** The body on disk (fsynced): its sha256 and size. */
      stored: { sha256: string; bytes: number };
      /** The body stored: the one fetched, or the board's scrubbed copy of it. */
      kept: Uint8Array;
      read: ReadOutcome;
    };

let worker: Worker | null | undefined;
let nextId = 1;
const pending = new Map<number, { body: Uint8Array; resolve(v: StoredRead): void; reject(e: Error): void }>();

/**
 * Reads an answer and stores its body on the storing thread, or null when this page is the
 * caller's to read and store (its adapter cannot be rebuilt there, or the thread cannot run).
 * Resolves once the body is on disk, or with the reason of a block page (nothing written);
 * rejects when the thread could not store it (a retry stores it again: the raw store is
 * content-addressed).
 */
export function storeAndRead(rawDir: string, adapter: SourceAdapter, answer: FetchedAnswer): Promise<StoredRead> | null {
  if (!readsOffThread(adapter)) return null;
  const w = storingThread();
  if (!w) return null;
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { body: answer.bytes, resolve, reject });
    if (pending.size === 1) w.ref();
    // A copy of the view's own bytes, handed over whole (not the buffer pool it may sit in).
    const bytes = new Uint8Array(answer.bytes);
    const headers: [string, string][] = [];
    answer.headers.forEach((value, name) => headers.push([name, value]));
    const ask: StoreAsk = { id, rawDir, adapterId: adapter.id, answer: { ...answer, bytes, headers } };
    w.postMessage(ask, [bytes.buffer]);
  });
}

/** Starts the storing thread ahead of the first page (it loads every adapter), when it can run. */
export function warmStoringThread(): void {
  storingThread();
}

/** The storing thread, started on first use; null when it cannot be. It keeps the process alive only while a page is in its hands. */
function storingThread(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    worker = startWorker(import.meta.url, 'fetched-page-worker');
  } catch {
    worker = null;
    return null;
  }
  const w = worker;
  w.on('message', (a: StoreAnswer) => {
    const p = pending.get(a.id);
    pending.delete(a.id);
    if (pending.size === 0) w.unref();
    if (!p) return;
    if ('error' in a) p.reject(new Error(a.error));
    else if ('block' in a) p.resolve({ block: a.block });
    else p.resolve({ block: null, stored: { sha256: a.sha256, bytes: a.bytes }, kept: a.scrubbed ?? p.body, read: reviveOutcome(a.outcome) });
  });
  const fail = (err: Error) => {
    // The pages in flight are not known to be stored: they fail (and are retried), later ones are stored by the caller.
    if (worker === w) worker = null;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  w.on('error', fail);
  w.on('exit', (code) => fail(new Error(`the crawl's storing thread stopped (exit code ${code})`)));
  // After the listeners: adding a 'message' listener refs the thread again.
  w.unref();
  return w;
}
