/**
 * What each page of `serve` shows, as data: the HTML page, its JSON and its CSV are all made
 * from one View, so a download holds exactly the rows the page shows.
 */
import {
  archiveAsOf,
  departmentLagRecords,
  findDepartment,
  findMessage,
  listDepartments,
  observationsOf,
  repliesOf,
  storedSlaHours,
  type DepartmentRecord,
} from '../archive/browse.js';
import { messagesByIds, overdueCandidates, searchMessages, type MessageFilter } from '../archive/search.js';
import type { ReadOnlyArchive } from '../archive/read-only.js';
import type { LagSummary } from '../publish/lag.js';
import { LagSweep } from '../publish/lag.js';
import { overdueRule, type OverdueRule } from '../publish/overdue.js';
import { rate } from '../publish/stats.js';
import type { MessageRow, OverdueRow, ReplyRow } from '../model/published.js';
import type { ListQuery } from './params.js';
import { messageRow, observationRow, overdueIds, overdueRow, replyRow } from './rows.js';

const HOUR_MS = 3_600_000;

/** A table as shown and as downloaded. */
export interface Table<Row extends object = object> {
  columns: readonly string[];
  rows: Row[];
}

/** The moment overdue and "within the deadline" are judged at: the archive's as-of time, else now. */
export function asOfOf(archive: ReadOnlyArchive): { asOf: string; rule: OverdueRule } {
  const asOf = archiveAsOf(archive) ?? new Date().toISOString();
  return { asOf, rule: overdueRule({ asOf, sourceSla: storedSlaHours(archive) }) };
}

/** The exact overdue set of a filter, oldest first. */
function overdueSet(archive: ReadOnlyArchive, rule: OverdueRule, filter: MessageFilter): number[] {
  return overdueIds(rule, overdueCandidates(archive, filter, rule.replyFloor));
}

/** One page of a message list: `{ total, rows }` as the API answers it. */
export interface MessageList {
  asOf: string;
  total: number;
  rows: MessageRow[];
}

/** The messages matching a list query (search, filters, sort, page). */
export function messageList(archive: ReadOnlyArchive, q: ListQuery): MessageList {
  const { asOf, rule } = asOfOf(archive);
  const filter: MessageFilter = q.overdue ? { ...q.filter, ids: overdueSet(archive, rule, q.filter) } : q.filter;
  const { total, rows } = searchMessages(archive, filter, { sort: q.sort, limit: q.limit, offset: (q.page - 1) * q.limit });
  const asOfMs = Date.parse(asOf);
  return { asOf, total, rows: rows.map((m) => messageRow(m, asOfMs, rule)) };
}

/** A message with its thread and status history, as `/api/messages/<id>` answers it. */
export interface MessageDetail {
  message: MessageRow;
  /** Stored but not published: the board's own status word. */
  status_raw: string | null;
  replies: ReplyRow[];
  observations: ReturnType<typeof observationRow>[];
  overdue: OverdueRow | null;
}

/** The message with public id `id`, or null. */
export function messageDetail(archive: ReadOnlyArchive, id: string): MessageDetail | null {
  const m = findMessage(archive, id);
  if (!m) return null;
  const { asOf, rule } = asOfOf(archive);
  const row = messageRow(m, Date.parse(asOf), rule);
  return {
    message: row,
    status_raw: m.status_raw,
    replies: repliesOf(archive, m.id).map((r) => replyRow(row.message_id, r)),
    observations: observationsOf(archive, m.id).map((o) => observationRow(row.message_id, o)),
    overdue: overdueRow(rule, m),
  };
}

/** The overdue messages of a filter: one page of them, oldest first, and how many in all. */
export interface OverdueList {
  asOf: string;
  total: number;
  rows: OverdueRow[];
}

/** Overdue messages matching the query's filters, oldest first, one page. */
export function overdueList(archive: ReadOnlyArchive, q: ListQuery): OverdueList {
  const { asOf, rule } = asOfOf(archive);
  const ids = overdueSet(archive, rule, q.filter);
  const pageIds = ids.slice((q.page - 1) * q.limit, q.page * q.limit);
  const rows = messagesByIds(archive, pageIds).flatMap((m) => overdueRow(rule, m) ?? []);
  return { asOf, total: ids.length, rows };
}

/** A department's row on the departments page (departments.csv's counting columns). */
export interface DepartmentSummary {
  department_id: number;
  name: string;
  region_code: string | null;
  region_name: string | null;
  level: string;
  messages: number;
  replied: number;
  reply_rate: number | null;
}

function summaryOf(d: DepartmentRecord): DepartmentSummary {
  return {
    department_id: d.id,
    name: d.name,
    region_code: d.region_code,
    region_name: d.region_name,
    level: d.level,
    messages: d.messages,
    replied: d.replied,
    reply_rate: rate(d.replied, d.messages),
  };
}

/** Every department with messages, most messages first (ties by id). */
export function departmentList(archive: ReadOnlyArchive): DepartmentSummary[] {
  return listDepartments(archive)
    .filter((d) => d.messages > 0)
    .sort((a, b) => b.messages - a.messages || a.id - b.id)
    .map(summaryOf);
}

/** A department's page: its figures, reply lag (Kaplan-Meier) and overdue messages. */
export interface DepartmentDetail {
  asOf: string;
  department: DepartmentSummary;
  lag: LagSummary;
  overdue: OverdueRow[];
}

/**
 * A message's reply lag in hours as stats.json counts it: answered messages at their first
 * official reply, unanswered ones censored when last seen; null when it cannot be told.
 */
function lagOf(postedAt: string | null, firstReplyAt: string | null, lastSeenAt: string, answered: boolean): { hours: number; answered: boolean } | null {
  const posted = postedAt ? Date.parse(postedAt) : NaN;
  if (!Number.isFinite(posted)) return null;
  const end = answered ? (firstReplyAt ? Date.parse(firstReplyAt) : NaN) : Date.parse(lastSeenAt);
  return Number.isFinite(end) ? { hours: Math.max(0, (end - posted) / HOUR_MS), answered } : null;
}

/** The department with id `id`, or null. */
export function departmentDetail(archive: ReadOnlyArchive, id: number, q: ListQuery): DepartmentDetail | null {
  const d = findDepartment(archive, id);
  if (!d) return null;
  const sweep = new LagSweep(1);
  for (const m of departmentLagRecords(archive, id)) {
    const lag = lagOf(m.posted_at, m.first_reply_at, m.last_seen_at, m.status === 'replied' || m.reply_count > 0);
    if (lag) sweep.add(lag, [0]);
  }
  const [lag] = sweep.summaries();
  const overdue = overdueList(archive, { ...q, filter: { departmentId: id } });
  return { asOf: overdue.asOf, department: summaryOf(d), lag: lag ?? emptyLag(), overdue: overdue.rows };
}

function emptyLag(): LagSummary {
  const share = () => ({ km: null, observed: null });
  return {
    km: { median: null, p90: null, n: 0, answered: 0, censored: 0 },
    naive: { median: null, p90: null, n: 0 },
    within: { hours24: share(), days7: share(), days30: share() },
  };
}
