import { describe, expect, it } from 'vitest';
import { jsonStderr } from '../../src/crawl/log.js';

/** A stream whose writes are kept. */
function fakeStream() {
  const out: string[] = [];
  const stream = { write: (s: string) => (out.push(s), true) } as unknown as NodeJS.WritableStream;
  return { out, stream };
}

describe('jsonStderr', () => {
  it('wraps foreign text lines, passes JSON lines, joins partial writes and drops redraws', () => {
    const { out, stream } = fakeStream();
    jsonStderr(stream);
    stream.write('WARN  CheerioCrawler: Reclaiming failed request back to the list\n{"level":"info","msg":"ok"}\n');
    stream.write('half of a ');
    stream.write('line\n');
    stream.write('\r\x1b[2Kcrawl: 1 done\r\x1b[2Kcrawl: 2 done\n');
    stream.write('{not json}\n');
    const lines = out.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatchObject({ level: 'warn', subsystem: 'stderr', msg: 'WARN  CheerioCrawler: Reclaiming failed request back to the list' });
    expect(lines[1]).toEqual({ level: 'info', msg: 'ok' });
    expect(lines[2]).toMatchObject({ level: 'info', msg: 'half of a line' });
    expect(lines[3]!.msg).toBe('crawl: 2 done');
    expect(String(lines[3]!.msg)).not.toContain('1 done');
    expect(lines[4]).toMatchObject({ subsystem: 'stderr', msg: '{not json}' });
  });
});
