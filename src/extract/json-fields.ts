/**
 * Strict readers for the loosely typed fields of the boards' JSON answers (荆楚问政, 《领导留言板》,
 * 《问政湖南》): numbers come as numbers or digit strings, times as Unix seconds (sometimes
 * milliseconds) or `YYYY-MM-DD HH:MM:SS` Beijing time, texts as plain text or HTML fragments.
 * Absent is null; anything else that does not fit is a ParseError naming the field.
 */
import { ParseError } from './errors.js';
import { htmlFragmentToText } from './html.js';
import { authorName, normalizeBody, normalizeText } from './text.js';
import { parseChinaTime, toChinaIso } from './time.js';

/** A JSON object as parsed, before its fields are checked. */
export type JsonObject = Record<string, unknown>;

/** True for a plain JSON object (not an array, not null). */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A whole number (number or digit string); null when absent or empty. */
export function readInt(url: string, v: unknown, field: string): number | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return Number(v);
  throw new ParseError(url, field, `not a whole number: ${JSON.stringify(v)}`);
}

/** Like readInt, but a missing value is a ParseError. */
export function requireInt(url: string, v: unknown, field: string): number {
  const n = readInt(url, v, field);
  if (n === null) throw new ParseError(url, field, 'missing');
  return n;
}

/** A one-line text (normalised); numbers are accepted as their digits. Empty is null. */
export function readText(url: string, v: unknown, field: string): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') throw new ParseError(url, field, `not text: ${JSON.stringify(v)}`);
  return normalizeText(htmlFragmentToText(v));
}

/** Like readText, but missing or empty is a ParseError. */
export function requireText(url: string, v: unknown, field: string): string {
  const t = readText(url, v, field);
  if (t === null) throw new ParseError(url, field, 'missing');
  return t;
}

/** An account name (`nickname`) as written: HTML removed, whitespace collapsed, characters kept. */
export function readName(url: string, v: unknown, field: string): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') throw new ParseError(url, field, `not text: ${JSON.stringify(v)}`);
  return authorName(htmlFragmentToText(v));
}

/** A multi-line text: HTML fragments to lines, normalised line by line. */
export function readBody(url: string, v: unknown, field: string): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') throw new ParseError(url, field, `not text: ${JSON.stringify(v)}`);
  return normalizeBody(htmlFragmentToText(v));
}

/**
 * A time: Unix seconds or milliseconds (number or digit string) or a Beijing time text. 0 and
 * empty mean "not yet" (an unanswered message's `answerDateline`) and give null.
 */
export function readTime(url: string, v: unknown, field: string): string | null {
  if (v === null || v === undefined || v === '' || v === 0 || v === '0') return null;
  if (typeof v === 'number' || (typeof v === 'string' && /^\d{9,13}$/.test(v))) {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new ParseError(url, field, `not a time: ${JSON.stringify(v)}`);
    return toChinaIso(new Date(n < 1e12 ? n * 1000 : n));
  }
  const iso = typeof v === 'string' ? parseChinaTime(v) : null;
  if (iso === null) throw new ParseError(url, field, `not a time: ${JSON.stringify(v)}`);
  return iso;
}

/** A list field: absent is empty, anything but an array is a ParseError. */
export function readList(url: string, v: unknown, field: string): unknown[] {
  if (v === null || v === undefined) return [];
  if (!Array.isArray(v)) throw new ParseError(url, field, `expected a list, got ${JSON.stringify(v).slice(0, 80)}`);
  return v;
}
