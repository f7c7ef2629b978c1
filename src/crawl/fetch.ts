/** One HTTP request (GET, or POST with a body) with a timeout, bytes kept as they came (the charset is decided later). */

import { ProxyAgent, type Dispatcher } from 'undici';

export const USER_AGENT = 'wenzheng/0.1 (+https://github.com/wenzheng-archive/wenzheng; open-data archiver)';

export interface Fetched {
  status: number;
  headers: Headers;
  body: Buffer;
  /** The URL answered, after redirects. */
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
  ) {
    super(message);
  }
}

/** How to ask: GET by default; a POST sends `body` as it is, with the request's own headers. */
export interface FetchInit {
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
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

/** Fetches a URL; throws FetchError on timeout or a broken connection or body. */
export async function fetchBytes(url: string, timeoutMs: number, init: FetchInit = {}): Promise<Fetched> {
  try {
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      body: init.method === 'POST' ? (init.body ?? '') : undefined,
      headers: { 'user-agent': USER_AGENT, accept: 'text/html,application/json;q=0.9,*/*;q=0.8', ...init.headers },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'follow',
      ...(init.dispatcher ? { dispatcher: init.dispatcher } : {}),
    } as RequestInit);
    const body = Buffer.from(await res.arrayBuffer());
    const length = res.headers.get('content-length');
    if (length != null && !res.headers.get('content-encoding') && Number(length) !== body.byteLength) {
      throw new FetchError(url, `truncated body: ${body.byteLength} of ${length} bytes`);
    }
    return { status: res.status, headers: res.headers, body, url: res.url || url };
  } catch (err) {
    if (err instanceof FetchError) throw err;
    const e = err as Error & { cause?: Error };
    const why = e.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : (e.cause?.message ?? e.message);
    throw new FetchError(url, `fetch failed: ${why}`);
  }
}
