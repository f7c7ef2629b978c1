/** Storing a fetched page as the crawler does, for tests of the write path. */
import { storeCaptureBody } from '../../src/archive/captures.js';
import type { Archive } from '../../src/archive/db.js';
import { ingestPage } from '../../src/crawl/ingest.js';
import { getRequest } from '../../src/model/request.js';
import type { SourceAdapter } from '../../src/sources/types.js';

/**
 * Stores a thread page's body, then ingests the page with its capture row still to write (the
 * crawler's order): its records, capture row and frontier mark go in together.
 */
export async function ingestThreadPage(archive: Archive, page: { adapter: SourceAdapter; url: string; body: Uint8Array; runId: number; fetchedAt: string }) {
  const { adapter, url, body, runId, fetchedAt } = page;
  const request = getRequest(url, 'thread');
  const contentType = 'text/html; charset=utf-8';
  const capture = await storeCaptureBody(archive, {
    url,
    sourceId: adapter.id,
    kind: 'thread',
    fetchedAt,
    httpStatus: 200,
    contentType,
    body,
    extractorVersion: adapter.version,
    runId,
    request,
  });
  return ingestPage(archive, { adapter, request, bytes: body, contentType }, { capture, fetchedAt, runId, follow: { db: archive.db, adapterFor: () => adapter, full: true } });
}
