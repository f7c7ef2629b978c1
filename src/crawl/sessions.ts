/**
 * Sessions with boards behind a WAF (a source's SessionPolicy): the warm-up GET whose cookies
 * every later request carries, POSTs paced per host with jitter, and the back-off after a
 * 403/429 (the policy's back-off times the attempt, the cookies dropped for a fresh warm-up).
 * Block answers to requests that were already in flight when a block began count as that same
 * attempt. The crawler calls `beforeRequest` before each request of such a source and reports every
 * answer; a run that is stopping releases whoever waits here.
 */
import { BlockPageError } from '../extract/errors.js';
import type { PageRequest } from '../model/request.js';
import type { SessionPolicy } from '../sources/types.js';
import type { OriginMap } from './origins.js';
import { CookieJar } from './session.js';

/** Overrides of the sources' own pacing (CLI `--post-interval`, `--block-backoff`). */
export interface SessionOverrides {
  /** Least time between two POSTs to one host, ms; the jitter added is up to as much again. */
  postIntervalMs?: number;
  /** Back-off after a 403/429, ms, times the attempt. */
  blockBackoffMs?: number;
}

export interface SessionKeeperOptions extends SessionOverrides {
  origins: OriginMap;
  /** Sends a warm-up GET through the crawler's fetch path (counted, robots-checked there). */
  sendWarmUp(request: PageRequest, headers: Record<string, string>): Promise<{ status: number; headers: Headers } | null>;
  log(message: string): void;
  random?: () => number;
}

/** What a block answer means for the host: how long it is held and whether to give up. */
export interface BlockVerdict {
  attempt: number;
  holdMs: number;
  /** The policy's attempts are used up: the site keeps blocking us (exit 4). */
  persistent: boolean;
}

interface HostState {
  warm: Promise<void> | null;
  nextPost: number;
  holdUntil: number;
  attempt: number;
  lastBlockAt: number;
  /** Counts the blocks: a request that waited across one gets ready again. */
  epoch: number;
}

/** The run is stopping: a request waiting for its slot is not sent. */
export class SessionStoppedError extends Error {
  override name = 'SessionStoppedError';
}

/** Sessions of one crawl run, per public origin. */
export class SessionKeeper {
  readonly jar = new CookieJar();
  private readonly hosts = new Map<string, HostState>();
  private readonly stopper = new AbortController();
  private readonly random: () => number;

  constructor(private readonly opts: SessionKeeperOptions) {
    this.random = opts.random ?? Math.random;
  }

  /** Pacing for a URL: the overrides apply below the policy's defaults only on loopback-mapped origins. */
  pacing(policy: SessionPolicy, url: string): { intervalMs: number; jitterMs: number; backoffMs: number } {
    const local = this.opts.origins.isLocal(url);
    const floor = (asked: number | undefined, dflt: number) => (asked === undefined ? dflt : local ? asked : Math.max(asked, dflt));
    const intervalMs = floor(this.opts.postIntervalMs, policy.postIntervalMs);
    const jitterMs = this.opts.postIntervalMs === undefined ? policy.postJitterMs : local ? intervalMs : Math.max(intervalMs, policy.postJitterMs);
    return { intervalMs, jitterMs, backoffMs: floor(this.opts.blockBackoffMs, policy.blockBackoffMs) };
  }

  private host(url: string): HostState {
    const origin = new URL(url).origin;
    let h = this.hosts.get(origin);
    if (!h) {
      h = { warm: null, nextPost: 0, holdUntil: 0, attempt: 0, lastBlockAt: 0, epoch: 0 };
      this.hosts.set(origin, h);
    }
    return h;
  }

  /**
   * Before a request: waits out a block's hold, warms the host up when it has no cookies
   * (one warm-up at a time per host), then waits for the host's next POST slot.
   */
  async beforeRequest(policy: SessionPolicy, request: PageRequest): Promise<void> {
    const h = this.host(request.url);
    // A block that came while this request waited: wait its hold and warm up again first.
    for (;;) {
      const epoch = h.epoch;
      await this.sleepUntil(h.holdUntil);
      h.warm ??= this.warmUp(policy, request);
      await h.warm;
      if (request.method === 'POST') {
        const { intervalMs, jitterMs } = this.pacing(policy, request.url);
        const now = Date.now();
        const at = Math.max(now, h.nextPost);
        h.nextPost = at + intervalMs + Math.floor(jitterMs * this.random());
        await this.sleepUntil(at);
      }
      if (h.epoch === epoch) return;
    }
  }

  private async warmUp(policy: SessionPolicy, request: PageRequest): Promise<void> {
    const warm = policy.warmUp(request);
    if (!warm) return;
    try {
      const res = await this.opts.sendWarmUp(warm, this.headers(warm.url));
      if (!res) return;
      this.jar.remember(warm.url, res.headers.getSetCookie());
      if (res.status >= 400) this.opts.log(`warm-up ${warm.url}: HTTP ${res.status}`);
    } catch (err) {
      // No cookies this time: the requests will tell whether the site minds.
      this.opts.log(`warm-up ${warm.url} failed: ${(err as Error).message}`);
    }
  }

  /** Headers a request to this URL carries: the host's cookies. */
  headers(url: string): Record<string, string> {
    const cookie = this.jar.header(url);
    return cookie ? { cookie } : {};
  }

  /** Keeps what an answer set (Set-Cookie). */
  remember(url: string, headers: Headers): void {
    this.jar.remember(url, headers.getSetCookie());
  }

  /** An answer that was not a block, to a request sent at `sentAt`: the host's attempts start over. */
  succeeded(url: string, sentAt: number): void {
    const h = this.host(url);
    if (sentAt >= h.lastBlockAt) h.attempt = 0;
  }

  /**
   * A 403/429 (or block page) answering a request sent at `sentAt`. A new attempt holds the
   * host for back-off x attempt and drops its cookies so the next request warms up afresh;
   * an answer to a request sent before the last block is part of that attempt.
   */
  blocked(policy: SessionPolicy, url: string, sentAt: number): BlockVerdict {
    const h = this.host(url);
    if (h.attempt > 0 && sentAt < h.lastBlockAt) {
      return { attempt: h.attempt, holdMs: 0, persistent: h.attempt >= policy.blockAttempts };
    }
    h.attempt++;
    h.epoch++;
    h.lastBlockAt = Date.now();
    const holdMs = this.pacing(policy, url).backoffMs * h.attempt;
    h.holdUntil = Math.max(h.holdUntil, h.lastBlockAt + holdMs);
    h.warm = null;
    this.jar.forget(url);
    return { attempt: h.attempt, holdMs, persistent: h.attempt >= policy.blockAttempts };
  }

  /** The run stops: every wait ends with SessionStoppedError. */
  stop(): void {
    this.stopper.abort();
  }

  private sleepUntil(at: number): Promise<void> {
    const ms = at - Date.now();
    if (this.stopper.signal.aborted) return Promise.reject(new SessionStoppedError('the run is stopping'));
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        reject(new SessionStoppedError('the run is stopping'));
      };
      const timer = setTimeout(() => {
        this.stopper.signal.removeEventListener('abort', done);
        resolve();
      }, ms);
      this.stopper.signal.addEventListener('abort', done, { once: true });
    });
  }
}

/** A block answer on a session's host, with the session's verdict on it. */
export class SessionBlockError extends BlockPageError {
  override name = 'SessionBlockError';
  constructor(
    url: string,
    reason: string,
    readonly verdict: BlockVerdict,
  ) {
    super(url, reason);
  }
}
