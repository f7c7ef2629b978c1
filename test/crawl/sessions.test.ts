/** The session of a board behind a WAF: pacing floors, block attempts and the cookies of the warm-up. */
import { describe, expect, it } from 'vitest';
import { makeOriginMap } from '../../src/crawl/origins.js';
import { SessionKeeper } from '../../src/crawl/sessions.js';
import { LIUYAN_SESSION } from '../../src/sources/people-liuyan/index.js';

const LOCAL = 'https://liuyan.people.com.cn';
const origins = makeOriginMap([[LOCAL, 'http://127.0.0.1:9/liuyan']]);
const post = (url: string) => ({ kind: 'list' as const, url, method: 'POST' as const, body: 'fid=539&lastItem=0&pageSize=20' });

function keeper(over: { postIntervalMs?: number; blockBackoffMs?: number }, warmUps: string[] = []) {
  return new SessionKeeper({
    ...over,
    origins,
    log: () => {},
    random: () => 0.5,
    sendWarmUp: async (r) => {
      warmUps.push(r.url);
      return { status: 200, headers: new Headers([['set-cookie', `__jsluid_s=v${warmUps.length}; path=/`]]) };
    },
  });
}

describe('SessionKeeper', () => {
  it('keeps the source defaults on a public origin whatever is asked, and lowers them only for a loopback-mapped one', () => {
    const k = keeper({ postIntervalMs: 0, blockBackoffMs: 10 });
    expect(k.pacing(LIUYAN_SESSION, 'https://other.example.org/x')).toEqual({ intervalMs: 1500, jitterMs: 1500, backoffMs: 60_000 });
    expect(k.pacing(LIUYAN_SESSION, `${LOCAL}/x`)).toEqual({ intervalMs: 0, jitterMs: 0, backoffMs: 10 });
    expect(keeper({ postIntervalMs: 4000 }).pacing(LIUYAN_SESSION, 'https://other.example.org/x').intervalMs).toBe(4000);
    expect(keeper({}).pacing(LIUYAN_SESSION, `${LOCAL}/x`)).toEqual({ intervalMs: 1500, jitterMs: 1500, backoffMs: 60_000 });
  });

  it('warms up once, carries the cookie, and after a block holds the host, forgets the cookie and warms up afresh', async () => {
    const warmUps: string[] = [];
    const k = keeper({ postIntervalMs: 0, blockBackoffMs: 40 }, warmUps);
    const url = `${LOCAL}/pro-dfbbs-front/threads/queryThreadsList`;
    await Promise.all([k.beforeRequest(LIUYAN_SESSION, post(url)), k.beforeRequest(LIUYAN_SESSION, post(url))]);
    expect(warmUps).toEqual([`${LOCAL}/pro-dfbbs-front/forum/list?fid=539`]);
    expect(k.headers(url)).toEqual({ cookie: '__jsluid_s=v1' });

    const sent = Date.now();
    const first = k.blocked(LIUYAN_SESSION, url, sent);
    expect(first).toEqual({ attempt: 1, holdMs: 40, persistent: false });
    expect(k.headers(url)).toEqual({});
    // Another answer to a request sent before that block is the same attempt.
    expect(k.blocked(LIUYAN_SESSION, url, sent - 1)).toEqual({ attempt: 1, holdMs: 0, persistent: false });
    // The hold runs from the block (after `sent`), however long the lines above took.
    await k.beforeRequest(LIUYAN_SESSION, post(url));
    expect(Date.now() - sent).toBeGreaterThanOrEqual(39);
    expect(warmUps.length).toBe(2);
    expect(k.headers(url)).toEqual({ cookie: '__jsluid_s=v2' });
    expect(k.blocked(LIUYAN_SESSION, url, Date.now())).toMatchObject({ attempt: 2, holdMs: 80, persistent: false });
    expect(k.blocked(LIUYAN_SESSION, url, Date.now() + 1)).toMatchObject({ attempt: 3, persistent: true });
    // A success after the last block starts the count over.
    k.succeeded(url, Date.now() + 2);
    expect(k.blocked(LIUYAN_SESSION, url, Date.now() + 3)).toMatchObject({ attempt: 1 });
  });

  it('releases a request waiting out a hold when the run stops', async () => {
    const k = keeper({ postIntervalMs: 0, blockBackoffMs: 60_000 });
    const url = `${LOCAL}/v1/threads/content`;
    k.blocked(LIUYAN_SESSION, url, Date.now());
    const waiting = k.beforeRequest(LIUYAN_SESSION, post(url));
    k.stop();
    await expect(waiting).rejects.toThrow(/stopping/);
  });
});
