/**
 * The JSON API of 红网《问政湖南》 (wzapi.rednet.cn): every answer is an envelope
 * `{"status":"1","data":{…}}`; lists come from `POST /front/msg/index` (a JSON body with
 * `page` and `pageNum`), a message from `GET /front/msg/detail?id=`. The board's pages are a Vue
 * front end over these calls, so the API URLs are the public, canonical addresses of the data.
 */
import { ParseError } from '../../extract/errors.js';
import { isObject, type JsonObject } from '../../extract/json-fields.js';

/** The API origin. */
export const REDNET_API = 'https://wzapi.rednet.cn';
/** The list call (POST, JSON body). */
export const LIST_URL = `${REDNET_API}/front/msg/index`;
const DETAIL_PATH = '/front/msg/detail';

/** Rows asked for per list page (what the board's own front end asks for). */
export const PAGE_SIZE = 10;

/** The JSON body of the list call for page `page` (1-based), every filter empty. */
export function listBody(page: number): string {
  return JSON.stringify({ ready: '1', is_reply: '', type: '', cate_id: '', pageNum: PAGE_SIZE, page });
}

/** The detail call of a message: also its stored URL. */
export function detailUrl(id: string | number): string {
  return `${REDNET_API}${DETAIL_PATH}?id=${id}`;
}

/** The message id of a detail URL, or null. */
export function detailIdOf(url: string): string | null {
  try {
    const u = new URL(url);
    const id = u.searchParams.get('id');
    return u.pathname === DETAIL_PATH && id && /^\d+$/.test(id) ? id : null;
  } catch {
    return null;
  }
}

/** Whether a URL is the list call. */
export function isListUrl(url: string): boolean {
  return url.split(/[?#]/)[0] === LIST_URL;
}

export type Json = JsonObject;

/** The `data` of an answer; ParseError naming what is wrong when the envelope is not the documented one. */
export function parseEnvelope(url: string, body: string): Json {
  let answer: unknown;
  try {
    answer = JSON.parse(body);
  } catch (e) {
    throw new ParseError(url, 'JSON', (e as Error).message);
  }
  if (!isObject(answer) || !('status' in answer)) throw new ParseError(url, 'status', 'not a {status, data} answer');
  if (String(answer.status) !== '1') {
    throw new ParseError(url, 'status', `the API refused: status ${JSON.stringify(answer.status)} ${JSON.stringify(answer.msg ?? '')}`);
  }
  if (!isObject(answer.data)) throw new ParseError(url, 'data', 'missing or not an object');
  return answer.data;
}

/** A required string field (numbers are read as their digits). */
export function str(url: string, obj: Json, field: string, where: string): string {
  const v = obj[field];
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  throw new ParseError(url, `${where}.${field}`, 'missing or not a string');
}

/** An optional string field: null when absent or empty. */
export function optStr(obj: Json, field: string): string | null {
  const v = obj[field];
  if (typeof v === 'number') return String(v);
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}
