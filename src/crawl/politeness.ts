/**
 * Per-host politeness: at most `rate` requests per second to one host, and a host that said
 * Retry-After (or keeps failing) is left alone until then. Crawlee's own same-domain delay
 * keys on registrable domains and ignores 127.0.0.1, so this is its own small limiter,
 * keyed by the public origin (the simulator stands in for several hosts on one port).
 */
export class HostLimiter {
  private readonly next = new Map<string, number>();
  private readonly intervalMs: number;

  constructor(rate: number) {
    this.intervalMs = rate > 0 ? 1000 / rate : 0;
  }

  /** Waits for this host's next slot and reserves it. */
  async acquire(host: string): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.next.get(host) ?? 0);
    this.next.set(host, at + this.intervalMs);
    if (at > now) await sleep(at - now);
  }

  /** Keeps every request to this host back until `ms` from now (Retry-After, backoff). */
  holdOff(host: string, ms: number): void {
    const until = Date.now() + ms;
    if ((this.next.get(host) ?? 0) < until) this.next.set(host, until);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date), capped; null if absent. */
export function retryAfterMs(value: string | null | undefined, capMs = 120_000): number | null {
  if (!value) return null;
  const secs = Number(value);
  const ms = Number.isFinite(secs) ? secs * 1000 : Date.parse(value) - Date.now();
  if (!Number.isFinite(ms)) return null;
  return Math.min(Math.max(ms, 0), capMs);
}
