/**
 * The crawler: Crawlee's BasicCrawler with one route per page label, fetching through the
 * origin map under per-host politeness, storing every body before parsing it, then handing
 * each page to the one ingest path (ingest.ts): its records, frontier update and newly found
 * links are written in one transaction. It does not
 * know which board it walks: adapters parse, the policy decides what to follow.
 */
import { BasicCrawler, createBasicRouter, log as crawleeLog, NonRetryableError, type RequestQueue } from '@crawlee/basic';
import { hostname } from 'node:os';
import path from 'node:path';
import type { Archive } from '../archive/db.js';
import { captureFetched, resumableCapture } from '../archive/captures.js';
import { markFrontier, prepareFrontier, type FrontierEntry } from '../archive/frontier.js';
import { hasUnfinishedWork } from '../archive/lookups.js';
import { leaseFrontier, pendingCount, releaseLeases, renewLeases } from '../archive/leases.js';
import { closeAbandonedRuns, closeDeadRuns, emptyRunReport, finishRun, keepRunAlive, lastUnfinishedRun, startRun, type RunReport } from '../archive/runs.js';
import { upsertSource } from '../archive/sources.js';
import { startWalCheckpointer } from '../archive/wal-checkpointer.js';
import { decodeBody } from '../extract/charset.js';
import { BlockPageError, RequestRefusedError } from '../extract/errors.js';
import { toChinaIso } from '../extract/time.js';
import { requestKey, type PageRequest } from '../model/request.js';
import { ADAPTERS, adapterForUrl, findAdapter } from '../sources/index.js';
import type { SourceAdapter } from '../sources/types.js';
import { blockByStatus, blockedAnswer } from './block.js';
import { BodyTooLargeError, FetchError, proxyDispatcher, RateLimitedError } from './fetch.js';
import { allowedOrigins, fetchGuarded, RefusedFetchError, type GuardedFetched } from './guarded-fetch.js';
import type { FrontierEntry as Link } from '../archive/frontier.js';
import type { Extraction } from '../model/extraction.js';
import type { Logger } from './log.js';
import type { OriginMap } from './origins.js';
import { ingestPage, tryReadPage, UnreadablePageError } from './ingest.js';
import { chooseBoards } from './boards-choice.js';
import type { RefusedRequest } from './browser-route.js';
import { findChromium } from './chromium.js';
import { PagingMemory } from './paging-memory.js';
import { canonicalRequest } from './policy.js';
import { dueRevisits } from './revisit.js';
import { crawleeConfig } from './crawlee-config.js';
import { HostLimiter, retryAfterMs, SharedHostLimiter, sleep, type Limiter } from './politeness.js';
import { MemoryRequestQueue } from './request-queue.js';
import { RobotsCache } from './robots.js';
import { SessionBlockError, SessionKeeper, SessionStoppedError, type SessionOverrides } from './sessions.js';

/** Page labels the router dispatches on. */
export const LABELS = { list: 'list', thread: 'thread', report: 'report', other: 'other' } as const;

/** Default limits of one run (CLI: --max-body-bytes, --max-list-pages, --max-thread-pages). */
export const LIMITS = { maxBodyBytes: 32 * 1024 * 1024, maxListPages: 2000, maxThreadPages: 500 } as const;

export const EXIT = { ok: 0, failed: 1, usage: 2, partial: 3, blocked: 4, locked: 5, interrupted: 130 } as const;

export interface CrawlOptions {
  archive: Archive;
  sources: readonly SourceAdapter[];
  origins: OriginMap;
  /** Requests per second per host; 0 = no delay. */
  rate: number;
  maxRequests?: number;
  full?: boolean;
  concurrency?: number;
  /** Request timeout; defaults to 10 s for loopback origins and 30 s for the public sites. */
  timeoutMs?: number;
  /** Largest decoded body accepted, in bytes (a bigger page fails and is counted). */
  maxBodyBytes?: number;
  /** List pages read per source in one run (an endless pager stops there). */
  maxListPages?: number;
  /** Pages read per thread in one run (a thread that always has a next page stops there). */
  maxThreadPages?: number;
  /** Consecutive block answers that stop the run (exit 4). */
  blockThreshold?: number;
  /**
   * Pacing of sources behind a WAF (people-liuyan) other than their own defaults; lower values
   * apply only to origins mapped to a loopback address (the simulator).
   */
  session?: SessionOverrides;
  /**
   * Chromium for the browser route (requests a site refused as signed); default: the system's
   * Chromium when installed; null: no browser route.
   */
  chromium?: string | null;
  /** Every request of the run goes through this HTTP(S) proxy (one address, never rotated). */
  proxy?: string;
  /** Boards of multi-board sources, by source id (`--board`); remembered in the archive. */
  boards?: Readonly<Record<string, readonly number[]>>;
  maxRetries?: number;
  logger: Logger;
  /** Aborting stops the crawl after the pages in flight (Ctrl-C). */
  signal?: AbortSignal;
  /** Called after each page with the running report. */
  onProgress?(report: RunReport, queued: number): void;
  /** This worker's name in its leases (archives whose frontier is shared); default host:pid:run. */
  worker?: string;
  /** How long a leased page stays this worker's without a renewal (shared frontier); default 120 s. */
  leaseSeconds?: number;
  /**
   * The time stamped on runs, captures and frontier rows, and that revisits fall due by (default
   * the real clock). A run against the simulator uses the simulated clock (`simulatedClock`).
   */
  clock?: () => Date;
}

export interface CrawlResult {
  runId: number;
  report: RunReport;
  exitCode: number;
  resumed: boolean;
}

interface PageData {
  sourceId: string;
  /** The request value; Crawlee's own url/method are only for its bookkeeping. */
  request: PageRequest;
}

/** Runs one crawl over the given sources; never throws for page-level trouble. */
export async function runCrawl(opts: CrawlOptions): Promise<CrawlResult> {
  const { archive, logger } = opts;
  const db = archive.db;
  const sources = await chooseBoards(db, opts.sources, opts.boards, (m) => logger.warn(m));
  const sourceIds = sources.map((s) => s.id);
  const report = emptyRunReport(sourceIds);
  const clock = opts.clock ?? (() => new Date());
  const now = () => toChinaIso(clock());
  // Links lead across boards (a report names threads of both): every board gets its row.
  await ensureSources(archive, [...sources, ...ADAPTERS.filter((a) => !sources.some((s) => s.id === a.id))]);
  // A run that never finished (kill -9, power loss): pages it stored but did not get to
  // parse are read back from the raw store instead of being fetched again.
  // Many workers on one archive (PostgreSQL) lease its frontier rows instead, and a page a
  // dead worker stored is found through the lease it left (see `previousRuns`).
  const shared = archive.sharedFrontier;
  const interrupted = shared ? null : await lastUnfinishedRun(db);
  // One run at a time writes a SQLite archive (its lock): every unfinished run was abandoned,
  // and its bodies are offered to this resume only, never replayed by later runs.
  if (!shared && archive.lockFile) await closeAbandonedRuns(db, now());
  const runId = await startRun(db, sourceIds, now());
  const worker = opts.worker ?? `${hostname()}:${process.pid}:${runId}`;
  const leaseSeconds = opts.leaseSeconds ?? 120;
  // Many workers: each says its run is alive as it renews its leases; a run whose worker stopped
  // saying so (kill -9, a lost machine) is closed as abandoned by the next worker to start or end.
  if (shared) {
    await keepRunAlive(db, runId, leaseSeconds);
    await closeDeadRuns(db, now());
  }
  const local = (origin: string) => opts.origins.isMapped(origin);
  const limiter: Limiter = shared ? new SharedHostLimiter(db, opts.rate, local) : new HostLimiter(opts.rate, local);
  const timeoutFor = (url: string) => opts.timeoutMs ?? (opts.origins.isLocal(url) ? 10_000 : 30_000);
  const dispatcher = opts.proxy ? proxyDispatcher(opts.proxy) : undefined;
  const via = dispatcher ? { dispatcher } : {};
  const robots = new RobotsCache(opts.origins, 'wenzheng', 10_000, (m) => logger.warn(m), via);
  const paging = new PagingMemory(db);
  const refused: RefusedRequest[] = [];
  const chromiumPath = opts.chromium === undefined ? findChromium() : opts.chromium;
  const sessions = new SessionKeeper({
    ...opts.session,
    origins: opts.origins,
    log: (m) => logger.warn(m),
    // The warm-up is no page of the archive: fetched politely, never stored.
    sendWarmUp: async (r, headers) => {
      if (!(await robots.allowed(r.url))) return null;
      report.requests++;
      // Through the same guard as every page: redirects only within the warm-up's own origin.
      return fetchGuarded(
        { ...r, headers: { ...r.headers, ...headers } },
        {
          origins: opts.origins,
          allowed: new Set([new URL(r.url).origin]),
          timeoutMs: timeoutFor(r.url),
          maxBytes: opts.maxBodyBytes ?? LIMITS.maxBodyBytes,
          dispatcher,
          beforeRequest: (u) => limiter.acquire(new URL(u).origin),
          onResponse: (u, res) => sessions.remember(u, res.headers),
        },
      );
    },
  });
  const adapterFor = (url: string, own?: SourceAdapter) =>
    own && new URL(url).origin === new URL(own.baseUrl).origin && own.pageKindOf(url) ? own : adapterForUrl(url);

  const starts: FrontierEntry[] = sources.flatMap((a) =>
    a.startUrls().map((r) => ({ sourceId: a.id, request: canonicalRequest(a, r) })),
  );
  starts.push(...(await dueRevisits(db, sources, clock())));
  const { entries, resumed } = await prepareFrontier(db, sourceIds, starts, now(), { full: opts.full, shared });
  if (resumed) logger.info(`${shared ? 'joining' : 'resuming'} unfinished work: ${entries.length} pages pending`);

  let consecutiveBlocks = 0;
  // Per host, when the last 429 that counted as a refusal arrived. A 429 answering a request
  // sent before then was already on its way: the same refusal, not one more in a row.
  const lastRefusalAt = new Map<string, number>();
  const freshRefusal = (origin: string, e: RateLimitedError): boolean => {
    const last = lastRefusalAt.get(origin);
    if (last !== undefined && e.sentAt < last) return false;
    lastRefusalAt.set(origin, e.receivedAt);
    return true;
  };
  let stopReason: 'blocked' | 'interrupted' | null = null;
  let queued = entries.length;

  const config = crawleeConfig(archive.dir);
  crawleeLog.setLevel(crawleeLog.LEVELS.OFF);

  const router = createBasicRouter();
  const handle = async ({ userData }: { userData: PageData }) => {
    const { sourceId, request } = userData;
    const key = requestKey(request);
    const adapter = sources.find((s) => s.id === sourceId) ?? findAdapter(sourceId);
    if (!adapter) throw new NonRetryableError(`no adapter ${sourceId}`);
    const url = request.url;
    if (!(await robots.allowed(url))) {
      report.skippedByRobots++;
      logger.warn(`robots.txt disallows ${url}; skipped`);
      await markFrontier(db, { key, state: 'done', at: now(), error: 'disallowed by robots.txt' });
      return;
    }
    const previous = shared ? previousRuns.get(key) : interrupted;
    const stored = (resumed || shared) && previous && previous !== runId ? await storedCapture(archive, key, previous) : null;
    const page = stored ? { ...stored, request } : await fetchPage(request, sourceId, adapter);
    const { capture, fetchedAt } = page;
    let ingested: Awaited<ReturnType<typeof ingestPage>>;
    try {
      ingested = await ingestPage(
        archive,
        // A page that moved within the board is read (and stored) as what finally answered.
        { adapter, request: page.request, bytes: page.bytes, text: page.text, contentType: page.contentType, servedAt: page.servedAt },
        {
          capture,
          fetchedAt,
          runId,
          follow: { db, adapterFor: (u) => adapterFor(u, adapter), full: !!opts.full, paging },
          frontierKey: key,
          read: 'read' in page ? page.read : undefined,
          trim: (x, follow) => withinLimits(x, sourceId, follow),
        },
      );
    } catch (err) {
      const route = err instanceof UnreadablePageError && err.reason instanceof RequestRefusedError ? adapter.browserRoute?.(request) : null;
      if (route && chromiumPath) {
        // Asked as the site's front end asks, after this run's pages: the frontier keeps it pending.
        refused.push({ sourceId, request, route });
        queued--;
        return;
      }
      // The capture notes why; a page that cannot be read is not worth a retry.
      if (err instanceof UnreadablePageError) throw new NonRetryableError(err.message);
      throw err;
    }
    await tally(ingested, url);
    queued--;
    opts.onProgress?.(report, shared ? inFlight : queued);
  };
  /** Counts what a stored page brought and queues the links it adds. */
  async function tally(ingested: Awaited<ReturnType<typeof ingestPage>>, url: string): Promise<void> {
    const { extraction: x, result: res, added } = ingested;
    for (const w of x.warnings ?? []) logger.warn(w, { url });
    report.newMessages += res.messages.new;
    report.changedMessages += res.messages.changed;
    report.unchangedMessages += res.messages.unchanged;
    report.newReplies += res.replies.new;
    report.changedReplies += res.replies.changed;
    report.newReports += res.reports.new;
    if (res.orphanReplies) logger.warn(`${res.orphanReplies} replies on ${url} belong to a message not in the archive; skipped`);
    if (added.length && shared) {
      // Another worker may lease them first: they are in the shared frontier now.
      queued += added.length;
    } else if (added.length) {
      queued += added.length;
      // List pages go first: they feed the queue, and a queue that runs dry makes Crawlee's
      // pool idle until its next poll.
      const lists = added.filter((e) => e.request.kind === LABELS.list);
      const rest = added.filter((e) => e.request.kind !== LABELS.list);
      if (rest.length) await crawler.addRequests(rest.map(toCrawleeRequest));
      if (lists.length) await crawler.addRequests(lists.map(toCrawleeRequest), { forefront: true });
    }
  }
  const listPages = new Map<string, number>();
  const threadPages = new Map<string, number>();
  const maxList = opts.maxListPages ?? LIMITS.maxListPages;
  const maxThread = opts.maxThreadPages ?? LIMITS.maxThreadPages;
  /**
   * Drops the links that would take a run past its limits: list pages per source (an endless
   * pager) and pages per thread (a thread that always has a next page).
   */
  function withinLimits(x: Extraction, sourceId: string, follow: Link[]): Link[] {
    let drop: (e: Link) => boolean = () => false;
    if (x.kind === 'list') {
      const n = (listPages.get(sourceId) ?? 0) + 1;
      listPages.set(sourceId, n);
      if (n >= maxList) drop = (e) => e.request.kind === LABELS.list;
    } else if (x.kind === 'thread') {
      const thread = `${sourceId}\u0000${x.messages[0]?.externalId ?? x.replies[0]?.messageExternalId ?? x.url}`;
      const n = (threadPages.get(thread) ?? 0) + 1;
      threadPages.set(thread, n);
      if (n >= maxThread) drop = (e) => e.request.kind === LABELS.thread;
    }
    const kept = follow.filter((e) => !drop(e));
    const left = follow.length - kept.length;
    if (left) {
      report.skippedByLimits = (report.skippedByLimits ?? 0) + left;
      const limit = x.kind === 'list' ? `${maxList} list pages per source` : `${maxThread} pages per thread`;
      logger.warn(`${x.url}: limit reached (${limit}); ${left} links left for a later run`);
    }
    return kept;
  }

  /** Fetches a page politely, refuses block pages and stores the body before anything else. */
  async function fetchPage(asked: PageRequest, sourceId: string, adapter: SourceAdapter) {
    const { url, kind } = asked;
    const policy = adapter.session;
    report.requests++;
    let sentAt = Date.now();
    let fetched: GuardedFetched;
    try {
      fetched = await fetchGuarded(asked, {
        origins: opts.origins,
        allowed: allowedOrigins(adapter),
        timeoutMs: timeoutFor(url),
        maxBytes: opts.maxBodyBytes ?? LIMITS.maxBodyBytes,
        dispatcher,
        // Every request sent, redirect hops too, waits for its host's slot and, last before
        // sending, its session's hold, warm-up and POST slot; it carries the session's cookies.
        beforeRequest: async (u) => {
          await limiter.acquire(new URL(u).origin);
          if (policy) await sessions.beforeRequest(policy, u === asked.url ? asked : { ...asked, url: u });
          sentAt = Date.now();
        },
        headersFor: policy ? (u) => sessions.headers(u) : undefined,
        onResponse: policy ? (u, res) => sessions.remember(u, res.headers) : undefined,
      });
    } catch (err) {
      // A refused redirect or address, a body past the size limit: nothing a retry would change.
      if (err instanceof RefusedFetchError || err instanceof BodyTooLargeError) throw new NonRetryableError(err.message);
      throw err;
    }
    // What finally answered: the asked request, or where the board redirected it.
    const request: PageRequest = fetched.redirects ? { kind, ...fetched.request } : asked;
    const contentType = fetched.headers.get('content-type');
    // A WAF's 429 is a block like its 403: the host is left alone, then warmed up afresh.
    if (policy && fetched.status === 429) throw new SessionBlockError(url, 'HTTP 429', sessions.blocked(policy, url, sentAt));
    if (fetched.status === 429) throw new RateLimitedError(url, fetched.headers.get('retry-after'), sentAt, Date.now());
    if (fetched.status === 503 || fetched.status >= 500) {
      throw new FetchError(url, `HTTP ${fetched.status}`, fetched.status, fetched.headers.get('retry-after'));
    }
    // A source behind a WAF has its session count the block (hold, fresh warm-up, exit 4).
    const blocked = (why: string) => (policy ? new SessionBlockError(url, why, sessions.blocked(policy, url, sentAt)) : new BlockPageError(url, why));
    const byStatus = blockByStatus(fetched.status);
    if (byStatus) throw blocked(byStatus);
    if (fetched.status >= 400) {
      if (policy) sessions.succeeded(url, sentAt);
      consecutiveBlocks = 0;
      throw new NonRetryableError(`HTTP ${fetched.status} for ${url}`);
    }
    const text = decodeBody(fetched.body, contentType);
    // A board whose answers carry what the archive must never keep (a citizen's phone number in
    // an API answer) has its adapter scrub the body first: what is stored is what is parsed.
    const scrubbed = findAdapter(sourceId)?.scrubBody?.(text, request);
    const kept = scrubbed !== undefined && scrubbed !== text ? { text: scrubbed, bytes: Buffer.from(scrubbed, 'utf8') } : { text, bytes: fetched.body };
    // Read before storing: an answer without the board's parts that carries a WAF's markup or
    // headers is a block page, never stored. Words a citizen wrote never make one.
    const fetchedAt = now();
    const servedAt = siteClock(fetched.headers) ?? fetchedAt;
    const read = tryReadPage({ adapter, request, bytes: kept.bytes, text: kept.text, contentType, servedAt });
    const block = blockedAnswer({ status: fetched.status, headers: fetched.headers, text }, read);
    if (block) throw blocked(block);
    if (policy) sessions.succeeded(url, sentAt);
    consecutiveBlocks = 0;
    // The body is stored; on SQLite its capture row goes in with the page's records (captureFetched).
    const capture = await captureFetched(archive, {
      url: request.url,
      sourceId,
      kind,
      fetchedAt,
      servedAt,
      httpStatus: fetched.status,
      contentType,
      body: kept.bytes,
      extractorVersion: adapter.version,
      runId,
      request,
    });
    return { capture, request, bytes: kept.bytes, text: kept.text, contentType, fetchedAt, servedAt, read };
  }

  /**
   * The requests the site refused as asked (a changed signing key), read through the board's
   * own pages in Chromium: each answer stored and ingested as the refused request's.
   */
  async function browserPass(): Promise<void> {
    logger.warn(`the site refused ${refused.length} requests as signed (${refused[0]!.request.url}); reading them through the board's own pages in Chromium`);
    const { readThroughBrowser } = await import('./browser-route.js');
    const adapterOf = (id: string) => sources.find((s) => s.id === id) ?? findAdapter(id)!;
    await readThroughBrowser(refused, {
      executablePath: chromiumPath!,
      origins: opts.origins,
      storageDir: archive.dir,
      timeoutMs: timeoutFor(refused[0]!.route.pageUrl),
      proxy: opts.proxy,
      take: async (item, answer) => {
        const adapter = adapterOf(item.sourceId);
        report.requests++;
        const fetchedAt = now();
        if (answer.status !== 200) throw new Error(`HTTP ${answer.status} for ${answer.sent.url}`);
        const capture = await captureFetched(archive, {
          url: answer.sent.url,
          sourceId: item.sourceId,
          kind: item.request.kind,
          fetchedAt,
          httpStatus: answer.status,
          contentType: answer.contentType,
          body: answer.body,
          extractorVersion: adapter.version,
          runId,
          request: answer.sent,
        });
        // Read as the answer to the refused request: its frontier entry is the one done.
        const ingested = await ingestPage(
          archive,
          { adapter, request: item.request, bytes: answer.body, contentType: answer.contentType },
          { capture, fetchedAt, runId, follow: { db, adapterFor: (u) => adapterFor(u, adapter), full: !!opts.full, paging } },
        );
        await tally(ingested, answer.sent.url);
      },
      failed: async (item, error) => {
        const key = requestKey(item.request);
        report.failed++;
        report.failures.push({ url: key, error: `browser route: ${error.message}` });
        logger.warn(`failed ${key} through the browser too: ${error.message}`);
        await markFrontier(db, { key, state: 'failed', at: now(), error: error.message });
      },
    });
  }

  // The shared frontier: what this worker leased and has not finished, and the run that held
  // each row before (a dead worker's, whose stored page is read back instead of fetched).
  const previousRuns = new Map<string, number | null>();
  const handed = new Set<string>();
  let inFlight = 0;
  let feedDone = !shared;
  const settle = (key: string) => {
    if (shared && previousRuns.delete(key)) inFlight--;
  };
  const handleAndSettle = async ({ request }: { request: unknown }) => {
    await handle(request as never);
    settle((request as { uniqueKey: string }).uniqueKey);
  };
  router.addHandler(LABELS.list, handleAndSettle);
  router.addHandler(LABELS.thread, handleAndSettle);
  router.addHandler(LABELS.report, handleAndSettle);
  router.addHandler(LABELS.other, handleAndSettle);

  const concurrency = opts.concurrency ?? 4;
  const crawler: BasicCrawler = new BasicCrawler(
    {
      requestHandler: router,
      // The frontier in the archive is the queue that survives a kill: Crawlee's needs no storage.
      // Given as `requestQueue` (an IRequestManager, which is all BasicCrawler uses of it): this
      // Crawlee's option check refuses the `requestManager` option its constructor reads.
      requestQueue: new MemoryRequestQueue() as unknown as RequestQueue,
      maxConcurrency: concurrency,
      minConcurrency: concurrency,
      autoscaledPoolOptions: shared
        ? { desiredConcurrency: concurrency, maybeRunIntervalSecs: 0.05, isFinishedFunction: async () => feedDone && inFlight === 0 }
        : { desiredConcurrency: concurrency },
      maxRequestRetries: opts.maxRetries ?? 4,
      maxRequestsPerCrawl: shared ? undefined : opts.maxRequests,
      requestHandlerTimeoutSecs: 300,
      useSessionPool: false,
      statusMessageLoggingInterval: 3600,
      errorHandler: async ({ request }, error) => {
        const origin = new URL(request.url).origin;
        const backoff = Math.min(250 * 2 ** request.retryCount, 8_000);
        if (error instanceof SessionStoppedError) return;
        if (error instanceof SessionBlockError) {
          // The session holds the host and counts the attempts; it alone says when to give up.
          report.blocked++;
          const { attempt, holdMs, persistent } = error.verdict;
          if (holdMs) logger.warn(`block answer at ${request.url}: ${error.reason}; attempt ${attempt}, holding the host ${(holdMs / 1000).toFixed(1)} s`);
          if (persistent && !stopReason) {
            stopReason = 'blocked';
            logger.error(`the site keeps blocking us (${attempt} block answers in a row, each after a wait and a fresh warm-up); stopping`);
            sessions.stop();
            crawler.stop('blocked');
          }
          return;
        }
        const blockSignal = error instanceof BlockPageError || (error instanceof RateLimitedError && freshRefusal(origin, error));
        if (blockSignal) {
          consecutiveBlocks++;
          if (consecutiveBlocks >= (opts.blockThreshold ?? 6) && !stopReason) {
            stopReason = 'blocked';
            logger.error(`the site keeps blocking us (${consecutiveBlocks} block answers in a row); stopping`);
            sessions.stop();
            crawler.stop('blocked');
          }
        }
        if (error instanceof BlockPageError) {
          report.blocked++;
          logger.warn(`block page at ${request.url}: ${error.reason}`);
          limiter.holdOff(origin, Math.min(1000 * 2 ** request.retryCount, 15_000));
          return;
        }
        report.retries++;
        const wait = error instanceof FetchError ? retryAfterMs(error.retryAfter) : null;
        limiter.holdOff(origin, wait ?? backoff);
        logger.debug(`retrying ${request.url}: ${error.message}`);
      },
      failedRequestHandler: async ({ request }, error) => {
        queued--;
        settle(request.uniqueKey);
        if (stopReason && (error instanceof BlockPageError || error instanceof SessionStoppedError)) return;
        // A GET's key is its URL; a POST's names the body too.
        const key = request.uniqueKey;
        report.failed++;
        report.failures.push({ url: key, error: error.message });
        logger.warn(`failed ${key}: ${error.message}`);
        await markFrontier(db, { key, state: 'failed', at: now(), error: error.message });
        opts.onProgress?.(report, shared ? inFlight : queued);
      },
    },
    config,
  );
  const onAbort = () => {
    if (!stopReason) stopReason = 'interrupted';
    logger.warn('stopping after the pages in flight');
    sessions.stop();
    crawler.stop('interrupted');
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  /**
   * Keeps this worker's share of the frontier topped up: leases pending rows nobody holds while
   * fewer than twice the concurrency are in hand, renews its leases, and ends once no row of
   * these sources is pending anywhere (every worker's pages are done or failed) or its
   * --max-requests are taken.
   */
  async function feed(): Promise<void> {
    let leasedTotal = 0;
    let renewedAt = Date.now();
    try {
      while (!stopReason) {
        if (Date.now() - renewedAt > (leaseSeconds * 1000) / 3) {
          await renewLeases(db, { worker, leaseSeconds });
          await keepRunAlive(db, runId, leaseSeconds);
          renewedAt = Date.now();
        }
        const left = opts.maxRequests ? opts.maxRequests - leasedTotal : Infinity;
        const room = Math.min(concurrency * 2 - inFlight, left);
        if (room > 0) {
          const got = await leaseFrontier(db, { sources: sourceIds, worker, runId, limit: room, leaseSeconds });
          const fresh = got.filter((g) => !handed.has(g.key));
          // A row this worker already handled that is pending again is someone else's to try.
          if (fresh.length < got.length) await releaseLeases(db, { worker, keys: got.filter((g) => handed.has(g.key)).map((g) => g.key) });
          for (const g of fresh) {
            handed.add(g.key);
            previousRuns.set(g.key, g.previousRun);
          }
          inFlight += fresh.length;
          leasedTotal += fresh.length;
          if (fresh.length) {
            await crawler.addRequests(fresh.map(toCrawleeRequest));
            continue;
          }
        }
        if (inFlight === 0 && (left <= 0 || (await pendingCount(db, { sources: sourceIds })) === 0)) break;
        // Rows are pending but others hold them: the pages they store add more soon (a board's
        // next list page), so look again as soon as for a worker with pages in hand.
        await sleep(50);
      }
    } finally {
      feedDone = true;
    }
  }

  let feeding: Promise<void> | null = null;
  // The WAL is checkpointed on a thread of its own while the pages are stored (SQLite).
  const checkpointer = startWalCheckpointer(archive);
  try {
    if (shared) {
      feeding = feed().catch((err: unknown) => {
        logger.error(`cannot lease work from the frontier: ${(err as Error).message}`);
        if (!stopReason) stopReason = 'interrupted';
        crawler.stop('frontier unreachable');
        throw err;
      });
    }
    await crawler.run(shared ? [] : entries.map(toCrawleeRequest));
    await feeding;
    if (refused.length && !stopReason) await browserPass();
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    await checkpointer?.stop();
    // The proxy's open tunnels would keep the process alive.
    await dispatcher?.destroy();
    // What this worker did not finish goes back to the others at once.
    if (shared) {
      await releaseLeases(db, { worker }).catch(() => undefined);
      await closeDeadRuns(db, now()).catch(() => undefined);
    }
  }
  const exitCode =
    stopReason === 'blocked'
      ? EXIT.blocked
      : stopReason === 'interrupted'
        ? EXIT.interrupted
        : report.failed > 0
          ? EXIT.partial
          : EXIT.ok;
  // Where late-listing boards stopped paging counts only for a run that read all it meant to.
  if (exitCode === EXIT.ok && !(await hasUnfinishedWork(db, sourceIds))) await paging.save();
  await finishRun(db, runId, report, exitCode, now());
  return { runId, report, exitCode, resumed };
}

/** The body an interrupted run already stored for this request, read back from the raw store. */
async function storedCapture(archive: Archive, requestKey: string, runId: number) {
  const c = await resumableCapture(archive.db, { requestKey, runId });
  if (!c) return null;
  try {
    const body = await archive.raw.get(c.sha256);
    return { capture: c.id, bytes: body, text: undefined, contentType: c.contentType, fetchedAt: c.fetchedAt, servedAt: c.servedAt ?? c.fetchedAt };
  } catch {
    return null; // missing or corrupt: fetch it again
  }
}

/** The site's own clock from an answer's Date header (ISO, Beijing time), or null. */
function siteClock(headers: Headers): string | null {
  const date = headers.get('date');
  const ms = date ? Date.parse(date) : NaN;
  return Number.isNaN(ms) ? null : toChinaIso(new Date(ms));
}

/** Crawlee's request for a frontier entry: its uniqueKey is the request key. */
function toCrawleeRequest(e: FrontierEntry) {
  const userData: PageData = { sourceId: e.sourceId, request: e.request };
  return { url: e.request.url, uniqueKey: requestKey(e.request), label: e.request.kind, userData };
}

/** Makes sure every crawled source has its row. */
async function ensureSources(archive: Archive, sources: readonly SourceAdapter[]): Promise<void> {
  for (const s of sources) await upsertSource(archive.db, s);
}

