/**
 * The one ingest path: decode -> parse -> validate -> follow -> store in one transaction. A
 * crawled page, a page an interrupted run stored (resume), a re-extracted capture and
 * `extract` (which stops before storing) all go through it, so they fail with the same errors:
 * a ParseError naming the request for a page the adapter cannot read or whose output does not
 * fit the Extraction schema.
 */
import { insertCaptureRow, setCaptureParseError } from '../archive/captures.js';
import type { Archive } from '../archive/db.js';
import type { FrontierEntry } from '../archive/frontier.js';
import { storeCapturedPage, storePage, type Stored } from '../archive/page-store.js';
import type { NewCapture } from '../archive/write-ops-sqlite.js';
import { decodeBody } from '../extract/charset.js';
import { ParseError } from '../extract/errors.js';
import { extractionSchema, type Extraction } from '../model/extraction.js';
import { requestKey, type PageRequest } from '../model/request.js';
import type { SourceAdapter } from '../sources/types.js';
import { linksToFollow, type FollowContext } from './policy.js';

/** A page to read: the request it answers and its body, as fetched or already decoded. */
export type PageInput = {
  adapter: SourceAdapter;
  request: PageRequest;
  contentType: string | null;
  /** When the site answered by its own clock (see Page.servedAt). */
  servedAt?: string | null;
} & (
  | {
      bytes: Uint8Array;
      /** The body already decoded (the crawler decodes it to look for block pages), if so. */
      text?: string;
    }
  | {
      /** No bytes: the body comes decoded (re-extraction's reading thread decodes it). */
      bytes?: undefined;
      text: string;
    }
);

/** Decodes, parses and validates a page; throws ParseError (or the adapter's own error). */
export function readPage(page: PageInput): Extraction {
  const { adapter, request, contentType } = page;
  const body = page.text ?? decodeBody(page.bytes!, contentType);
  return validate(adapter.parse({ url: request.url, body, contentType, request, servedAt: page.servedAt ?? null }), request);
}

/** What reading a page gave: its extraction, or the error of a page its adapter cannot read. */
export type ReadOutcome = { extraction: Extraction } | { error: Error };

/** Reads a page (readPage) without throwing: the crawler judges an unreadable answer before storing it. */
export function tryReadPage(page: PageInput): ReadOutcome {
  try {
    return { extraction: readPage(page) };
  } catch (err) {
    return { error: err as Error };
  }
}

/**
 * Checks an adapter's output against the Extraction schema; a mismatch is a parser bug. The
 * extraction that passes holds copies of its strings, not slices of the page (detached).
 */
function validate(x: Extraction, request: PageRequest): Extraction {
  const res = extractionSchema.safeParse(x);
  if (res.success) return detached(res.data);
  const issue = res.error.issues[0];
  throw new ParseError(requestKey(request), `extraction.${issue?.path.join('.') ?? ''}`, issue?.message);
}

/**
 * The extraction with every string that V8 may keep as a slice of the page (13 characters and
 * more) copied out of it, in place. A title or body cut from the page kept the whole page alive
 * as long as the extraction: re-extraction holds 200 extractions until their batch is stored,
 * so every page outlived a scavenge and was copied and promoted with them.
 */
function detached<T>(v: T): T {
  if (typeof v === 'string') return (v.length > 12 ? (' ' + v).slice(1) : v) as T;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = detached(v[i]);
  } else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) o[k] = detached(o[k]);
  }
  return v;
}

/** A page its adapter cannot read (a ParseError, or a parser bug): never worth a retry. */
export class UnreadablePageError extends Error {
  override name = 'UnreadablePageError';
  constructor(readonly reason: Error) {
    super(reason.message);
  }
}

/**
 * Reads a stored page, noting on its capture why it could not be read; rethrows that error.
 * `read` is the outcome of reading it already (before it was stored), if so.
 */
export async function readStoredPage(archive: Archive, page: PageInput, captureId: number, read?: ReadOutcome): Promise<Extraction> {
  try {
    return readFetchedPage(page, read);
  } catch (err) {
    await setCaptureParseError(archive, captureId, (err as Error).message);
    throw err;
  }
}

/**
 * The whole path for one crawled (or resumed) page: read it, decide which links to follow,
 * store its records, mark its request done and queue the links, all in one transaction. `capture`
 * is the id of the page's capture row, or (a page just fetched, its body already on disk) the row
 * to write in that same transaction, so a fetched page costs one commit. A page that cannot be
 * read, or whose records cannot be stored, still gets its capture row (noting why, when it
 * cannot be read): its body stays known to the archive. Throws UnreadablePageError when the
 * page cannot be read.
 */
export async function ingestPage(
  archive: Archive,
  page: PageInput,
  ctx: {
    capture: number | NewCapture;
    fetchedAt: string;
    runId: number;
    follow: FollowContext;
    /** The frontier row this page answers, when not that of `page.request` (a redirected page). */
    frontierKey?: string;
    /** What reading the page gave already (the crawler reads it before storing it). */
    read?: ReadOutcome;
    /** Trims the links to follow (a run's limits), given the page they came from. */
    trim?(x: Extraction, follow: FrontierEntry[]): FrontierEntry[];
  },
): Promise<Stored & { extraction: Extraction; captureId: number }> {
  let x: Extraction;
  try {
    x = typeof ctx.capture === 'number' ? await readStoredPage(archive, page, ctx.capture, ctx.read) : readFetchedPage(page, ctx.read);
  } catch (err) {
    if (typeof ctx.capture !== 'number') await setCaptureParseError(archive, await insertCaptureRow(archive, ctx.capture), (err as Error).message);
    throw new UnreadablePageError(err as Error);
  }
  const store = async (capture: number | NewCapture) => {
    const found = await linksToFollow(x, ctx.follow);
    const follow = ctx.trim ? ctx.trim(x, found) : found;
    const c = {
      salt: archive.salt,
      extractorVersion: page.adapter.version,
      runId: ctx.runId,
      fetchedAt: ctx.fetchedAt,
      frontier: { key: ctx.frontierKey ?? requestKey(page.request), follow },
    };
    if (typeof capture === 'number') return { ...(await storePage(archive, x, { ...c, captureId: capture })), captureId: capture };
    return storeCapturedPage(archive, x, capture, c);
  };
  const { capture } = ctx;
  if (typeof capture === 'number') return { ...(await store(capture)), extraction: x };
  try {
    return { ...(await store(capture)), extraction: x };
  } catch (err) {
    // Nothing of the page was stored (its transaction rolled back): its body stays known all the same.
    await insertCaptureRow(archive, capture);
    throw err;
  }
}

/** The extraction of a page just fetched: what reading it gave already, or read now. */
function readFetchedPage(page: PageInput, read?: ReadOutcome): Extraction {
  if (!read) return readPage(page);
  if ('error' in read) throw read.error;
  return read.extraction;
}
