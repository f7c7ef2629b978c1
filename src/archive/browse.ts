/**
 * Read functions for `wenzheng serve` besides search (search.ts): one message with its
 * replies, status history and capture; departments with their counts and lags; the choices
 * the filters offer. All take the archive (ArchiveReader) and bind every value.
 */
import type { ArchiveReader, MessageRecord } from './search.js';

const RECORD_SQL = `SELECT m.id, m.source_id, m.external_id, m.url, m.title, m.body, m.board, m.department_id,
  d.canonical_name AS department, d.region_code, m.category, m.status, m.status_raw, m.posted_at, m.first_reply_at,
  m.reply_count, m.first_seen_at, m.last_seen_at, c.sha256 AS capture_sha256, c.fetched_at, m.gone_at, m.published_at, m.department_source
  FROM message m LEFT JOIN department d ON d.id = m.department_id LEFT JOIN capture c ON c.id = m.capture_id
  WHERE m.source_id = ? AND m.external_id = ?`;

/**
 * The message with public id `<source>:<external_id>`, or undefined. Source ids may hold
 * colons themselves (`discuz:<host>:<fid>`), so the longest source id that prefixes it wins.
 */
export function findMessage(archive: ArchiveReader, publicId: string): MessageRecord | undefined {
  const sources = (archive.sqlite.prepare(`SELECT id FROM source`).pluck().all() as string[]).sort((a, b) => b.length - a.length);
  const source = sources.find((s) => publicId.startsWith(`${s}:`));
  if (source === undefined) return undefined;
  return archive.sqlite.prepare(RECORD_SQL).get(source, publicId.slice(source.length + 1)) as MessageRecord | undefined;
}

/** A reply as stored, with its department's canonical name and its capture. */
export interface ReplyRecord {
  id: number;
  external_id: string;
  department_id: number | null;
  department: string | null;
  body: string | null;
  replied_at: string | null;
  official: number;
  floor: number | null;
  capture_sha256: string | null;
  fetched_at: string | null;
}

/** Every reply of a message (row id), official or not, in thread order. */
export function repliesOf(archive: ArchiveReader, messageId: number): ReplyRecord[] {
  return archive.sqlite
    .prepare(
      `SELECT r.id, r.external_id, r.department_id, d.canonical_name AS department, r.body, r.replied_at, r.official, r.floor,
              c.sha256 AS capture_sha256, c.fetched_at
         FROM reply r LEFT JOIN department d ON d.id = r.department_id LEFT JOIN capture c ON c.id = r.capture_id
        WHERE r.message_id = ? ORDER BY r.floor IS NULL, r.floor, r.replied_at, r.id`,
    )
    .all(messageId) as ReplyRecord[];
}

/** One change of status or reply count a crawl saw. */
export interface ObservationRecord {
  observed_at: string;
  status: string | null;
  reply_count: number;
}

/** The status history of a message (row id), oldest first. */
export function observationsOf(archive: ArchiveReader, messageId: number): ObservationRecord[] {
  return archive.sqlite
    .prepare(`SELECT observed_at, status, reply_count FROM message_observation WHERE message_id = ? ORDER BY observed_at, id`)
    .all(messageId) as ObservationRecord[];
}

/** A stored capture (the first fetch of that body). */
export interface CaptureRecord {
  sha256: string;
  url: string;
  fetched_at: string;
  http_status: number;
  content_type: string | null;
  bytes: number;
}

/** The first capture with this sha256, or undefined. */
export function findCapture(archive: ArchiveReader, sha256: string): CaptureRecord | undefined {
  return archive.sqlite
    .prepare(`SELECT sha256, url, fetched_at, http_status, content_type, bytes FROM capture WHERE sha256 = ? ORDER BY fetched_at, id LIMIT 1`)
    .get(sha256) as CaptureRecord | undefined;
}

/** A department with its message counts (answered: an official reply, or status replied). */
export interface DepartmentRecord {
  id: number;
  name: string;
  region_code: string | null;
  region_name: string | null;
  level: string;
  messages: number;
  replied: number;
}

const DEPARTMENT_SQL = `SELECT d.id, d.canonical_name AS name, d.region_code, d.region_name, d.level,
  count(m.id) AS messages, coalesce(sum(m.status = 'replied' OR m.reply_count > 0), 0) AS replied
  FROM department d LEFT JOIN message m ON m.department_id = d.id`;

/** Every department with its counts, by id. */
export function listDepartments(archive: ArchiveReader): DepartmentRecord[] {
  return archive.sqlite.prepare(`${DEPARTMENT_SQL} GROUP BY d.id ORDER BY d.id`).all() as DepartmentRecord[];
}

/** One department with its counts, or undefined. */
export function findDepartment(archive: ArchiveReader, id: number): DepartmentRecord | undefined {
  return archive.sqlite.prepare(`${DEPARTMENT_SQL} WHERE d.id = ? GROUP BY d.id`).get(id) as DepartmentRecord | undefined;
}

/** What the reply-lag figures need of each message of a department. */
export interface LagRecord {
  posted_at: string | null;
  first_reply_at: string | null;
  status: string | null;
  reply_count: number;
  last_seen_at: string;
}

/** The lag inputs of every message of a department. */
export function departmentLagRecords(archive: ArchiveReader, departmentId: number): LagRecord[] {
  return archive.sqlite
    .prepare(`SELECT posted_at, first_reply_at, status, reply_count, last_seen_at FROM message WHERE department_id = ?`)
    .all(departmentId) as LagRecord[];
}

/** The values the filters of the search page offer. */
export interface FilterChoices {
  sources: string[];
  boards: string[];
  levels: string[];
  regions: { code: string; name: string | null }[];
  statuses: string[];
}

/** Distinct sources, boards, levels, regions and statuses present in the archive. */
export function filterChoices(archive: ArchiveReader): FilterChoices {
  const pluck = (sql: string) => archive.sqlite.prepare(sql).pluck().all() as string[];
  return {
    sources: pluck(`SELECT id FROM source ORDER BY id`),
    boards: pluck(`SELECT DISTINCT board FROM message WHERE board IS NOT NULL ORDER BY board`),
    levels: pluck(`SELECT DISTINCT level FROM department ORDER BY level`),
    regions: archive.sqlite
      .prepare(`SELECT region_code AS code, min(region_name) AS name FROM department WHERE region_code IS NOT NULL GROUP BY region_code ORDER BY region_code`)
      .all() as { code: string; name: string | null }[],
    statuses: pluck(`SELECT DISTINCT status FROM message WHERE status IS NOT NULL ORDER BY status`),
  };
}

/**
 * The time the archive's figures are as of: the end of its last finished crawl, else the last
 * time a message was seen; null for an empty archive. (The snapshot's rule, src/publish/stats.ts.)
 */
export function archiveAsOf(archive: ArchiveReader): string | null {
  const runs = archive.sqlite.prepare(`SELECT finished_at FROM crawl_run WHERE finished_at IS NOT NULL`).pluck().all() as string[];
  const times = runs.map((t) => Date.parse(t)).filter(Number.isFinite);
  if (times.length) return new Date(Math.max(...times)).toISOString();
  const last = archive.sqlite.prepare(`SELECT last_seen_at FROM message ORDER BY julianday(last_seen_at) DESC LIMIT 1`).pluck().get() as string | undefined;
  return last ?? null;
}

/**
 * Each board's deadline in hours as its `source` row stores it (null where a row states
 * none), by source id: the same facts the snapshot judges `replied_within_sla` and overdue by.
 */
export function storedSlaHours(archive: ArchiveReader): Map<string, number | null> {
  const rows = archive.sqlite.prepare(`SELECT id, sla_hours AS slaHours FROM source`).all() as { id: string; slaHours: number | null }[];
  return new Map(rows.map((r) => [r.id, r.slaHours]));
}
