import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/cli/progress.js';

function fakeStream(isTTY: boolean) {
  const out: string[] = [];
  return { out, stream: { isTTY, write: (s: string) => out.push(s) } as unknown as NodeJS.WriteStream };
}

describe('progress line', () => {
  it('redraws one line in place on a terminal and ends it with a newline', () => {
    const { out, stream } = fakeStream(true);
    const p = createProgress('crawl', stream);
    p.update(3, 10, 0);
    p.update(4, 9, 1);
    p.end();
    expect(out[0]).toMatch(/^\r\x1b\[2Kcrawl: 3 done, 10 queued, [\d.]+\/s, 0 failed$/);
    expect(out[1]).toMatch(/^\r\x1b\[2Kcrawl: 4 done, 9 queued, [\d.]+\/s, 1 failed$/);
    expect(out[2]).toBe('\n');
  });

  it('writes plain log lines, not every update, when not on a terminal', () => {
    const { out, stream } = fakeStream(false);
    const p = createProgress('snapshot', stream);
    for (let i = 1; i <= 100; i++) p.update(i * 5000, 0, 0);
    p.end();
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^snapshot: 5000 done, 0 queued, [\d.]+\/s, 0 failed\n$/);
    expect(out.join('')).not.toContain('\r');
  });
});
