/** A live progress line on a terminal; plain periodic log lines otherwise. */
export interface Progress {
  update(done: number, queued: number, failed: number): void;
  end(): void;
}

export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = Date.now();
  let lastPlain = 0;
  let drawn = false;
  const line = (done: number, queued: number, failed: number) => {
    const secs = (Date.now() - started) / 1000;
    const rate = secs > 0 ? (done / secs).toFixed(1) : '0.0';
    return `${label}: ${done} done, ${queued} queued, ${rate}/s, ${failed} failed`;
  };
  return {
    update(done, queued, failed) {
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${line(done, queued, failed)}`);
        drawn = true;
      } else if (Date.now() - lastPlain > 10_000) {
        lastPlain = Date.now();
        stream.write(`${line(done, queued, failed)}\n`);
      }
    },
    end() {
      if (drawn) stream.write('\n');
    },
  };
}
