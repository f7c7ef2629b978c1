/**
 * What the dashboard shows, read from the snapshot's own files (stats.json, departments,
 * claims, overdue and messages JSON Lines), so the page says exactly what the data says.
 * Long tables are cut to their top rows; the full rows stay in the CSV files beside the page.
 */
import path from 'node:path';
import { CHANGE_KINDS } from '../../model/published.js';
import type { OverdueRow } from '../overdue.js';
import { rankDepartments, type Ranking } from './rank.js';
import { num, numOf, readAllJsonl, readJsonFile, readJsonl, readOverdueRows, str, strOf, type SnapshotRow } from './read.js';

/** Most rows a dashboard table shows; the rest are in the snapshot's CSV files. */
export const TABLE_LIMIT = 100;

export interface Headline {
  messages: number;
  replied: number;
  /** Share of messages answered, 0..1. */
  replyRate: number | null;
  unanswered: number;
  overdue: number;
  /** Reply-lag median and 90th percentile in hours (unanswered counted as censored), when stats.json has them. */
  lagMedianHours: number | null;
  lagP90Hours: number | null;
}

export interface MonthBoard {
  month: string;
  board: string;
  received: number;
  replied: number;
}

export interface LagBin {
  label: string;
  /** Upper bound in hours (exclusive); null for the open last bin. */
  below: number | null;
  count: number;
}

export interface Claim {
  board: string | null;
  period: string;
  metric: string;
  unit: string | null;
  qualifier: string | null;
  official: number | null;
  archive: number | null;
  difference: number | null;
  reportUrl: string | null;
}

/** The changes since the previous snapshot (changes.jsonl): counts by kind and the first rows. */
export interface Changes {
  counts: Record<(typeof CHANGE_KINDS)[number], number>;
  rows: { message_id: string; change: string }[];
  total: number;
}

export interface DashboardData {
  snapshotDate: string | null;
  headline: Headline;
  monthly: MonthBoard[];
  /** `withoutDepartment`: messages with no department (stats.json departmentSource.none), left out of the ranking. */
  departments: Ranking & { total: number; withoutDepartment: number | null; withoutDepartmentShare: number | null };
  lag: { bins: LagBin[]; unanswered: number };
  claims: { rows: Claim[]; total: number };
  overdue: { rows: OverdueRow[]; total: number };
  changes: Changes;
}

/** Reply-lag bins in hours. */
export const LAG_BINS: readonly { label: string; below: number | null }[] = [
  { label: '< 1 h', below: 1 },
  { label: '1–6 h', below: 6 },
  { label: '6–24 h', below: 24 },
  { label: '1–3 d', below: 72 },
  { label: '3–7 d', below: 168 },
  { label: '7–30 d', below: 720 },
  { label: '> 30 d', below: null },
];

type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): Json[] => (Array.isArray(v) ? v.map(obj) : []);

/**
 * What the page needs from the two long files, when the snapshot gathered it while writing
 * them (the same figures loadDashboardData would read back).
 */
export interface LongTableFigures {
  /** The first TABLE_LIMIT rows of overdue.jsonl (as read back) and how many it has. */
  overdue: { rows: OverdueRow[]; total: number };
  /** The reply-lag bins of messages.jsonl. */
  lag: { bins: LagBin[]; unanswered: number };
}

/** Loads everything the page needs from a written snapshot folder. */
export async function loadDashboardData(dir: string, long?: LongTableFigures): Promise<DashboardData> {
  const stats = obj(await readJsonFile(dir, 'stats.json'));
  const overdue = long?.overdue ?? (await readOverdue(dir));
  const departments = (await readAllJsonl(dir, 'departments'))
    .map((r) => ({ name: str(r, 'name') ?? '?', messages: num(r, 'messages') ?? 0, replied: num(r, 'replied') ?? 0 }))
    .filter((r) => r.messages > 0);
  const claims = (await readAllJsonl(dir, 'claims')).map(toClaim);
  return {
    snapshotDate: typeof stats.snapshotDate === 'string' ? stats.snapshotDate : dateOfFolder(dir),
    headline: headlineOf(stats, overdue.total),
    monthly: monthlyOf(stats),
    departments: {
      ...rankDepartments(departments),
      total: departments.length,
      withoutDepartment: n(obj(stats.departmentSource).none),
      withoutDepartmentShare: n(obj(stats.departmentSource).noneShare),
    },
    lag: long?.lag ?? (await lagOf(dir)),
    claims: { rows: claims.slice(0, TABLE_LIMIT), total: claims.length },
    overdue: { rows: overdue.rows.slice(0, TABLE_LIMIT), total: overdue.total },
    changes: await readChanges(dir),
  };
}

/** Counts every row of changes.jsonl by kind and keeps the first TABLE_LIMIT (streamed: it may be long). */
async function readChanges(dir: string): Promise<Changes> {
  const counts = Object.fromEntries(CHANGE_KINDS.map((k) => [k, 0])) as Changes['counts'];
  const rows: Changes['rows'] = [];
  let total = 0;
  for await (const r of readJsonl(dir, 'changes')) {
    const change = str(r, 'change') ?? '';
    if (change in counts) counts[change as keyof Changes['counts']]++;
    if (rows.length < TABLE_LIMIT) rows.push({ message_id: String(r.message_id), change });
    total++;
  }
  return { counts, rows, total };
}

async function readOverdue(dir: string): Promise<{ rows: OverdueRow[]; total: number }> {
  const rows = await readOverdueRows(dir);
  return { rows, total: rows.length };
}

function dateOfFolder(dir: string): string | null {
  const name = path.basename(path.resolve(dir));
  return /^\d{4}-\d{2}-\d{2}$/.test(name) ? name : null;
}

function n(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function headlineOf(stats: Json, overdue: number): Headline {
  const totals = obj(stats.totals);
  const lag = obj(obj(stats.lag).km);
  return {
    messages: n(totals.messages) ?? 0,
    replied: n(totals.replied) ?? 0,
    replyRate: n(totals.replyRate),
    unanswered: n(totals.unanswered) ?? 0,
    overdue,
    lagMedianHours: n(lag.median),
    lagP90Hours: n(lag.p90),
  };
}

function monthlyOf(stats: Json): MonthBoard[] {
  return arr(stats.byMonthBoard)
    .map((r) => ({
      month: String(r.month ?? ''),
      board: String(r.board ?? '(no board)'),
      received: n(r.received) ?? 0,
      replied: n(r.replied) ?? 0,
    }))
    .filter((r) => /^\d{4}-\d{2}$/.test(r.month));
}

/**
 * Reply lags from messages.jsonl (`reply_hours`). Unanswered as stats.json counts them: no
 * official reply and not marked replied by the board. A message answered without a known
 * reply time sits in no bin.
 */
async function lagOf(dir: string): Promise<{ bins: LagBin[]; unanswered: number }> {
  const lag = new LagBins();
  for await (const m of readJsonl(dir, 'messages')) lag.add(m.reply_hours, m.first_reply_at, m.status, m.reply_count);
  return lag.result();
}

/** The lag bins counted one messages.jsonl row at a time (its reply_hours, first_reply_at, status, reply_count values). */
export class LagBins {
  private readonly bins = LAG_BINS.map((b) => ({ ...b, count: 0 }));
  private unanswered = 0;

  add(replyHours: unknown, firstReplyAt: unknown, status: unknown, replyCount: unknown): void {
    const hours = numOf(replyHours);
    if (hours !== null) {
      this.bins.find((b) => b.below === null || hours < b.below)!.count++;
    } else if (strOf(firstReplyAt) === null && strOf(status) !== 'replied' && !(numOf(replyCount)! > 0)) {
      this.unanswered++;
    }
  }

  result(): { bins: LagBin[]; unanswered: number } {
    return { bins: this.bins, unanswered: this.unanswered };
  }
}

function toClaim(r: SnapshotRow): Claim {
  const start = str(r, 'period_start');
  const end = str(r, 'period_end');
  return {
    board: str(r, 'board'),
    period: periodLabel(start, end),
    metric: str(r, 'metric') ?? '',
    unit: str(r, 'unit'),
    qualifier: str(r, 'qualifier'),
    official: num(r, 'official_value'),
    archive: num(r, 'archive_value'),
    difference: num(r, 'difference'),
    reportUrl: str(r, 'report_url'),
  };
}

/** "2019-05" for a whole calendar month, the date for one day, else "start – end". */
export function periodLabel(start: string | null, end: string | null): string {
  if (!start || !end) return start ?? end ?? '';
  if (start === end) return start;
  const [y, m] = start.split('-').map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (start.endsWith('-01') && end === `${start.slice(0, 8)}${String(lastDay).padStart(2, '0')}`) return start.slice(0, 7);
  return `${start} – ${end}`;
}
