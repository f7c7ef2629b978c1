/**
 * Re-extraction: the current adapters over the stored captures, offline, through the crawl's
 * ingest path (each capture read with the request it answered), in the order the pages were
 * fetched (so history replays as it happened). By default only the newest capture of each
 * request is read, and only when another extractor version made it (or it failed to parse);
 * rows whose extraction did not change are left untouched. `all` replays every capture,
 * oldest first, as the crawl saw them, history included. A source with nothing stored is
 * rebuilt that way too. The counts compare each record before and after the whole run: a record
 * that older captures rewrote on the way and newer ones restored is unchanged. The bodies are
 * read, checked and decoded ahead on a thread of their own (body-reader.ts); this thread
 * parses and stores them, one capture after another, in that order.
 */
import type { Archive } from '../archive/db.js';
import { capturesToReextract, type StoredCapture } from '../archive/captures.js';
import { sourceHasRecords } from '../archive/lookups.js';
import { recordsBefore } from '../archive/records-before.js';
import { RawStoreError } from '../archive/raw-store.js';
import type { Extraction } from '../model/extraction.js';
import { requestKey } from '../model/request.js';
import type { SourceAdapter } from '../sources/types.js';
import { storePage, storePages, type StoreContext } from '../archive/page-store.js';
import { BodyReader } from './body-reader.js';
import { readStoredPage } from './ingest.js';
import type { Logger } from './log.js';

export interface SourceTally {
  captures: number;
  skipped: number;
  messages: { new: number; changed: number; unchanged: number };
  replies: { new: number; changed: number; unchanged: number };
  reports: { new: number; changed: number; unchanged: number };
  failures: { url: string; sha256: string; error: string }[];
}

export interface ReextractOptions {
  sources: readonly SourceAdapter[];
  all?: boolean;
  logger: Logger;
  onProgress?(done: number, total: number, failed: number): void;
}

const zero = () => ({ new: 0, changed: 0, unchanged: 0 });
const BATCH = 200;
/**
 * Bodies read ahead of the one being parsed: enough that the reading thread never waits on
 * this one, few enough to bound memory (100 decoded 270 KB pages are about 54 MB).
 */
const AHEAD = 100;

/** Re-extracts; returns a tally per source id. */
export async function reextract(archive: Archive, opts: ReextractOptions): Promise<Record<string, SourceTally>> {
  const out: Record<string, SourceTally> = {};
  const reader = new BodyReader(archive);
  try {
    for (const adapter of opts.sources) await reextractSource(archive, adapter, opts, reader, (out[adapter.id] = emptyTally()));
  } finally {
    await reader.close();
  }
  return out;
}

const emptyTally = (): SourceTally => ({ captures: 0, skipped: 0, messages: zero(), replies: zero(), reports: zero(), failures: [] });

/**
 * How a re-extracted capture's records are stored: as read by `adapter` from that capture, in
 * the run that fetched it; unchanged records get their sighting written only when replaying.
 */
export function reextractContext(archive: Archive, adapter: SourceAdapter, c: StoredCapture, replay: boolean): StoreContext {
  return {
    salt: archive.salt,
    extractorVersion: adapter.version,
    runId: c.runId,
    captureId: c.id,
    fetchedAt: c.fetchedAt,
    touchUnchanged: replay,
    markExtracted: true,
  };
}

/** Re-extracts the captures of one source into its tally. */
async function reextractSource(archive: Archive, adapter: SourceAdapter, opts: ReextractOptions, reader: BodyReader, tally: SourceTally): Promise<void> {
  const db = archive.db;
  const replay = !!opts.all || !(await sourceHasRecords(db, { sourceId: adapter.id }));
  // Unless replaying, the newest capture of each page says what the page is now; older
  // ones only add history, which the archive already holds.
  const captures = await capturesToReextract(db, { sourceId: adapter.id, replay, extractorVersion: adapter.version });
  const before = captures.length ? await recordsBefore(archive, adapter.id) : null;
  let done = 0;
  const bodies = reader.queue(captures, AHEAD);
  // Parsed in batches and written one transaction per batch: commits, not parsing, would
  // otherwise set the pace.
  for (let i = 0; i < captures.length; i += BATCH) {
    const parsed: { c: StoredCapture; x: Extraction }[] = [];
    for (const c of captures.slice(i, i + BATCH)) {
      done++;
      const text = await bodies.next();
      if (text instanceof Error) {
        if (!(text instanceof RawStoreError)) throw text;
        tally.skipped++;
        tally.failures.push({ url: c.url, sha256: c.sha256, error: text.message });
        opts.logger.warn(`skipping ${c.url}: ${text.message}`);
        continue;
      }
      tally.captures++;
      try {
        parsed.push({ c, x: await readStoredPage(archive, { adapter, request: c.request, text, contentType: c.contentType, servedAt: c.servedAt ?? c.fetchedAt }, c.id) });
      } catch (err) {
        const msg = (err as Error).message;
        tally.failures.push({ url: requestKey(c.request), sha256: c.sha256, error: msg });
        opts.logger.warn(`cannot re-extract ${requestKey(c.request)}: ${msg}`);
      }
    }
    const contextOf = (c: StoredCapture) => reextractContext(archive, adapter, c, replay);
    try {
      // Counted at the end, record by record, not per capture.
      await storePages(archive, parsed.map(({ c, x }) => ({ x, ctx: contextOf(c) })));
    } catch {
      // One record the archive refuses: redo the batch page by page to name it.
      for (const { c, x } of parsed) {
        try {
          await storePage(archive, x, contextOf(c));
        } catch (err) {
          const msg = (err as Error).message;
          tally.failures.push({ url: requestKey(c.request), sha256: c.sha256, error: msg });
          opts.logger.warn(`cannot store ${requestKey(c.request)}: ${msg}`);
        }
      }
    }
    opts.onProgress?.(done, captures.length, tally.failures.length);
  }
  if (before) {
    const changes = await before.compare();
    for (const k of ['messages', 'replies', 'reports'] as const) tally[k] = changes[k];
  }
}
