/**
 * A page request as a value: what to ask a board for (method, URL, body, headers) and which
 * kind of page the answer is. Its key names it everywhere a request is remembered (the
 * frontier, captures, Crawlee's queue): for a GET the canonical URL itself, so rows stored
 * before POST existed keep their identity; for a POST the method, URL and canonical body.
 */
import { z } from 'zod';
import type { PageKind } from './extraction.js';

export const HTTP_METHODS = ['GET', 'POST'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface PageRequest {
  /** The kind of page the answer is; the crawler routes by it. */
  kind: PageKind;
  /** Public URL (never a mapped local origin); canonical once an adapter has seen it. */
  url: string;
  method: HttpMethod;
  /** The request body as sent (POST only): a form (`a=1&b=2`) or JSON text. */
  body?: string;
  /** Extra request headers (content type, referer, a board's token header). */
  headers?: Record<string, string>;
}

/** The fields a request may carry besides kind and URL, as an Extraction's link states them. */
export const requestFieldsSchema = {
  method: z.enum(HTTP_METHODS).optional(),
  body: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
};

/** A GET of a public URL: what nearly every board page is. */
export function getRequest(url: string, kind: PageKind): PageRequest {
  return { kind, url, method: 'GET' };
}

/** A POST of `body` to a public URL; `headers` usually say its content type. */
export function postRequest(url: string, kind: PageKind, body: string, headers?: Record<string, string>): PageRequest {
  return headers ? { kind, url, method: 'POST', body, headers } : { kind, url, method: 'POST', body };
}

/** A request from what a link or a stored row says of it (a missing method is a GET). */
export function toRequest(r: {
  url: string;
  kind: PageKind;
  method?: string | null;
  body?: string | null;
  headers?: Record<string, string> | null;
}): PageRequest {
  const method = (r.method ?? 'GET').toUpperCase();
  if (method === 'GET') return getRequest(r.url, r.kind);
  if (method !== 'POST') throw new Error(`unsupported request method ${r.method} for ${r.url}`);
  return postRequest(r.url, r.kind, r.body ?? '', r.headers ?? undefined);
}

/**
 * The request's stable key. GET: the URL. POST: `POST <url> <canonical body>`, where a form
 * body has its fields sorted by name and a JSON body its object keys sorted, so the same
 * question asked with another field order is the same request.
 */
export function requestKey(r: Pick<PageRequest, 'method' | 'url' | 'body' | 'headers'>): string {
  if (r.method === 'GET') return r.url;
  return `${r.method} ${r.url} ${canonicalBody(r.body ?? '', contentTypeOf(r.headers))}`;
}

/** The body in a form that does not depend on field order (see requestKey). */
export function canonicalBody(body: string, contentType: string | null = null): string {
  const type = contentType?.toLowerCase() ?? '';
  const looksJson = /^\s*[{[]/.test(body);
  if (type.includes('json') || (!type && looksJson)) {
    try {
      return JSON.stringify(sortKeys(JSON.parse(body)));
    } catch {
      return body;
    }
  }
  if (type.includes('x-www-form-urlencoded') || (!type && /^[^=&\s]+=[^\s]*$/.test(body))) {
    const fields = [...new URLSearchParams(body)];
    fields.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return new URLSearchParams(fields).toString();
  }
  return body;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

function contentTypeOf(headers: Record<string, string> | undefined): string | null {
  if (!headers) return null;
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === 'content-type') return v;
  return null;
}
