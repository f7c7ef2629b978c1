/**
 * Storing one page in one transaction: its records (records.ts), the note that this extractor
 * read its capture (re-extraction), its frontier row marked done and the links it adds. On a
 * SQLite archive the steps run synchronously as prepared statements inside one better-sqlite3
 * transaction (nothing else can run between them, so no other write slips into it); on a
 * PostgreSQL archive as named prepared statements on one pooled connection (write-ops-pg.ts);
 * inside a caller's kysely transaction, through kysely.
 */
import type { Extraction } from '../model/extraction.js';
import { insertCaptureIn } from './captures.js';
import { inTransaction, type Archive, type Db } from './db.js';
import { rowOf, type FrontierEntry } from './frontier.js';
import { applyExtractionSteps, type ApplyContext, type ApplyResult } from './records.js';
import { kyselyWriteOps } from './write-ops-kysely.js';
import { pgWriter } from './write-ops-pg.js';
import { sqliteWriter, type NewCapture } from './write-ops-sqlite.js';
import { call, runAsync, type Steps } from './write-steps.js';

/** Where a stored page came from and how its rows are written. */
export interface StoreContext {
  salt: string;
  extractorVersion: string;
  runId: number | null;
  captureId: number;
  /** When the page was fetched (ISO): the time its rows are seen at. */
  fetchedAt: string;
  /** Record a sighting of unchanged rows (crawls); re-extraction leaves them untouched. */
  touchUnchanged?: boolean;
  /** Note on the capture that this extractor version read it (re-extraction). */
  markExtracted?: boolean;
  /** The crawl's frontier: the request answered (marked done) and the requests to add. */
  frontier?: { key: string; follow: FrontierEntry[] };
}

/** What storing a page did: its records' tally and the frontier entries new to this run. */
export interface Stored {
  result: ApplyResult;
  added: FrontierEntry[];
}

/** The steps of storing one page (inside a transaction). */
export function* storePageSteps(x: Extraction, ctx: StoreContext): Steps<Stored> {
  const result = yield* applyExtractionSteps(x, {
    runId: ctx.runId,
    captureId: ctx.captureId,
    now: ctx.fetchedAt,
    extractorVersion: ctx.extractorVersion,
    salt: ctx.salt,
    touchUnchanged: ctx.touchUnchanged,
  });
  if (ctx.markExtracted) yield* call('markCaptureExtracted', ctx.captureId, ctx.extractorVersion);
  if (!ctx.frontier) return { result, added: [] };
  yield* call('markFrontier', { key: ctx.frontier.key, state: 'done', at: ctx.fetchedAt });
  const added: FrontierEntry[] = [];
  for (const e of ctx.frontier.follow) if (yield* call('addFrontierRow', rowOf(e), ctx.fetchedAt)) added.push(e);
  return { result, added };
}

/** Stores one page's extraction inside the caller's kysely transaction. */
export async function storePageIn(trx: Db, x: Extraction, ctx: StoreContext): Promise<Stored> {
  return runAsync(storePageSteps(x, ctx), kyselyWriteOps(trx));
}

/** Stores one page's extraction in a transaction of its own. */
export async function storePage(archive: Archive, x: Extraction, ctx: StoreContext): Promise<Stored> {
  return inStepTransaction(archive, () => storePageSteps(x, ctx));
}

/**
 * Runs the steps `make` gives in one transaction of `archive`, by its fastest engine: SQLite's
 * prepared statements, PostgreSQL's named ones, else kysely.
 */
async function inStepTransaction<T>(archive: Archive, make: () => Steps<T>): Promise<T> {
  const fast = sqliteWriter(archive);
  if (fast) return fast.transaction(make());
  const pg = pgWriter(archive);
  if (pg) return pg.transaction(make);
  return inTransaction(archive, (trx) => runAsync(make(), kyselyWriteOps(trx)));
}

/**
 * Writes a fetched page's capture row (its body already on disk, captures.ts storeCaptureBody)
 * and the page's records in one transaction: one commit a page, and never a capture row whose
 * records are missing. Returns the capture's id with what storing did.
 */
export async function storeCapturedPage(
  archive: Archive,
  x: Extraction,
  capture: NewCapture,
  ctx: Omit<StoreContext, 'captureId'>,
): Promise<Stored & { captureId: number }> {
  const fast = sqliteWriter(archive);
  if (fast) {
    const { captureId, value } = fast.transactionAfterCapture(capture, (id) => storePageSteps(x, { ...ctx, captureId: id }));
    return { ...value, captureId };
  }
  return inTransaction(archive, async (trx) => {
    const captureId = await insertCaptureIn(trx, capture);
    return { ...(await storePageIn(trx, x, { ...ctx, captureId })), captureId };
  });
}

/** The steps of storing several pages one after another (inside one transaction). */
function* storePagesSteps(pages: readonly { x: Extraction; ctx: StoreContext }[]): Steps<Stored[]> {
  const out: Stored[] = [];
  for (const p of pages) out.push(yield* storePageSteps(p.x, p.ctx));
  return out;
}

/**
 * Stores several pages' extractions in one transaction (re-extraction's batches): all of them
 * or, when one is refused, none.
 */
export async function storePages(archive: Archive, pages: readonly { x: Extraction; ctx: StoreContext }[]): Promise<Stored[]> {
  return inStepTransaction(archive, () => storePagesSteps(pages));
}

/** Stores one extraction (no frontier, no capture note) in a transaction of its own: applyExtraction for an archive. */
export async function applyExtractionTo(archive: Archive, x: Extraction, ctx: ApplyContext): Promise<ApplyResult> {
  return inStepTransaction(archive, () => applyExtractionSteps(x, ctx));
}
