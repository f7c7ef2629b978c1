/**
 * Overdue complaints: messages that got no official answer within their source's deadline.
 *
 * The rule, as of a moment `asOf`:
 * - a message is *answered* at `asOf` when its first official reply (`message.first_reply_at`)
 *   is at or before `asOf`, or when it has no reply time but its status says it is settled
 *   (`replied`, or `closed` without a reply: the board finished it, nobody is waiting);
 *   a message whose first reply came after `asOf` was still unanswered then;
 * - a message is *overdue* when it is unanswered and `asOf` is past `posted_at + SLA`
 *   (strictly: a message exactly at its deadline is not yet overdue);
 * - left out: messages without `posted_at` (no deadline can be set), messages posted after
 *   `asOf`, and messages the board no longer shows (`gone_at` at or before `asOf`);
 * - the SLA is the board's own, stored in its `source` row when it was first crawled (24 hours
 *   for the 荆楚网 boards), or `slaHours` given by the caller for every source.
 */
import type { Db } from '../archive/db.js';
import { overdueCandidates } from '../archive/publish-reads.js';
import { sourceFacts } from '../archive/sources.js';
import type { OverdueRow } from '../model/published.js';
import { toChinaIso } from '../extract/time.js';
import { maskPersonalNumbers } from './mask.js';

/** The deadline of a board whose `source` row states none (a row written by another tool). */
export const DEFAULT_SLA_HOURS = 24;

/**
 * One overdue message, as `overdue.csv` publishes it (snake_case, like every published row;
 * defined once in src/model/published.ts). `deadline_at` is `posted_at + sla_hours` in Beijing time (+08:00);
 * `waited_hours` runs from `posted_at` to `asOf`, to one decimal; the title has phone and
 * ID-card numbers masked.
 */
export type { OverdueRow };

/** Columns of `overdue.csv` in order. */
export const OVERDUE_COLUMNS = [
  'message_id',
  'source',
  'board',
  'department',
  'title',
  'url',
  'status',
  'posted_at',
  'deadline_at',
  'waited_hours',
  'sla_hours',
] as const satisfies readonly (keyof OverdueRow)[];

export interface OverdueOptions {
  /** Deadline in hours for every source; default: each board's own (`sourceSla`). */
  slaHours?: number;
  /** Each board's deadline in hours by source id, as the archive stores it. */
  sourceSla?: ReadonlyMap<string, number | null>;
  /** "Now" as an ISO 8601 time with offset. */
  asOf: string;
}

const HOUR_MS = 3_600_000;

/** The rule of `listOverdue` for one `asOf`, checked message by message (`overdueDeadline`). */
export interface OverdueRule {
  asOfMs: number;
  /** Replies on or after this day (string compare, as SQL does) may still be after asOf. */
  replyFloor: string;
  slaHours: number | null;
  sourceSla: ReadonlyMap<string, number | null>;
}

/** The rule for `opts`, checked (RangeError on a bad asOf or SLA). */
export function overdueRule(opts: OverdueOptions): OverdueRule {
  const asOfMs = Date.parse(opts.asOf);
  if (!Number.isFinite(asOfMs)) throw new RangeError(`asOf ${opts.asOf}: not an ISO time`);
  if (opts.slaHours != null && !(opts.slaHours >= 0)) throw new RangeError(`slaHours ${opts.slaHours}: expected >= 0`);
  // Stored times carry their own offsets, so SQL cannot compare them exactly: the query keeps
  // a superset (a reply up to two days before asOf still counts as "maybe after") and the
  // exact test runs on parsed times.
  return { asOfMs, replyFloor: new Date(asOfMs - 2 * 24 * HOUR_MS).toISOString().slice(0, 10), slaHours: opts.slaHours ?? null, sourceSla: opts.sourceSla ?? new Map() };
}

/** A board's deadline in hours under `rule` (unless the rule sets one for all). */
export function slaHoursOf(rule: OverdueRule, sourceId: string): number {
  return rule.sourceSla.get(sourceId) ?? DEFAULT_SLA_HOURS;
}

/** Each board's deadline in hours as the archive stores it, by source id. */
export async function storedSla(db: Db): Promise<Map<string, number | null>> {
  return new Map((await sourceFacts(db)).map((s) => [s.id, s.slaHours]));
}

/** What makes a message overdue: its posting time, deadline and SLA. */
export interface OverdueDeadline {
  postedMs: number;
  deadlineMs: number;
  slaHours: number;
}

/**
 * Whether a message (its archive fields) is overdue under `rule`: its deadline, or null. The
 * first test is the SQL filter of listOverdue, the rest the exact test on parsed times
 * (`parsed`: posted_at and first_reply_at already parsed, NaN when empty).
 */
export function overdueDeadline(
  rule: OverdueRule,
  sourceId: string,
  status: string | null,
  postedAt: string | null,
  firstReplyAt: string | null,
  goneAt: string | null,
  parsed?: { postedMs: number; repliedMs: number },
): OverdueDeadline | null {
  if (postedAt === null) return null;
  if (firstReplyAt === null ? status === 'replied' || status === 'closed' : !(firstReplyAt >= rule.replyFloor)) return null;
  const postedMs = parsed ? parsed.postedMs : Date.parse(postedAt);
  if (!Number.isFinite(postedMs) || postedMs > rule.asOfMs) return null;
  if (goneAt && Date.parse(goneAt) <= rule.asOfMs) return null;
  if (firstReplyAt && (parsed ? parsed.repliedMs : Date.parse(firstReplyAt)) <= rule.asOfMs) return null;
  const slaHours = rule.slaHours ?? slaHoursOf(rule, sourceId);
  const deadlineMs = postedMs + slaHours * HOUR_MS;
  if (rule.asOfMs <= deadlineMs) return null;
  return { postedMs, deadlineMs, slaHours };
}

/** The published row of an overdue message (title masked). */
export function overdueRowOf(
  rule: OverdueRule,
  d: OverdueDeadline,
  m: { sourceId: string; externalId: string; board: string | null; department: string | null; title: string | null; url: string; status: string | null; postedAt: string },
): OverdueRow {
  return {
    message_id: `${m.sourceId}:${m.externalId}`,
    source: m.sourceId,
    board: m.board,
    department: m.department,
    title: maskPersonalNumbers(m.title),
    url: m.url,
    status: m.status as OverdueRow['status'],
    posted_at: m.postedAt,
    deadline_at: deadlineText(d.deadlineMs),
    waited_hours: waitedHours(rule, d),
    sla_hours: d.slaHours,
  };
}

/** `deadline_at` as published: Beijing time with its offset, like every other published time. */
export function deadlineText(deadlineMs: number): string {
  return toChinaIso(new Date(deadlineMs));
}

/** `waited_hours` as published: posting to asOf, to one decimal. */
export function waitedHours(rule: OverdueRule, d: OverdueDeadline): number {
  return Math.round(((rule.asOfMs - d.postedMs) / HOUR_MS) * 10) / 10;
}

/** Unanswered messages past their deadline at `asOf`, oldest first (ties by message id). */
export async function listOverdue(db: Db, opts: OverdueOptions): Promise<OverdueRow[]> {
  const rule = overdueRule({ ...opts, sourceSla: opts.sourceSla ?? (await storedSla(db)) });
  const candidates = await overdueCandidates(db, rule.replyFloor);
  const rows: (OverdueRow & { postedMs: number })[] = [];
  for (const m of candidates) {
    const d = overdueDeadline(rule, m.sourceId, m.status, m.postedAt, m.firstReplyAt, m.goneAt);
    if (d) rows.push({ ...overdueRowOf(rule, d, { ...m, postedAt: m.postedAt! }), postedMs: d.postedMs });
  }
  rows.sort((a, b) => a.postedMs - b.postedMs || (a.message_id < b.message_id ? -1 : a.message_id > b.message_id ? 1 : 0));
  return rows.map(({ postedMs: _, ...row }) => row);
}

/** A department and its overdue messages (oldest first). */
export interface OverdueGroup {
  department: string | null;
  rows: OverdueRow[];
}

/**
 * Groups overdue rows (as listOverdue returns them) by department, keeping each group oldest
 * first; groups come in the order of their oldest message.
 */
export function groupByDepartment(rows: readonly OverdueRow[]): OverdueGroup[] {
  const groups = new Map<string | null, OverdueRow[]>();
  for (const r of rows) {
    const list = groups.get(r.department);
    if (list) list.push(r);
    else groups.set(r.department, [r]);
  }
  return [...groups].map(([department, list]) => ({ department, rows: list }));
}

/** "3 d 4 h" style rendering of a number of hours, for people. */
export function formatWait(hours: number): string {
  const whole = Math.floor(hours);
  const days = Math.floor(whole / 24);
  const h = whole % 24;
  return days > 0 ? `${days} d ${h} h` : `${h} h`;
}
