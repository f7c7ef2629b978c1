/** A live progress line on a terminal; plain (or JSON, with --log-format json) periodic lines otherwise. */
import { jsonLine, logFormat } from '../crawl/log.js';

export interface Progress {
  update(done: number, queued: number, failed: number): void;
  end(): void;
}

export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = Date.now();
  let lastPlain = 0;
  let drawn = false;
  const rateOf = (done: number) => {
    const secs = (Date.now() - started) / 1000;
    return secs > 0 ? Math.round((done / secs) * 10) / 10 : 0;
  };
  const line = (done: number, queued: number, failed: number) => `${label}: ${done} done, ${queued} queued, ${rateOf(done).toFixed(1)}/s, ${failed} failed`;
  return {
    update(done, queued, failed) {
      const json = logFormat() === 'json';
      if (stream.isTTY && !json) {
        stream.write(`\r\x1b[2K${line(done, queued, failed)}`);
        drawn = true;
      } else if (Date.now() - lastPlain > 10_000) {
        lastPlain = Date.now();
        stream.write(json ? jsonLine('info', label, 'progress', { done, queued, perSecond: rateOf(done), failed }) : `${line(done, queued, failed)}\n`);
      }
    },
    end() {
      if (drawn) stream.write('\n');
    },
  };
}
