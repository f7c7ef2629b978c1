/**
 * Ranking departments by reply rate without letting small samples win: a department that
 * answered 2 of 2 must not outrank one that answered 95 of 100. Best are ranked by the lower
 * bound of the 95% Wilson score interval, worst by its upper bound.
 */

/** One department's counts, as departments.csv gives them. */
export interface DepartmentCounts {
  name: string;
  messages: number;
  replied: number;
}

/** A ranked department: its counts, observed rate and the Wilson interval. */
export interface RankedDepartment extends DepartmentCounts {
  rate: number;
  low: number;
  high: number;
}

const Z = 1.959964; // 95%

/** The 95% Wilson score interval of `replied` successes out of `messages`. */
export function wilson(replied: number, messages: number): { low: number; high: number } {
  if (messages <= 0) return { low: 0, high: 1 };
  const p = replied / messages;
  const z2 = Z * Z;
  const centre = p + z2 / (2 * messages);
  const spread = Z * Math.sqrt((p * (1 - p)) / messages + z2 / (4 * messages * messages));
  const denom = 1 + z2 / messages;
  return { low: Math.max(0, (centre - spread) / denom), high: Math.min(1, (centre + spread) / denom) };
}

export interface Ranking {
  best: RankedDepartment[];
  worst: RankedDepartment[];
  /** Departments that had enough messages to be ranked. */
  ranked: number;
  /** The smallest number of messages a ranked department has. */
  minMessages: number;
  /** Reply rate of all ranked departments together: best are at or above it, worst below. */
  pooledRate: number;
}

/**
 * The best and worst `size` departments with at least `minMessages` messages (every department
 * with a message when fewer than 4 qualify). Best are drawn from those at or above the pooled
 * reply rate of the ranked departments, worst from those below it, so the lists never overlap
 * and a department answering everything is never shown among the worst.
 */
export function rankDepartments(rows: readonly DepartmentCounts[], size = 10, minMessages = 5): Ranking {
  let min = minMessages;
  let pool = rows.filter((r) => r.messages >= min);
  if (pool.length < 4) {
    min = 1;
    pool = rows.filter((r) => r.messages >= 1);
  }
  const ranked = pool.map((r) => ({ ...r, rate: r.replied / r.messages, ...wilson(r.replied, r.messages) }));
  const pooled = ranked.reduce((s, r) => s + r.replied, 0) / Math.max(1, ranked.reduce((s, r) => s + r.messages, 0));
  const byName = (a: RankedDepartment, b: RankedDepartment) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const best = ranked
    .filter((r) => r.rate >= pooled)
    .sort((a, b) => b.low - a.low || b.messages - a.messages || byName(a, b))
    .slice(0, size);
  const worst = ranked
    .filter((r) => r.rate < pooled)
    .sort((a, b) => a.high - b.high || b.messages - a.messages || byName(a, b))
    .slice(0, size);
  return { best, worst, ranked: ranked.length, minMessages: min, pooledRate: pooled };
}
