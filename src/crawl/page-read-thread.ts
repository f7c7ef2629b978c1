/**
 * Pages read on a thread of their own (page-read-worker.ts), for a caller whose own thread has
 * other work: read(page) gives the ReadOutcome readPage would give here, revived from the other
 * thread (read-transfer.ts). A page whose adapter cannot be read there (readsOffThread), or any
 * page once the thread cannot start or has stopped, is read here instead.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../archive/worker-thread.js';
import { tryReadPage, type PageInput, type ReadOutcome } from './ingest.js';
import { pageToRead, reviveOutcome, type PageToRead, type SentOutcome } from './read-transfer.js';

/** What the reading thread is sent (a list at a time). */
export interface PageAsk {
  id: number;
  page: PageToRead;
}

/** What it answers for one page. */
export interface PageAnswer {
  id: number;
  outcome: SentOutcome;
}

/** Reads pages on another thread; close() it when done. */
export class PageReadThread {
  private worker: Worker | null | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { page: PageInput; settle(o: ReadOutcome): void }>();

  /** Whether pages are being read on the other thread (false before the first, or once it stopped). */
  get onThread(): boolean {
    return !!this.worker;
  }

  /** Reads a page (never rejects: an unreadable page is an outcome with its error). */
  read(page: PageInput): Promise<ReadOutcome> {
    return this.readAll([page])[0]!;
  }

  /** Reads several pages, sent to the thread in one message. */
  readAll(pages: readonly PageInput[]): Promise<ReadOutcome>[] {
    const asks: PageAsk[] = [];
    const out = pages.map((page) => {
      const sent = pageToRead(page);
      const w = sent && this.thread();
      if (!sent || !w) return Promise.resolve(tryReadPage(page));
      return new Promise<ReadOutcome>((settle) => {
        const id = this.nextId++;
        this.pending.set(id, { page, settle });
        asks.push({ id, page: sent });
      });
    });
    if (asks.length) this.worker!.postMessage(asks);
    return out;
  }

  /** Stops the reading thread. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  /** The reading thread, started on first use; null when it cannot be (pages are then read here). */
  private thread(): Worker | null {
    if (this.worker !== undefined) return this.worker;
    try {
      this.worker = startWorker(import.meta.url, 'page-read-worker');
    } catch {
      this.worker = null;
      return null;
    }
    const w = this.worker;
    w.on('message', (a: PageAnswer) => {
      const p = this.pending.get(a.id);
      this.pending.delete(a.id);
      p?.settle(reviveOutcome(a.outcome));
    });
    const fail = () => {
      // The thread is gone: what it still owed is read here, and so is everything after.
      if (this.worker === w) this.worker = null;
      for (const p of this.pending.values()) p.settle(tryReadPage(p.page));
      this.pending.clear();
    };
    w.on('error', fail);
    w.on('exit', fail);
    return w;
  }
}
