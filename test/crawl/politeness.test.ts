/**
 * The per-host limiter keeps Retry-After for requests that were already waiting for their
 * slot when the hold came, not only for those that ask afterwards.
 */
import { describe, expect, it } from 'vitest';
import { HostLimiter, sleep } from '../../src/crawl/politeness.js';

const HOST = 'http://bbs.cnhubei.com';

describe('HostLimiter', () => {
  it('a request waiting out one hold also waits out a longer hold placed meanwhile', async () => {
    const limiter = new HostLimiter(0);
    const start = Date.now();
    limiter.holdOff(HOST, 300); // a first 429: Retry-After 0.3 s
    const waiting = limiter.acquire(HOST).then(() => Date.now() - start);
    await sleep(100);
    limiter.holdOff(HOST, 700); // a second 429 asks for 0.7 s more: until 800 ms
    expect(await waiting).toBeGreaterThanOrEqual(790);
  });

  it('a request waiting for its rate slot waits out a hold placed meanwhile', async () => {
    const limiter = new HostLimiter(2); // one request every 500 ms
    const start = Date.now();
    await limiter.acquire(HOST);
    const waiting = limiter.acquire(HOST).then(() => Date.now() - start); // its slot: 500 ms
    await sleep(100);
    limiter.holdOff(HOST, 1000); // until 1,100 ms
    expect(await waiting).toBeGreaterThanOrEqual(1090);
  });

  it('a hold on one host keeps no other host back', async () => {
    const limiter = new HostLimiter(0);
    limiter.holdOff(HOST, 5_000);
    const start = Date.now();
    await limiter.acquire('http://api.wz.cnhubei.com');
    expect(Date.now() - start).toBeLessThan(1_000);
  });
});
