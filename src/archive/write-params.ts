/**
 * The positional parameters of the write path's prepared statements, shared by both engines
 * (write-ops-sqlite.ts with `?`, write-ops-pg.ts with `$n`): each list follows the column order
 * that both engines' SQL spells out for that row (INSERT column lists, UPDATE ... SET).
 */
import type { MessageSighting, MessageValues, ReplyValues, ReportValues } from './write-steps.js';
import type { NewCapture } from './write-ops-sqlite.js';

/** A message's values: url, title, body, author_hash, ..., capture_id, extractor_version (17). */
export function messageParams(v: MessageValues): unknown[] {
  return [
    v.url,
    v.title,
    v.body,
    v.authorHash,
    v.board,
    v.category,
    v.statusRaw,
    v.postedAt,
    v.publishedAt,
    v.boardReplyCount,
    v.satisfaction,
    v.pageCount,
    v.views,
    v.lastPostAt,
    v.lastSeenAt,
    v.captureId,
    v.extractorVersion,
  ];
}

/** A message's sighting: views, last_post_at, last_seen_at, capture_id, extractor_version (5). */
export function sightingParams(v: MessageSighting): unknown[] {
  return [v.views, v.lastPostAt, v.lastSeenAt, v.captureId, v.extractorVersion];
}

/** A reply's values: department_id, author_hash, body, replied_at, official, floor, capture_id, extractor_version. */
export function replyParams(v: ReplyValues): unknown[] {
  return [v.departmentId, v.authorHash, v.body, v.repliedAt, v.official, v.floor, v.captureId, v.extractorVersion];
}

/** A report's values: url, title, kind, published_at, period_start, period_end, capture_id, extractor_version, content_hash. */
export function reportParams(v: ReportValues): unknown[] {
  return [v.url, v.title, v.kind, v.publishedAt, v.periodStart, v.periodEnd, v.captureId, v.extractorVersion, v.contentHash];
}

/** A capture row: url, source_id, kind, ..., run_id, then method, request_body, request_key, served_at (parse_error is NULL between them). */
export function captureParams(c: NewCapture): unknown[] {
  return [c.url, c.sourceId, c.kind, c.fetchedAt, c.httpStatus, c.contentType, c.sha256, c.bytes, c.extractorVersion, c.runId, c.method, c.requestBody, c.requestKey, c.servedAt];
}
