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
 * difference = archive - official; ratio = archive / official (4 decimals; null for 0).
 */
import type { Archive } from '../archive/db.js';
import type { ClaimRow, CLAIM_RULES, ReportFigureRow } from '../model/published.js';

type ClaimRule = (typeof CLAIM_RULES)[number];

interface FigureRecord {
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

/** Every report figure as report_figures.csv publishes it, sorted by figure_id. */
export function reportFigureRows(archive: Archive): ReportFigureRow[] {
  const records = archive.sqlite
    .prepare(
      `SELECT r.source_id, r.external_id, r.url, r.title, r.kind, r.published_at, r.period_start, r.period_end,
              f.metric, f.value, f.unit, f.qualifier, f.board, f.region, f.category, f.as_of, f.of_metric, f.text
         FROM report_figure f JOIN report r ON r.id = f.report_id
        ORDER BY r.source_id, r.external_id, f.id`,
    )
    .all() as FigureRecord[];
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
export function computeClaims(archive: Archive, figures: ReportFigureRow[] = reportFigureRows(archive)): ClaimRow[] {
  return figures.filter(isCheckable).map((f) => {
    const rule = claimRule(f);
    const archiveValue = rule === 'replied_in_period' ? repliedInPeriod(archive, f) : postedInPeriod(archive, f)[f.metric === 'received' ? 'received' : 'replied'];
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

/** The figure's boards as named parameters: the SQL condition and its values. */
function boardFilter(f: ReportFigureRow, column: string): { where: string; params: Record<string, string> } {
  const boards = f.board ? f.board.split('+') : [];
  if (!boards.length) return { where: '', params: {} };
  return {
    where: `AND ${column} IN (${boards.map((_, i) => `@b${i}`).join(', ')})`,
    params: Object.fromEntries(boards.map((b, i) => [`b${i}`, b])),
  };
}

/** The period as bounds: a string range with a day of slack for other offsets (for indexes), exact instants for julianday. */
function periodBounds(f: ReportFigureRow): Record<string, string> {
  return {
    lo: addDays(f.period_start!, -1),
    hi: addDays(f.period_end!, 2),
    start: `${f.period_start}T00:00:00+08:00`,
    end: `${addDays(f.period_end!, 1)}T00:00:00+08:00`,
  };
}

/** Messages posted in the figure's period on its boards, and how many of them were answered by its cut-off. */
function postedInPeriod(archive: Archive, f: ReportFigureRow): { received: number; replied: number } {
  const boards = boardFilter(f, 'board');
  const cutoff = f.as_of ? `${addDays(f.as_of, 1)}T00:00:00+08:00` : f.published_at;
  return archive.sqlite
    .prepare(
      `SELECT count(*) AS received,
              coalesce(sum(CASE WHEN (status = 'replied' OR reply_count > 0)
                                 AND (first_reply_at IS NULL OR @cutoff IS NULL OR julianday(first_reply_at) < julianday(@cutoff))
                                THEN 1 ELSE 0 END), 0) AS replied
         FROM message
        WHERE posted_at >= @lo AND posted_at < @hi
          AND julianday(posted_at) >= julianday(@start) AND julianday(posted_at) < julianday(@end)
          ${boards.where}`,
    )
    .get({ ...periodBounds(f), cutoff, ...boards.params }) as { received: number; replied: number };
}

/** Messages on the figure's boards given at least one official reply in its period. */
function repliedInPeriod(archive: Archive, f: ReportFigureRow): number {
  const boards = boardFilter(f, 'm.board');
  const row = archive.sqlite
    .prepare(
      `SELECT count(DISTINCT r.message_id) AS n
         FROM reply r JOIN message m ON m.id = r.message_id
        WHERE r.official = 1
          AND r.replied_at >= @lo AND r.replied_at < @hi
          AND julianday(r.replied_at) >= julianday(@start) AND julianday(r.replied_at) < julianday(@end)
          ${boards.where}`,
    )
    .get({ ...periodBounds(f), ...boards.params }) as { n: number };
  return row.n;
}

/** YYYY-MM-DD plus n days. */
function addDays(date: string, n: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
