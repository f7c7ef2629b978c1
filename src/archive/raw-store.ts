/**
 * Content-addressed store of fetched bodies, gzip, one per distinct body, written once: beside
 * a SQLite archive as files `raw/<aa>/<sha256>.gz` (temp file, fsync, rename, rewritten only
 * when the file there no longer holds the bytes its name promises), in a PostgreSQL archive as
 * rows of `raw_body` keyed by sha256.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { mkdir, open, rename } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip, gunzipSync, gzip } from 'node:zlib';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** The sha256 (hex) of a body. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Where the body with this sha256 lives under rawDir. */
export function rawPath(rawDir: string, sha256: string): string {
  return path.join(rawDir, sha256.slice(0, 2), `${sha256}.gz`);
}

const gzipAsync = promisify(gzip);
const knownDirs = new Set<string>();

/**
 * Stores a body (once) and returns its sha256 and size. A file already there is checked: one
 * that is missing its end or holds other bytes (a disk error, a crash before fsync in an older
 * version) is replaced by these bytes, which hash to its name. Writes are fsynced (file, then
 * folder) before the capture row that points to them is committed. Compression runs on
 * libuv's thread pool, so other pages go on parsing meanwhile.
 */
export async function putRaw(rawDir: string, bytes: Uint8Array): Promise<{ sha256: string; bytes: number }> {
  const sha256 = sha256Hex(bytes);
  const file = rawPath(rawDir, sha256);
  if (!existsSync(file) || !intact(file, sha256)) {
    const dir = path.dirname(file);
    if (!knownDirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      knownDirs.add(dir);
    }
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(await gzipAsync(bytes, { level: 4 }));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
    await syncDir(dir);
  }
  return { sha256, bytes: bytes.byteLength };
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
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** A stored body could not be read back intact. */
export class RawStoreError extends Error {
  override name = 'RawStoreError';
  constructor(
    readonly sha256: string,
    readonly problem: 'missing' | 'corrupt',
    detail: string,
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
  const actual = sha256Hex(body);
  if (actual !== sha256) throw new RawStoreError(sha256, 'corrupt', `content hashes to ${actual}`);
  return body;
}

/** Where an archive keeps its raw bodies; both kinds check a body against its sha256 on reading. */
export interface RawStore {
  /** Stores a body (once) and returns its sha256 and size. */
  put(bytes: Uint8Array): Promise<{ sha256: string; bytes: number }>;
  /** The body with this sha256; RawStoreError when it is missing or does not hash to it. */
  get(sha256: string): Promise<Buffer>;
}

/** Raw bodies as files under `rawDir` (a SQLite archive). */
export class FileRawStore implements RawStore {
  constructor(readonly rawDir: string) {}
  put(bytes: Uint8Array) {
    return putRaw(this.rawDir, bytes);
  }
  async get(sha256: string) {
    return getRaw(this.rawDir, sha256);
  }
}

const gunzipAsync = promisify(gunzip);

/** Raw bodies as rows of `raw_body (sha256, gz)` (a PostgreSQL archive). */
export class PostgresRawStore implements RawStore {
  constructor(private readonly db: Kysely<Database>) {}

  async put(bytes: Uint8Array) {
    const sha256 = sha256Hex(bytes);
    const known = await this.db.selectFrom('rawBody').select('sha256').where('sha256', '=', sha256).executeTakeFirst();
    if (!known) {
      const gz = await gzipAsync(bytes, { level: 4 });
      await this.db.insertInto('rawBody').values({ sha256, gz }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
    }
    return { sha256, bytes: bytes.byteLength };
  }

  async get(sha256: string) {
    const row = await this.db.selectFrom('rawBody').select('gz').where('sha256', '=', sha256).executeTakeFirst();
    if (!row) throw new RawStoreError(sha256, 'missing', 'no row in raw_body');
    let body: Buffer;
    try {
      body = await gunzipAsync(row.gz);
    } catch (err) {
      throw new RawStoreError(sha256, 'corrupt', (err as Error).message);
    }
    const actual = sha256Hex(body);
    if (actual !== sha256) throw new RawStoreError(sha256, 'corrupt', `content hashes to ${actual}`);
    return body;
  }
}
