/** Capture rows: one per fetched body, written before the body is parsed. */
import type { PageKind } from '../model/extraction.js';
import { requestKey, toRequest, type PageRequest } from '../model/request.js';
import type { Archive, Db } from './db.js';
import { gzipForRow, sha256Hex } from './raw-store.js';
import { pgWriter, type PgWriter } from './write-ops-pg.js';
import { sqliteWriter, type NewCapture } from './write-ops-sqlite.js';

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
  /** The request this body answers, when it was not a plain GET of `url`. */
  request?: PageRequest;
  /** When the site answered by its own clock (its HTTP Date header), when it said. */
  servedAt?: string | null;
}

/**
 * Stores the raw body (content-addressed) and its capture row; returns the capture id and
 * sha256. The body is on disk (fsynced) before the row that points to it is committed.
 */
export async function recordCapture(archive: Archive, c: CaptureInput): Promise<{ id: number; sha256: string }> {
  const pg = pgWriter(archive);
  // PostgreSQL: a new body and its capture row go in one statement.
  if (pg) {
    const { sha256, bytes, gz } = await newBodyFor(pg, c.body);
    return { id: await pg.insertCapture(captureRow(c, sha256, bytes), gz), sha256 };
  }
  const row = await storeCaptureBody(archive, c);
  return { id: await insertCaptureRow(archive, row), sha256: row.sha256 };
}

/**
 * Stores a fetched page's body and gives what ingesting the page needs of its capture. On
 * SQLite, the capture row, not yet written: its body is on disk (fsynced), and the row goes in
 * with the page's records, one commit a page (page-store.ts storeCapturedPage). On PostgreSQL,
 * the id of the row written with its body in one statement (recordCapture).
 */
export async function captureFetched(archive: Archive, c: CaptureInput): Promise<number | NewCapture> {
  if (pgWriter(archive)) return (await recordCapture(archive, c)).id;
  return storeCaptureBody(archive, c);
}

/** Stores the raw body (content-addressed, fsynced) and returns the capture row that may now point to it, not yet written. */
export async function storeCaptureBody(archive: Archive, c: CaptureInput): Promise<NewCapture> {
  const { sha256, bytes } = await archive.raw.put(c.body);
  return captureRow(c, sha256, bytes);
}

function captureRow(c: CaptureInput, sha256: string, bytes: number): NewCapture {
  return {
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
    method: c.request?.method ?? 'GET',
    requestBody: c.request?.body ?? null,
    requestKey: c.request ? requestKey(c.request) : c.url,
    servedAt: c.servedAt ?? null,
  };
}

/** Writes a capture row (its body already stored, storeCaptureBody) in a commit of its own; returns its id. */
export async function insertCaptureRow(archive: Archive, row: NewCapture): Promise<number> {
  const fast = sqliteWriter(archive);
  if (fast) {
    // A commit of its own: not one of the write group's pages.
    fast.commit();
    return fast.ops.insertCapture(row);
  }
  return insertCaptureIn(archive.db, row);
}

/** Writes a capture row inside the caller's kysely transaction; returns its id. */
export async function insertCaptureIn(db: Db, row: NewCapture): Promise<number> {
  const inserted = await db
    .insertInto('capture')
    .values({ ...row, parseError: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/** A body's sha256 and size, and its gzip when the archive does not hold it yet. */
async function newBodyFor(pg: PgWriter, body: Uint8Array): Promise<{ sha256: string; bytes: number; gz: Buffer | null }> {
  const sha256 = sha256Hex(body);
  const gz = (await pg.hasBody(sha256)) ? null : await gzipForRow(body);
  return { sha256, bytes: body.byteLength, gz };
}

/** Notes on a capture why its body could not be parsed (null clears it). */
export async function setCaptureParseError(archive: Archive, captureId: number, error: string | null): Promise<void> {
  await archive.db.updateTable('capture').set({ parseError: error }).where('id', '=', captureId).execute();
}

/** Notes that a capture was parsed and stored by this extractor version (clears any parse error). */
export async function markCaptureExtracted(db: Db, c: { captureId: number; extractorVersion: string }): Promise<void> {
  await db.updateTable('capture').set({ extractorVersion: c.extractorVersion, parseError: null }).where('id', '=', c.captureId).execute();
}

/** A capture as re-reading it needs it: where its body is and how it was served. */
export interface StoredCapture {
  id: number;
  url: string;
  sha256: string;
  contentType: string | null;
  fetchedAt: string;
  runId: number | null;
  /** When the site answered by its own clock, if it said. */
  servedAt: string | null;
  /** The request the body answers (method and body as sent; no headers). */
  request: PageRequest;
}

const CAPTURE_FIELDS = ['id', 'url', 'sha256', 'contentType', 'fetchedAt', 'runId', 'servedAt', 'kind', 'method', 'requestBody'] as const;

type CaptureRow = Omit<StoredCapture, 'request'> & { kind: string | null; method: string; requestBody: string | null };

function storedOf({ kind, method, requestBody, ...c }: CaptureRow): StoredCapture {
  return { ...c, request: toRequest({ url: c.url, kind: (kind ?? 'other') as PageKind, method, body: requestBody }) };
}

/** The newest capture run `runId` stored for a request key and nobody failed to parse, if any. */
export async function parsableCaptureOfRun(db: Db, q: { requestKey: string; runId: number }): Promise<StoredCapture | undefined> {
  const row = await db
    .selectFrom('capture')
    .select(CAPTURE_FIELDS)
    .where('requestKey', '=', q.requestKey)
    .where('runId', '=', q.runId)
    .where('parseError', 'is', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && storedOf(row);
}

/**
 * The successful captures of a source to re-extract, oldest first. `replay` takes every one
 * (history replays as the crawl saw it); otherwise only the newest capture of each request, and
 * only when another extractor version made it or it failed to parse.
 */
export async function capturesToReextract(
  db: Db,
  q: { sourceId: string; replay: boolean; extractorVersion: string },
): Promise<StoredCapture[]> {
  let query = db
    .selectFrom('capture')
    .select(CAPTURE_FIELDS)
    .where('sourceId', '=', q.sourceId)
    .where('httpStatus', '<', 400)
    .orderBy('fetchedAt')
    .orderBy('id');
  if (!q.replay) {
    query = query
      .where((eb) =>
        eb(
          'id',
          'in',
          eb
            .selectFrom('capture as newest')
            .select((e) => e.fn.max('newest.id').as('id'))
            .where('newest.sourceId', '=', q.sourceId)
            .groupBy('newest.requestKey'),
        ),
      )
      .where((eb) =>
        eb.or([eb('extractorVersion', 'is', null), eb('extractorVersion', '!=', q.extractorVersion), eb('parseError', 'is not', null)]),
      );
  }
  return (await query.execute()).map(storedOf);
}

/**
 * The body an interrupted run `runId` stored for a request that a resume may apply instead of
 * fetching: only one tied to the request's pending frontier row (fetched after the row was
 * queued) and with no newer capture of the request, so a resume never applies a body older
 * than what the archive already holds.
 */
export async function resumableCapture(db: Db, q: { requestKey: string; runId: number }): Promise<StoredCapture | undefined> {
  const c = await parsableCaptureOfRun(db, q);
  if (!c) return undefined;
  const row = await db.selectFrom('frontier').select(['state', 'updatedAt']).where('key', '=', q.requestKey).executeTakeFirst();
  if (!row || row.state !== 'pending' || Date.parse(row.updatedAt) > Date.parse(c.fetchedAt)) return undefined;
  const newer = await db.selectFrom('capture').select('id').where('requestKey', '=', q.requestKey).where('id', '>', c.id).limit(1).executeTakeFirst();
  return newer ? undefined : c;
}
