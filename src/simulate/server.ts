/**
 * The simulator's HTTP server: one node:http server on 127.0.0.1 serving the three public
 * origins under path prefixes (/bbs = http://bbs.cnhubei.com, /wz = http://api.wz.cnhubei.com,
 * /news = http://news.cnhubei.com), the /__sim/* control endpoints, fault injection and the
 * request log.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import { DEFAULT_SLOW_MS, FaultPlan, blockPageHtml, type FaultDecision, type FaultKind } from './faults.js';
import { OVERSTATE_FACTOR, Reports } from './reports.js';
import { robotsDisallowedUrls, type SimSite } from './robots.js';
import { errorPage, route, type Reply, type RouteContext } from './routes.js';
import { seedOf } from './rng.js';
import { buildTruth } from './truth.js';
import { World } from './world.js';
import { LIVE_APP_CODE, LiuyanSite } from './liuyan-api.js';
import { LiuyanWorld } from './liuyan-world.js';
import type { ProvinceWorld } from './province-world.js';
import { rednetHandle, rednetTruth, rednetWorld } from './rednet-site.js';
import { sunHandle, sunTruth, sunWorld } from './sun0769-site.js';

/** The cookies a request sends. */
function cookiesOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

/** Source id -> public origin of what the simulator serves. */
export const SIM_ORIGINS: Readonly<Record<string, string>> = {
  'cnhubei-minsheng': 'http://bbs.cnhubei.com',
  'cnhubei-wenzheng': 'http://api.wz.cnhubei.com',
  'cnhubei-reports': 'http://news.cnhubei.com',
  'people-liuyan': 'https://liuyan.people.com.cn',
  sun0769: 'https://wz.sun0769.com',
  'rednet-hunan': 'https://wzapi.rednet.cn',
};

/** Source id -> path prefix on the simulator. */
export const SIM_PREFIXES: Readonly<Record<string, string>> = {
  'cnhubei-minsheng': '/bbs',
  'cnhubei-wenzheng': '/wz',
  'cnhubei-reports': '/news',
  'people-liuyan': '/liuyan',
  sun0769: '/sun0769',
  'rednet-hunan': '/rednet',
};

const SITE_OF_PREFIX: Record<string, SimSite> = { '/bbs': 'bbs', '/wz': 'wz', '/news': 'news', '/liuyan': 'liuyan', '/sun0769': 'sun0769', '/rednet': 'rednet' };

/** Options of startSimulator. All optional. */
export interface SimulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** World seed (number or text); same seed, same pages. */
  seed?: number | string;
  /** 《民生热线》 threads posted before the start (default 300; 0 to 200,000). */
  threads?: number;
  /** 《荆楚问政》 messages posted before the start (default 120). */
  wenzhengMessages?: number;
  /** Days the history is spread over (default: about 5 messages a day, 60 to 730 days). */
  historyDays?: number;
  /** Start of simulated time, ISO 8601 (default 2021-03-01T09:00:00+08:00). */
  start?: string;
  /** Rate (0..1) of transient faults per attempt. */
  faults?: number;
  /** Kinds mixed at that rate (default: all transient kinds). */
  faultKinds?: FaultKind[];
  /** Consecutive faults per URL at most (default 2). */
  maxFaultsPerUrl?: number;
  /** Hold of a slow answer in ms (default 20,000: twice the crawler's 10 s timeout). */
  slowMs?: number;
  /** Every board answer (robots.txt and faults included, /__sim/* not) waits this long first, in ms: a far server (default 0). */
  latencyMs?: number;
  /** After this many board requests every answer is a block (tests exit 4). */
  blockAfter?: number;
  /** What that block is (default a WAF page with status 200). */
  blockKind?: 'waf' | 'captcha' | '403' | '429';
  /** Serve robots.txt rules that disallow some paths (off: everything allowed). */
  robotsDisallow?: boolean;
  /** Serve bbs and news HTML as GBK bytes, charset only in <meta>, none in the header. */
  gbk?: boolean;
  /** Inflate "replied" figures of reports by OVERSTATE_FACTOR. */
  overstate?: boolean;
  /** 《领导留言板》 messages posted before the start (default 0: the board is served, empty). */
  liuyanMessages?: number;
  /** 阳光热线问政平台 (Dongguan) messages posted before the start (default 0: served, empty). */
  sunMessages?: number;
  /** 《问政湖南》 messages posted before the start (default 0: served, empty). */
  rednetMessages?: number;
  /** The appCode the 《领导留言板》 front end signs with (default the adapter's, LIVE_APP_CODE). */
  liuyanAppCode?: string;
  /** 《领导留言板》 POSTs without the warm-up's WAF cookie get 403 (default true). */
  liuyanRequireCookie?: boolean;
  /** After this many 《领导留言板》 API POSTs, a WAF burst: every POST gets 403 ... */
  liuyanWafAfter?: number;
  /** ... for this many POSTs (default: for good). */
  liuyanWafLength?: number;
}

/** One answered board request. */
export interface RequestLogEntry {
  /** Wall-clock time of the answer (ISO). */
  t: string;
  /** Wall-clock time the request (with its body) had arrived (ISO). */
  receivedAt: string;
  method: string;
  /** The URL as requested (local path with prefix and query). */
  url: string;
  /** HTTP status sent (0 when the connection was dropped). */
  status: number;
  /** The public URL the request stands for. */
  publicUrl: string | null;
  /** The fault served, if any. */
  fault?: FaultKind | 'block';
  /** The request body of a POST as sent. */
  body?: string;
}

/** A running simulator. */
export interface Simulator {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Source id -> base URL to pass to `crawl --origin <source>=<base url>`. */
  origins: Record<string, string>;
  world: World;
  reports: Reports;
  liuyan: LiuyanWorld;
  /** 阳光热线问政平台's world. */
  sun: ProvinceWorld;
  /** 《问政湖南》's world. */
  rednet: ProvinceWorld;
  /** The request log (same as GET /__sim/requests). */
  requests(): readonly RequestLogEntry[];
  close(): Promise<void>;
}

const DEFAULT_START = '2021-03-01T09:00:00+08:00';

function resolveOptions(o: SimulatorOptions) {
  const threads = o.threads ?? 300;
  const wz = o.wenzhengMessages ?? 120;
  if (!Number.isInteger(threads) || threads < 0 || threads > 200_000) throw new RangeError(`threads must be an integer in 0..200000, got ${threads}`);
  if (!Number.isInteger(wz) || wz < 0 || wz > 200_000) throw new RangeError(`wenzhengMessages must be an integer in 0..200000, got ${wz}`);
  const start = Date.parse(o.start ?? DEFAULT_START);
  if (Number.isNaN(start)) throw new RangeError(`start is not an ISO time: ${o.start}`);
  return { seed: seedOf(o.seed), threads, wz, start };
}

/** A board's message count option: an integer in 0..200000 (0 when absent). */
function boardCount(name: string, value: number | undefined): number {
  const n = value ?? 0;
  if (!Number.isInteger(n) || n < 0 || n > 200_000) throw new RangeError(`${name} must be an integer in 0..200000, got ${n}`);
  return n;
}

function encode(reply: Reply, site: SimSite, gbk: boolean): { bytes: Buffer; contentType: string } {
  if (reply.kind === 'json') return { bytes: Buffer.from(reply.body, 'utf8'), contentType: 'application/json; charset=utf-8' };
  if (reply.kind === 'text') return { bytes: Buffer.from(reply.body, 'utf8'), contentType: 'text/plain; charset=utf-8' };
  const fixed = reply.headers?.['content-type'];
  if (gbk && !fixed && (site === 'bbs' || site === 'news')) return { bytes: iconv.encode(reply.body, 'gbk'), contentType: 'text/html' };
  return { bytes: Buffer.from(reply.body, 'utf8'), contentType: fixed ?? 'text/html; charset=utf-8' };
}

/**
 * Starts the board simulator. Resolves once it listens; `close()` stops it (dropping open
 * connections and pending slow answers).
 */
export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const r = resolveOptions(opts);
  const world = new World({ seed: r.seed, start: r.start, threads: r.threads, wenzhengMessages: r.wz, historyDays: opts.historyDays });
  const reports = new Reports(world, opts.overstate ?? false);
  const liuyanCount = opts.liuyanMessages ?? 0;
  if (!Number.isInteger(liuyanCount) || liuyanCount < 0 || liuyanCount > 200_000) throw new RangeError(`liuyanMessages must be an integer in 0..200000, got ${liuyanCount}`);
  const liuyan = new LiuyanWorld(world, liuyanCount, opts.historyDays);
  const sun = sunWorld(world, boardCount('sunMessages', opts.sunMessages), opts.historyDays);
  const rednet = rednetWorld(world, boardCount('rednetMessages', opts.rednetMessages), opts.historyDays);
  const liuyanSite = new LiuyanSite(liuyan, r.seed, {
    appCode: opts.liuyanAppCode ?? LIVE_APP_CODE,
    requireCookie: opts.liuyanRequireCookie ?? true,
    wafAfter: opts.liuyanWafAfter ?? null,
    wafLength: opts.liuyanWafLength ?? null,
  });
  const gbk = opts.gbk ?? false;
  const ctx: RouteContext = { world, reports, robotsDisallow: opts.robotsDisallow ?? false, charset: gbk ? 'gbk' : 'utf-8' };
  const faults = new FaultPlan({ seed: r.seed, rate: opts.faults ?? 0, kinds: opts.faultKinds, blockAfter: opts.blockAfter ?? null, blockKind: opts.blockKind, maxFaultsPerUrl: opts.maxFaultsPerUrl });
  const slowMs = opts.slowMs ?? DEFAULT_SLOW_MS;
  const latencyMs = opts.latencyMs ?? 0;
  if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new RangeError(`latencyMs must be a number of ms >= 0, got ${latencyMs}`);
  const log: RequestLogEntry[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let requestNo = 0;

  const sendJson = (res: ServerResponse, status: number, value: unknown): void => {
    const body = Buffer.from(JSON.stringify(value), 'utf8');
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
    res.end(body);
  };

  function control(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const p = url.pathname;
    if (p === '/__sim/truth' && req.method === 'GET') {
      const truth = buildTruth(world, reports, liuyan, { robotsDisallowed: robotsDisallowedUrls(world, ctx.robotsDisallow), overstateFactor: opts.overstate ? OVERSTATE_FACTOR : null });
      truth.messages.push(...sunTruth(sun), ...rednetTruth(rednet));
      return sendJson(res, 200, truth);
    }
    if (p === '/__sim/advance') {
      if (req.method !== 'POST') return sendJson(res, 405, { error: 'use POST' });
      const hours = Number(url.searchParams.get('hours'));
      if (!Number.isFinite(hours) || hours < 0) return sendJson(res, 400, { error: 'hours must be a number >= 0' });
      world.advance(hours);
      return sendJson(res, 200, { now: world.nowIso() });
    }
    if (p === '/__sim/requests') {
      if (req.method === 'DELETE') {
        log.length = 0;
        res.writeHead(204).end();
        return;
      }
      return sendJson(res, 200, log);
    }
    if (p === '/__sim/config') {
      return sendJson(res, 200, { seed: r.seed, threads: r.threads, wenzhengMessages: r.wz, start: new Date(r.start).toISOString(), now: world.nowIso(), faults: opts.faults ?? 0, faultKinds: opts.faultKinds ?? null, slowMs, latencyMs, blockAfter: opts.blockAfter ?? null, robotsDisallow: ctx.robotsDisallow, gbk, overstate: opts.overstate ?? false, origins: SIM_ORIGINS, prefixes: SIM_PREFIXES });
    }
    return sendJson(res, 404, { error: `no such simulator endpoint: ${p}` });
  }

  function answer(req: IncomingMessage, res: ServerResponse, entry: RequestLogEntry, status: number, headers: Record<string, string | number>, bytes: Buffer): void {
    if (res.destroyed) return;
    res.writeHead(status, { ...headers, 'content-length': bytes.length });
    res.end(req.method === 'HEAD' ? undefined : bytes);
    entry.status = status;
    entry.t = new Date().toISOString();
    log.push(entry);
  }

  function applyFault(req: IncomingMessage, res: ServerResponse, entry: RequestLogEntry, decision: NonNullable<FaultDecision>, normal: () => { status: number; headers: Record<string, string>; bytes: Buffer }): void {
    const rid = `${Date.now().toString(36)}${(++requestNo).toString(36)}`;
    const page = (status: number, text: string): void => answer(req, res, entry, status, { 'content-type': 'text/html' }, Buffer.from(errorPage(status, text)));
    if ('block' in decision) {
      entry.fault = 'block';
      const b = decision.block;
      if (b === '403') return page(403, 'Forbidden');
      if (b === '429') return answer(req, res, entry, 429, { 'content-type': 'text/html', 'retry-after': String(faults.retryAfter(entry.url)) }, Buffer.from(errorPage(429, 'Too Many Requests')));
      return answer(req, res, entry, 200, { 'content-type': 'text/html; charset=utf-8' }, Buffer.from(blockPageHtml(b, rid)));
    }
    entry.fault = decision.kind;
    switch (decision.kind) {
      case '500':
        return page(500, 'Internal Server Error');
      case '502':
        return page(502, 'Bad Gateway');
      case '503':
        return page(503, 'Service Temporarily Unavailable');
      case '429':
        return answer(req, res, entry, 429, { 'content-type': 'text/html', 'retry-after': String(faults.retryAfter(entry.url)) }, Buffer.from(errorPage(429, 'Too Many Requests')));
      case 'waf':
      case 'captcha':
        return answer(req, res, entry, 200, { 'content-type': 'text/html; charset=utf-8' }, Buffer.from(blockPageHtml(decision.kind, rid)));
      case 'drop':
        entry.status = 0;
        entry.t = new Date().toISOString();
        log.push(entry);
        req.socket.destroy();
        return;
      case 'truncate': {
        const n = normal();
        res.writeHead(n.status, { ...n.headers, 'content-length': n.bytes.length });
        entry.status = n.status;
        entry.t = new Date().toISOString();
        log.push(entry);
        res.write(n.bytes.subarray(0, Math.floor(n.bytes.length / 2)), () => req.socket.destroy());
        return;
      }
      case 'slow': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          const n = normal();
          answer(req, res, entry, n.status, n.headers, n.bytes);
        }, slowMs);
        timers.add(timer);
        return;
      }
    }
  }

  function board(req: IncomingMessage, res: ServerResponse, url: URL, body: string | null, receivedAt: string): void {
    const prefix = Object.keys(SITE_OF_PREFIX).find((p) => url.pathname === p || url.pathname.startsWith(`${p}/`));
    const entry: RequestLogEntry = { t: '', receivedAt, method: req.method ?? 'GET', url: req.url ?? '/', status: 0, publicUrl: null, ...(body !== null ? { body } : {}) };
    if (!prefix) return answer(req, res, entry, 404, { 'content-type': 'text/html' }, Buffer.from(errorPage(404, 'Not Found')));
    const site = SITE_OF_PREFIX[prefix]!;
    const path = url.pathname.slice(prefix.length) || '/';
    const origin = SIM_ORIGINS[Object.keys(SIM_PREFIXES).find((k) => SIM_PREFIXES[k] === prefix)!]!;
    entry.publicUrl = origin + path + url.search;
    const normal = (): { status: number; headers: Record<string, string>; bytes: Buffer } => {
      const reply =
        path === '/robots.txt'
          ? route(ctx, site, path, url.searchParams)
          : site === 'liuyan'
            ? liuyanSite.handle({ method: entry.method, path, query: url.searchParams, body: body ?? '', cookies: cookiesOf(req) })
            : site === 'sun0769'
              ? sunHandle(sun, path, url.searchParams)
              : site === 'rednet'
                ? rednetHandle(rednet, entry.method, path, url.searchParams, body ?? '')
                : route(ctx, site, path, url.searchParams);
      const { bytes, contentType } = encode(reply, site, gbk);
      return { status: reply.status, headers: { ...reply.headers, 'content-type': contentType, server: 'nginx' }, bytes };
    };
    // A POST's body is part of what it asks for: faults are planned per request, body included.
    const decision = path === '/robots.txt' ? null : faults.decide(entry.method, `${prefix}${path}${url.search}${body ? `#${body}` : ''}`);
    if (decision) return applyFault(req, res, entry, decision, normal);
    const n = normal();
    answer(req, res, entry, n.status, n.headers, n.bytes);
  }

  const server = createServer((req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      res.writeHead(400).end();
      return;
    }
    const serve = (body: string | null, receivedAt = new Date().toISOString()): void => {
      try {
        if (url.pathname.startsWith('/__sim/')) control(req, res, url);
        else board(req, res, url, body, receivedAt);
      } catch (err) {
        if (!res.headersSent) sendJson(res, 500, { error: String(err) });
        else res.destroy();
      }
    };
    const later = (body: string | null): void => {
      if (latencyMs === 0 || url.pathname.startsWith('/__sim/')) return serve(body);
      const receivedAt = new Date().toISOString();
      const timer = setTimeout(() => {
        timers.delete(timer);
        serve(body, receivedAt);
      }, latencyMs);
      timers.add(timer);
    };
    if (req.method === 'GET' || req.method === 'HEAD') return later(null);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => later(Buffer.concat(chunks).toString('utf8')));
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const base = `http://${opts.host ?? '127.0.0.1'}:${addr.port}`;
  const origins = Object.fromEntries(Object.entries(SIM_PREFIXES).map(([id, p]) => [id, base + p]));
  return {
    url: base,
    origins,
    world,
    reports,
    liuyan,
    sun,
    rednet,
    requests: () => log,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The ready lines of CONTRACT.md section 7: `listening on <url>`, then `origin <source>=<base>`. */
export function readyLines(sim: Pick<Simulator, 'url' | 'origins'>): string[] {
  return [`listening on ${sim.url}`, ...Object.entries(sim.origins).map(([id, base]) => `origin ${id}=${base}`)];
}

/** Prints the ready lines (to stdout by default). */
export function printReadyLines(sim: Pick<Simulator, 'url' | 'origins'>, write: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): void {
  for (const line of readyLines(sim)) write(line);
}
