/**
 * Per-host politeness: at most `rate` requests per second to one host, and a host that said
 * Retry-After (or keeps failing) is left alone until then. Crawlee's own same-domain delay
 * keys on registrable domains and ignores 127.0.0.1, so this is its own small limiter,
 * keyed by the public origin (the simulator stands in for several hosts on one port).
 */
import type { Db } from '../archive/db.js';
import { holdHost, takeHostSlot } from '../archive/leases.js';

/** What the crawler asks of a per-host limiter. */
export interface Limiter {
  /** Waits for this host's next slot and reserves it. */
  acquire(host: string): Promise<void>;
  /** Keeps every request to this host back until `ms` from now (Retry-After, backoff). */
  holdOff(host: string, ms: number): void;
}

export class HostLimiter implements Limiter {
  private readonly next = new Map<string, number>();
  /** Per host, the end of the latest hold-off (Retry-After, backoff). */
  private readonly held = new Map<string, number>();
  private readonly intervalMs: number;

  /**
   * `rate` requests per second per host. Rate 0 (no delay) holds only for hosts `unthrottled`
   * says are mapped to a local simulator or replay server; any other host gets 1 per second.
   */
  constructor(
    rate: number,
    private readonly unthrottled: (host: string) => boolean = () => true,
  ) {
    this.intervalMs = rate > 0 ? 1000 / rate : 0;
  }

  /**
   * Waits for this host's next slot and reserves it. A hold-off that comes while it waits
   * (a 429 to another request) keeps it back too: it then takes a slot after the hold.
   */
  async acquire(host: string): Promise<void> {
    const interval = this.intervalMs === 0 && !this.unthrottled(host) ? 1000 : this.intervalMs;
    for (;;) {
      const now = Date.now();
      const at = Math.max(now, this.next.get(host) ?? 0);
      this.next.set(host, at + interval);
      if (at <= now) return;
      await sleep(at - now);
      if ((this.held.get(host) ?? 0) <= Date.now()) return;
    }
  }

  /** Keeps every request to this host back until `ms` from now (Retry-After, backoff). */
  holdOff(host: string, ms: number): void {
    const until = Date.now() + ms;
    if ((this.held.get(host) ?? 0) < until) this.held.set(host, until);
    if ((this.next.get(host) ?? 0) < until) this.next.set(host, until);
  }
}

/**
 * The limiter of many workers on one PostgreSQL archive: slots and hold-offs live in the
 * archive (host_slot), so `--rate` is the rate of all workers together, on any machine.
 */
export class SharedHostLimiter implements Limiter {
  private readonly intervalMs: number;

  /** `rate` and `unthrottled` as for HostLimiter: rate 0 holds only for local hosts, others get 1 per second. */
  constructor(
    private readonly db: Db,
    rate: number,
    private readonly unthrottled: (host: string) => boolean = () => true,
  ) {
    this.intervalMs = rate > 0 ? 1000 / rate : 0;
  }

  async acquire(host: string): Promise<void> {
    const intervalMs = this.intervalMs === 0 && !this.unthrottled(host) ? 1000 : this.intervalMs;
    const wait = await takeHostSlot(this.db, { host, intervalMs });
    if (wait > 0) await sleep(wait);
  }

  holdOff(host: string, ms: number): void {
    // Best effort: a hold-off that does not reach the database only costs one early request.
    holdHost(this.db, { host, ms }).catch(() => undefined);
  }
}

/** The longest delay one timer takes: a longer one fires at once (Node clamps it to 1 ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Waits `ms` milliseconds, however long (a very low --rate gives delays of days). */
export async function sleep(ms: number): Promise<void> {
  let left = ms;
  while (left > 0) {
    const step = Math.min(left, MAX_TIMER_MS);
    await new Promise((resolve) => setTimeout(resolve, step));
    left -= step;
  }
}

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date), capped; null if absent. */
export function retryAfterMs(value: string | null | undefined, capMs = 120_000): number | null {
  if (!value) return null;
  const secs = Number(value);
  const ms = Number.isFinite(secs) ? secs * 1000 : Date.parse(value) - Date.now();
  if (!Number.isFinite(ms)) return null;
  return Math.min(Math.max(ms, 0), capMs);
}
