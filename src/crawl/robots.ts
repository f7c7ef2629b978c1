/** robots.txt, fetched once per public origin per run (through the origin map) and obeyed. */
import robotsParserModule from 'robots-parser';
import { BodyTooLargeError, type FetchInit } from './fetch.js';
import { fetchGuarded, RefusedFetchError } from './guarded-fetch.js';
import type { OriginMap } from './origins.js';
import { sleep } from './politeness.js';

interface Robots {
  isAllowed(url: string, ua?: string): boolean | undefined;
}
// robots-parser is CommonJS whose typings do not resolve under NodeNext; its shape is this.
const robotsParser = robotsParserModule as unknown as (url: string, body: string) => Robots;

/** Google reads 500 KiB of a robots.txt; nothing longer is a robots file. */
const ROBOTS_MAX_BYTES = 512 * 1024;

export class RobotsCache {
  private readonly cache = new Map<string, Promise<Robots | null>>();

  constructor(
    private readonly origins: OriginMap,
    private readonly userAgent: string,
    private readonly timeoutMs: number,
    private readonly onWarning: (msg: string) => void = () => {},
    private readonly init: Pick<FetchInit, 'dispatcher'> = {},
  ) {}

  /** Whether robots.txt lets us fetch this public URL. */
  async allowed(publicUrl: string): Promise<boolean> {
    const origin = new URL(publicUrl).origin;
    let robots = this.cache.get(origin);
    if (!robots) {
      robots = this.load(origin);
      this.cache.set(origin, robots);
    }
    const r = await robots;
    return r ? r.isAllowed(publicUrl, this.userAgent) !== false : true;
  }

  /** Loads robots.txt, retrying transient failures; a missing file allows everything. */
  private async load(origin: string): Promise<Robots | null> {
    const publicUrl = `${origin}/robots.txt`;
    for (let attempt = 0; attempt < 4; attempt++) {
      try {
        // Redirects only within the site itself: robots.txt cannot send us anywhere else.
        const res = await fetchGuarded(
          { url: publicUrl, method: 'GET' },
          { origins: this.origins, allowed: new Set([origin]), timeoutMs: this.timeoutMs, maxBytes: ROBOTS_MAX_BYTES, ...this.init },
        );
        if (res.status >= 400 && res.status < 500) return null;
        if (res.status >= 200 && res.status < 300) return robotsParser(publicUrl, res.body.toString('utf8'));
      } catch (err) {
        if (err instanceof RefusedFetchError || err instanceof BodyTooLargeError) {
          this.onWarning(`robots.txt of ${origin}: ${err.message}; proceeding politely without it`);
          return null;
        }
        // retried below
      }
      await sleep(250 * 2 ** attempt);
    }
    this.onWarning(`robots.txt of ${origin} could not be read; proceeding politely without it`);
    return null;
  }
}
