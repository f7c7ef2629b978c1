import { describe, expect, it } from 'vitest';
import { steadyRate } from './workers.js';

describe('steadyRate (the workers stage once started)', () => {
  it('leaves out the first tenth of the answers and times the rest from the last one left out', () => {
    // 20 answers: two slow ones at the start (0 and 1000 ms), then one every 100 ms from 1100 to 2800.
    const answers = [0, 1000, ...Array.from({ length: 18 }, (_, i) => 1100 + i * 100)];
    // k = 2: the 18 answers after the second, over 2800 - 1000 = 1.8 s.
    expect(steadyRate(answers, 0.1)).toBeCloseTo(10, 6);
    // Over the whole crawl the same answers give 20 / 2.8 s: the slow start weighs in.
    expect(steadyRate(answers, 0)).toBeCloseTo((19 * 1000) / 2800, 6);
  });

  it('is NaN where nothing is left to time', () => {
    expect(steadyRate([], 0.1)).toBeNaN();
    expect(steadyRate([5], 0.1)).toBeNaN();
    expect(steadyRate([5, 5, 5], 0.5)).toBeNaN();
  });
});
