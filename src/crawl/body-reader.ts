/**
 * Re-extraction's bodies as text, read ahead of the page being parsed: on a SQLite archive one
 * worker thread (body-read-worker.ts) reads each raw file, unzips it, checks its sha256 and
 * decodes it, so the thread that parses and stores pays only for making the text. The text
 * comes over as UTF-16 code units in a transferred buffer and is made a string only when it is
 * taken: a string sent as such is made on arrival, and the hundred read ahead outlived this
 * thread's young generation and were promoted, most of a body each, to be collected by a full
 * garbage collection (measured: 257 MB promoted over 2,429 captures, 85 MB this way). Elsewhere
 * (a PostgreSQL archive's raw_body rows), or when the thread cannot start or stops, bodies are
 * read through the archive's raw store and decoded here. Either way a body that is missing or
 * does not hash to its name is a RawStoreError, as RawStore.get gives it.
 */
import type { Worker } from 'node:worker_threads';
import type { Archive } from '../archive/db.js';
import { FileRawStore, RawStoreError } from '../archive/raw-store.js';
import { startWorker } from '../archive/worker-thread.js';
import { decodeBody } from '../extract/charset.js';

/** A body to read: the capture's sha256 and the Content-Type it was served with. */
export interface BodyRef {
  sha256: string;
  contentType: string | null;
}

/** What the reading thread is asked (a list at a time). */
export interface BodyAsk extends BodyRef {
  id: number;
  rawDir: string;
}

/**
 * What it answers for one body: its text as UTF-16LE code units (a buffer handed over, not
 * copied), a RawStoreError's parts, or another error's message.
 */
export type BodyAnswer = { id: number; utf16: ArrayBuffer } | { id: number; problem: 'missing' | 'corrupt'; detail: string } | { id: number; error: string };

/** A body's text, or the error that kept it from being read (settled values: nothing rejects unseen). */
export type BodyText = string | Error;

/** A body as asked: its text, its text still as UTF-16LE code units, or the error. */
export type BodyHeld = BodyText | ArrayBuffer;

/** The text of a body as asked (made into a string now when it came as code units). */
export function textOf(held: BodyHeld): BodyText {
  return held instanceof ArrayBuffer ? Buffer.from(held).toString('utf16le') : held;
}

/** Reads bodies for one re-extraction run; close() it when done. */
export class BodyReader {
  private worker: Worker | null | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { ref: BodyRef; settle(v: BodyHeld): void }>();

  constructor(private readonly archive: Archive) {}

  /** Whether bodies are being read on the reading thread (false before the first, or once it stopped). */
  get onThread(): boolean {
    return !!this.worker;
  }

  /** The texts of `refs`, each asked for at most `ahead` bodies before it is taken. */
  queue(refs: readonly BodyRef[], ahead: number): BodyQueue {
    return new BodyQueue(this, refs, ahead);
  }

  /** Asks for several bodies at once (textOf makes each a text); the promises never reject. */
  ask(refs: readonly BodyRef[]): Promise<BodyHeld>[] {
    const raw = this.archive.raw;
    const w = raw instanceof FileRawStore ? this.thread() : null;
    if (!w || !(raw instanceof FileRawStore)) return refs.map((r) => this.readHere(r));
    const asks: BodyAsk[] = [];
    const out = refs.map(
      (ref) =>
        new Promise<BodyHeld>((settle) => {
          const id = this.nextId++;
          this.pending.set(id, { ref, settle });
          asks.push({ id, rawDir: raw.rawDir, sha256: ref.sha256, contentType: ref.contentType });
        }),
    );
    w.postMessage(asks);
    return out;
  }

  /** Stops the reading thread. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  /** A body read through the archive's raw store and decoded on this thread. */
  private readHere(ref: BodyRef): Promise<BodyText> {
    return this.archive.raw.get(ref.sha256).then(
      (bytes) => decodeBody(bytes, ref.contentType),
      (err: unknown) => err as Error,
    );
  }

  /** The reading thread, started on first use; null when it cannot be (bodies are then read here). */
  private thread(): Worker | null {
    if (this.worker !== undefined) return this.worker;
    try {
      this.worker = startWorker(import.meta.url, 'body-read-worker');
    } catch {
      this.worker = null;
      return null;
    }
    const w = this.worker;
    w.on('message', (a: BodyAnswer) => {
      const p = this.pending.get(a.id);
      this.pending.delete(a.id);
      if (!p) return;
      if ('utf16' in a) p.settle(a.utf16);
      else if ('problem' in a) p.settle(new RawStoreError(p.ref.sha256, a.problem, a.detail));
      else p.settle(new Error(a.error));
    });
    const fail = () => {
      // The thread is gone: what it still owed is read here, and so is everything after.
      if (this.worker === w) this.worker = null;
      for (const p of this.pending.values()) void this.readHere(p.ref).then(p.settle);
      this.pending.clear();
    };
    w.on('error', fail);
    w.on('exit', fail);
    return w;
  }
}

/** The texts of a list of bodies, taken in order, the next ones read meanwhile. */
export class BodyQueue {
  private readonly texts = new Map<number, Promise<BodyHeld>>();
  private asked = 0;
  private taken = 0;

  constructor(
    private readonly reader: BodyReader,
    private readonly refs: readonly BodyRef[],
    private readonly ahead: number,
  ) {}

  /** The text of the next body (or why it could not be read). */
  next(): Promise<BodyText> {
    const k = this.taken++;
    if (k >= this.refs.length) throw new RangeError(`body ${k} of ${this.refs.length}`);
    // Asked in runs of half the window, so the thread gets a list at a time, not one message a body.
    const upTo = Math.min(this.refs.length, k + this.ahead);
    if (k >= this.asked - Math.floor(this.ahead / 2) && upTo > this.asked) {
      const got = this.reader.ask(this.refs.slice(this.asked, upTo));
      for (const [i, p] of got.entries()) this.texts.set(this.asked + i, p);
      this.asked = Math.max(this.asked, upTo);
    }
    const held = this.texts.get(k)!;
    this.texts.delete(k);
    return held.then(textOf);
  }
}

