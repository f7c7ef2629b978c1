/**
 * Reading text files line by line without the event loop: one `readSync` of 1 MB at a time,
 * lines split on `\n` (a `\r` before it dropped) and decoded as UTF-8, or left as bytes. For
 * the previous snapshot's JSON Lines, read in step with the archive's rows, and for spans of
 * files this snapshot wrote.
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** A line's bytes: `buf[start, end)`, valid until the next read. */
export interface LineSpan {
  buf: Buffer;
  start: number;
  end: number;
}

export class SyncLines {
  private readonly fd: number;
  private buf = Buffer.allocUnsafe(1 << 20);
  private start = 0;
  private end = 0;
  private eof = false;
  private readonly span: LineSpan = { buf: this.buf, start: 0, end: 0 };

  constructor(file: string) {
    this.fd = openSync(file, 'r');
  }

  /** The next line, or null at the end of the file. */
  next(): string | null {
    const span = this.nextSpan();
    return span && span.buf.toString('utf8', span.start, span.end);
  }

  /**
   * The next line's bytes without decoding them (one object, reused), or null at the end:
   * a reader that needs a few short fields of long lines decodes only those.
   */
  nextSpan(): LineSpan | null {
    for (;;) {
      const nl = this.start < this.end ? this.buf.indexOf(10, this.start) : -1;
      if (nl !== -1 && nl < this.end) {
        const stop = nl > this.start && this.buf[nl - 1] === 13 ? nl - 1 : nl;
        return this.emit(stop, nl + 1);
      }
      if (this.eof) return this.start >= this.end ? null : this.emit(this.end, this.end);
      if (this.start > 0) {
        this.buf.copy(this.buf, 0, this.start, this.end);
        this.end -= this.start;
        this.start = 0;
      }
      if (this.end === this.buf.length) {
        const bigger = Buffer.allocUnsafe(this.buf.length * 2);
        this.buf.copy(bigger, 0, 0, this.end);
        this.buf = bigger;
      }
      const n = readSync(this.fd, this.buf, this.end, this.buf.length - this.end, null);
      if (n === 0) this.eof = true;
      else this.end += n;
    }
  }

  private emit(stop: number, next: number): LineSpan {
    this.span.buf = this.buf;
    this.span.start = this.start;
    this.span.end = stop;
    this.start = next;
    return this.span;
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * Byte spans of a file read back in any order, through a few cached 1 MB blocks (spans asked
 * for in nearly file order, the usual case, read each block once).
 */
export class SpanReader {
  private readonly fd: number;
  private readonly blocks = new Map<number, Buffer>();
  private static readonly BLOCK = 1 << 20;
  private static readonly KEEP = 16;

  constructor(file: string) {
    this.fd = openSync(file, 'r');
  }

  /** `length` bytes at `offset` (a view valid until the next call). */
  read(offset: number, length: number): Buffer {
    const B = SpanReader.BLOCK;
    const first = Math.floor(offset / B);
    if (Math.floor((offset + length - 1) / B) !== first || length === 0) {
      const out = Buffer.allocUnsafe(length);
      let done = 0;
      while (done < length) {
        const n = readSync(this.fd, out, done, length - done, offset + done);
        if (n === 0) throw new Error(`unexpected end of file at ${offset + done}`);
        done += n;
      }
      return out;
    }
    let block = this.blocks.get(first);
    if (block) {
      this.blocks.delete(first); // re-inserted below: most recently used last
    } else {
      block = Buffer.allocUnsafe(B);
      let n = 0;
      for (let r; n < B && (r = readSync(this.fd, block, n, B - n, first * B + n)) > 0; ) n += r;
      block = block.subarray(0, n);
      if (this.blocks.size >= SpanReader.KEEP) this.blocks.delete(this.blocks.keys().next().value!);
    }
    this.blocks.set(first, block);
    const at = offset - first * B;
    if (at + length > block.length) throw new Error(`unexpected end of file at ${offset + length}`);
    return block.subarray(at, at + length);
  }

  close(): void {
    closeSync(this.fd);
  }
}
