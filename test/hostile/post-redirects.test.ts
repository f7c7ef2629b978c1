/**
 * Issue #15 item 1 for POST boards: a redirect keeps a POST's method and body only where HTTP
 * says so (307, 308) and only within its origin; 301, 302 and 303 turn it into a GET without
 * body. A hostile 《问政湖南》 API on 127.0.0.1 answers its list POST with a redirect to an
 * "internal" server on 127.0.0.2, which must see no request.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/db.js';
import { runCrawl } from '../../src/crawl/crawler.js';
import { fetchGuarded, RefusedFetchError } from '../../src/crawl/guarded-fetch.js';
import { createLogger, setQuiet } from '../../src/crawl/log.js';
import { makeOriginMap, parseOrigins } from '../../src/crawl/origins.js';
import { ADAPTERS, findAdapter } from '../../src/sources/index.js';
import { tempDir } from '../helpers/tmp.js';

const API = 'https://wzapi.rednet.cn';
const BODY = '{"page":1,"limit":10}';

interface Seen {
  method: string;
  url: string;
  body: string;
  contentType: string | undefined;
}

/** A server that records every request (method, path, body) and answers from `route`. */
async function recordingServer(host: string, route: (req: IncomingMessage) => { status: number; location?: string }) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, body: Buffer.concat(chunks).toString('utf8'), contentType: req.headers['content-type'] });
      const { status, location } = route(req);
      res.writeHead(status, { 'content-type': 'application/json', ...(location ? { location } : {}) });
      res.end(status < 300 ? '{"code":0,"data":{}}' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const base = `http://${host}:${(server.address() as AddressInfo).port}`;
  return { seen, base, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let board: Awaited<ReturnType<typeof recordingServer>>;
let internal: Awaited<ReturnType<typeof recordingServer>>;

beforeAll(async () => {
  setQuiet(true);
  internal = await recordingServer('127.0.0.2', () => ({ status: 200 }));
  board = await recordingServer('127.0.0.1', (req) => {
    const m = /^\/(30[1-8])\/(.*)$/.exec(req.url!);
    if (m) return { status: Number(m[1]), location: `/${m[2]}` };
    if (req.url === '/loop') return { status: 302, location: '/loop' };
    if (req.url === '/to-internal-307') return { status: 307, location: `${internal.base}/steal` };
    if (req.url === '/front/msg/index') return { status: 302, location: `${internal.base}/front/msg/index` };
    return { status: 200 };
  });
});

afterAll(async () => {
  await board.close();
  await internal.close();
});

const origins = () => makeOriginMap([[API, board.base]]);
const post = (p: string) => ({ url: `${API}${p}`, method: 'POST' as const, body: BODY, headers: { 'content-type': 'application/json;charset=UTF-8' } });

describe('POST across redirects (#15 item 1)', () => {
  it('307 and 308 repeat the POST with its body; 301, 302 and 303 become a GET without body', async () => {
    for (const status of [307, 308, 301, 302, 303]) {
      board.seen.length = 0;
      const res = await fetchGuarded(post(`/${status}/landed`), { origins: origins(), allowed: new Set([API]), timeoutMs: 5000 });
      const keeps = status === 307 || status === 308;
      expect(res.status, `${status}`).toBe(200);
      expect(res.redirects).toBe(1);
      expect(board.seen.map((s) => s.url)).toEqual([`/${status}/landed`, '/landed']);
      const hop = board.seen[1]!;
      expect(hop.method, `${status}`).toBe(keeps ? 'POST' : 'GET');
      expect(hop.body, `${status}`).toBe(keeps ? BODY : '');
      expect(hop.contentType, `${status}`).toBe(keeps ? 'application/json;charset=UTF-8' : undefined);
      // The answer names the public URL and the request that got it, never the mapped address.
      expect(res.request).toMatchObject({ url: `${API}/landed`, method: keeps ? 'POST' : 'GET' });
      expect(res.request.body).toBe(keeps ? BODY : undefined);
    }
  });

  it('never repeats a POST on another origin, even an allowed one, and stops a redirect loop', async () => {
    const allowed = new Set([API, internal.base]);
    await expect(fetchGuarded(post('/to-internal-307'), { origins: makeOriginMap([[API, board.base], [internal.base, internal.base]]), allowed, timeoutMs: 5000 })).rejects.toThrow(
      /a POST is repeated \(HTTP 307\) only within its own origin/,
    );
    await expect(fetchGuarded(post('/loop'), { origins: origins(), allowed: new Set([API]), timeoutMs: 5000 })).rejects.toThrow(/more than 5 redirects/);
    expect(internal.seen).toEqual([]);
  });

  it('refuses an unmapped host on a loopback address before asking it', async () => {
    const err = await fetchGuarded({ url: `${internal.base}/x`, method: 'GET' }, { origins: makeOriginMap([]), allowed: new Set([internal.base]), timeoutMs: 5000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefusedFetchError);
    expect((err as Error).message).toMatch(/resolves to 127\.0\.0\.2, a loopback, private or link-local address/);
    expect(internal.seen).toEqual([]);
  });

  it('a crawl whose list POST is redirected to the internal server fails that page and never asks it', async () => {
    board.seen.length = 0;
    const archive = await openArchive(path.join(tempDir(), 'wenzheng.sqlite'));
    try {
      const res = await runCrawl({
        archive,
        sources: [findAdapter('rednet-hunan')!],
        origins: parseOrigins([`rednet-hunan=${board.base}`], ADAPTERS),
        rate: 0,
        maxRetries: 0,
        logger: createLogger('test'),
      });
      expect(board.seen.filter((s) => s.url === '/front/msg/index').map((s) => s.method)).toEqual(['POST']);
      expect(res.report.failures).toEqual([{ url: expect.stringContaining(`POST ${API}/front/msg/index`), error: expect.stringMatching(/refused http:\/\/127\.0\.0\.2:\d+\/front\/msg\/index/) }]);
      expect(await archive.db.selectFrom('capture').select('id').execute()).toEqual([]);
    } finally {
      await archive.close();
    }
    expect(internal.seen).toEqual([]);
  });
});
