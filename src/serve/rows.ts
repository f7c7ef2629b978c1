/**
 * The rows `serve` shows and downloads, in the snapshot's columns (src/model/published.ts):
 * messages as messages.csv has them, replies as replies.csv, overdue as overdue.csv. Phone and
 * ID-card numbers are masked here as in the snapshot.
 */
import type { ObservationRecord, ReplyRecord } from '../archive/browse.js';
import type { MessageRecord, OverdueCandidate } from '../archive/search.js';
import { publishedDepartmentSource, type MessageRow, type OverdueRow, type ReplyRow } from '../model/published.js';
import { maskPersonalNumbers } from '../publish/mask.js';
import { overdueDeadline, overdueRowOf, slaHoursOf, type OverdueRule } from '../publish/overdue.js';

const HOUR_MS = 3_600_000;

/** Columns of messages.csv, in order. */
export const MESSAGE_COLUMNS = [
  'message_id', 'source', 'board', 'external_id', 'url', 'title', 'body', 'department', 'region_code', 'category', 'status',
  'posted_at', 'first_reply_at', 'reply_hours', 'replied_within_sla', 'reply_count', 'first_seen_at', 'last_seen_at',
  'capture_sha256', 'fetched_at', 'department_id', 'gone_at', 'published_at', 'reply_hours_from_published', 'department_source',
] as const satisfies readonly (keyof MessageRow)[];

/** Columns of replies.csv, in order. */
export const REPLY_COLUMNS = [
  'reply_id', 'message_id', 'department', 'body', 'replied_at', 'official', 'floor', 'capture_sha256', 'fetched_at', 'department_id',
] as const satisfies readonly (keyof ReplyRow)[];

/** Columns of overdue.csv, in order. */
export const OVERDUE_COLUMNS = [
  'message_id', 'source', 'board', 'department', 'title', 'url', 'status', 'posted_at', 'deadline_at', 'waited_hours', 'sla_hours',
] as const satisfies readonly (keyof OverdueRow)[];

/** The public id of a message: `<source>:<external_id>`. */
export function publicId(m: { source_id: string; external_id: string }): string {
  return `${m.source_id}:${m.external_id}`;
}

/**
 * A message as messages.csv publishes it, judged at `asOfMs` with its board's stored deadline
 * (`rule`: `replied_within_sla` is false once the deadline passed unanswered, empty while it
 * still runs), as the snapshot judges it.
 */
export function messageRow(m: MessageRecord, asOfMs: number, rule: OverdueRule): MessageRow {
  const posted = m.posted_at ? Date.parse(m.posted_at) : NaN;
  const replied = m.first_reply_at ? Date.parse(m.first_reply_at) : NaN;
  const lagMs = replied - posted;
  const known = Number.isFinite(lagMs);
  const slaMs = slaHoursOf(rule, m.source_id) * HOUR_MS;
  const answeredNoTime = !known && (m.status === 'replied' || m.reply_count > 0);
  const late = Number.isFinite(posted) && asOfMs - posted > slaMs;
  return {
    message_id: publicId(m),
    source: m.source_id,
    board: m.board,
    external_id: m.external_id,
    url: m.url,
    title: maskPersonalNumbers(m.title),
    body: maskPersonalNumbers(m.body),
    department: m.department,
    region_code: m.region_code,
    category: m.category,
    status: m.status as MessageRow['status'],
    posted_at: m.posted_at,
    first_reply_at: m.first_reply_at,
    reply_hours: known ? Math.round((lagMs / HOUR_MS) * 100) / 100 : null,
    replied_within_sla: known ? lagMs <= slaMs : !answeredNoTime && late ? false : null,
    reply_count: m.reply_count,
    first_seen_at: m.first_seen_at,
    last_seen_at: m.last_seen_at,
    capture_sha256: m.capture_sha256,
    fetched_at: m.fetched_at,
    department_id: m.department_id,
    gone_at: m.gone_at,
    published_at: m.published_at,
    reply_hours_from_published: hoursBetween(m.published_at, m.first_reply_at),
    department_source: publishedDepartmentSource(m.department_id, m.department_source),
  };
}

/** Hours from one time to a later one (2 decimals; a negative gap counts as 0); null when either is missing. */
function hoursBetween(from: string | null, to: string | null): number | null {
  const ms = (to ? Date.parse(to) : NaN) - (from ? Date.parse(from) : NaN);
  return Number.isFinite(ms) ? Math.round((Math.max(0, ms) / HOUR_MS) * 100) / 100 : null;
}

/** A reply as replies.csv publishes it. */
export function replyRow(messageId: string, r: ReplyRecord): ReplyRow {
  return {
    reply_id: `${messageId}:${r.external_id}`,
    message_id: messageId,
    department: r.department,
    body: maskPersonalNumbers(r.body),
    replied_at: r.replied_at,
    official: r.official === 1,
    floor: r.floor,
    capture_sha256: r.capture_sha256,
    fetched_at: r.fetched_at,
    department_id: r.department_id,
  };
}

/** An observation as observations.csv publishes it. */
export function observationRow(messageId: string, o: ObservationRecord): { message_id: string } & ObservationRecord {
  return { message_id: messageId, observed_at: o.observed_at, status: o.status, reply_count: o.reply_count };
}

/** The row ids of the candidates that are overdue under `rule`, oldest first (ties by row id). */
export function overdueIds(rule: OverdueRule, candidates: readonly OverdueCandidate[]): number[] {
  const hits: { id: number; postedMs: number }[] = [];
  for (const c of candidates) {
    const d = overdueDeadline(rule, c.source_id, c.status, c.posted_at, c.first_reply_at, c.gone_at);
    if (d) hits.push({ id: c.id, postedMs: d.postedMs });
  }
  return hits.sort((a, b) => a.postedMs - b.postedMs || a.id - b.id).map((h) => h.id);
}

/** An overdue message as overdue.csv publishes it, or null when it is not overdue under `rule`. */
export function overdueRow(rule: OverdueRule, m: MessageRecord): OverdueRow | null {
  const d = overdueDeadline(rule, m.source_id, m.status, m.posted_at, m.first_reply_at, m.gone_at);
  if (!d) return null;
  return overdueRowOf(rule, d, { sourceId: m.source_id, externalId: m.external_id, board: m.board, department: m.department, title: m.title, url: m.url, status: m.status, postedAt: m.posted_at! });
}
