/**
 * Content-addressed store of fetched bodies: `raw/<aa>/<sha256>.gz`, one gzip file per
 * distinct body, written once (temp file + rename) and never rewritten.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

/** The sha256 (hex) of a body. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Where the body with this sha256 lives under rawDir. */
export function rawPath(rawDir: string, sha256: string): string {
  return path.join(rawDir, sha256.slice(0, 2), `${sha256}.gz`);
}

/** Stores a body (once) and returns its sha256 and size. */
export function putRaw(rawDir: string, bytes: Uint8Array): { sha256: string; bytes: number } {
  const sha256 = sha256Hex(bytes);
  const file = rawPath(rawDir, sha256);
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(tmp, gzipSync(bytes, { level: 6 }));
    renameSync(tmp, file);
  }
  return { sha256, bytes: bytes.byteLength };
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
