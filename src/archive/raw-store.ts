/**
 * Content-addressed store of fetched bodies, gzip, one per distinct body, written once: beside
 * a SQLite archive as files `raw/<aa>/<sha256>.gz` (temp file, fsync, rename, rewritten only
 * when the file there no longer holds the bytes its name promises), in a PostgreSQL archive as
 * rows of `raw_body` keyed by sha256.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Worker } from 'node:worker_threads';
import { gunzip, gunzipSync, gzip, gzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { startWorker } from './worker-thread.js';

/** The sha256 (hex) of a body. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Where the body with this sha256 lives under rawDir. */
export function rawPath(rawDir: string, sha256: string): string {
  return path.join(rawDir, sha256.slice(0, 2), `${sha256}.gz`);
}

const knownDirs = new Set<string>();

/**
 * Stores a body (once) and returns its sha256 and size. A file already there is checked: one
 * that is missing its end or holds other bytes (a disk error, a crash before fsync in an older
 * version) is replaced by these bytes, which hash to its name. Writes are fsynced (file, then
 * folder) before the promise resolves, so before the capture row that points to them is
 * committed. The work (hashing, gzip, the writes and fsyncs) runs on one worker thread
 * (raw-write-worker.ts), so the crawl's thread goes on parsing meanwhile and pays one message
 * a body instead of a promise per file operation; without a worker it runs here (writeRawHere).
 */
export function putRaw(rawDir: string, bytes: Uint8Array): Promise<{ sha256: string; bytes: number }> {
  const w = writer();
  if (!w) return writeRawHere(rawDir, bytes);
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    if (pending.size === 1) w.ref();
    // A copy of the view's own bytes, handed over whole (not the buffer pool it may sit in).
    const copy = new Uint8Array(bytes);
    w.postMessage({ id, rawDir, bytes: copy }, [copy.buffer]);
  });
}

/** What the worker answers for one body. */
export type RawWriteAnswer = { id: number; sha256: string; bytes: number } | { id: number; error: string };

let worker: Worker | null | undefined;
let nextId = 1;
const pending = new Map<number, { resolve(v: { sha256: string; bytes: number }): void; reject(e: Error): void }>();

/**
 * The writing thread, started on first use; null when it cannot be (then bodies are written
 * here). It keeps the process alive only while a body is being written.
 */
function writer(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    worker = startWorker(import.meta.url, 'raw-write-worker');
  } catch {
    worker = null;
    return null;
  }
  worker.unref();
  worker.on('message', (a: RawWriteAnswer) => {
    const p = pending.get(a.id);
    pending.delete(a.id);
    if (pending.size === 0) worker?.unref();
    if (!p) return;
    if ('error' in a) p.reject(new Error(a.error));
    else p.resolve({ sha256: a.sha256, bytes: a.bytes });
  });
  const fail = (err: Error) => {
    // The bodies in flight are not known to be on disk: their puts fail, later ones are written here.
    worker = null;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the raw store's writing thread stopped (exit code ${code})`)));
  return worker;
}


/**
 * putRaw on the calling thread: hashing, gzip and the writes here, synchronously (a body is
 * small and lands in the page cache); only the two fsyncs wait on libuv's thread pool, so the
 * bodies in flight are flushed side by side, as a disk takes them best.
 */
export async function writeRawHere(rawDir: string, bytes: Uint8Array): Promise<{ sha256: string; bytes: number }> {
  const sha256 = sha256Hex(bytes);
  const file = rawPath(rawDir, sha256);
  if (!existsSync(file) || !intact(file, sha256)) {
    const dir = path.dirname(file);
    if (!knownDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      knownDirs.add(dir);
    }
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeFully(fd, gzipSync(bytes, { level: RAW_FILE_GZIP_LEVEL }));
      await fsyncAsync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    await syncDir(dir);
  }
  return { sha256, bytes: bytes.byteLength };
}

const fsyncAsync = promisify(fsync);

/**
 * gzip level of the raw files: 1, the fastest. On the simulator's 42 KB pages it costs 0.17 ms
 * a body against 0.25 ms at level 4, for files 9% larger (22.6% of the body against 20.7%);
 * every body of a crawl is compressed once and read back rarely, and a reader unzips any level.
 */
const RAW_FILE_GZIP_LEVEL = 1;

function writeFully(fd: number, data: Uint8Array): void {
  for (let at = 0; at < data.byteLength; ) at += writeSync(fd, data, at);
}

/** Whether the stored file of this sha256 reads back to exactly its bytes. */
function intact(file: string, sha256: string): boolean {
  try {
    return sha256Hex(gunzipSync(readFileSync(file))) === sha256;
  } catch {
    return false;
  }
}

/** fsyncs a folder, so a rename into it survives a power loss. */
async function syncDir(dir: string): Promise<void> {
  const fd = openSync(dir, 'r');
  try {
    await fsyncAsync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A stored body could not be read back intact. */
export class RawStoreError extends Error {
  override name = 'RawStoreError';
  constructor(
    readonly sha256: string,
    readonly problem: 'missing' | 'corrupt',
    readonly detail: string,
  ) {
    super(`raw body ${sha256} is ${problem}: ${detail}`);
  }
}

/** Reads a stored body and checks it against its sha256; throws RawStoreError otherwise. */
export function getRaw(rawDir: string, sha256: string): Buffer {
  const file = rawPath(rawDir, sha256);
  if (!existsSync(file)) throw new RawStoreError(sha256, 'missing', file);
  let body: Buffer;
  try {
    body = gunzipSync(readFileSync(file));
  } catch (err) {
    throw new RawStoreError(sha256, 'corrupt', (err as Error).message);
  }
  return checkedBody(sha256, body);
}

/** `body` when it hashes to `sha256`; RawStoreError (corrupt) otherwise. */
function checkedBody(sha256: string, body: Buffer): Buffer {
  const actual = sha256Hex(body);
  if (actual !== sha256) throw new RawStoreError(sha256, 'corrupt', `content hashes to ${actual}`);
  return body;
}

/** A stored gzip unzipped on the thread pool and checked against its sha256 (RawStoreError otherwise). */
async function unzipChecked(sha256: string, gz: Buffer): Promise<Buffer> {
  let body: Buffer;
  try {
    body = await gunzipAsync(gz);
  } catch (err) {
    throw new RawStoreError(sha256, 'corrupt', (err as Error).message);
  }
  return checkedBody(sha256, body);
}

/** Where an archive keeps its raw bodies; both kinds check a body against its sha256 on reading. */
export interface RawStore {
  /** Stores a body (once) and returns its sha256 and size. */
  put(bytes: Uint8Array): Promise<{ sha256: string; bytes: number }>;
  /** The body with this sha256; RawStoreError when it is missing or does not hash to it. */
  get(sha256: string): Promise<Buffer>;
}

const gunzipAsync = promisify(gunzip);

/** Raw bodies as files under `rawDir` (a SQLite archive). */
export class FileRawStore implements RawStore {
  constructor(readonly rawDir: string) {}
  put(bytes: Uint8Array) {
    return putRaw(this.rawDir, bytes);
  }
  /** As getRaw, with the file read and unzipped on the thread pool, so several can be under way while the caller works. */
  async get(sha256: string) {
    const file = rawPath(this.rawDir, sha256);
    let gz: Buffer;
    try {
      gz = await readFile(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new RawStoreError(sha256, 'missing', file);
      throw err;
    }
    return unzipChecked(sha256, gz);
  }
}

const gzipAsync = promisify(gzip);

/** A body as a raw_body row of PostgreSQL holds it (gzip, level 4), compressed on the thread pool. */
export function gzipForRow(bytes: Uint8Array): Promise<Buffer> {
  return gzipAsync(bytes, { level: 4 });
}

/** Raw bodies as rows of `raw_body (sha256, gz)` (a PostgreSQL archive). */
export class PostgresRawStore implements RawStore {
  constructor(private readonly db: Kysely<Database>) {}

  async put(bytes: Uint8Array) {
    const sha256 = sha256Hex(bytes);
    const known = await this.db.selectFrom('rawBody').select('sha256').where('sha256', '=', sha256).executeTakeFirst();
    if (!known) {
      const gz = await gzipForRow(bytes);
      await this.db.insertInto('rawBody').values({ sha256, gz }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
    }
    return { sha256, bytes: bytes.byteLength };
  }

  async get(sha256: string) {
    const row = await this.db.selectFrom('rawBody').select('gz').where('sha256', '=', sha256).executeTakeFirst();
    if (!row) throw new RawStoreError(sha256, 'missing', 'no row in raw_body');
    return unzipChecked(sha256, row.gz);
  }
}
