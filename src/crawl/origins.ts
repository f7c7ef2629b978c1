/**
 * `--origin` mapping: a source's public origin served from another base URL (the simulator,
 * a replay server). Only fetching uses the mapped URL; everything stored keeps the public one.
 */
import type { SourceAdapter } from '../sources/types.js';

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface OriginMap {
  /** The URL to fetch for a public URL. */
  toFetchUrl(publicUrl: string): string;
  /** Whether a public URL is served from a loopback address. */
  isLocal(publicUrl: string): boolean;
  /** Whether `--origin` maps this public URL's site to another base URL. */
  isMapped(publicUrl: string): boolean;
  /**
   * The public URL a fetched URL stands for: one under a mapped base URL gives back its public
   * origin (`prefer` first, when several share the base); any other URL is already public.
   */
  toPublicUrl(fetchUrl: string, prefer?: string): string;
}

/**
 * Parses `--origin` values: `<source id>=<base url>` (every origin of that source) or
 * `<public origin>=<base url>`. Throws UsageError on a malformed value or unknown source.
 */
export function parseOrigins(specs: readonly string[], adapters: readonly SourceAdapter[]): OriginMap {
  // A source's own origin (that of its base URL) wins over an origin it merely also reads
  // (the reports adapter reads the 荆楚问政 API host for its article lists).
  const primary: [string, string][] = [];
  const secondary: [string, string][] = [];
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw new UsageError(`--origin ${spec}: expected <source or public origin>=<base url>`);
    const key = spec.slice(0, eq).trim();
    const base = stripSlash(spec.slice(eq + 1).trim());
    if (!/^https?:\/\/[^/]+/.test(base)) throw new UsageError(`--origin ${spec}: base url must start with http:// or https://`);
    if (/^https?:\/\//.test(key)) {
      primary.push([stripSlash(new URL(key).origin), base]);
      continue;
    }
    // `discuz=` names the configured board (`discuz:<host>:<fid>`) when one is in the list.
    const adapter = adapters.find((a) => a.id === key || a.id.startsWith(`${key}:`));
    if (!adapter) throw new UsageError(`--origin ${spec}: unknown source '${key}'`);
    const own = new URL(adapter.baseUrl).origin;
    primary.push([own, base]);
    for (const o of adapter.origins) if (stripSlash(o) !== own) secondary.push([stripSlash(o), base]);
  }
  const taken = new Set(primary.map(([o]) => o));
  return makeOriginMap([...secondary.filter(([o]) => !taken.has(o)), ...primary]);
}

function stripSlash(s: string): string {
  return s.replace(/\/+$/, '');
}

/** An OriginMap from (public origin, base url) pairs. */
export function makeOriginMap(pairs: [string, string][]): OriginMap {
  const map = new Map(pairs);
  const isLoopback = (u: string) => /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/.test(u);
  return {
    toFetchUrl(publicUrl) {
      const u = new URL(publicUrl);
      const base = map.get(u.origin);
      return base ? base + u.pathname + u.search : publicUrl;
    },
    isLocal(publicUrl) {
      return isLoopback(this.toFetchUrl(publicUrl));
    },
    isMapped(publicUrl) {
      return map.has(new URL(publicUrl).origin);
    },
    toPublicUrl(fetchUrl, prefer) {
      const under = (base: string) => fetchUrl === base || fetchUrl.startsWith(`${base}/`) || fetchUrl.startsWith(`${base}?`);
      const preferred = prefer !== undefined ? map.get(prefer) : undefined;
      if (preferred !== undefined && under(preferred)) return prefer + (fetchUrl.slice(preferred.length) || '/');
      // The longest base wins (a source served under /bbs before one at the root).
      const hit = [...map].filter(([, base]) => under(base)).sort((x, y) => y[1].length - x[1].length)[0];
      return hit ? hit[0] + (fetchUrl.slice(hit[1].length) || '/') : fetchUrl;
    },
  };
}
