/**
 * Official report figures and the claims check: for every figure of a report that counts
 * messages received or replied for a board (or both boards, or all when it names none) over a
 * period, with no region or category, the archive's own count for the same board and period,
 * counted like the report counts (the rule is published with each row):
 * - `posted_in_period` (received): messages posted in the period (Beijing time, period_start to
 *   period_end inclusive);
 * - `replied_in_period` (replied, daily 每日回复 reports): messages given an official reply in
 *   the period, whenever they were posted: a daily report counts the replies given that day;
 * - `posted_in_period_replied_by_cutoff` (replied, other reports): of the messages posted in the
 *   period, those answered by the report's cut-off: the end of the figure's `as_of` day when the
 *   report gives one, else the report's publication time, else now. A message whose status
 *   says replied but whose reply time is unknown counts as replied.
 * A board's own totals (a report of a source that has messages: 人民网《领导留言板》's
 * newIndex_stat) count that source's messages only: a coverage check, since the site counts
 * every board and the archive only the boards it crawls.
 * difference = archive - official; ratio = archive / official (4 decimals; null for 0).
 */
import type { SqliteArchive } from '../archive/db.js';
import { figureRecords, messageSources, postedCounts, repliedCount } from '../archive/publish-reads.js';
import type { ClaimRow, CLAIM_RULES, ReportFigureRow } from '../model/published.js';

type ClaimRule = (typeof CLAIM_RULES)[number];

/** Every report figure as report_figures.csv publishes it, sorted by figure_id. */
export function reportFigureRows(archive: SqliteArchive): ReportFigureRow[] {
  const records = figureRecords(archive);
  const positions = new Map<string, number>();
  const rows = records.map((f): ReportFigureRow => {
    const reportId = `${f.source_id}:${f.external_id}`;
    const position = (positions.get(reportId) ?? 0) + 1;
    positions.set(reportId, position);
    return {
      figure_id: `${reportId}:${String(position).padStart(3, '0')}`,
      report_id: reportId,
      report_url: f.url,
      report_title: f.title,
      report_kind: f.kind,
      published_at: f.published_at,
      period_start: f.period_start,
      period_end: f.period_end,
      metric: f.metric,
      value: f.value,
      unit: f.unit,
      qualifier: f.qualifier,
      board: f.board,
      region: f.region,
      category: f.category,
      as_of: f.as_of,
      of_metric: f.of_metric,
      text: f.text,
    };
  });
  return rows.sort((a, b) => (a.figure_id < b.figure_id ? -1 : a.figure_id > b.figure_id ? 1 : 0));
}

/** Whether a figure is one the archive can check: a count of received or replied messages over a period. */
export function isCheckable(f: ReportFigureRow): boolean {
  return (
    (f.metric === 'received' || f.metric === 'replied') &&
    f.unit === 'count' &&
    f.region === null &&
    f.category === null &&
    f.period_start !== null &&
    f.period_end !== null &&
    f.period_start <= f.period_end
  );
}

/** The rule the archive counts a checkable figure by (see the header). */
export function claimRule(f: ReportFigureRow): ClaimRule {
  if (f.metric === 'received') return 'posted_in_period';
  return f.report_kind === 'daily' ? 'replied_in_period' : 'posted_in_period_replied_by_cutoff';
}

/** The claims check of every checkable figure, sorted by figure_id. */
export function computeClaims(archive: SqliteArchive, figures: ReportFigureRow[] = reportFigureRows(archive)): ClaimRow[] {
  const boards = messageSources(archive).sort((a, b) => b.length - a.length);
  return figures.filter(isCheckable).map((f) => {
    const rule = claimRule(f);
    // A board's own totals (人民网《领导留言板》's newIndex_stat) count that board's messages only.
    const scoped = { ...f, sourceId: boards.find((s) => f.report_id.startsWith(`${s}:`)) ?? null };
    const archiveValue = rule === 'replied_in_period' ? repliedInPeriod(archive, scoped) : postedInPeriod(archive, scoped)[f.metric === 'received' ? 'received' : 'replied'];
    return {
      figure_id: f.figure_id,
      report_url: f.report_url,
      period_start: f.period_start!,
      period_end: f.period_end!,
      board: f.board,
      metric: f.metric as ClaimRow['metric'],
      qualifier: f.qualifier,
      official_value: f.value,
      archive_value: archiveValue,
      difference: Math.round((archiveValue - f.value) * 10000) / 10000,
      ratio: f.value !== 0 ? Math.round((archiveValue / f.value) * 10000) / 10000 : null,
      rule,
    };
  });
}

/** The figure's period as instants: from its first day's start to the end of its last (Beijing time). */
function periodOf(f: ReportFigureRow): { from: string; until: string; boards: string[] } {
  return { from: `${f.period_start}T00:00:00+08:00`, until: `${addDays(f.period_end!, 1)}T00:00:00+08:00`, boards: f.board ? f.board.split('+') : [] };
}

/** Messages posted in the figure's period on its boards, and how many of them were answered by its cut-off. */
function postedInPeriod(archive: SqliteArchive, f: ReportFigureRow & { sourceId: string | null }): { received: number; replied: number } {
  const repliedBefore = f.as_of ? `${addDays(f.as_of, 1)}T00:00:00+08:00` : f.published_at;
  return postedCounts(archive, { ...periodOf(f), repliedBefore, sourceId: f.sourceId });
}

/** Messages on the figure's boards given at least one official reply in its period. */
function repliedInPeriod(archive: SqliteArchive, f: ReportFigureRow & { sourceId: string | null }): number {
  return repliedCount(archive, { ...periodOf(f), sourceId: f.sourceId });
}

/** YYYY-MM-DD plus n days. */
function addDays(date: string, n: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
