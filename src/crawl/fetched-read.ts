/**
 * What the crawler makes of a board's answer before anything of it is stored: the body
 * decoded, scrubbed by its board where the board says what the archive must never keep (a
 * citizen's phone number in an API answer), read by its adapter (parse, validate), and judged
 * a block page or not. The crawl's thread does this for an adapter that only it holds; the
 * storing thread (fetched-page-thread.ts) does it for the others, in the same hand-off that
 * writes the body.
 */
import { decodeBody } from '../extract/charset.js';
import type { PageRequest } from '../model/request.js';
import { findAdapter } from '../sources/index.js';
import type { SourceAdapter } from '../sources/types.js';
import { blockedAnswer } from './block.js';
import { tryReadPage, type ReadOutcome } from './ingest.js';

/** A board's answer as fetched (a status the crawler did not refuse by itself). */
export interface FetchedAnswer {
  /** What finally answered (the asked request, or where the board redirected it). */
  request: PageRequest;
  status: number;
  headers: Headers;
  bytes: Uint8Array;
  contentType: string | null;
  /** When the site answered by its own clock. */
  servedAt: string | null;
}

/** What reading an answer gave: why it is a block page (store nothing), or the body to keep and its read outcome. */
export type FetchedRead = { block: string } | { block: null; kept: { bytes: Uint8Array; text: string }; read: ReadOutcome };

/**
 * Decodes, scrubs, reads and judges an answer. What is stored is what is parsed: the scrubbed
 * body when the board scrubbed it. A block page is told by the answer as served (its status,
 * headers and text), never by words a citizen wrote (block.ts).
 */
export function readFetched(adapter: SourceAdapter, a: FetchedAnswer): FetchedRead {
  const text = decodeBody(a.bytes, a.contentType);
  const scrubbed = findAdapter(adapter.id)?.scrubBody?.(text, a.request);
  const kept = scrubbed !== undefined && scrubbed !== text ? { text: scrubbed, bytes: Buffer.from(scrubbed, 'utf8') } : { text, bytes: a.bytes };
  const read = tryReadPage({ adapter, request: a.request, bytes: kept.bytes, text: kept.text, contentType: a.contentType, servedAt: a.servedAt });
  const block = blockedAnswer({ status: a.status, headers: a.headers, text }, read);
  return block ? { block } : { block: null, kept, read };
}
