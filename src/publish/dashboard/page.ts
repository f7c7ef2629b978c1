/**
 * The dashboard page: headline numbers and tables rendered here (escaped, readable without
 * script), charts drawn in the browser by the inlined Chart.js from the inlined JSON data.
 * Self-contained: no request leaves the page (a Content-Security-Policy says so too, and
 * only the page's own scripts, by hash, may run).
 */
import { createHash } from 'node:crypto';
import { formatWait, type OverdueRow } from '../overdue.js';
import { CLIENT_SCRIPT } from './client.js';
import type { Changes, Claim, DashboardData } from './data.js';
import { escapeHtml, jsonForScript, safeHref } from './html.js';
import type { RankedDepartment } from './rank.js';

const FONT_STACK =
  '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", system-ui, sans-serif';

const CSS = `
*{box-sizing:border-box}
body{margin:0;font-family:${FONT_STACK};font-size:15px;line-height:1.5;color:#1a202c;background:#f7fafc}
main{max-width:1100px;margin:0 auto;padding:16px}
h1{font-size:1.5rem;margin:.2em 0}h2{font-size:1.2rem;margin:0 0 .3em}
p.note{color:#4a5568;font-size:.9rem;margin:.2em 0 .8em}
section{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:14px;margin:14px 0}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(130px,1fr));gap:10px}
.card{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:10px 12px}
.card .label{font-size:.85rem;color:#4a5568}.card .num{display:block;font-size:1.6rem;font-weight:700}
.chart{position:relative;height:340px}.chart.tall{height:420px}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:14px}
.table{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #edf2f7;vertical-align:top}
td.n,th.n{text-align:right;white-space:nowrap}
td.t{min-width:12em;overflow-wrap:anywhere}td.nw{white-space:nowrap}td.wait{font-weight:600;color:#c53030}
a{color:#2b6cb0}
@media (max-width:700px){main{padding:8px}.pair{grid-template-columns:1fr}.chart{height:300px}.chart.tall{height:380px}
.card .num{font-size:1.3rem}section{padding:10px}
table.stack thead{display:none}table.stack tr{display:block;padding:6px 0;border-bottom:1px solid #e2e8f0}
table.stack td{display:inline-block;border:0;padding:0 8px 0 0;text-align:left}table.stack td.t{display:block;min-width:0}}
`;

export interface PageAssets {
  /** Chart.js UMD build, inlined. */
  chartJs: string;
}

/** The complete index.html for `data`. */
export function renderDashboard(data: DashboardData, assets: PageAssets): string {
  const scripts = [inlineScript(assets.chartJs), inlineScript(CLIENT_SCRIPT)];
  const csp = [
    "default-src 'none'",
    `script-src ${scripts.map((s) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`).join(' ')}`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const date = data.snapshotDate ? ` ${escapeHtml(data.snapshotDate)}` : '';
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<title>问政 watchdog${date}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>问政 watchdog dashboard${date}</h1>
<p class="note">From the wenzheng archive snapshot in this folder. Every number comes from the files beside this page (${files('stats.json', 'departments.csv', 'claims.csv', 'overdue.csv', 'messages.csv')}; what each column means: ${files('datapackage.json')}).</p>
${headline(data)}
${changesSection(data.changes)}
${monthlySection()}
${departmentSection(data)}
${lagSection(data)}
${claimsSection(data)}
${overdueSection(data)}
</main>
<script type="application/json" id="dashboard-data">${jsonForScript(chartData(data))}</script>
${scripts.map((s) => `<script>${s}</script>`).join('\n')}
</body>
</html>
`;
}

/** Script text safe to put between <script> tags (a literal "</script" would end it early). */
function inlineScript(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** Only what the charts need goes into the JSON block. */
function chartData(data: DashboardData) {
  return { monthly: data.monthly, departments: data.departments, lag: data.lag, claims: data.claims };
}

function fmtInt(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function fmtPct(rate: number | null): string {
  return rate == null ? '–' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

function fmtHours(h: number | null): string {
  if (h == null) return 'not reached';
  return h < 48 ? `${Math.round(h * 10) / 10} h` : `${Math.round((h / 24) * 10) / 10} d`;
}

function card(label: string, stat: string, value: number | null, text: string): string {
  return `<div class="card"><span class="label">${escapeHtml(label)}</span><span class="num" data-stat="${escapeHtml(stat)}" data-value="${escapeHtml(value ?? '')}">${escapeHtml(text)}</span></div>`;
}

function headline(data: DashboardData): string {
  const h = data.headline;
  return `<div class="cards" id="headline">
${card('留言 messages', 'totals.messages', h.messages, fmtInt(h.messages))}
${card('已答复 answered', 'totals.replied', h.replied, fmtInt(h.replied))}
${card('答复率 reply rate', 'totals.replyRate', h.replyRate, fmtPct(h.replyRate))}
${card('未答复 unanswered', 'totals.unanswered', h.unanswered, fmtInt(h.unanswered))}
${card('逾期未答复 overdue', 'overdue', h.overdue, fmtInt(h.overdue))}
${card('答复用时中位数 median lag', 'lag.km.median', h.lagMedianHours, fmtHours(h.lagMedianHours))}
${card('90% answered within', 'lag.km.p90', h.lagP90Hours, fmtHours(h.lagP90Hours))}
</div>`;
}

/** Links to files of the snapshot, beside this page (relative: they work from file:// too). */
function files(...names: string[]): string {
  return names.map((n) => `<a href="${escapeHtml(n)}" class="file">${escapeHtml(n)}</a>`).join(', ');
}

function dataLine(...names: string[]): string {
  return `<p class="note data">Data: ${files(...names)}</p>`;
}

const CHANGE_LABELS: Record<keyof Changes['counts'], string> = {
  new: '新留言 new',
  replied: '新答复 newly answered',
  status_changed: '状态变化 status changed',
  gone: '已删除 gone',
};

function changesSection(c: Changes): string {
  const cards = (Object.keys(CHANGE_LABELS) as (keyof Changes['counts'])[])
    .map((k) => `<div class="card"><span class="label">${escapeHtml(CHANGE_LABELS[k])}</span><span class="num" data-change="${k}">${fmtInt(c.counts[k])}</span></div>`)
    .join('\n');
  const body = c.rows.map((r) => `<tr><td class="t">${escapeHtml(r.message_id)}</td><td>${escapeHtml(CHANGE_LABELS[r.change as keyof Changes['counts']] ?? r.change)}</td></tr>`).join('');
  const table = c.total
    ? `<div class="table"><table id="changes-table"><thead><tr><th>message</th><th>change</th></tr></thead><tbody>${body}</tbody></table></div>${more(c.total, c.rows.length, 'changes.csv')}`
    : '<p class="note">No changes recorded: this is the first snapshot in its folder, or nothing changed since the previous one.</p>';
  return `<section id="changes"><h2>变化 Changes since the previous snapshot (${fmtInt(c.total)})</h2>
<div class="cards">${cards}</div>${table}${dataLine('changes.csv', 'changes.jsonl', 'feed.xml')}</section>`;
}

function monthlySection(): string {
  return `<section id="monthly"><h2>收到与答复 Received vs answered, per month and board</h2>
<p class="note">Light bars: messages posted that month; dark bars: those of them answered.</p>${dataLine('stats.json', 'messages.csv')}
<div class="chart"><canvas id="chart-monthly" role="img" aria-label="received and answered per month and board"></canvas></div></section>`;
}

function departmentSection(data: DashboardData): string {
  const d = data.departments;
  const note = `Departments with at least ${d.minMessages} message${d.minMessages === 1 ? '' : 's'} (${d.ranked} of ${d.total}); best are those at or above their pooled reply rate (${fmtPct(d.pooledRate)}), worst those below it. Ranked by the 95% Wilson interval of the reply rate, lower bound for the best, upper bound for the worst, so a few lucky answers do not outrank a long record. Counts in brackets: answered / messages.`;
  const side = (title: string, id: string, rows: RankedDepartment[]) =>
    `<div><h3>${escapeHtml(title)}</h3>${rows.length ? `<div class="chart"><canvas id="${id}" role="img" aria-label="${escapeHtml(title)}"></canvas></div>` : '<p class="note">None.</p>'}${departmentTable(rows)}</div>`;
  const none =
    d.withoutDepartment === null
      ? ''
      : `<p class="note" id="without-department">Messages without a department (neither addressed to nor answered by a unit the board names): ${fmtInt(d.withoutDepartment)}${d.withoutDepartmentShare === null ? '' : ` (${fmtPct(d.withoutDepartmentShare)} of all)`}; they are not in these rates.</p>`;
  return `<section id="departments"><h2>答复率 Reply rate by department</h2><p class="note">${escapeHtml(note)}</p>${none}
<div class="pair">${side('Best', 'chart-best', d.best)}${side('Worst', 'chart-worst', d.worst)}</div>${dataLine('departments.csv', 'departments.jsonl')}</section>`;
}

function departmentTable(rows: RankedDepartment[]): string {
  if (!rows.length) return '';
  const body = rows
    .map((r) => `<tr><td class="t">${escapeHtml(r.name)}</td><td class="n">${r.replied} / ${r.messages}</td><td class="n">${fmtPct(r.rate)}</td></tr>`)
    .join('');
  return `<div class="table"><table><thead><tr><th>department</th><th class="n">answered</th><th class="n">rate</th></tr></thead><tbody>${body}</tbody></table></div>`;
}

function lagSection(data: DashboardData): string {
  const h = data.headline;
  const km = h.lagMedianHours != null ? ` Median lag ${fmtHours(h.lagMedianHours)}, 90th percentile ${fmtHours(h.lagP90Hours)}, counting unanswered messages as still waiting (Kaplan–Meier).` : '';
  return `<section id="lag"><h2>答复用时 Reply lag</h2>
<p class="note">Time from posting to the first official answer; the red bar counts messages with no answer yet (<span id="lag-unanswered">${fmtInt(data.lag.unanswered)}</span>).${escapeHtml(km)}</p>
<div class="chart"><canvas id="chart-lag" role="img" aria-label="reply lag distribution"></canvas></div>${dataLine('stats.json', 'messages.csv')}</section>`;
}

function claimsSection(data: DashboardData): string {
  const c = data.claims;
  const hasChart = c.rows.some((r) => r.unit !== 'percent' && r.official != null && r.archive != null);
  const chart = hasChart ? `<div class="chart tall"><canvas id="chart-claims" role="img" aria-label="official claims against the archive"></canvas></div>` : '';
  const body = c.rows.map(claimRow).join('');
  const table = c.total
    ? `<div class="table"><table><thead><tr><th>board · period · metric</th><th class="n">official</th><th class="n">archive</th><th class="n">diff.</th><th>source</th></tr></thead><tbody>${body}</tbody></table></div>${more(c.total, c.rows.length, 'claims.csv')}`
    : '<p class="note">No official figures matched to the archive in this snapshot.</p>';
  return `<section id="claims"><h2>官方数据与存档 Official claims vs the archive</h2>
<p class="note">Each figure an official report states, next to what the archive itself counts for the same board, period and metric.</p>
${chart}${table}${dataLine('claims.csv', 'report_figures.csv')}</section>`;
}

function claimRow(c: Claim): string {
  const num = (v: number | null) => (v == null ? '–' : c.unit === 'percent' ? `${v}%` : fmtInt(v));
  const href = safeHref(c.reportUrl);
  const q = c.qualifier && c.qualifier !== 'exact' ? ` (${c.qualifier.replace('_', ' ')})` : '';
  return `<tr><td>${escapeHtml(c.board ?? 'all boards')}<br><small>${escapeHtml(`${c.period} · ${c.metric}`)}</small></td><td class="n">${escapeHtml(num(c.official) + q)}</td><td class="n">${escapeHtml(num(c.archive))}</td><td class="n">${escapeHtml(c.difference == null ? '–' : (c.difference > 0 ? '+' : '') + num(c.difference))}</td><td>${href ? `<a href="${escapeHtml(href)}" rel="noopener noreferrer">report</a>` : ''}</td></tr>`;
}

function overdueSection(data: DashboardData): string {
  const o = data.overdue;
  const table = o.total
    ? `<div class="table"><table id="overdue-table" class="stack"><thead><tr><th>message</th><th class="n">waited</th><th>department</th><th>board</th><th>posted</th></tr></thead><tbody>${o.rows.map(overdueRow).join('')}</tbody></table></div>${more(o.total, o.rows.length, 'overdue.csv')}`
    : '<p class="note">No message is past its deadline.</p>';
  return `<section id="overdue"><h2>逾期未答复 Overdue: unanswered past the deadline (${fmtInt(o.total)})</h2>
<p class="note">Oldest first. The deadline is the board's own (24 hours for the 荆楚网 boards).</p>${table}${dataLine('overdue.csv', 'overdue.jsonl')}</section>`;
}

function overdueRow(r: OverdueRow): string {
  const href = safeHref(r.url);
  const title = escapeHtml(r.title ?? '(no title)');
  return `<tr><td class="t">${href ? `<a href="${escapeHtml(href)}" rel="noopener noreferrer">${title}</a>` : title}</td><td class="n wait">${escapeHtml(formatWait(r.waited_hours))}</td><td>${escapeHtml(r.department ?? '–')}</td><td class="nw">${escapeHtml(r.board ?? '')}</td><td class="n">${escapeHtml(r.posted_at.slice(0, 16).replace('T', ' '))}</td></tr>`;
}

function more(total: number, shown: number, file: string): string {
  return total > shown ? `<p class="note">Showing ${fmtInt(shown)} of ${fmtInt(total)}; all rows are in ${files(file)}.</p>` : '';
}
