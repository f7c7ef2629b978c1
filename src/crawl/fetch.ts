/**
 * One HTTP request (GET, or POST with a body) with a timeout, bytes kept as they came (the
 * charset is decided later). Redirects are never followed here: a 3xx comes back as it is, and
 * guarded-fetch.ts decides whether and where to go next.
 */

import { ProxyAgent, type Dispatcher } from 'undici';

export const USER_AGENT = 'wenzheng/0.1 (+https://github.com/wenzheng-archive/wenzheng; open-data archiver)';

export interface Fetched {
  status: number;
  headers: Headers;
  body: Buffer;
  /** The URL asked (redirects are not followed here). */
  url: string;
}

/** A transport failure (timeout, reset, truncated body) or an HTTP status worth a retry. */
export class FetchError extends Error {
  override name = 'FetchError';
  constructor(
    readonly url: string,
    message: string,
    readonly status: number | null = null,
    readonly retryAfter: string | null = null,
    /** The system error code behind a transport failure (`ECONNRESET`, `ENOTFOUND` ...), when known. */
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

/**
 * An HTTP 429 (Too Many Requests): the host asks us to slow down, for Retry-After when it
 * says. `sentAt` and `receivedAt` (ms) place the request in time, so that the answers to
 * requests already on their way when the first 429 came count as one refusal, not several.
 */
export class RateLimitedError extends FetchError {
  override name = 'RateLimitedError';
  constructor(
    url: string,
    retryAfter: string | null,
    readonly sentAt: number,
    readonly receivedAt: number,
  ) {
    super(url, 'HTTP 429', 429, retryAfter);
  }
}

/** A body larger than allowed once decoded (a gzip bomb, an endless stream): never retried. */
export class BodyTooLargeError extends FetchError {
  override name = 'BodyTooLargeError';
}

/** How to ask: GET by default; a POST sends `body` as it is, with the request's own headers. */
export interface FetchInit {
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  /** Largest body accepted after content decoding, in bytes; reading stops past it. */
  maxBytes?: number;
  /** Where the connection goes (a `--proxy`); direct when absent. */
  dispatcher?: Dispatcher;
}

/**
 * The dispatcher that sends every request of a run through one HTTP(S) proxy (`--proxy URL`,
 * CONNECT tunnels). One fixed address: never a rotation of addresses to get around a block.
 */
export function proxyDispatcher(proxyUrl: string): Dispatcher {
  return new ProxyAgent(proxyUrl);
}

/**
 * Fetches a URL without following redirects; throws FetchError on timeout or a broken
 * connection or body, BodyTooLargeError past `maxBytes` of decoded body (counted while
 * reading, so a gzip bomb never fills memory).
 */
export async function fetchBytes(url: string, timeoutMs: number, init: FetchInit = {}): Promise<Fetched> {
  const stop = new AbortController();
  try {
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      body: init.method === 'POST' ? (init.body ?? '') : undefined,
      headers: { 'user-agent': USER_AGENT, accept: 'text/html,application/json;q=0.9,*/*;q=0.8', ...init.headers },
      signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), stop.signal]),
      redirect: 'manual',
      ...(init.dispatcher ? { dispatcher: init.dispatcher } : {}),
    } as RequestInit);
    const body = await readBody(url, res, init.maxBytes ?? Infinity, stop);
    const length = res.headers.get('content-length');
    if (length != null && !res.headers.get('content-encoding') && Number(length) !== body.byteLength) {
      throw new FetchError(url, `truncated body: ${body.byteLength} of ${length} bytes`);
    }
    return { status: res.status, headers: res.headers, body, url };
  } catch (err) {
    if (err instanceof FetchError) throw err;
    const e = err as Error & { cause?: Error & { code?: unknown } };
    const why = e.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : (e.cause?.message ?? e.message);
    const code = typeof e.cause?.code === 'string' ? e.cause.code : null;
    throw new FetchError(url, `fetch failed: ${why}`, null, null, code);
  }
}

/** Reads a response body chunk by chunk, stopping (and aborting the request) past `max` bytes. */
async function readBody(url: string, res: Response, max: number, stop: AbortController): Promise<Buffer> {
  if (!res.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      stop.abort();
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError(url, `body larger than ${max} bytes once decoded; page refused (see --max-body-bytes)`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}
