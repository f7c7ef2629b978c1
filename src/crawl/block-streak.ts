/**
 * Block answers in a row, in the order the answers came. A run stops after so many (exit 4);
 * any other answer in between breaks the streak. Most answers are told apart from a block
 * page only once read, on the storing thread (fetched-page-thread.ts), so a verdict can come
 * after those of answers that came later: an answer still being read breaks the streak for
 * now, as nearly all of them turn out to be board pages, and counts as a block if it is one.
 * So the streak is the one the answers made in their order, whatever order they are judged in.
 */
export class BlockStreak {
  private last = 0;
  /** The latest answer that was no block. */
  private clear = 0;
  private readonly judging = new Set<number>();
  /** Block answers after `clear`. */
  private blocks: number[] = [];

  /** An answer came: its number in the order of arrival. */
  arrived(): number {
    return ++this.last;
  }

  /** Answer `n` is being read before it is judged. */
  judge(n: number): void {
    this.judging.add(n);
  }

  /** Answer `n` is no block. */
  pass(n: number): void {
    this.judging.delete(n);
    if (n <= this.clear) return;
    this.clear = n;
    this.blocks = this.blocks.filter((b) => b > n);
  }

  /** Answer `n` is a block; returns the streak. */
  block(n: number): number {
    this.judging.delete(n);
    if (n > this.clear) this.blocks.push(n);
    return this.length;
  }

  /** Block answers after the latest answer that was no block or is still being read. */
  get length(): number {
    let from = this.clear;
    for (const n of this.judging) if (n > from) from = n;
    return this.blocks.filter((b) => b > from).length;
  }
}
