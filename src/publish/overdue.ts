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
 * - the SLA is the source adapter's `slaHours` (24 hours for the 荆楚网 boards), or
 *   `slaHours` given by the caller for every source.
 */
import type { Db } from '../archive/db.js';
import type { OverdueRow } from '../model/published.js';
import { findAdapter } from '../sources/index.js';
import { maskPersonalNumbers } from './mask.js';

/** The deadline used for a source no adapter knows (an archive from a newer version). */
export const DEFAULT_SLA_HOURS = 24;

/**
 * One overdue message, as `overdue.csv` publishes it (snake_case, like every published row;
 * defined once in src/model/published.ts). `deadline_at` is `posted_at + sla_hours` in UTC;
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
  /** Deadline in hours for every source; default: each source adapter's own `slaHours`. */
  slaHours?: number;
  /** "Now" as an ISO 8601 time with offset. */
  asOf: string;
}

const HOUR_MS = 3_600_000;

/** Unanswered messages past their deadline at `asOf`, oldest first (ties by message id). */
export async function listOverdue(db: Db, opts: OverdueOptions): Promise<OverdueRow[]> {
  const asOfMs = Date.parse(opts.asOf);
  if (!Number.isFinite(asOfMs)) throw new RangeError(`asOf ${opts.asOf}: not an ISO time`);
  if (opts.slaHours != null && !(opts.slaHours >= 0)) throw new RangeError(`slaHours ${opts.slaHours}: expected >= 0`);
  // Stored times carry their own offsets, so SQL cannot compare them exactly: the query keeps
  // a superset (a reply up to two days before asOf still counts as "maybe after") and the
  // exact test runs on parsed times below.
  const replyFloor = new Date(asOfMs - 2 * 24 * HOUR_MS).toISOString().slice(0, 10);
  const candidates = await db
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
  const rows: (OverdueRow & { postedMs: number })[] = [];
  for (const m of candidates) {
    const postedMs = Date.parse(m.postedAt!);
    if (!Number.isFinite(postedMs) || postedMs > asOfMs) continue;
    if (m.goneAt && Date.parse(m.goneAt) <= asOfMs) continue;
    if (m.firstReplyAt && Date.parse(m.firstReplyAt) <= asOfMs) continue;
    const slaHours = opts.slaHours ?? findAdapter(m.sourceId)?.slaHours ?? DEFAULT_SLA_HOURS;
    const deadlineMs = postedMs + slaHours * HOUR_MS;
    if (asOfMs <= deadlineMs) continue;
    rows.push({
      message_id: `${m.sourceId}:${m.externalId}`,
      source: m.sourceId,
      board: m.board,
      department: m.department,
      title: maskPersonalNumbers(m.title),
      url: m.url,
      status: m.status as OverdueRow['status'],
      posted_at: m.postedAt!,
      deadline_at: new Date(deadlineMs).toISOString().replace('.000Z', 'Z'),
      waited_hours: Math.round(((asOfMs - postedMs) / HOUR_MS) * 10) / 10,
      sla_hours: slaHours,
      postedMs,
    });
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
