/**
 * The HTTP server of `wenzheng serve`: read-only pages and a JSON API over an archive opened
 * read-only. GET and HEAD only (anything else: 405); every page is sent with a policy that
 * lets no script run and no page be framed, so scraped text can only ever show as text.
 *
 * Routes: `/` search, `/messages/<id>`, `/departments`, `/departments/<id>`, `/overdue`,
 * `/captures/<sha256>`, `/api/messages`, `/api/messages/<id>`. Each page takes
 * `format=csv|json` for exactly the rows it shows (a message page also `replies.csv` and
 * `observations.csv`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { filterChoices, findCapture } from '../archive/browse.js';
import type { ReadOnlyArchive } from '../archive/read-only.js';
import { decodeBody } from '../extract/charset.js';
import { BOM, csvLine } from '../publish/csv.js';
import { capturePage, departmentPage, departmentsPage, errorPage, messagePage, overduePage, searchPage } from './html.js';
import { ParamError, parseListQuery, type ListQuery } from './params.js';
import { MESSAGE_COLUMNS, OVERDUE_COLUMNS, REPLY_COLUMNS } from './rows.js';
import { departmentDetail, departmentList, messageDetail, messageList, overdueList } from './views.js';

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** An answer: status, content type, body, and a download name when it is a file. */
interface Answer {
  status: number;
  type: string;
  body: string;
  download?: string;
}

class NotFound extends Error {}

const html = (body: string, status = 200): Answer => ({ status, type: 'text/html; charset=utf-8', body });
const json = (value: unknown, download?: string): Answer => ({ status: 200, type: 'application/json; charset=utf-8', body: `${JSON.stringify(value, null, 2)}\n`, download });

/** A table as CSV the way the snapshot writes it: UTF-8 with BOM, header row, `\n` endings. */
function csv(columns: readonly string[], rows: readonly object[], download: string): Answer {
  let body = BOM + csvLine(columns);
  for (const r of rows) body += csvLine(columns.map((c) => (r as Record<string, unknown>)[c]));
  return { status: 200, type: 'text/csv; charset=utf-8', body, download };
}

function formatOf(url: URL, allowed: readonly string[]): string {
  const f = url.searchParams.get('format') ?? 'html';
  if (f !== 'html' && !allowed.includes(f)) throw new ParamError(`format=${f}: expected ${['html', ...allowed].join(', ')}`);
  return f;
}

/** Everything but the part after a route's prefix, decoded; NotFound when it is not valid. */
function rest(pathname: string, prefix: string): string {
  try {
    return decodeURIComponent(pathname.slice(prefix.length));
  } catch {
    throw new NotFound();
  }
}

function listQuery(url: URL, defaults: Partial<Pick<ListQuery, 'sort' | 'limit'>> = {}): ListQuery {
  const q = parseListQuery(url.searchParams, defaults.sort);
  if (defaults.limit && !url.searchParams.get('limit')) q.limit = defaults.limit;
  return q;
}

function route(archive: ReadOnlyArchive, url: URL): Answer {
  const p = url.pathname;
  if (p === '/api/messages') {
    const { total, rows } = messageList(archive, listQuery(url));
    return json({ total, rows });
  }
  if (p.startsWith('/api/messages/')) {
    const d = messageDetail(archive, rest(p, '/api/messages/'));
    if (!d) throw new NotFound();
    return json(d);
  }
  if (p === '/' || p === '/search') {
    const f = formatOf(url, ['csv', 'json']);
    const q = listQuery(url);
    const list = messageList(archive, q);
    if (f === 'csv') return csv(MESSAGE_COLUMNS, list.rows, `messages-page-${q.page}.csv`);
    if (f === 'json') return json({ total: list.total, rows: list.rows }, `messages-page-${q.page}.json`);
    return html(searchPage(q, list, filterChoices(archive)));
  }
  if (p.startsWith('/messages/')) {
    const f = formatOf(url, ['json', 'csv', 'replies.csv', 'observations.csv']);
    const d = messageDetail(archive, rest(p, '/messages/'));
    if (!d) throw new NotFound();
    const name = d.message.message_id.replace(/[^\w.-]+/g, '_');
    if (f === 'json') return json(d, `${name}.json`);
    if (f === 'csv') return csv(MESSAGE_COLUMNS, [d.message], `${name}.csv`);
    if (f === 'replies.csv') return csv(REPLY_COLUMNS, d.replies, `${name}-replies.csv`);
    if (f === 'observations.csv') return csv(['message_id', 'observed_at', 'status', 'reply_count'], d.observations, `${name}-observations.csv`);
    return html(messagePage(d));
  }
  if (p === '/departments') {
    const f = formatOf(url, ['csv', 'json']);
    const rows = departmentList(archive);
    if (f === 'csv') return csv(['department_id', 'name', 'region_code', 'region_name', 'level', 'messages', 'replied', 'reply_rate'], rows, 'departments.csv');
    if (f === 'json') return json(rows, 'departments.json');
    return html(departmentsPage(rows));
  }
  if (p.startsWith('/departments/')) {
    const f = formatOf(url, ['csv', 'json']);
    const id = rest(p, '/departments/');
    if (!/^\d{1,15}$/.test(id)) throw new NotFound();
    const q = listQuery(url, { limit: 1000 });
    const d = departmentDetail(archive, Number(id), q);
    if (!d) throw new NotFound();
    if (f === 'csv') return csv(OVERDUE_COLUMNS, d.overdue, `department-${id}-overdue.csv`);
    if (f === 'json') return json(d, `department-${id}.json`);
    return html(departmentPage(q, d));
  }
  if (p === '/overdue') {
    const f = formatOf(url, ['csv', 'json']);
    const q = listQuery(url, { limit: 1000 });
    const list = overdueList(archive, q);
    if (f === 'csv') return csv(OVERDUE_COLUMNS, list.rows, `overdue-page-${q.page}.csv`);
    if (f === 'json') return json(list, `overdue-page-${q.page}.json`);
    return html(overduePage(q, list, filterChoices(archive)));
  }
  if (p.startsWith('/captures/')) {
    const sha = rest(p, '/captures/');
    const c = /^[0-9a-f]{64}$/.test(sha) ? findCapture(archive, sha) : undefined;
    if (!c) throw new NotFound();
    let text: string;
    try {
      text = decodeBody(archive.raw(sha), c.content_type);
    } catch (err) {
      text = `(the stored body cannot be read: ${(err as Error).message})`;
    }
    return html(capturePage(c, text));
  }
  throw new NotFound();
}

function answer(req: IncomingMessage, res: ServerResponse, a: Answer): void {
  const headers: Record<string, string | number> = { ...SECURITY_HEADERS, 'content-type': a.type, 'content-length': Buffer.byteLength(a.body), 'cache-control': 'no-store' };
  if (a.download) headers['content-disposition'] = `attachment; filename="${a.download}"`;
  res.writeHead(a.status, headers);
  res.end(req.method === 'HEAD' ? undefined : a.body);
}

function handle(archive: ReadOnlyArchive, req: IncomingMessage, res: ServerResponse, onError: (err: unknown) => void): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...SECURITY_HEADERS, allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
    res.end(`405 method not allowed: ${req.method} (this server is read-only: GET and HEAD only)\n`);
    return;
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  const isApi = url.pathname.startsWith('/api/');
  const fail = (status: number, message: string) =>
    answer(req, res, isApi ? { ...json({ error: message }), status } : html(errorPage(status, message), status));
  try {
    answer(req, res, route(archive, url));
  } catch (err) {
    if (err instanceof ParamError) fail(400, err.message);
    else if (err instanceof NotFound) fail(404, `not found: ${url.pathname}`);
    else {
      onError(err);
      fail(500, 'internal error (see the server log)');
    }
  }
}

export interface ServeHandle {
  /** `http://HOST:PORT` as bound. */
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Serves the archive on host:port (port 0 picks a free one); resolves once listening. */
export async function startServe(
  archive: ReadOnlyArchive,
  opts: { host: string; port: number; onError?: (err: unknown) => void },
): Promise<ServeHandle> {
  const onError = opts.onError ?? ((err) => process.stderr.write(`wenzheng serve: ${(err as Error).stack ?? String(err)}\n`));
  const server = createServer((req, res) => handle(archive, req, res, onError));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    server,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
