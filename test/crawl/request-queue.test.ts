/**
 * The crawl's in-memory Crawlee queue (src/crawl/request-queue.ts): list pages first, the rest
 * in order, each key once a run, retries back in line, and the run's request budget kept.
 */
import { describe, expect, it } from 'vitest';
import { MemoryRequestQueue } from '../../src/crawl/request-queue.js';

const req = (key: string) => ({ url: `http://bbs.cnhubei.com/${key}`, uniqueKey: key, userData: { key } });

async function drain(q: MemoryRequestQueue): Promise<string[]> {
  const out: string[] = [];
  for (let r = await q.fetchNextRequest(); r; r = await q.fetchNextRequest()) {
    out.push(r.uniqueKey);
    await q.markRequestHandled(r);
  }
  return out;
}

describe('the in-memory request queue', () => {
  it('gives forefront requests first, then the others in the order they came, each key once', async () => {
    const q = new MemoryRequestQueue();
    await q.addRequestsBatched([req('t1'), req('t2')]);
    await q.addRequestsBatched([req('list-2')], { forefront: true });
    const again = await q.addRequestsBatched([req('t1'), req('t3')]);
    expect(again.addedRequests.map((a) => [a.uniqueKey, a.wasAlreadyPresent])).toEqual([
      ['t1', true],
      ['t3', false],
    ]);
    expect(await q.isEmpty()).toBe(false);
    expect(await drain(q)).toEqual(['list-2', 't1', 't2', 't3']);
    expect(await q.isFinished()).toBe(true);
    expect(await q.handledCount()).toBe(4);
  });

  it('is not finished while a request is in progress, and takes a retried one back at the end of the line', async () => {
    const q = new MemoryRequestQueue();
    await q.addRequestsBatched([req('a'), req('b')]);
    const a = (await q.fetchNextRequest())!;
    expect(a.userData).toMatchObject({ key: 'a' });
    expect(await q.isFinished()).toBe(false);
    a.retryCount++;
    await q.reclaimRequest(a);
    const order = [];
    for (let r = await q.fetchNextRequest(); r; r = await q.fetchNextRequest()) {
      order.push([r.uniqueKey, r.retryCount]);
      await q.markRequestHandled(r);
    }
    expect(order).toEqual([
      ['b', 0],
      ['a', 1],
    ]);
    expect(await q.isFinished()).toBe(true);
  });

  it('adds no more new requests than the budget it is given and names the others', async () => {
    const q = new MemoryRequestQueue();
    const res = await q.addRequestsBatched([req('x'), req('y'), req('z')], { maxNewRequests: 2 });
    expect(res.addedRequests.map((a) => a.uniqueKey)).toEqual(['x', 'y']);
    expect(res.requestsOverLimit?.map((s) => (s as { uniqueKey: string }).uniqueKey)).toEqual(['z']);
    expect(q.getPendingCount()).toBe(2);
  });
});
