import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulate/index.js';
import { get, ofBoard, truth } from './helpers.js';

describe('simulator determinism', () => {
  let a: Simulator;
  let b: Simulator;
  let c: Simulator;
  beforeAll(async () => {
    [a, b, c] = await Promise.all([
      startSimulator({ seed: 'same', threads: 200 }),
      startSimulator({ seed: 'same', threads: 200 }),
      startSimulator({ seed: 'other', threads: 200 }),
    ]);
  });
  afterAll(() => Promise.all([a, b, c].map((s) => s.close())));

  it('serves identical pages and truth for the same seed', async () => {
    const ta = await truth(a);
    const tid = ofBoard(ta, 'cnhubei-minsheng')[10]!.externalId;
    const sid = ofBoard(ta, 'cnhubei-wenzheng')[5]!.externalId;
    const paths = [
      '/bbs/forum-9-1.html',
      '/bbs/forum-9-3.html',
      `/bbs/thread-${tid}-1-1.html`,
      '/wz/api/allsuglist?list_type=1&page=1&pagesize=10&type=pc',
      `/wz/api/sugdetail?suid=${sid}&type=pc`,
      '/news/mrhf/index.html',
      '/__sim/truth',
    ];
    for (const p of paths) {
      const [x, y] = await Promise.all([get(a, p), get(b, p)]);
      expect(x.status, p).toBe(200);
      expect(x.text, p).toBe(y.text);
    }
  });

  it('serves a different world for another seed', async () => {
    const [x, y] = await Promise.all([get(a, '/bbs/forum-9-1.html'), get(c, '/bbs/forum-9-1.html')]);
    expect(x.text).not.toBe(y.text);
  });

  it('reaches the same world whether the clock moves in one step or several', async () => {
    const [s1, s2] = await Promise.all([startSimulator({ seed: 7, threads: 50 }), startSimulator({ seed: 7, threads: 50 })]);
    try {
      s1.world.advance(30);
      s2.world.advance(10);
      s2.world.advance(12.5);
      s2.world.advance(7.5);
      const [t1, t2] = await Promise.all([truth(s1), truth(s2)]);
      expect(t2).toEqual(t1);
    } finally {
      await Promise.all([s1.close(), s2.close()]);
    }
  });
});
