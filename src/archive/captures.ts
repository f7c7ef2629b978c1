/** Capture rows: one per fetched body, written before the body is parsed. */
import type { Archive } from './db.js';
import { putRaw } from './raw-store.js';

export interface CaptureInput {
  url: string;
  sourceId: string | null;
  kind: string | null;
  fetchedAt: string;
  httpStatus: number;
  contentType: string | null;
  body: Uint8Array;
  extractorVersion: string | null;
  runId: number | null;
}

/** Stores the raw body (content-addressed) and its capture row; returns the capture id and sha256. */
export async function recordCapture(archive: Archive, c: CaptureInput): Promise<{ id: number; sha256: string }> {
  const { sha256, bytes } = await putRaw(archive.rawDir, c.body);
  const res = await archive.db
    .insertInto('capture')
    .values({
      url: c.url,
      sourceId: c.sourceId,
      kind: c.kind,
      fetchedAt: c.fetchedAt,
      httpStatus: c.httpStatus,
      contentType: c.contentType,
      sha256,
      bytes,
      extractorVersion: c.extractorVersion,
      runId: c.runId,
      parseError: null,
    })
    .executeTakeFirstOrThrow();
  return { id: Number(res.insertId), sha256 };
}

/** Notes on a capture why its body could not be parsed (null clears it). */
export async function setCaptureParseError(archive: Archive, captureId: number, error: string | null): Promise<void> {
  await archive.db.updateTable('capture').set({ parseError: error }).where('id', '=', captureId).execute();
}
