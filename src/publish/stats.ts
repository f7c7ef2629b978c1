/**
 * Response statistics of an archive (`wenzheng stats`, `stats.json`): counts and reply rates in
 * total and by board, month posted (Beijing time), department, category and department level;
 * received vs answered per month and board; reply-lag quantiles with unanswered messages
 * censored when last seen (lag.ts) next to the naive figures over answered messages only.
 *
 * A message counts as answered when it has an official reply or its status is `replied`; its
 * lag is first official reply minus posting time (negative lags, clock errors, count as 0).
 * One streamed pass over the messages; per-message lags are kept in typed arrays only.
 */
import type { SqliteArchive } from '../archive/db.js';
import { crawlEndTimes, departmentRecords, lastSightingTime, MESSAGE_FIGURES, messageFigureRows, officialReplyCount, type DepartmentRecord } from '../archive/publish-reads.js';
import { chinaDateOf, toChinaIso } from '../extract/time.js';
import { LEVELS, type DepartmentRow, type GroupStats, type Stats } from '../model/published.js';
import { computeClaims } from './claims.js';
import { LagSweep, type Lag, type LagSummary } from './lag.js';

const HOUR_MS = 3_600_000;

/** The breakdowns of stats.json, in order. */
export const BREAKDOWNS = ['board', 'month', 'department', 'category', 'level'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

/** A department as the statistics need it (its canonical name). */
export type DepartmentInfo = DepartmentRecord;

export interface StatsResult {
  stats: Stats;
  /** Rows of departments.csv (every department, sorted by id). */
  departments: DepartmentRow[];
}

interface Counter {
  key: string | null;
  label: string | null;
  messages: number;
  replied: number;
  /** Index in the lag sweep. */
  slot: number;
}

/**
 * The time an archive's figures are as of: the end of its last finished crawl, else the last
 * time a message was seen (archives filled without crawl runs). Deterministic for an archive.
 */
export function dataAsOf(archive: SqliteArchive): string | null {
  let best = Math.max(-Infinity, ...crawlEndTimes(archive).map((t) => Date.parse(t)).filter(Number.isFinite));
  if (!Number.isFinite(best)) {
    const last = lastSightingTime(archive);
    best = last ? Date.parse(last) : NaN;
  }
  return Number.isFinite(best) ? toChinaIso(new Date(best)) : null;
}

/** Every department of the archive, by id. */
export function loadDepartments(archive: SqliteArchive): Map<number, DepartmentInfo> {
  return new Map(departmentRecords(archive).map((d) => [d.id, d]));
}

/** Computes stats.json (and the departments table) for an archive. */
export function computeStats(archive: SqliteArchive, opts: { asOf: string; snapshotDate?: string | null }): StatsResult {
  const acc = new StatsAccumulator(loadDepartments(archive));
  const F = MESSAGE_FIGURES;
  for (const m of messageFigureRows(archive)) {
    const postedAt = m[F.postedAt];
    const firstReplyAt = m[F.firstReplyAt];
    const postedMs = postedAt ? Date.parse(postedAt) : NaN;
    const repliedMs = firstReplyAt ? Date.parse(firstReplyAt) : NaN;
    acc.add(m[F.board], m[F.category], m[F.status], postedAt, postedMs, repliedMs, m[F.replyCount], m[F.lastSeenAt], m[F.departmentId], m[F.rowId], m[F.departmentSource]);
    const publishedAt = m[F.publishedAt];
    if (publishedAt) acc.addPublished(Date.parse(publishedAt), repliedMs, m[F.status], m[F.replyCount], m[F.lastSeenAt]);
  }
  return acc.finish(archive, opts);
}

/**
 * The figures of stats.json gathered one message at a time, in any order (the snapshot adds
 * them while it writes messages.csv): counters per group, and each message's lag once in
 * typed arrays for the Kaplan-Meier sweep. Every figure is independent of the order messages
 * come in (the board shown for a month where null and '' boards meet is the lowest id's).
 */
export class StatsAccumulator {
  private readonly sweep: LagSweep;
  /** Lags from publication (messages whose board says when it published them). */
  private readonly publishedSweep = new LagSweep(1);
  private readonly total: Counter = { key: 'all', label: null, messages: 0, replied: 0, slot: 0 };
  private slots = 1;
  private readonly groups = Object.fromEntries(BREAKDOWNS.map((b) => [b, new Map<string | null, Counter>()])) as Record<Breakdown, Map<string | null, Counter>>;
  private readonly monthBoard = new Map<string, { month: string; board: string | null; received: number; replied: number; firstId: number }>();
  private readonly slotsOf = [0, 0, 0, 0, 0, 0];
  private readonly cs: Counter[] = [];
  private readonly sources = { addressed: 0, answered: 0, none: 0 };
  private lags: LagSummary[] | null = null;

  /** `messages`: how many will be added, if known (room for their lags is made at once). */
  constructor(
    readonly departments: Map<number, DepartmentInfo>,
    messages?: number,
  ) {
    this.sweep = new LagSweep(1 + BREAKDOWNS.length, messages);
  }

  private counter(by: Breakdown, key: string | null, label: string | null = null): Counter {
    let c = this.groups[by].get(key);
    if (!c) this.groups[by].set(key, (c = { key, label, messages: 0, replied: 0, slot: this.slots++ }));
    return c;
  }

  /**
   * Adds one message: `postedMs` and `repliedMs` are its posted_at and first_reply_at parsed
   * (NaN when absent), `id` its row id, which decides ties of the month-board label.
   */
  add(
    board: string | null,
    category: string | null,
    status: string | null,
    postedAt: string | null,
    postedMs: number,
    repliedMs: number,
    replyCount: number,
    lastSeenAt: string,
    departmentId: number | null,
    id: number,
    departmentSource: string | null = null,
  ): void {
    const answered = status === 'replied' || replyCount > 0;
    // Rows written before sources were recorded: a department of unknown source counts as answered.
    if (departmentId == null) this.sources.none++;
    else if (departmentSource === 'addressed') this.sources.addressed++;
    else this.sources.answered++;
    const month = postedAt ? this.monthOf(postedAt, postedMs) : null;
    const dept = departmentId != null ? this.departments.get(departmentId) : undefined;
    const cs = this.cs;
    cs[0] = this.total;
    cs[1] = this.counter('board', board);
    cs[2] = this.counter('month', month);
    cs[3] = this.counter('department', dept ? String(dept.id) : null, dept?.name ?? null);
    cs[4] = this.counter('category', category);
    cs[5] = this.counter('level', dept?.level ?? 'unknown');
    for (let k = 0; k < 6; k++) {
      const c = cs[k]!;
      c.messages++;
      if (answered) c.replied++;
      this.slotsOf[k] = c.slot;
    }
    const lag = lagOf(postedMs, repliedMs, lastSeenAt, answered);
    if (lag) this.sweep.add(lag, this.slotsOf);
    if (month) {
      const key = `${month}\u0000${board ?? ''}`;
      let mb = this.monthBoard.get(key);
      if (!mb) this.monthBoard.set(key, (mb = { month, board, received: 0, replied: 0, firstId: id }));
      else if (id < mb.firstId) [mb.board, mb.firstId] = [board, id];
      mb.received++;
      if (answered) mb.replied++;
    }
  }

  /**
   * Adds the lag from publication of a message whose board says when it made it public
   * (`publishedMs`), unanswered ones censored at `lastSeenAt` like the lag from posting.
   */
  addPublished(publishedMs: number, repliedMs: number, status: string | null, replyCount: number, lastSeenAt: string): void {
    const lag = lagOf(publishedMs, repliedMs, lastSeenAt, status === 'replied' || replyCount > 0);
    if (lag) this.publishedSweep.add(lag, [0]);
  }

  private readonly months = new Map<number, string>();

  /** chinaDateOf(postedAt) to the month, once per Beijing day. */
  private monthOf(postedAt: string, postedMs: number): string {
    if (!Number.isFinite(postedMs)) return chinaDateOf(postedAt).slice(0, 7); // throws, as it always did
    const day = Math.floor((postedMs + 8 * HOUR_MS) / 86_400_000);
    let month = this.months.get(day);
    if (month === undefined) this.months.set(day, (month = chinaDateOf(postedAt).slice(0, 7)));
    return month;
  }

  /**
   * Computes the lag figures once every message is added (finish does it if not done), which
   * gives back the lags kept for them (21 bytes a message): a snapshot does it before DuckDB
   * starts.
   */
  summarizeLags(): void {
    this.lags ??= this.sweep.summaries();
  }

  /** The statistics of the messages added (reply and claim figures read from the archive). */
  finish(archive: SqliteArchive, opts: { asOf: string; snapshotDate?: string | null; officialReplies?: number }): StatsResult {
    const { departments, groups, total, monthBoard } = this;
    this.summarizeLags();
    const lags = this.lags!;
    const lagAt = (slot: number): LagSummary => lags[slot] ?? emptyLag();
    const statsOf = (c: Counter): GroupStats => ({
      key: c.key,
      label: c.label,
      messages: c.messages,
      replied: c.replied,
      replyRate: rate(c.replied, c.messages),
      lag: lagAt(c.slot),
    });
    const list = (by: Breakdown) => sortGroups(by, [...groups[by].values()]).map(statsOf);
    const byDepartment = list('department');
    // A snapshot counts them as it writes replies.csv (a second scan of the table cost 0.6 s a million).
    const replies = opts.officialReplies ?? officialReplyCount(archive);
    const stats: Stats = {
      snapshotDate: opts.snapshotDate ?? null,
      asOf: opts.asOf,
      totals: {
        messages: total.messages,
        replied: total.replied,
        unanswered: total.messages - total.replied,
        replyRate: rate(total.replied, total.messages),
        replies,
        departments: departments.size,
      },
      departmentSource: { ...this.sources, noneShare: rate(this.sources.none, total.messages) },
      lag: lagAt(0),
      lagFromPublished: this.publishedSweep.summaries()[0] ?? emptyLag(),
      byBoard: list('board'),
      byMonth: list('month'),
      byDepartment,
      byCategory: list('category'),
      byLevel: list('level'),
      byMonthBoard: [...monthBoard.values()]
        .sort((a, b) => cmp(a.month, b.month) || cmp(a.board ?? '', b.board ?? ''))
        .map(({ firstId: _, ...r }) => ({ ...r, replyRate: rate(r.replied, r.received) })),
      claims: computeClaims(archive),
    };
    return { stats, departments: departmentRows(departments, byDepartment) };
  }
}

function lagOf(posted: number, reply: number, lastSeenAt: string, answered: boolean): Lag | null {
  if (!Number.isFinite(posted)) return null;
  if (answered) {
    return Number.isFinite(reply) ? { hours: Math.max(0, (reply - posted) / HOUR_MS), answered: true } : null;
  }
  const seen = Date.parse(lastSeenAt);
  return Number.isFinite(seen) ? { hours: Math.max(0, (seen - posted) / HOUR_MS), answered: false } : null;
}

function departmentRows(departments: Map<number, DepartmentInfo>, byDepartment: GroupStats[]): DepartmentRow[] {
  const stats = new Map(byDepartment.map((g) => [g.key, g]));
  return [...departments.values()].map((d) => {
    const g = stats.get(String(d.id));
    return {
      department_id: d.id,
      name: d.name,
      region_code: d.regionCode,
      region_name: d.regionName,
      level: d.level,
      messages: g?.messages ?? 0,
      replied: g?.replied ?? 0,
      reply_rate: g?.replyRate ?? null,
      median_reply_hours: g?.lag.km.median ?? null,
    };
  });
}

/** Groups in a stable order: departments by id, levels from province down, others by key; no key last. */
function sortGroups(by: Breakdown, list: Counter[]): Counter[] {
  const rank = (c: Counter): number | string =>
    by === 'department' ? Number(c.key) : by === 'level' ? LEVELS.indexOf(c.key as (typeof LEVELS)[number]) : (c.key ?? '');
  return list.sort((a, b) => {
    if (a.key === null || b.key === null) return a.key === b.key ? 0 : a.key === null ? 1 : -1;
    const [x, y] = [rank(a), rank(b)];
    return typeof x === 'number' && typeof y === 'number' ? x - y : cmp(String(x), String(y));
  });
}

/** A ratio to 4 decimals; null for 0 / 0. */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10000) / 10000 : null;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function emptyLag(): LagSummary {
  const share = { km: null, observed: null };
  return {
    km: { median: null, p90: null, n: 0, answered: 0, censored: 0 },
    naive: { median: null, p90: null, n: 0 },
    within: { hours24: share, days7: { ...share }, days30: { ...share } },
  };
}

/** A breakdown of stats.json by name. */
export function breakdownOf(stats: Stats, by: Breakdown): GroupStats[] {
  const key = `by${by[0]!.toUpperCase()}${by.slice(1)}` as 'byBoard' | 'byMonth' | 'byDepartment' | 'byCategory' | 'byLevel';
  return stats[key];
}
