/**
 * Block answers in a row, counted in the order the answers came though the storing thread
 * judges some of them later (block-streak.ts): the stop rule of a run (exit 4 after six).
 */
import { describe, expect, it } from 'vitest';
import { BlockStreak } from '../../src/crawl/block-streak.js';

describe('block answers in a row', () => {
  it('counts blocks in a row and starts again after an answer that is none', () => {
    const s = new BlockStreak();
    for (let i = 0; i < 3; i++) s.block(s.arrived());
    expect(s.length).toBe(3);
    s.pass(s.arrived());
    expect(s.length).toBe(0);
    expect(s.block(s.arrived())).toBe(1);
  });

  it('lets a board page judged late break the streak of the blocks that came after it no more', () => {
    const s = new BlockStreak();
    const page = s.arrived();
    s.judge(page);
    // Five 429s come while the page is still being read: they came after it.
    const later = Array.from({ length: 5 }, () => s.arrived());
    for (const n of later) s.block(n);
    expect(s.length).toBe(5);
    s.pass(page);
    expect(s.length).toBe(5);
  });

  it('does not count blocks across an answer still being read, and counts that answer once it is judged a block', () => {
    const s = new BlockStreak();
    const before = [s.arrived(), s.arrived()];
    const reading = s.arrived();
    s.judge(reading);
    const after = [s.arrived(), s.arrived()];
    for (const n of [...before, ...after]) s.block(n);
    // The answer being read is most likely a board page: only the blocks after it count for now.
    expect(s.length).toBe(2);
    // It was a block page after all: five in a row, as they came.
    expect(s.block(reading)).toBe(5);
  });

  it('keeps the latest answer that was no block when an older one is judged after it', () => {
    const s = new BlockStreak();
    const old = s.arrived();
    s.judge(old);
    const newer = s.arrived();
    s.pass(newer);
    const blocks = [s.arrived(), s.arrived()];
    for (const n of blocks) s.block(n);
    s.pass(old);
    expect(s.length).toBe(2);
  });
});
