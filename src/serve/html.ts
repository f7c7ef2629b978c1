/**
 * The HTML of `serve`'s pages: plain server-rendered pages with forms and links, no script at
 * all (the server's Content-Security-Policy forbids any). Every scraped value goes through
 * escapeHtml; links out go through safeHref (http and https only).
 */
import type { FilterChoices } from '../archive/browse.js';
import { LEVELS } from '../model/published.js';
import { escapeHtml, safeHref } from '../publish/dashboard/html.js';
import { formatWait } from '../publish/overdue.js';
import { STATUSES, type ListQuery } from './params.js';
import type { DepartmentDetail, DepartmentSummary, MessageDetail, MessageList, OverdueList } from './views.js';

const STYLE = `body{font:14px/1.5 system-ui,"Noto Sans CJK SC",sans-serif;margin:0;color:#222}
header{background:#8b1a1a;color:#fff;padding:.5em 1em}header a{color:#fff;margin-right:1.5em;text-decoration:none;font-weight:600}
main{padding:1em;max-width:80em}table{border-collapse:collapse;width:100%;margin:.5em 0}
th,td{border-bottom:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}th{background:#f4f4f4}
td.num,th.num{text-align:right}form.filters{display:flex;flex-wrap:wrap;gap:.5em 1em;align-items:end;background:#f8f8f8;padding:.7em;border-radius:4px}
form.filters label{display:flex;flex-direction:column;font-size:12px;color:#555}input[type=search]{width:18em}
.downloads a,.pager a{margin-right:1em}.muted{color:#777}pre.capture{white-space:pre-wrap;word-break:break-all;background:#f8f8f8;padding:1em;border:1px solid #ddd;max-height:60em;overflow:auto}
.body{white-space:pre-wrap}dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em}dl.facts dt{color:#555}
.reply{border-left:3px solid #ccc;padding:.3em .8em;margin:.8em 0}.reply.official{border-color:#8b1a1a}.error{color:#a00;font-weight:600}`;

/** A path with a query string (empty values dropped). */
export function href(path: string, params: URLSearchParams | Record<string, string | number | undefined> = {}): string {
  const p = params instanceof URLSearchParams ? new URLSearchParams(params) : new URLSearchParams();
  if (!(params instanceof URLSearchParams)) for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') p.set(k, String(v));
  const qs = p.toString();
  return qs ? `${path}?${qs}` : path;
}

/** The same query with some parameters set (undefined: removed). */
function withParams(params: URLSearchParams, set: Record<string, string | number | undefined>): URLSearchParams {
  const p = new URLSearchParams(params);
  for (const [k, v] of Object.entries(set)) {
    if (v === undefined) p.delete(k);
    else p.set(k, String(v));
  }
  return p;
}

/** The path of a message's page. */
export function messagePath(messageId: string): string {
  return `/messages/${encodeURIComponent(messageId)}`;
}

/** A whole page. */
export function page(title: string, body: string, asOf?: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · wenzheng</title><style>${STYLE}</style></head>
<body><header><a href="/">搜索 Search</a><a href="/departments">部门 Departments</a><a href="/overdue">逾期 Overdue</a></header>
<main><h1>${escapeHtml(title)}</h1>${asOf ? `<p class="muted">数据截至 Data as of ${escapeHtml(asOf)}</p>` : ''}${body}</main></body></html>
`;
}

/** An error page body. */
export function errorPage(status: number, message: string): string {
  return page(`${status}`, `<p class="error" data-testid="error">${escapeHtml(message)}</p>`);
}

function downloads(path: string, params: URLSearchParams, formats: [string, string][] = [['csv', 'CSV'], ['json', 'JSON']]): string {
  const links = formats.map(([f, label]) => `<a href="${escapeHtml(href(path, withParams(params, { format: f })))}" data-testid="download-${escapeHtml(f)}">${escapeHtml(label)}</a>`);
  return `<p class="downloads">下载 Download: ${links.join(' ')}</p>`;
}

function pager(path: string, q: ListQuery, total: number): string {
  const pages = Math.max(1, Math.ceil(total / q.limit));
  const prev = q.page > 1 ? `<a href="${escapeHtml(href(path, withParams(q.params, { page: q.page - 1 })))}" rel="prev">« 上一页 Previous</a>` : '';
  const next = q.page < pages ? `<a href="${escapeHtml(href(path, withParams(q.params, { page: q.page + 1 })))}" rel="next">下一页 Next »</a>` : '';
  return `<p class="pager">${prev} 第 ${q.page} / ${pages} 页 page ${next}</p>`;
}

function select(name: string, label: string, value: string | null, options: [string, string][]): string {
  const opts = [['', '全部 all'] as [string, string], ...options]
    .map(([v, text]) => `<option value="${escapeHtml(v)}"${v === (value ?? '') ? ' selected' : ''}>${escapeHtml(text)}</option>`)
    .join('');
  return `<label>${escapeHtml(label)}<select name="${name}">${opts}</select></label>`;
}

function input(name: string, label: string, value: string | null, type = 'text', extra = ''): string {
  return `<label>${escapeHtml(label)}<input type="${type}" name="${name}" value="${escapeHtml(value ?? '')}"${extra}></label>`;
}

const SORT_LABELS: [string, string][] = [
  ['newest', '最新 newest'],
  ['oldest', '最早 oldest'],
  ['replies', '回复最多 most replies'],
  ['seen', '最近抓取 last seen'],
];

function filterForm(action: string, q: ListQuery, choices: FilterChoices, withSearch: boolean): string {
  const v = (k: string) => q.params.get(k);
  return `<form class="filters" method="get" action="${action}">
${withSearch ? input('q', '搜索 Search (3+ 字全文, 1-2 字逐条)', v('q'), 'search', ' autofocus') : ''}
${select('source', '来源 Source', v('source'), choices.sources.map((s) => [s, s]))}
${select('board', '版块 Board', v('board'), choices.boards.map((s) => [s, s]))}
${input('department', '部门 Department (id or name)', v('department'))}
${select('region', '地区 Region', v('region'), choices.regions.map((r) => [r.code, `${r.code} ${r.name ?? ''}`]))}
${select('level', '层级 Level', v('level'), LEVELS.map((l) => [l, l]))}
${withSearch ? select('status', '状态 Status', v('status'), STATUSES.map((s) => [s, s])) : ''}
${withSearch ? `<label>逾期 Overdue<input type="checkbox" name="overdue" value="1"${q.overdue ? ' checked' : ''}></label>` : ''}
${input('from', '起 From', v('from'), 'date')}${input('to', '止 To', v('to'), 'date')}
${withSearch ? select('sort', '排序 Sort', v('sort'), SORT_LABELS) : ''}
<button type="submit">查询 Go</button></form>`;
}

const num = (x: number | null | undefined, digits = 1) => (x == null ? '' : x.toLocaleString('en-US', { maximumFractionDigits: digits }));
const pct = (x: number | null | undefined) => (x == null ? '' : `${(x * 100).toFixed(1)}%`);

function departmentLink(id: number | null, name: string | null): string {
  if (name === null) return '';
  return id === null ? escapeHtml(name) : `<a href="/departments/${id}">${escapeHtml(name)}</a>`;
}

function outLink(url: string, text = url): string {
  const safe = safeHref(url);
  return safe ? `<a href="${escapeHtml(safe)}" rel="noopener noreferrer nofollow" target="_blank">${escapeHtml(text)}</a>` : escapeHtml(text);
}

/** The search page: filters, the count, one page of results, downloads. */
export function searchPage(q: ListQuery, list: MessageList, choices: FilterChoices): string {
  const rows = list.rows
    .map(
      (r) => `<tr><td><a href="${escapeHtml(messagePath(r.message_id))}" class="message-link">${escapeHtml(r.message_id)}</a></td>
<td>${escapeHtml(r.posted_at)}</td><td>${escapeHtml(r.board)}</td><td>${departmentLink(r.department_id, r.department)}</td>
<td class="title">${escapeHtml(r.title)}</td><td>${escapeHtml(r.status)}</td><td class="num">${r.reply_count}</td><td class="num">${num(r.reply_hours)}</td></tr>`,
    )
    .join('\n');
  const body = `${filterForm('/', q, choices, true)}
<p><strong data-testid="total">${list.total}</strong> 条结果 results</p>
${downloads('/', q.params)}
<table id="results"><thead><tr><th>编号 id</th><th>发帖 posted</th><th>版块 board</th><th>部门 department</th><th>标题 title</th><th>状态 status</th><th class="num">回复 replies</th><th class="num">用时 hours</th></tr></thead>
<tbody>${rows}</tbody></table>
${pager('/', q, list.total)}`;
  return page('问政存档搜索 Search the archive', body, list.asOf);
}

/** A message with its thread, status history and provenance. */
export function messagePage(d: MessageDetail): string {
  const m = d.message;
  const facts: [string, string][] = [
    ['编号 id', escapeHtml(m.message_id)],
    ['来源 source', escapeHtml(m.source)],
    ['版块 board', escapeHtml(m.board)],
    ['部门 department', departmentLink(m.department_id, m.department)],
    ['分类 category', escapeHtml(m.category)],
    ['状态 status', `${escapeHtml(m.status)} ${d.status_raw ? `(${escapeHtml(d.status_raw)})` : ''}`],
    ['发帖 posted', escapeHtml(m.posted_at)],
    ['首次回复 first reply', escapeHtml(m.first_reply_at)],
    ['回复用时 reply hours', num(m.reply_hours, 2)],
    ['时限内 within deadline', m.replied_within_sla === null ? '' : m.replied_within_sla ? 'yes' : 'no'],
    ['逾期 overdue', d.overdue ? `yes: waited ${escapeHtml(formatWait(d.overdue.waited_hours))} (deadline ${escapeHtml(d.overdue.deadline_at)})` : 'no'],
    ['原网址 public URL', outLink(m.url)],
    ['存档页面 stored page', m.capture_sha256 ? `<a href="/captures/${escapeHtml(m.capture_sha256)}" data-testid="capture-link">${escapeHtml(m.capture_sha256.slice(0, 12))}…</a> fetched ${escapeHtml(m.fetched_at)}` : ''],
    ['首次/最近抓取 first/last seen', `${escapeHtml(m.first_seen_at)} / ${escapeHtml(m.last_seen_at)}`],
    ['消失 gone', escapeHtml(m.gone_at)],
  ];
  const replies = d.replies
    .map(
      (r) => `<div class="reply${r.official ? ' official' : ''}"><p class="muted">${r.floor != null ? `#${r.floor} ` : ''}${r.official ? '官方回复 official' : '跟帖 post'} ${departmentLink(r.department_id, r.department)} ${escapeHtml(r.replied_at)}</p>
<div class="body">${escapeHtml(r.body)}</div></div>`,
    )
    .join('\n');
  const history = d.observations
    .map((o) => `<tr><td>${escapeHtml(o.observed_at)}</td><td>${escapeHtml(o.status)}</td><td class="num">${o.reply_count}</td></tr>`)
    .join('');
  const params = new URLSearchParams();
  const body = `<dl class="facts">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>
${downloads(messagePath(m.message_id), params, [['json', 'JSON'], ['csv', 'message CSV'], ['replies.csv', 'replies CSV'], ['observations.csv', 'history CSV']])}
<h2>正文 Message</h2><div class="body" id="message-body">${escapeHtml(m.body)}</div>
<h2>回复 Thread (${d.replies.length})</h2>${replies || '<p class="muted">none</p>'}
<h2>状态记录 Status history</h2><table><thead><tr><th>observed</th><th>status</th><th class="num">replies</th></tr></thead><tbody>${history}</tbody></table>`;
  return page(m.title ?? m.message_id, body);
}

function overdueTable(rows: OverdueList['rows']): string {
  const trs = rows
    .map(
      (r) => `<tr><td><a href="${escapeHtml(messagePath(r.message_id))}">${escapeHtml(r.message_id)}</a></td><td>${escapeHtml(r.department)}</td>
<td>${escapeHtml(r.title)}</td><td>${escapeHtml(r.posted_at)}</td><td>${escapeHtml(r.deadline_at)}</td><td class="num">${escapeHtml(formatWait(r.waited_hours))}</td></tr>`,
    )
    .join('\n');
  return `<table class="overdue"><thead><tr><th>编号 id</th><th>部门 department</th><th>标题 title</th><th>发帖 posted</th><th>期限 deadline</th><th class="num">已等待 waited</th></tr></thead><tbody>${trs}</tbody></table>`;
}

/** The full overdue list, oldest first, in pages. */
export function overduePage(q: ListQuery, list: OverdueList, choices: FilterChoices): string {
  const body = `${filterForm('/overdue', q, choices, false)}
<p><strong data-testid="total">${list.total}</strong> 条逾期未回复 unanswered past their deadline, oldest first</p>
${downloads('/overdue', q.params)}${overdueTable(list.rows)}${pager('/overdue', q, list.total)}`;
  return page('逾期未回复 Overdue', body, list.asOf);
}

/** Every department with messages and its reply rate. */
export function departmentsPage(rows: DepartmentSummary[]): string {
  const trs = rows
    .map(
      (d) => `<tr><td class="num">${d.department_id}</td><td><a href="/departments/${d.department_id}">${escapeHtml(d.name)}</a></td>
<td>${escapeHtml(d.region_code)} ${escapeHtml(d.region_name)}</td><td>${escapeHtml(d.level)}</td><td class="num">${d.messages}</td><td class="num">${d.replied}</td><td class="num">${pct(d.reply_rate)}</td></tr>`,
    )
    .join('\n');
  const body = `${downloads('/departments', new URLSearchParams())}
<table><thead><tr><th class="num">id</th><th>部门 department</th><th>地区 region</th><th>层级 level</th><th class="num">留言 messages</th><th class="num">已回复 replied</th><th class="num">回复率 reply rate</th></tr></thead><tbody>${trs}</tbody></table>`;
  return page('部门 Departments', body);
}

/** One department: reply rate, Kaplan-Meier lag, its overdue messages. */
export function departmentPage(q: ListQuery, d: DepartmentDetail): string {
  const x = d.department;
  const lag = d.lag;
  const body = `<dl class="facts"><dt>地区 region</dt><dd>${escapeHtml(x.region_code)} ${escapeHtml(x.region_name)}</dd><dt>层级 level</dt><dd>${escapeHtml(x.level)}</dd>
<dt>留言 messages</dt><dd>${x.messages} (<a href="${escapeHtml(href('/', { department: x.department_id }))}">list 列表</a>)</dd>
<dt>已回复 replied</dt><dd>${x.replied}</dd><dt>回复率 reply rate</dt><dd data-testid="reply-rate">${pct(x.reply_rate)}</dd></dl>
<h2>回复用时 Reply lag (Kaplan-Meier, unanswered messages censored when last seen)</h2>
<table><thead><tr><th></th><th class="num">median h</th><th class="num">p90 h</th><th class="num">n</th><th class="num">answered</th><th class="num">censored</th></tr></thead><tbody>
<tr><td>Kaplan-Meier</td><td class="num" data-testid="km-median">${num(lag.km.median, 2)}</td><td class="num">${num(lag.km.p90, 2)}</td><td class="num">${lag.km.n}</td><td class="num">${lag.km.answered}</td><td class="num">${lag.km.censored}</td></tr>
<tr><td>answered only (naive)</td><td class="num">${num(lag.naive.median, 2)}</td><td class="num">${num(lag.naive.p90, 2)}</td><td class="num">${lag.naive.n}</td><td></td><td></td></tr></tbody></table>
<p>回复比例 Answered within 24 h: ${pct(lag.within.hours24.km)} · 7 d: ${pct(lag.within.days7.km)} · 30 d: ${pct(lag.within.days30.km)} (Kaplan-Meier)</p>
<h2>逾期未回复 Overdue (${d.overdue.length})</h2>
${downloads(`/departments/${x.department_id}`, q.params)}${overdueTable(d.overdue)}`;
  return page(x.name, body, d.asOf);
}

/** A stored page shown as text (never rendered). */
export function capturePage(c: { sha256: string; url: string; fetched_at: string; http_status: number; content_type: string | null; bytes: number }, text: string): string {
  const body = `<dl class="facts"><dt>sha256</dt><dd>${escapeHtml(c.sha256)}</dd><dt>URL</dt><dd>${outLink(c.url)}</dd>
<dt>fetched</dt><dd>${escapeHtml(c.fetched_at)}</dd><dt>HTTP</dt><dd>${c.http_status} ${escapeHtml(c.content_type)}</dd><dt>bytes</dt><dd>${c.bytes}</dd></dl>
<p class="muted">存档的原始页面，以纯文本显示 The stored page as fetched, shown as text.</p>
<pre class="capture" id="capture">${escapeHtml(text)}</pre>`;
  return page('存档页面 Stored page', body);
}
