/**
 * The envelope of every 荆楚问政 API answer and strict readers for its loosely typed fields.
 * Every answer is `{ "state": true|false, "message": "...", "data": { "common": { "app":
 * <payload>, "total": <pages> } } }`; numbers sometimes come as strings (`"id": "2900"`).
 */
import { ParseError } from '../../extract/errors.js';
import { htmlFragmentToText } from '../../extract/html.js';
import { authorName, normalizeBody, normalizeText } from '../../extract/text.js';
import { parseChinaTime, toChinaIso } from '../../extract/time.js';

/** A JSON object as parsed, before its fields are checked. */
export type JsonObject = Record<string, unknown>;

/** The payload of an answer and its page total, when the answer carries one. */
export interface ApiAnswer {
  app: unknown;
  total: unknown;
}

/** True for a plain JSON object (not an array, not null). */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parses the text of an API answer and unwraps `data.common`. Throws ParseError for text that
 * is not JSON, for `state: false` (with the site's message) and for a missing `data.common.app`.
 */
export function parseApiAnswer(url: string, body: string): ApiAnswer {
  let json: unknown;
  try {
    json = JSON.parse(body.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ParseError(url, 'JSON body', (e as Error).message);
  }
  if (!isObject(json)) throw new ParseError(url, 'answer object', 'the answer is not a JSON object');
  if (!('state' in json)) throw new ParseError(url, 'state');
  const state = json.state;
  if (state === false || state === 'false' || state === 0 || state === '0') {
    throw new ParseError(url, 'state', `state is false: ${String(json.message ?? '')}`);
  }
  if (state !== true && state !== 'true' && state !== 1 && state !== '1') {
    throw new ParseError(url, 'state', `unexpected value ${JSON.stringify(state)}`);
  }
  const data = json.data;
  if (!isObject(data)) throw new ParseError(url, 'data');
  const common = data.common;
  if (!isObject(common)) throw new ParseError(url, 'data.common');
  if (common.app === undefined || common.app === null) throw new ParseError(url, 'data.common.app');
  return { app: common.app, total: common.total };
}

/**
 * A whole number that may come as a number or a string of digits. Returns null for
 * null/undefined/''; throws ParseError naming `field` for anything else.
 */
export function readInt(url: string, v: unknown, field: string): number | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return Number(v);
  throw new ParseError(url, field, `not a whole number: ${JSON.stringify(v)}`);
}

/** Like readInt, but a missing value is a ParseError too. */
export function requireInt(url: string, v: unknown, field: string): number {
  const n = readInt(url, v, field);
  if (n === null) throw new ParseError(url, field, 'missing');
  return n;
}

/** A one-line text field (normalised); numbers are accepted as their digits. */
export function readText(url: string, v: unknown, field: string): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') throw new ParseError(url, field, `not text: ${JSON.stringify(v)}`);
  return normalizeText(htmlFragmentToText(v));
}

/** An account name (`nickname`) as written: HTML removed, whitespace collapsed, characters kept. */
export function readName(url: string, v: unknown, field: string): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') throw new ParseError(url, field, `not text: ${JSON.stringify(v)}`);
  return authorName(htmlFragmentToText(v));
}

/** Like readText, but a missing or empty value is a ParseError. */
export function requireText(url: string, v: unknown, field: string): string {
  const t = readText(url, v, field);
  if (t === null) throw new ParseError(url, field, 'missing');
  return t;
}

/** A multi-line body field: HTML fragments to lines, then normalised with normalizeBody. */
export function readBody(url: string, v: unknown, field: string): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') throw new ParseError(url, field, `not text: ${JSON.stringify(v)}`);
  return normalizeBody(htmlFragmentToText(v));
}

/**
 * A time field: `"YYYY-MM-DD HH:MM:SS"` (Beijing time) or a Unix timestamp (seconds or
 * milliseconds, number or digit string). Null when absent; ParseError when unreadable.
 */
export function readTime(url: string, v: unknown, field: string): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number' || (typeof v === 'string' && /^\d{10}(\d{3})?$/.test(v))) {
    const n = Number(v);
    return toChinaIso(new Date(n < 1e12 ? n * 1000 : n));
  }
  const iso = typeof v === 'string' ? parseChinaTime(v) : null;
  if (iso === null) throw new ParseError(url, field, `not a time: ${JSON.stringify(v)}`);
  return iso;
}
