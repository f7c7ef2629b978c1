/**
 * Messages of a simulated board drawn lazily up to the world's clock: the history before the
 * start is drawn at construction, later arrivals whenever the clock has moved. Gaps between
 * messages are exponential around the mean that spreads `count` messages over the history;
 * ids rise by a board's own step (most ids of a real counter are never shown).
 */
import { DAY, MINUTE, floorMinute } from './clock.js';
import { rngFor, type Rng } from './rng.js';
import type { World } from './world.js';

/** How one board draws its messages. */
export interface ArrivalRules<M> {
  /** Key of the arrivals' random stream (the same seed gives the same board). */
  key: string;
  firstId: number;
  /** The message with this id posted at `at` (a whole minute). */
  make(id: number, at: number): M;
  /** How far the id moves after each message (at least 1). */
  step(arrivals: Rng): number;
}

/** The default history: a day per four messages, from 30 days to a year. */
export function historyDaysFor(count: number): number {
  return Math.min(365, Math.max(30, count / 4));
}

export class Arrivals<M> {
  readonly messages: M[] = [];
  private nextAt: number;
  private nextId: number;
  private readonly meanGap: number;
  private readonly arrivals: Rng;

  constructor(
    private readonly world: World,
    private readonly rules: ArrivalRules<M>,
    count: number,
    historyDays = historyDaysFor(count),
  ) {
    this.meanGap = (historyDays * DAY) / Math.max(1, count);
    this.arrivals = rngFor(world.seed, rules.key);
    this.nextId = rules.firstId;
    let t = world.start - historyDays * DAY;
    for (let i = 0; i < count; i++) {
      this.push(t);
      t += this.gap();
    }
    this.nextAt = count > 0 ? Math.max(t, world.start + this.gap()) : Number.POSITIVE_INFINITY;
  }

  private gap(): number {
    return Math.max(MINUTE, floorMinute(this.arrivals.exp(this.meanGap)));
  }

  private push(at: number): void {
    this.messages.push(this.rules.make(this.nextId, floorMinute(at)));
    this.nextId += this.rules.step(this.arrivals);
  }

  /** The clock, after drawing every message posted up to it. */
  now(): number {
    const now = this.world.now;
    while (this.nextAt <= now) {
      this.push(this.nextAt);
      this.nextAt += this.gap();
    }
    return now;
  }
}
