/**
 * A list answer of 《问政湖南》: `data.rows[]` (id, title, created_at, type_name, nickname,
 * city_id, area_id, is_reply, reply_name, reply_time, click_num) and `data.total`. Which page
 * it is comes from the request's JSON body; the next page is asked for while rows remain.
 */
import { ParseError } from '../../extract/errors.js';
import { normalizeText } from '../../extract/text.js';
import { parseChinaTime } from '../../extract/time.js';
import { emptyExtraction, type Extraction } from '../../model/extraction.js';
import { postRequest, type PageRequest } from '../types.js';
import { isObject } from '../../extract/json-fields.js';
import { detailUrl, LIST_URL, listBody, optStr, PAGE_SIZE, str, type Json } from './api.js';
import { statusOfCode } from './status.js';

export const BOARD = '问政湖南';

/** The list call for page `page` as a request value. */
export function listRequest(page: number): PageRequest {
  return postRequest(LIST_URL, 'list', listBody(page), { 'content-type': 'application/json;charset=UTF-8' });
}

/** The page and page size a list request asked for, or null when the request is unknown. */
function pageOf(request: PageRequest | undefined): { page: number; size: number } | null {
  if (!request?.body) return null;
  try {
    const body: unknown = JSON.parse(request.body);
    if (!isObject(body)) return null;
    const page = Number(body.page);
    const size = Number(body.pageNum ?? PAGE_SIZE);
    return Number.isInteger(page) && page >= 1 && Number.isInteger(size) && size >= 1 ? { page, size } : null;
  } catch {
    return null;
  }
}

/** Parses a list answer's `data`. */
export function parseRednetList(source: string, url: string, data: Json, request: PageRequest | undefined): Extraction {
  const out = emptyExtraction(source, url, 'list');
  if (!Array.isArray(data.rows)) throw new ParseError(url, 'data.rows', 'missing or not an array');
  data.rows.forEach((row: unknown, i) => {
    const where = `data.rows[${i}]`;
    if (!isObject(row)) throw new ParseError(url, where, 'not an object');
    const id = str(url, row, 'id', where);
    const { status, word } = statusOfCode(url, row.is_reply, `${where}.is_reply`);
    out.messages.push({
      externalId: id,
      url: detailUrl(id),
      title: normalizeText(str(url, row, 'title', where)),
      body: null,
      author: optStr(row, 'nickname'),
      postedAt: parseChinaTime(str(url, row, 'created_at', where)),
      board: BOARD,
      department: null,
      category: normalizeText(optStr(row, 'type_name')),
      status,
      statusRaw: word,
      views: typeof row.click_num === 'number' ? row.click_num : null,
      replyCount: null,
    });
    out.links.push({ url: detailUrl(id), kind: 'thread' });
  });
  const total = Number(data.total);
  const asked = pageOf(request);
  if (asked === null) {
    out.warnings = ['the list request is unknown (no page in a request body): no next page followed'];
  } else if (data.rows.length > 0 && Number.isFinite(total) && asked.page * asked.size < total) {
    const next = listRequest(asked.page + 1);
    out.links.push({ url: next.url, kind: 'list', method: 'POST', body: next.body!, headers: next.headers! });
  }
  return out;
}
