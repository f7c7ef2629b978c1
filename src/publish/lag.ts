/**
 * Reply lag with censoring. A message answered after `t` hours is an event at `t`; a message
 * still unanswered when the archive last saw it, `t` hours after it was posted, is censored at
 * `t` (it may yet be answered). The Kaplan-Meier estimate S(t) is the probability that a
 * message is still unanswered `t` hours after posting:
 *
 *   S(t) = product over event times t_i <= t of (1 - d_i / n_i)
 *
 * with d_i answers at t_i and n_i messages still at risk just before t_i (censored messages
 * leave the risk set after the events at their own time). Quantiles follow the textbook (and
 * lifelines) rule: the p-quantile of the lag is the smallest event time with S(t) <= 1 - p,
 * null when S never falls that far. The naive figures are the same rule over answered messages
 * only (the inverse of their empirical distribution, "type 1").
 *
 * Pure: no I/O. `LagSweep` computes the figures for many groups in one pass over one sort.
 */

/** One message's lag in hours: `answered` true for an event, false for a censored time. */
export interface Lag {
  hours: number;
  answered: boolean;
}

/** Lag figures of one group of messages (hours; null when not reached or no data). */
export interface LagSummary {
  /** Kaplan-Meier median and 90th percentile (unanswered messages censored). */
  km: { median: number | null; p90: number | null; n: number; answered: number; censored: number };
  /** Median and 90th percentile over answered messages only. */
  naive: { median: number | null; p90: number | null; n: number };
  /** Share answered within 24 hours, 7 days and 30 days: Kaplan-Meier (1 - S(t)) and observed (answered by then / all). */
  within: { hours24: Share; days7: Share; days30: Share };
}

export interface Share {
  km: number | null;
  observed: number | null;
}

/** Hours at which `within` is read. */
export const WITHIN_HOURS = { hours24: 24, days7: 168, days30: 720 } as const;

const EPS = 1e-9;

const round2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);
const round4 = (x: number | null) => (x === null ? null : Math.round(x * 10000) / 10000);

/**
 * Lag figures for many groups at once without a list per group: `add` stores each message's
 * lag once, with the groups it belongs to; `summaries` sorts the lags once and walks them,
 * updating every group's Kaplan-Meier product one message at a time (for d tied events the
 * product of (1 - 1/n), (1 - 1/(n-1)), ... equals 1 - d/n, so ties need no special case).
 */
export class LagSweep {
  private hours: Float64Array;
  private answered: Uint8Array;
  /**
   * Group id + 1 per slot (0: none), two bytes each until an id needs more: at 1,000,000
   * messages that keeps 12 MB off a snapshot's peak.
   */
  private groups: Uint16Array | Uint32Array;
  private size = 0;
  private readonly groupsPerLag: number;
  private groupCount = 0;

  /**
   * `groupsPerLag`: how many group ids each `add` carries (use -1 for "none"); `capacity`: how
   * many lags to make room for at once (no copies while growing when it is known).
   */
  constructor(groupsPerLag: number, capacity = 1024) {
    const cap = Math.max(1, capacity);
    this.groupsPerLag = groupsPerLag;
    this.hours = new Float64Array(cap);
    this.answered = new Uint8Array(cap);
    this.groups = new Uint16Array(cap * groupsPerLag);
  }

  /** Records one lag for the given groups (ids from 0; -1 skips a slot). */
  add(lag: Lag, groupIds: readonly number[]): void {
    if (this.size === this.hours.length) this.grow();
    this.hours[this.size] = lag.hours;
    this.answered[this.size] = lag.answered ? 1 : 0;
    for (let k = 0; k < this.groupsPerLag; k++) {
      const g = groupIds[k] ?? -1;
      if (g >= 0xffff && this.groups instanceof Uint16Array) this.groups = Uint32Array.from(this.groups);
      this.groups[this.size * this.groupsPerLag + k] = g < 0 ? 0 : g + 1;
      if (g >= this.groupCount) this.groupCount = g + 1;
    }
    this.size++;
  }

  /**
   * Lag figures of every group id seen, by id. Once: the lags are given back afterwards (at
   * 4,000,000 messages they hold 84 MB, which a snapshot needs for DuckDB next).
   */
  summaries(): LagSummary[] {
    const n = this.size;
    const G = this.groupCount;
    const h = this.hours;
    const ans = this.answered;
    const order = sweepOrder(h, ans, n);
    const total = new Float64Array(G);
    const events = new Float64Array(G);
    for (let i = 0; i < n; i++) this.forGroups(i, (g) => ((total[g] = total[g]! + 1), (events[g] = events[g]! + ans[i]!)));
    const atRisk = Float64Array.from(total);
    const survival = new Float64Array(G).fill(1);
    const seen = new Float64Array(G);
    const q = { km50: nulls(G), km90: nulls(G), naive50: nulls(G), naive90: nulls(G) };
    const checkpoints = (Object.entries(WITHIN_HOURS) as [keyof typeof WITHIN_HOURS, number][]).map(([key, hours]) => ({
      key,
      hours,
      survival: null as Float64Array | null,
      observed: new Float64Array(G),
    }));
    for (let j = 0; j < n; j++) {
      const i = order[j]!;
      const t = h[i]!;
      for (const c of checkpoints) if (c.survival === null && t > c.hours) c.survival = Float64Array.from(survival);
      this.forGroups(i, (g) => {
        if (ans[i]) {
          survival[g] = survival[g]! * (1 - 1 / atRisk[g]!);
          seen[g] = seen[g]! + 1;
          if (q.km50[g] === null && survival[g]! <= 0.5 + EPS) q.km50[g] = t;
          if (q.km90[g] === null && survival[g]! <= 0.1 + EPS) q.km90[g] = t;
          if (q.naive50[g] === null && seen[g]! >= 0.5 * events[g]! - EPS) q.naive50[g] = t;
          if (q.naive90[g] === null && seen[g]! >= 0.9 * events[g]! - EPS) q.naive90[g] = t;
          for (const c of checkpoints) if (t <= c.hours) c.observed[g] = c.observed[g]! + 1;
        }
        atRisk[g] = atRisk[g]! - 1;
      });
    }
    this.hours = new Float64Array(0);
    this.answered = new Uint8Array(0);
    this.groups = new Uint16Array(0);
    this.size = 0;
    const within = Object.fromEntries(
      checkpoints.map((c) => [c.key, { s: c.survival ?? survival, obs: c.observed }]),
    ) as Record<keyof typeof WITHIN_HOURS, { s: Float64Array; obs: Float64Array }>;
    return Array.from({ length: G }, (_, g) => {
      const share = (k: keyof typeof WITHIN_HOURS): Share => ({
        km: total[g] ? round4(1 - within[k].s[g]!) : null,
        observed: total[g] ? round4(within[k].obs[g]! / total[g]!) : null,
      });
      return {
        km: { median: round2(q.km50[g]!), p90: round2(q.km90[g]!), n: total[g]!, answered: events[g]!, censored: total[g]! - events[g]! },
        naive: { median: round2(q.naive50[g]!), p90: round2(q.naive90[g]!), n: events[g]! },
        within: { hours24: share('hours24'), days7: share('days7'), days30: share('days30') },
      };
    });
  }

  private forGroups(i: number, fn: (g: number) => void): void {
    for (let k = 0; k < this.groupsPerLag; k++) {
      const g = this.groups[i * this.groupsPerLag + k]!;
      if (g) fn(g - 1);
    }
  }

  private grow(): void {
    const cap = this.hours.length * 2;
    const hours = new Float64Array(cap);
    hours.set(this.hours);
    const answered = new Uint8Array(cap);
    answered.set(this.answered);
    const groups = this.groups instanceof Uint16Array ? new Uint16Array(cap * this.groupsPerLag) : new Uint32Array(cap * this.groupsPerLag);
    groups.set(this.groups);
    [this.hours, this.answered, this.groups] = [hours, answered, groups];
  }
}

/**
 * Slots 0..n-1 by lag, answered first at equal lags, then by slot: the order of the stable
 * sort by `h[a] - h[b] || ans[b] - ans[a]` the sweep used, sorted in place by a quicksort
 * whose order is total (the slot decides last), so the result is that same order. A
 * comparator sort of a typed array copies it onto the JavaScript heap twice (95 MB at
 * 4,000,000 messages); this needs only the 4-byte slot array. Where a lag is NaN (the
 * comparator then has no order) the comparator sort is kept, to give what it always gave.
 */
export function sweepOrder(h: Float64Array, ans: Uint8Array, n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = 0; i < n; i++) if (Number.isNaN(h[i]!)) return order.sort((a, b) => h[a]! - h[b]! || ans[b]! - ans[a]!);
  const before = (a: number, b: number): boolean => {
    const x = h[a]!;
    const y = h[b]!;
    if (x !== y) return x < y;
    const p = ans[a]!;
    const q = ans[b]!;
    return p !== q ? p > q : a < b;
  };
  // Ranges still to sort, as [lo, hi] pairs (the smaller half goes last: the stack stays short).
  const stack: number[] = [0, n - 1];
  while (stack.length) {
    let hi = stack.pop()!;
    let lo = stack.pop()!;
    while (hi - lo > 16) {
      // Median of three to order[hi - 1] as the pivot.
      const mid = (lo + hi) >>> 1;
      if (before(order[mid]!, order[lo]!)) swap(order, mid, lo);
      if (before(order[hi]!, order[lo]!)) swap(order, hi, lo);
      if (before(order[hi]!, order[mid]!)) swap(order, hi, mid);
      swap(order, mid, hi - 1);
      const pivot = order[hi - 1]!;
      let i = lo;
      let j = hi - 1;
      for (;;) {
        while (before(order[++i]!, pivot));
        while (before(pivot, order[--j]!));
        if (i >= j) break;
        swap(order, i, j);
      }
      swap(order, i, hi - 1);
      if (i - lo < hi - i) {
        stack.push(i + 1, hi);
        hi = i - 1;
      } else {
        stack.push(lo, i - 1);
        lo = i + 1;
      }
    }
    for (let k = lo + 1; k <= hi; k++) {
      const v = order[k]!;
      let m = k - 1;
      while (m >= lo && before(v, order[m]!)) {
        order[m + 1] = order[m]!;
        m--;
      }
      order[m + 1] = v;
    }
  }
  return order;
}

function swap(a: Uint32Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

function nulls(n: number): (number | null)[] {
  return new Array<number | null>(n).fill(null);
}
