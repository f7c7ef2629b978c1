/**
 * `index.html` of a snapshot: the watchdog dashboard. Reads the snapshot's own files and
 * writes one self-contained page (Chart.js, data and styles inlined; opens from file:// with
 * no network). See dashboard/ for the parts: data loading, ranking, escaping, page, script.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { loadDashboardData, type DashboardData, type LongTableFigures } from './dashboard/data.js';
import { renderDashboard } from './dashboard/page.js';

export { escapeHtml } from './dashboard/html.js';
export type { DashboardData };

let chartJs: string | undefined;

/** The Chart.js UMD build (one file that defines the global `Chart`), read once. */
export function chartJsSource(): string {
  if (chartJs === undefined) {
    // chart.js exports no subpath for its UMD file: find it beside the CommonJS entry.
    const entry = createRequire(import.meta.url).resolve('chart.js');
    chartJs = readFileSync(path.join(path.dirname(entry), 'chart.umd.js'), 'utf8');
  }
  return chartJs;
}

/**
 * Writes `<snapshotDir>/index.html` from the snapshot's stats.json, departments.jsonl,
 * claims.jsonl, overdue.jsonl and messages.jsonl (write those first; `long`: the figures of the
 * two long files, when gathered while writing them). Returns the file path.
 */
export async function writeDashboard(snapshotDir: string, long?: LongTableFigures): Promise<string> {
  const data = await loadDashboardData(snapshotDir, long);
  const file = path.join(snapshotDir, 'index.html');
  await writeFile(file, renderDashboard(data, { chartJs: chartJsSource() }));
  return file;
}
