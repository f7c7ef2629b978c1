/**
 * Re-extraction's bodies, read ahead of the page being stored: on a SQLite archive one worker
 * thread (body-read-worker.ts) reads each raw file, unzips it, checks its sha256 and decodes
 * it, and, for a share of the bodies asked with the page they are (`read`, an adapter
 * readsOffThread), parses and validates the page there too (read-transfer.ts), so the
 * thread that stores receives the extraction and pays only for storing it. The rest come back
 * as text for that thread to parse: the share follows which of the two threads waits for the
 * other (BodyQueue), so both stay busy. Elsewhere (a PostgreSQL archive's raw_body rows), or
 * when the thread cannot start or stops, bodies are read through the archive's raw store and
 * decoded here. Either way a body that is missing or does not hash to its name is a
 * RawStoreError, as RawStore.get gives it.
 */
import type { Worker } from 'node:worker_threads';
import type { Archive } from '../archive/db.js';
import { FileRawStore, RawStoreError } from '../archive/raw-store.js';
import { startWorker } from '../archive/worker-thread.js';
import { decodeBody } from '../extract/charset.js';
import type { PageRequest } from '../model/request.js';
import type { ReadOutcome } from './ingest.js';
import { reviveOutcome, type SentOutcome } from './read-transfer.js';

/** A body to read: the capture's sha256 and the Content-Type it was served with. */
export interface BodyRef {
  sha256: string;
  contentType: string | null;
  /** The page the body is, to be read (parsed, validated) on the reading thread: its adapter by id (readsOffThread). */
  read?: PageToReadAs;
}

/** Which page a body is: what read-transfer.ts needs besides the body and its Content-Type. */
export interface PageToReadAs {
  adapterId: string;
  request: PageRequest;
  servedAt: string | null;
}

/** What the reading thread is asked (a list at a time). */
export interface BodyAsk extends BodyRef {
  id: number;
  rawDir: string;
}

/**
 * What it answers for one body: its text, what reading the page gave (asked with `read`), a
 * RawStoreError's parts, or another error's message.
 */
export type BodyAnswer =
  | { id: number; text: string }
  | { id: number; outcome: SentOutcome }
  | { id: number; problem: 'missing' | 'corrupt'; detail: string }
  | { id: number; error: string };

/** A body asked with `read` and read on the reading thread: the outcome readPage gives, revived. */
export interface PageRead {
  read: ReadOutcome;
}

/**
 * A body's text, what reading its page gave (asked with `read` and read on the thread: never
 * when the body was read here), or the error that kept the body from being read. Settled
 * values: nothing rejects unseen.
 */
export type BodyText = string | PageRead | Error;

/** Reads bodies for one re-extraction run; close() it when done. */
export class BodyReader {
  private worker: Worker | null | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { ref: BodyRef; settle(v: BodyText): void }>();
  /** The id of the last body the reading thread answered, written there. */
  private readonly progress = new Int32Array(new SharedArrayBuffer(4));

  constructor(private readonly archive: Archive) {}

  /** Whether bodies are being read on the reading thread (false before the first, or once it stopped). */
  get onThread(): boolean {
    return !!this.worker;
  }

  /**
   * The texts of `refs`, each asked for at most `ahead` bodies before it is taken. Of those
   * asked with their page, the share `threadShare` is read on the thread; without it, a share
   * that follows which thread waits for the other (BodyQueue).
   */
  queue(refs: readonly BodyRef[], ahead: number, threadShare?: number): BodyQueue {
    return new BodyQueue(this, refs, ahead, threadShare);
  }

  /**
   * Asks for several bodies at once; the promises never reject. Each comes with the id to ask
   * answered() about (0 for a body read here).
   */
  ask(refs: readonly BodyRef[]): { text: Promise<BodyText>; id: number }[] {
    const raw = this.archive.raw;
    const w = raw instanceof FileRawStore ? this.thread() : null;
    if (!w || !(raw instanceof FileRawStore)) return refs.map((r) => ({ text: this.readHere(r), id: 0 }));
    const asks: BodyAsk[] = [];
    const out = refs.map((ref) => {
      const id = this.nextId++;
      const text = new Promise<BodyText>((settle) => this.pending.set(id, { ref, settle }));
      asks.push({ id, rawDir: raw.rawDir, sha256: ref.sha256, contentType: ref.contentType, read: ref.read });
      return { text, id };
    });
    w.postMessage(asks);
    return out;
  }

  /**
   * Whether the reading thread has answered the body asked as `id`, though this thread may not
   * have received the answer yet (answers arrive only while it waits): the thread counts them in
   * shared memory.
   */
  answered(id: number): boolean {
    return id === 0 || !this.worker || Atomics.load(this.progress, 0) >= id;
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
      this.worker = startWorker(import.meta.url, 'body-read-worker', { workerData: { progress: this.progress } });
    } catch {
      this.worker = null;
      return null;
    }
    const w = this.worker;
    w.on('message', (a: BodyAnswer) => {
      const p = this.pending.get(a.id);
      this.pending.delete(a.id);
      if (!p) return;
      if ('text' in a) p.settle(a.text);
      else if ('outcome' in a) p.settle({ read: reviveOutcome(a.outcome) });
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

/**
 * How much the share of pages read on the thread moves each time a body is taken: up when it
 * was ready (the thread is ahead: the taker sets the pace), down when the taker had to wait.
 */
const STEP = 0.003;

/**
 * The texts of a list of bodies, taken in order, the next ones read meanwhile. Of the bodies
 * asked with their page (`read`), a share is read (parsed, validated) on the reading thread and
 * the others are handed back as text for the taker to read: parsing all of them there would
 * make that thread, which also reads, unzips, checks and decodes every body, the slower of the
 * two. The share starts at half and follows which thread waits for the other, so both stay busy.
 */
export class BodyQueue {
  private readonly texts = new Map<number, { text: Promise<BodyText>; id: number }>();
  private asked = 0;
  private taken = 0;
  /** The share of pages asked with `read` that keep it (are read on the thread), and the running sum that spreads them. */
  private share: number;
  private credit = 0;
  private readonly adapts: boolean;

  constructor(
    private readonly reader: BodyReader,
    private readonly refs: readonly BodyRef[],
    private readonly ahead: number,
    /** A fixed share of pages to read on the thread (0 to 1); without it the share adapts. */
    threadShare?: number,
  ) {
    this.share = threadShare ?? 0.5;
    this.adapts = threadShare === undefined;
  }

  /** The share of pages now read on the thread (0 to 1). */
  get threadShare(): number {
    return this.share;
  }

  /** The text of the next body, or what reading its page gave, or why it could not be read. */
  next(): Promise<BodyText> {
    const k = this.taken++;
    if (k >= this.refs.length) throw new RangeError(`body ${k} of ${this.refs.length}`);
    // Asked in runs of half the window, so the thread gets a list at a time, not one message a body.
    const upTo = Math.min(this.refs.length, k + this.ahead);
    if (k >= this.asked - Math.floor(this.ahead / 2) && upTo > this.asked) {
      const got = this.reader.ask(this.refs.slice(this.asked, upTo).map((r) => this.split(r)));
      for (const [i, asked] of got.entries()) this.texts.set(this.asked + i, asked);
      this.asked = Math.max(this.asked, upTo);
    }
    const entry = this.texts.get(k)!;
    this.texts.delete(k);
    if (this.adapts) this.share = Math.min(1, Math.max(0, this.share + (this.reader.answered(entry.id) ? STEP : -STEP)));
    return entry.text;
  }

  /** The body as asked: with its page to read on the thread while the share says so, else without. */
  private split(ref: BodyRef): BodyRef {
    if (!ref.read) return ref;
    this.credit += this.share;
    if (this.credit >= 1) {
      this.credit -= 1;
      return ref;
    }
    return { sha256: ref.sha256, contentType: ref.contentType };
  }
}
