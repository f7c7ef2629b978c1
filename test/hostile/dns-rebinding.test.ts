/**
 * Issue #15, what was left of item 1: DNS rebinding. A name that resolves to a public address
 * when the crawler checks it and to a loopback one when the connection is made must not reach
 * the loopback service: the connection dials only an address the check passes. `localhost`
 * stands for the rebinding name (its second answer really is 127.0.0.1, where an "internal"
 * service listens); the first answer is the public one a rebinding DNS gives to the check.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchGuarded, RefusedFetchError, type ResolveAll } from '../../src/crawl/guarded-fetch.js';
import { parseOrigins } from '../../src/crawl/origins.js';

let internal: Server;
let port: number;
const seen: string[] = [];

beforeAll(async () => {
  internal = createServer((req, res) => {
    seen.push(req.url ?? '/');
    res.end('INTERNAL-ONLY');
  });
  await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
  port = (internal.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => internal.close(() => resolve())));

/** A DNS that answers a public address first and the loopback one from then on. */
function rebinding(): { resolve: ResolveAll; asked: () => number } {
  let n = 0;
  return {
    resolve: async () => (n++ === 0 ? [{ address: '93.184.216.34', family: 4 }] : [{ address: '127.0.0.1', family: 4 }]),
    asked: () => n,
  };
}

describe('a name that rebinds to a loopback address between check and connection', () => {
  it('is refused at connect time: the internal service sees no request', async () => {
    const dns = rebinding();
    const url = `http://localhost:${port}/admin/secret`;
    const got = fetchGuarded({ url, method: 'GET' }, { origins: parseOrigins([], []), allowed: new Set([`http://localhost:${port}`]), timeoutMs: 5_000, lookup: dns.resolve });
    await expect(got).rejects.toBeInstanceOf(RefusedFetchError);
    await expect(got).rejects.toThrow(/localhost resolves to 127\.0\.0\.1 at connect time/);
    // Both the check and the connection asked the DNS: the connection did not trust the check.
    expect(dns.asked()).toBe(2);
    expect(seen).toEqual([]);
  });

  it('a name whose first answer is loopback is refused before any connection', async () => {
    const resolve: ResolveAll = async () => [{ address: '127.0.0.1', family: 4 }];
    const url = `http://localhost:${port}/admin/other`;
    await expect(fetchGuarded({ url, method: 'GET' }, { origins: parseOrigins([], []), allowed: new Set([`http://localhost:${port}`]), timeoutMs: 5_000, lookup: resolve })).rejects.toThrow(
      /resolves to 127\.0\.0\.1, a loopback, private or link-local address/,
    );
    expect(seen).toEqual([]);
  });
});
