/**
 * Re-extraction: the current adapters over the stored captures, offline, with the crawl's
 * upsert rules, in the order the pages were fetched (so history replays as it happened).
 * By default only the newest capture of each URL is read, and only when another extractor
 * version made it (or it failed to parse); rows whose extraction did not change are left
 * untouched. `all` replays every capture, oldest first, as the crawl saw them, history
 * included. A source with nothing stored is rebuilt that way too.
 */
import type { Archive, Db } from '../archive/db.js';
import { capturesToReextract, markCaptureExtracted, setCaptureParseError } from '../archive/captures.js';
import { sourceHasRecords } from '../archive/lookups.js';
import { getRaw, RawStoreError } from '../archive/raw-store.js';
import { applyExtractionIn } from '../archive/records.js';
import { decodeBody } from '../extract/charset.js';
import { extractionSchema, type Extraction } from '../model/extraction.js';
import type { SourceAdapter } from '../sources/types.js';
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

/** Re-extracts; returns a tally per source id. */
export async function reextract(archive: Archive, opts: ReextractOptions): Promise<Record<string, SourceTally>> {
  const db = archive.db;
  const out: Record<string, SourceTally> = {};
  for (const adapter of opts.sources) {
    const tally: SourceTally = { captures: 0, skipped: 0, messages: zero(), replies: zero(), reports: zero(), failures: [] };
    out[adapter.id] = tally;
    const replay = !!opts.all || !(await sourceHasRecords(db, { sourceId: adapter.id }));
    // Unless replaying, the newest capture of each page says what the page is now; older
    // ones only add history, which the archive already holds.
    const captures = await capturesToReextract(db, { sourceId: adapter.id, replay, extractorVersion: adapter.version });
    let done = 0;
    // Parsed in batches and written one transaction per batch: commits, not parsing, would
    // otherwise set the pace.
    for (let i = 0; i < captures.length; i += BATCH) {
      const parsed: { c: (typeof captures)[number]; x: Extraction }[] = [];
      for (const c of captures.slice(i, i + BATCH)) {
        done++;
        let body: Buffer;
        try {
          body = getRaw(archive.rawDir, c.sha256);
        } catch (err) {
          if (!(err instanceof RawStoreError)) throw err;
          tally.skipped++;
          tally.failures.push({ url: c.url, sha256: c.sha256, error: err.message });
          opts.logger.warn(`skipping ${c.url}: ${err.message}`);
          continue;
        }
        tally.captures++;
        try {
          parsed.push({ c, x: extractionSchema.parse(adapter.parse({ url: c.url, body: decodeBody(body, c.contentType), contentType: c.contentType, request: c.request })) });
        } catch (err) {
          const msg = (err as Error).message;
          tally.failures.push({ url: c.url, sha256: c.sha256, error: msg });
          await setCaptureParseError(archive, c.id, msg);
          opts.logger.warn(`cannot re-extract ${c.url}: ${msg}`);
        }
      }
      const applyOne = async (trx: Db, c: (typeof captures)[number], x: Extraction) => {
        const res = await applyExtractionIn(trx, x, {
          runId: c.runId,
          captureId: c.id,
          now: c.fetchedAt,
          extractorVersion: adapter.version,
          salt: archive.salt,
          touchUnchanged: replay,
        });
        await markCaptureExtracted(trx, { captureId: c.id, extractorVersion: adapter.version });
        return res;
      };
      const add = (res: Awaited<ReturnType<typeof applyOne>>) => {
        for (const k of ['messages', 'replies', 'reports'] as const) {
          for (const o of ['new', 'changed', 'unchanged'] as const) tally[k][o] += res[k][o];
        }
      };
      try {
        const results = await db.transaction().execute(async (trx) => {
          const all = [];
          for (const { c, x } of parsed) all.push(await applyOne(trx, c, x));
          return all;
        });
        results.forEach(add);
      } catch {
        // One record the archive refuses: redo the batch page by page to name it.
        for (const { c, x } of parsed) {
          try {
            add(await db.transaction().execute((trx) => applyOne(trx, c, x)));
          } catch (err) {
            const msg = (err as Error).message;
            tally.failures.push({ url: c.url, sha256: c.sha256, error: msg });
            opts.logger.warn(`cannot store ${c.url}: ${msg}`);
          }
        }
      }
      opts.onProgress?.(done, captures.length, tally.failures.length);
    }
  }
  return out;
}
