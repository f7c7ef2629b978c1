import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/cli/progress.js';
import { setLogFormat } from '../../src/crawl/log.js';

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

describe('progress with --log-format json', () => {
  it('writes periodic JSON lines with the counts, never a terminal redraw', () => {
    setLogFormat('json');
    try {
      const { out, stream } = fakeStream(true);
      const p = createProgress('crawl', stream);
      p.update(7, 3, 1);
      p.update(8, 2, 1);
      p.end();
      expect(out).toHaveLength(1);
      const line = JSON.parse(out[0]!) as Record<string, unknown>;
      expect(line).toMatchObject({ level: 'info', subsystem: 'crawl', msg: 'progress', done: 7, queued: 3, failed: 1 });
      expect(out.join('')).not.toContain('\r');
    } finally {
      setLogFormat('text');
    }
  });
});
