/**
 * Fetching a public URL on a hostile web: redirects are followed by hand, a few hops, and only
 * to origins the source may fetch (its own origins and base URL, reached through their
 * `--origin` mappings). A host that is not mapped must resolve to public addresses only:
 * loopback, private, link-local and other special addresses are refused, so a board (or its
 * robots.txt) answering 302 to an internal service never makes the crawler ask it. The answer
 * carries the request that finally got it: a body is never stored under another URL.
 *
 * The address is checked twice: before the request (a clear refusal, before any pacing) and
 * again by the connection itself, which dials only an address the check passed, so a name
 * whose DNS answer changes between the two (DNS rebinding) still never reaches an internal
 * address.
 *
 * A POST keeps its method and body only where HTTP says so (307, 308) and only within its
 * origin; 301, 302 and 303 turn it into a GET without body.
 */
import { lookup as systemLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, type Dispatcher } from 'undici';
import type { HttpMethod } from '../model/request.js';
import { FetchError, fetchBytes, type Fetched, type FetchInit } from './fetch.js';
import type { OriginMap } from './origins.js';

/** Redirect hops followed at most before the page fails. */
export const MAX_REDIRECTS = 5;

/** A fetch refused before the request was sent (an origin or address not allowed): never retried. */
export class RefusedFetchError extends FetchError {
  override name = 'RefusedFetchError';
}

/** What to ask, by public URL: the fields of a request value that reach the wire. */
export interface WireRequest {
  url: string;
  method: HttpMethod;
  body?: string;
  headers?: Record<string, string>;
}

export interface GuardedFetchOptions {
  origins: OriginMap;
  /** Public origins the request may reach (scheme://host[:port]). */
  allowed: ReadonlySet<string>;
  timeoutMs: number;
  maxRedirects?: number;
  /** Largest decoded body accepted, in bytes (see fetchBytes). */
  maxBytes?: number;
  /**
   * Where connections go (a `--proxy`, which resolves names itself); absent, a direct
   * connection that dials only public addresses.
   */
  dispatcher?: FetchInit['dispatcher'];
  /** How names are resolved (tests give a DNS whose answer changes); the system's by default. */
  lookup?: ResolveAll;
  /** Called before each request sent, redirect hops included (per-host pacing). */
  beforeRequest?(publicUrl: string): Promise<void> | void;
  /** Headers to add for one hop, by its public URL (a cookie jar's Cookie header). */
  headersFor?(publicUrl: string): Record<string, string> | undefined;
  /** Sees every answer, redirects included (a cookie jar remembers its Set-Cookie). */
  onResponse?(publicUrl: string, res: Fetched): void;
}

/** What came back, with the request (public URL, method, body) that finally got it. */
export interface GuardedFetched extends Fetched {
  request: WireRequest;
  /** Redirect hops followed. */
  redirects: number;
}

const REDIRECT = new Set([301, 302, 303, 307, 308]);

/** Every address a name resolves to. */
export type ResolveAll = (host: string) => Promise<{ address: string; family: number }[]>;

const resolveAll: ResolveAll = (host) => systemLookup(host, { all: true, verbatim: true });

/** The code of a connection refused because its name resolved to a special address. */
const SPECIAL_ADDRESS = 'EWZSPECIALADDRESS';

const publicAgents = new WeakMap<ResolveAll, Dispatcher>();

/**
 * A connection pool whose connections resolve names themselves and dial only public addresses:
 * a special address fails the connection with SPECIAL_ADDRESS (one pool per resolver).
 */
function publicOnlyAgent(resolve: ResolveAll): Dispatcher {
  let agent = publicAgents.get(resolve);
  if (!agent) {
    const lookup: LookupFunction = (hostname, options, callback) => {
      resolve(hostname).then(
        (all) => {
          const bad = all.find((a) => isSpecialAddress(a.address));
          if (bad || all.length === 0) {
            const err = Object.assign(new Error(`${hostname} resolves to ${bad?.address ?? 'no address'} at connect time, a loopback, private or link-local address`), { code: SPECIAL_ADDRESS });
            callback(err, '', 0);
          } else if (options.all) (callback as unknown as (e: null, a: typeof all) => void)(null, all);
          else callback(null, all[0]!.address, all[0]!.family);
        },
        (err: NodeJS.ErrnoException) => callback(err, '', 0),
      );
    };
    agent = new Agent({ connect: { lookup } });
    publicAgents.set(resolve, agent);
  }
  return agent;
}

/** Fetches a request under the origin allowlist; throws FetchError / RefusedFetchError / BodyTooLargeError. */
export async function fetchGuarded(request: WireRequest, opts: GuardedFetchOptions): Promise<GuardedFetched> {
  let current: WireRequest = request;
  const max = opts.maxRedirects ?? MAX_REDIRECTS;
  for (let hop = 0; ; hop++) {
    const origin = new URL(current.url).origin;
    if (!opts.allowed.has(origin)) {
      throw new RefusedFetchError(request.url, `refused ${current.url}: ${origin} is not an origin this source may fetch${hop ? ' (redirected there)' : ''}`);
    }
    const mapped = opts.origins.isMapped(current.url);
    const resolve = opts.lookup ?? resolveAll;
    if (!mapped) await assertPublicHost(request.url, current.url, resolve);
    const fetchUrl = opts.origins.toFetchUrl(current.url);
    await opts.beforeRequest?.(current.url);
    let res: Fetched;
    try {
      res = await fetchBytes(fetchUrl, opts.timeoutMs, {
        method: current.method,
        body: current.body,
        headers: { ...current.headers, ...opts.headersFor?.(current.url) },
        maxBytes: opts.maxBytes,
        dispatcher: opts.dispatcher ?? (mapped ? undefined : publicOnlyAgent(resolve)),
      });
    } catch (err) {
      if (err instanceof FetchError && err.code === SPECIAL_ADDRESS) throw new RefusedFetchError(request.url, `refused ${current.url}: ${err.message}`);
      throw err;
    }
    opts.onResponse?.(current.url, res);
    const location = res.headers.get('location');
    if (!REDIRECT.has(res.status) || !location) return { ...res, request: current, redirects: hop };
    if (hop >= max) throw new RefusedFetchError(request.url, `more than ${max} redirects (last to ${location})`);
    let next: URL;
    try {
      next = new URL(location, fetchUrl);
    } catch {
      throw new RefusedFetchError(request.url, `redirect to a malformed location ${JSON.stringify(location)}`);
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new RefusedFetchError(request.url, `redirect to ${next.protocol} refused`);
    next.hash = '';
    // A redirect into a mapped base URL (the simulator's own address) is that public URL.
    current = redirected(current, res.status, opts.origins.toPublicUrl(next.href, origin), request.url);
  }
}

/**
 * The request a redirect asks for. 307 and 308 repeat the request as it was (a POST with its
 * body, only within its origin); 301, 302 and 303 ask the new URL with a GET and no body. The
 * request's own headers (a board's token) never leave its origin.
 */
function redirected(from: WireRequest, status: number, url: string, asked: string): WireRequest {
  const sameOrigin = new URL(url).origin === new URL(from.url).origin;
  if ((status === 307 || status === 308) && from.method !== 'GET') {
    if (!sameOrigin) throw new RefusedFetchError(asked, `refused ${url}: a ${from.method} is repeated (HTTP ${status}) only within its own origin`);
    return { ...from, url };
  }
  if (!sameOrigin) return { url, method: 'GET' };
  const headers = Object.entries(from.headers ?? {}).filter(([k]) => from.method === 'GET' || !/^content-/i.test(k));
  return headers.length ? { url, method: 'GET', headers: Object.fromEntries(headers) } : { url, method: 'GET' };
}

/** Refuses a host that resolves to a loopback, private, link-local or otherwise special address. */
async function assertPublicHost(asked: string, url: string, resolve: ResolveAll): Promise<void> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await resolve(host)).map((a) => a.address);
    } catch (err) {
      throw new FetchError(asked, `cannot resolve ${host}: ${(err as Error).message}`);
    }
  }
  const bad = addresses.find(isSpecialAddress);
  if (bad) {
    throw new RefusedFetchError(asked, `refused ${url}: ${host} resolves to ${bad}, a loopback, private or link-local address (map it with --origin to allow it)`);
  }
}

/** Whether an IP address is not a public unicast address. */
export function isSpecialAddress(ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return isSpecialAddress(mapped[1]!);
  if (isIP(ip) === 4) {
    const [a, b] = ip.split('.').map(Number) as [number, number];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      a >= 224 ||
      (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
      (a === 169 && b === 254) || // link-local (cloud metadata)
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 192 && b === 0) ||
      (a === 198 && (b === 18 || b === 19))
    );
  }
  const v6 = ip.toLowerCase();
  return v6 === '::' || v6 === '::1' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6) || /^ff/.test(v6) || /^64:ff9b:/.test(v6) || /^2001:db8:/.test(v6);
}

/**
 * The public origins a source may fetch: its own origins and its base URL's (a placeholder
 * `.invalid` base is none).
 */
export function allowedOrigins(source: { origins: readonly string[]; baseUrl: string }): Set<string> {
  const set = new Set(source.origins.map((o) => new URL(o).origin));
  const base = new URL(source.baseUrl);
  if (!base.hostname.endsWith('.invalid')) set.add(base.origin);
  return set;
}
