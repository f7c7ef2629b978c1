/**
 * `allsuglist` answers: a list of `{ id, title, content, created_at, dept_name, status_str,
 * description }` rows and `total` pages. list_type 1 lists the latest answered messages,
 * list_type 3 those not yet answered.
 */
import { ParseError } from '../../extract/errors.js';
import type { Extraction, Link, Message } from '../../model/extraction.js';
import { emptyExtraction } from '../../model/extraction.js';
import { type ApiAnswer } from './api.js';
import { isObject, readBody, readText, readTime, requireInt, requireText } from '../../extract/json-fields.js';
import { statusOfWord } from './status.js';
import { detailApiUrl, type ListQuery, listApiUrl, publicDetailUrl } from './urls.js';

/** The board name every message of this source carries. */
export const WZ_BOARD = '荆楚问政';

function parseRow(url: string, row: unknown, i: number, listType: string): Message {
  const at = `data.common.app[${i}]`;
  if (!isObject(row)) throw new ParseError(url, at, 'not an object');
  const id = String(requireInt(url, row.id, `${at}.id`));
  const statusRaw = readText(url, row.status_str, `${at}.status_str`);
  // A row without a status word on the answered list (list_type 1) is still answered.
  const status = statusRaw !== null ? statusOfWord(url, statusRaw, `${at}.status_str`) : listType === '1' ? 'replied' : null;
  return {
    externalId: id,
    url: publicDetailUrl(id),
    title: requireText(url, row.title, `${at}.title`),
    body: readBody(url, row.content ?? row.description, `${at}.content`),
    author: null,
    postedAt: readTime(url, row.created_at, `${at}.created_at`),
    board: WZ_BOARD,
    department: readText(url, row.dept_name, `${at}.dept_name`),
    category: null,
    status,
    statusRaw,
    views: null,
    replyCount: null,
  };
}

/**
 * Parses one `allsuglist` answer into a list extraction: one message per row (what the row
 * shows), a thread link per row (its `sugdetail` request) and the next list page while
 * `page < total`. `query` is the list request the answer came from (null when unknown: then no
 * next-page link is made).
 */
export function parseListAnswer(source: string, url: string, answer: ApiAnswer, query: ListQuery | null): Extraction {
  if (!Array.isArray(answer.app)) throw new ParseError(url, 'data.common.app', 'a list answer needs an array');
  const total = requireInt(url, answer.total, 'data.common.total');
  const out = emptyExtraction(source, query ? listApiUrl(query) : url, 'list');
  out.messages = answer.app.map((row, i) => parseRow(url, row, i, query?.listType ?? ''));
  const links: Link[] = out.messages.map((m) => ({ url: detailApiUrl(m.externalId), kind: 'thread', messageExternalId: m.externalId }));
  if (query && query.page < total) links.push({ url: listApiUrl({ ...query, page: query.page + 1 }), kind: 'list' });
  out.links = links;
  if (total >= 1) out.pageCount = total;
  return out;
}
