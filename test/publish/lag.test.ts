import { describe, expect, it } from 'vitest';
import { LagSweep, sweepOrder, type Lag } from '../../src/publish/lag.js';
import { kaplanMeier, kmQuantile, naiveQuantile } from './oracles.js';

// Seven messages: answered after 2, 4, 4 and 10 hours; still unanswered when last seen 3, 5
// and 12 hours after posting. By hand (n = at risk just before t, d = answers at t):
//   t=2:  n=7, d=1  S = 6/7             = 0.857143
//   t=3:  censored (leaves: n=5 at t=4)
//   t=4:  n=5, d=2  S = 6/7 * 3/5 = 18/35 = 0.514286
//   t=5:  censored (n=2 at t=10)
//   t=10: n=2, d=1  S = 18/35 * 1/2 = 9/35 = 0.257143
//   t=12: censored
// KM median: first t with S <= 0.5 -> 10 h; S never reaches 0.1 -> p90 null.
// Naive (answered only: 2, 4, 4, 10): F(2)=1/4, F(4)=3/4, F(10)=1 -> median 4 h, p90 10 h.
// Within 24 h: KM 1 - 9/35 = 0.7429; observed 4 answered of 7 = 0.5714.
const LAGS: Lag[] = [
  { hours: 2, answered: true },
  { hours: 3, answered: false },
  { hours: 4, answered: true },
  { hours: 4, answered: true },
  { hours: 5, answered: false },
  { hours: 10, answered: true },
  { hours: 12, answered: false },
];

describe('Kaplan-Meier reply lag', () => {
  it('matches the hand-computed survival curve', () => {
    const curve = kaplanMeier(LAGS);
    expect(curve.map((p) => p.hours)).toEqual([2, 4, 10]);
    expect(curve[0]!.survival).toBeCloseTo(6 / 7, 12);
    expect(curve[1]!.survival).toBeCloseTo(18 / 35, 12);
    expect(curve[2]!.survival).toBeCloseTo(9 / 35, 12);
  });

  it('gives the censored median and p90 next to the naive ones', () => {
    expect(kmQuantile(LAGS, 0.5)).toBe(10);
    expect(kmQuantile(LAGS, 0.9)).toBeNull();
    expect(naiveQuantile(LAGS, 0.5)).toBe(4);
    expect(naiveQuantile(LAGS, 0.9)).toBe(10);
  });

  it('treats a censored time tied with an event as still at risk at that time', () => {
    // 1 answered at 5, 1 censored at 5, 1 answered at 8: S(5) = 1 - 1/3, S(8) = 2/3 * 0 = 0.
    const lags: Lag[] = [
      { hours: 5, answered: false },
      { hours: 5, answered: true },
      { hours: 8, answered: true },
    ];
    const curve = kaplanMeier(lags);
    expect(curve[0]!.survival).toBeCloseTo(2 / 3, 12);
    expect(curve[1]!.survival).toBe(0);
    expect(kmQuantile(lags, 0.5)).toBe(8);
  });

  it('sweeps many groups at once with the same figures', () => {
    const sweep = new LagSweep(2);
    const other: Lag[] = [
      { hours: 30, answered: true },
      { hours: 200, answered: false },
    ];
    for (const l of LAGS) sweep.add(l, [0, 1]);
    for (const l of other) sweep.add(l, [0, 2]);
    const [all, first, second] = sweep.summaries();
    expect(first!.km).toEqual({ median: 10, p90: null, n: 7, answered: 4, censored: 3 });
    expect(first!.naive).toEqual({ median: 4, p90: 10, n: 4 });
    expect(first!.within.hours24).toEqual({ km: 0.7429, observed: 0.5714 });
    expect(second!.km.median).toBe(30);
    expect(second!.within.hours24).toEqual({ km: 0, observed: 0 });
    expect(second!.within.days7).toEqual({ km: 0.5, observed: 0.5 });
    const everything = [...LAGS, ...other];
    expect(all!.km.median).toBe(kmQuantile(everything, 0.5));
    expect(all!.km.p90).toBe(kmQuantile(everything, 0.9));
    expect(all!.naive.median).toBe(naiveQuantile(everything, 0.5));
  });

  it('keeps group ids past 65,534 and empty slots apart when ids outgrow two bytes', () => {
    const sweep = new LagSweep(2, 2);
    sweep.add({ hours: 5, answered: true }, [0, -1]);
    sweep.add({ hours: 7, answered: true }, [0, 70_000]);
    sweep.add({ hours: 9, answered: false }, [65_535, 70_000]);
    const figures = sweep.summaries();
    expect(figures).toHaveLength(70_001);
    // Two answered at 5 h and 7 h: the survival falls to 1/2 at 5 h (median) and to 0 at 7 h (p90).
    expect(figures[0]!.km).toEqual({ median: 5, p90: 7, n: 2, answered: 2, censored: 0 });
    expect(figures[65_535]!.km).toEqual({ median: null, p90: null, n: 1, answered: 0, censored: 1 });
    expect(figures[70_000]!.km).toMatchObject({ n: 2, answered: 1, censored: 1, median: 7 });
    expect(figures[1]!.km.n).toBe(0);
  });
});

describe('sweepOrder', () => {
  it('gives the order of the stable comparator sort by lag, answered first, on ties, -0, infinities, sorted runs and NaN', () => {
    // Lags drawn from few values so most tie; answered flags mixed within each tie.
    const values = [3, -0, 0, 2.5, -1, Infinity, 1e-9, 2.5 + 1e-12, 1e6];
    const n = 5_000;
    const h = new Float64Array(n);
    const ans = new Uint8Array(n);
    let x = 12345;
    for (let i = 0; i < n; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      h[i] = values[x % values.length]!;
      ans[i] = (x >> 8) % 2;
    }
    // What the sweep sorted with before: a comparator sort of the slots (stable in V8).
    const byComparator = (hs: Float64Array, m: number) => Array.from(Uint32Array.from(Array(m).keys()).sort((a, b) => hs[a]! - hs[b]! || ans[b]! - ans[a]!));
    const ours = (hs: Float64Array, m: number) => Array.from(sweepOrder(hs, ans, m));
    expect(ours(h, n)).toEqual(byComparator(h, n));
    expect(ours(h, n)).not.toEqual([...Array(n).keys()]);
    // Only the first m slots count.
    expect(ours(h, 4_000)).toEqual(byComparator(h, 4_000));
    const withNaN = h.slice();
    withNaN[7] = NaN;
    expect(ours(withNaN, n)).toEqual(byComparator(withNaN, n));
    const rising = Float64Array.from({ length: n }, (_, i) => Math.floor(i / 3));
    const falling = rising.slice().reverse();
    const flat = new Float64Array(n).fill(7);
    for (const hs of [rising, falling, flat]) expect(ours(hs, n)).toEqual(byComparator(hs, n));
  });
});
