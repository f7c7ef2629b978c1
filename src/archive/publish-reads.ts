/**
 * The small reads publishing does (statistics, claims, the overdue list, a snapshot's
 * metadata), as named functions over the archive: only the archive layer knows the SQL and
 * its dialect (julianday, the index-friendly string ranges). The big row streams of a
 * snapshot are in snapshot-read.ts.
 */
import type { LEVELS, ReportFigureRow } from '../model/published.js';
import type { Db, SqliteArchive } from './db.js';

/** A department as the archive stores it (its canonical name). */
export interface DepartmentRecord {
  id: number;
  name: string;
  regionCode: string | null;
  regionName: string | null;
  level: (typeof LEVELS)[number];
}

/** Every department, by id ascending, with its canonical name. */
export function departmentRecords(archive: SqliteArchive): DepartmentRecord[] {
  return archive.sqlite
    .prepare(`SELECT id, canonical_name AS name, region_code AS regionCode, region_name AS regionName, level FROM department ORDER BY id`)
    .all() as DepartmentRecord[];
}

/** `department.name` (the name as first printed) by id. */
export function departmentNames(archive: SqliteArchive): Map<number, string> {
  return new Map(archive.sqlite.prepare(`SELECT id, name FROM department`).raw(true).all() as [number, string][]);
}

/** When each finished crawl run ended, as stored. */
export function crawlEndTimes(archive: SqliteArchive): string[] {
  return archive.sqlite.prepare(`SELECT finished_at FROM crawl_run WHERE finished_at IS NOT NULL`).pluck().all() as string[];
}

/** The latest `last_seen_at` of any message (times compared as instants), or null for none. */
export function lastSightingTime(archive: SqliteArchive): string | null {
  const last = archive.sqlite.prepare(`SELECT last_seen_at FROM message ORDER BY julianday(last_seen_at) DESC LIMIT 1`).pluck().get() as string | undefined;
  return last ?? null;
}

/** How many official replies the archive holds. */
export function officialReplyCount(archive: SqliteArchive): number {
  return archive.sqlite.prepare(`SELECT count(*) FROM reply WHERE official = 1`).pluck().get() as number;
}

/** A board the archive has messages or reports of, with its `source` row when there is one. */
export interface PublishedSource {
  id: string;
  name: string | null;
  baseUrl: string | null;
}

/** The boards the archive has messages or reports of, by id. */
export function publishedSources(archive: SqliteArchive): PublishedSource[] {
  return archive.sqlite
    .prepare(
      `SELECT ids.source_id AS id, s.name, s.base_url AS baseUrl
         FROM (SELECT source_id FROM message UNION SELECT source_id FROM report) ids
         LEFT JOIN source s ON s.id = ids.source_id
        ORDER BY 1`,
    )
    .all() as PublishedSource[];
}

/** Positions of a message figure row's fields (messageFigureRows). */
export const MESSAGE_FIGURES = { board: 0, category: 1, status: 2, postedAt: 3, firstReplyAt: 4, replyCount: 5, lastSeenAt: 6, departmentId: 7, rowId: 8, publishedAt: 9, departmentSource: 10 } as const;

/** What the statistics count of a message, fields at the positions of MESSAGE_FIGURES. */
export type MessageFigureRow = [
  board: string | null,
  category: string | null,
  status: string | null,
  postedAt: string | null,
  firstReplyAt: string | null,
  replyCount: number,
  lastSeenAt: string,
  departmentId: number | null,
  rowId: number,
  publishedAt: string | null,
  departmentSource: string | null,
];

/** Every message's figures, in no particular order (arrays: see snapshot-read.ts). */
export function messageFigureRows(archive: SqliteArchive): IterableIterator<MessageFigureRow> {
  return archive.sqlite
    .prepare(`SELECT board, category, status, posted_at, first_reply_at, reply_count, last_seen_at, department_id, id, published_at, department_source FROM message`)
    .raw(true)
    .iterate() as IterableIterator<MessageFigureRow>;
}

/** A report figure with its report's fields, as stored. */
export interface FigureRecord {
  source_id: string;
  external_id: string;
  url: string;
  title: string | null;
  kind: ReportFigureRow['report_kind'];
  published_at: string | null;
  period_start: string | null;
  period_end: string | null;
  metric: string;
  value: number;
  unit: ReportFigureRow['unit'];
  qualifier: ReportFigureRow['qualifier'];
  board: string | null;
  region: string | null;
  category: string | null;
  as_of: string | null;
  of_metric: string | null;
  text: string | null;
}

/** Every report figure, by report (source, external id), then in the order it was stored. */
export function figureRecords(archive: SqliteArchive): FigureRecord[] {
  return archive.sqlite
    .prepare(
      `SELECT r.source_id, r.external_id, r.url, r.title, r.kind, r.published_at, r.period_start, r.period_end,
              f.metric, f.value, f.unit, f.qualifier, f.board, f.region, f.category, f.as_of, f.of_metric, f.text
         FROM report_figure f JOIN report r ON r.id = f.report_id
        ORDER BY r.source_id, r.external_id, f.id`,
    )
    .all() as FigureRecord[];
}

/** Which messages postedCounts counts. */
export interface PostedQuery {
  /** Posted at or after this instant (ISO with offset)... */
  from: string;
  /** ...and before this one. */
  until: string;
  /** Answered counts replies before this instant; null: any reply. */
  repliedBefore: string | null;
  /** On these boards (`message.board`); empty: every board. */
  boards: readonly string[];
  /** Of this source only (a site's totals about itself); absent: every source. */
  sourceId?: string | null;
}

/**
 * Messages posted in [from, until) on the given boards, and how many of them were answered
 * before `repliedBefore`: replied status or a reply count, and a first reply before it (or no
 * known reply time). Times are compared as instants whatever their offsets.
 */
export function postedCounts(archive: SqliteArchive, q: PostedQuery): { received: number; replied: number } {
  const boards = q.boards.map((_, i) => `@b${i}`).join(', ');
  return archive.sqlite
    .prepare(
      `SELECT count(*) AS received,
              coalesce(sum(CASE WHEN (status = 'replied' OR reply_count > 0)
                                 AND (first_reply_at IS NULL OR @cutoff IS NULL OR julianday(first_reply_at) < julianday(@cutoff))
                                THEN 1 ELSE 0 END), 0) AS replied
         FROM message
        WHERE posted_at >= @lo AND posted_at < @hi
          AND julianday(posted_at) >= julianday(@start) AND julianday(posted_at) < julianday(@end)
          ${q.boards.length ? `AND board IN (${boards})` : ''}
          ${q.sourceId ? 'AND source_id = @source' : ''}`,
    )
    .get({ ...periodParams(q), cutoff: q.repliedBefore, ...(q.sourceId ? { source: q.sourceId } : {}) }) as { received: number; replied: number };
}

/**
 * Messages on the given boards that got at least one official reply in [from, until), whenever
 * they were posted (times compared as instants).
 */
export function repliedCount(archive: SqliteArchive, q: Omit<PostedQuery, 'repliedBefore'>): number {
  const boards = q.boards.map((_, i) => `@b${i}`).join(', ');
  const row = archive.sqlite
    .prepare(
      `SELECT count(DISTINCT r.message_id) AS n
         FROM reply r JOIN message m ON m.id = r.message_id
        WHERE r.official = 1
          AND r.replied_at >= @lo AND r.replied_at < @hi
          AND julianday(r.replied_at) >= julianday(@start) AND julianday(r.replied_at) < julianday(@end)
          ${q.boards.length ? `AND m.board IN (${boards})` : ''}
          ${q.sourceId ? 'AND m.source_id = @source' : ''}`,
    )
    .get({ ...periodParams(q), ...(q.sourceId ? { source: q.sourceId } : {}) }) as { n: number };
  return row.n;
}

/**
 * The named parameters of a period query: a string range with a day of slack for other
 * offsets (it uses the index), the exact instants for julianday, and the boards as @b0, @b1...
 */
function periodParams(q: { from: string; until: string; boards: readonly string[] }): Record<string, string> {
  return {
    lo: addDays(q.from.slice(0, 10), -1),
    hi: addDays(q.until.slice(0, 10), 1),
    start: q.from,
    end: q.until,
    ...Object.fromEntries(q.boards.map((b, i) => [`b${i}`, b])),
  };
}

/** YYYY-MM-DD plus n days. */
function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** The sources that have messages in the archive (boards, not report columns). */
export function messageSources(archive: SqliteArchive): string[] {
  return (archive.sqlite.prepare(`SELECT DISTINCT source_id FROM message`).all() as { source_id: string }[]).map((r) => r.source_id);
}

/** A message that may be overdue, with the stored name of its department. */
export interface OverdueCandidate {
  sourceId: string;
  externalId: string;
  board: string | null;
  department: string | null;
  title: string | null;
  url: string;
  status: string | null;
  postedAt: string | null;
  firstReplyAt: string | null;
  goneAt: string | null;
}

/**
 * Messages that may be unanswered: posted at a known time, and with no reply time and a status
 * that does not settle them (`replied`, `closed`), or a reply time on or after `replyFloor`
 * (compared as text: the caller tests the exact instants).
 */
export async function overdueCandidates(db: Db, replyFloor: string): Promise<OverdueCandidate[]> {
  return db
    .selectFrom('message')
    .leftJoin('department', 'department.id', 'message.departmentId')
    .select([
      'message.sourceId',
      'message.externalId',
      'message.board',
      'department.name as department',
      'message.title',
      'message.url',
      'message.status',
      'message.postedAt',
      'message.firstReplyAt',
      'message.goneAt',
    ])
    .where('message.postedAt', 'is not', null)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('message.firstReplyAt', 'is', null),
          eb.or([eb('message.status', 'is', null), eb('message.status', 'not in', ['replied', 'closed'])]),
        ]),
        eb('message.firstReplyAt', '>=', replyFloor),
      ]),
    )
    .execute();
}
