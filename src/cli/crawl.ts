/** `wenzheng crawl [source...]`: crawl, store, print the run report. */
import path from 'node:path';
import type { Command } from 'commander';
import { openArchiveAt } from '../archive/db.js';
import { isPostgresUrl } from '../archive/paths.js';
import type { CrawlOptions, CrawlResult } from '../crawl/crawler.js';
import { parseBoardList } from '../crawl/boards-choice.js';
import { acquireLock } from '../crawl/lock.js';
import { createLogger } from '../crawl/log.js';
import { parseOrigins, UsageError } from '../crawl/origins.js';
import { ADAPTERS } from '../sources/index.js';
import type { SourceAdapter } from '../sources/types.js';
import { action, reportRunFacts } from './exit.js';
import { collect, parseNumberOption, selectSources } from './options.js';
import { createProgress } from './progress.js';

interface CrawlFlags {
  origin?: string[];
  rate: string;
  maxRequests?: string;
  full?: boolean;
  concurrency: string;
  timeout?: string;
  format: string;
  baseUrl?: string;
  fid?: string;
  board?: string;
  postInterval?: string;
  blockBackoff?: string;
  proxy?: string;
  maxBodyBytes?: string;
  maxListPages?: string;
  maxThreadPages?: string;
  workers: string;
  leaseSeconds: string;
  chromium?: string;
}

export function registerCrawl(program: Command): void {
  program
    .command('crawl')
    .description('crawl the named sources (all when none is named), incremental unless --full; store; print a run report')
    .argument('[source...]', 'adapter ids')
    .option('--origin <source=url>', 'serve a source (or public origin) from another base URL; repeatable', collect)
    .option('--rate <r>', 'requests per second per host (0 = no delay, only for origins mapped with --origin)', '1')
    .option('--max-requests <n>', 'stop after this many requests (the rest is resumed next run)')
    .option('--full', 'revisit every page instead of only what changed')
    .option('--concurrency <n>', 'pages fetched at once', '4')
    .option('--timeout <ms>', 'request timeout in ms (default 10000 for local origins, 30000 otherwise)')
    .option('--format <format>', 'run report as text or json (json adds the process\'s peakRssBytes)', 'text')
    .option('--max-body-bytes <n>', 'largest page accepted once decoded, in bytes; a bigger one (a gzip bomb) fails and is counted (default 33554432 = 32 MiB)')
    .option('--max-list-pages <n>', 'list pages read per source in one run; links past it are left for a later run (default 2000)')
    .option('--max-thread-pages <n>', 'pages read per thread in one run (default 500)')
    .option('--base-url <url>', 'for the generic `discuz` source: the board\'s public base URL (stored as source discuz:<host>:<fid>)')
    .option('--fid <n>', 'for the generic `discuz` source: the forum id')
    .option('--board <fid,...>', 'for people-liuyan: the boards to crawl (see `wenzheng boards people-liuyan`); remembered in the archive, so later crawls without --board go on with them')
    .option('--post-interval <ms>', 'least time between two POSTs to a host behind a WAF, plus up to as much again at random (default: the source\'s own, 1500 ms for people-liuyan); lower values only for origins mapped to 127.0.0.1 (the simulator)')
    .option('--proxy <url>', 'send every request through this HTTP(S) proxy (e.g. a machine inside China for people-liuyan, whose WAF often refuses foreign addresses); one fixed address, never rotated')
    .option('--chromium <path>', 'Chromium for the browser route (a request the site refuses as signed is read through the board\'s own page); default: the system Chromium when installed; `none` turns the route off')
    .option('--block-backoff <ms>', 'wait after a 403/429 from a host behind a WAF, times the attempt, before a fresh warm-up (default: the source\'s own, 60000 ms for people-liuyan); lower values only for origins mapped to 127.0.0.1')
    .option('--workers <n>', 'crawl workers in this process, sharing the frontier (PostgreSQL archives; more processes on any machine may join)', '1')
    .option('--lease-seconds <s>', 'PostgreSQL archives: how long a worker holds a page without renewing; a dead worker\'s pages go to the others after this', '120')
    .action(
      action(async (ids: string[], flags: CrawlFlags, cmd: Command) => {
        const dbPath = cmd.optsWithGlobals().db as string;
        const sources = await configureDiscuz(selectSources(ids), flags);
        const origins = parseOrigins(flags.origin ?? [], [...sources, ...ADAPTERS]);
        const rate = parseNumberOption('--rate', flags.rate, { min: 0 });
        const unmapped = rate === 0 ? sources.flatMap((s) => s.origins).find((o) => !origins.isMapped(o)) : undefined;
        if (unmapped) throw new UsageError(`--rate 0 (no delay) is only for origins mapped with --origin (a simulator, a replay server); ${unmapped} is not mapped`);
        const concurrency = parseNumberOption('--concurrency', flags.concurrency, { min: 1, integer: true });
        const maxRequests = flags.maxRequests ? parseNumberOption('--max-requests', flags.maxRequests, { min: 1, integer: true }) : undefined;
        const timeoutMs = flags.timeout ? parseNumberOption('--timeout', flags.timeout, { min: 1, integer: true }) : undefined;
        const limit = (name: string, v: string | undefined) => (v === undefined ? undefined : parseNumberOption(name, v, { min: 1, integer: true }));
        const maxBodyBytes = limit('--max-body-bytes', flags.maxBodyBytes);
        const maxListPages = limit('--max-list-pages', flags.maxListPages);
        const maxThreadPages = limit('--max-thread-pages', flags.maxThreadPages);
        if (!['text', 'json'].includes(flags.format)) throw new UsageError(`--format ${flags.format}: expected text or json`);
        const boards = boardsOf(sources, flags.board);
        const session = {
          ...(flags.postInterval ? { postIntervalMs: parseNumberOption('--post-interval', flags.postInterval, { min: 0, integer: true }) } : {}),
          ...(flags.blockBackoff ? { blockBackoffMs: parseNumberOption('--block-backoff', flags.blockBackoff, { min: 0, integer: true }) } : {}),
        };
        const proxy = flags.proxy === undefined ? undefined : proxyUrl(flags.proxy);
        const workers = parseNumberOption('--workers', flags.workers, { min: 1, integer: true });
        const leaseSeconds = parseNumberOption('--lease-seconds', flags.leaseSeconds, { min: 1 });
        const chromium = flags.chromium === undefined ? undefined : flags.chromium === 'none' ? null : flags.chromium;
        const result = await crawlWithLock(dbPath, {
          chromium,
          proxy,
          boards,
          session,
          sources,
          origins,
          rate,
          concurrency,
          maxRequests,
          timeoutMs,
          maxBodyBytes,
          maxListPages,
          maxThreadPages,
          full: !!flags.full,
          leaseSeconds,
        }, workers);
        printRunReport(result, flags.format);
        reportRunFacts(runFactsOf(result));
        return result.exitCode;
      }),
    );
}

/**
 * The generic `discuz` source crawls the board named by --base-url and --fid, as the source
 * `discuz:<host>:<fid>`.
 */
async function configureDiscuz(sources: SourceAdapter[], flags: CrawlFlags): Promise<SourceAdapter[]> {
  const i = sources.findIndex((s) => s.id === 'discuz');
  if (i < 0) {
    if (flags.baseUrl || flags.fid) throw new UsageError('--base-url and --fid configure the `discuz` source: name it');
    return sources;
  }
  if (!flags.baseUrl || !flags.fid) throw new UsageError('the `discuz` source needs --base-url <public base URL> and --fid <forum id>');
  if (!/^https?:\/\/[^/]+/.test(flags.baseUrl)) throw new UsageError(`--base-url ${flags.baseUrl}: expected an http(s) URL`);
  const fid = parseNumberOption('--fid', flags.fid, { min: 1, integer: true });
  const { discuzBoardAdapter, discuzBoardId } = await import('../sources/discuz/index.js');
  const baseUrl = flags.baseUrl.replace(/\/+$/, '');
  const out = [...sources];
  // Each board its own source id (discuz:<host>:<fid>): two boards never overwrite each other.
  out[i] = discuzBoardAdapter(discuzBoardId(baseUrl, fid), baseUrl)!;
  return out;
}

/** `--board` for the multi-board source among those crawled; a UsageError when none is. */
function boardsOf(sources: readonly SourceAdapter[], value: string | undefined): Record<string, number[]> | undefined {
  if (value === undefined) return undefined;
  const multi = sources.filter((s) => s.withBoards);
  if (multi.length !== 1) throw new UsageError('--board picks the boards of people-liuyan: name that source (crawl people-liuyan --board <fid>[,<fid>...])');
  const fids = parseBoardList(value);
  if (!fids) throw new UsageError(`--board ${value}: expected board ids (fid) separated by commas, e.g. 539,1007`);
  return { [multi[0]!.id]: fids };
}

/** A `--proxy` value: an http(s) URL, else a UsageError. */
function proxyUrl(value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new UsageError(`--proxy ${value}: expected a proxy URL such as http://host:port`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError(`--proxy ${value}: only http:// and https:// proxies are supported`);
  return u.href;
}

type CrawlArgs = Omit<CrawlOptions, 'archive' | 'logger' | 'signal'>;

/** Opens the archive, takes its lock, crawls with Ctrl-C handling and a progress line. */
export async function crawlWithLock(dbPath: string, args: CrawlArgs, workers = 1): Promise<CrawlResult> {
  if (workers > 1 && !isPostgresUrl(dbPath)) {
    throw new UsageError(`--workers ${workers}: a SQLite archive is crawled by one run at a time; use a PostgreSQL archive (--db postgres://...) for many workers`);
  }
  const archive = await openArchiveAt(dbPath);
  let release: (() => void) | undefined;
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  try {
    // SQLite: one run at a time (exit 5 otherwise). PostgreSQL: workers share the frontier by leases.
    if (archive.lockFile) release = acquireLock(archive.lockFile);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const progress = createProgress('crawl');
    // Loaded here, not at start-up: Crawlee takes a while to import and --help needs none of it.
    const { runCrawl } = await import('../crawl/crawler.js');
    const reports = new Map<number, { requests: number; failed: number }>();
    const results = await Promise.all(
      Array.from({ length: workers }, (_, i) =>
        runCrawl({
          ...args,
          archive,
          logger: createLogger('crawl'),
          signal: controller.signal,
          onProgress: (r, queued) => {
            reports.set(i, r);
            const sum = [...reports.values()].reduce((a, b) => ({ requests: a.requests + b.requests, failed: a.failed + b.failed }), { requests: 0, failed: 0 });
            progress.update(sum.requests, queued, sum.failed);
          },
        }),
      ),
    );
    progress.end();
    return mergeResults(results);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    release?.();
    await archive.close();
  }
}

/**
 * The run report of several workers of one process: counts added up, the failures of all, the
 * first run's id, and the worst exit code (blocked over interrupted over partial over done).
 */
export function mergeResults(results: CrawlResult[]): CrawlResult {
  if (results.length === 1) return results[0]!;
  const [first, ...rest] = results as [CrawlResult, ...CrawlResult[]];
  const report = { ...first.report, failures: [...first.report.failures] };
  for (const r of rest) {
    for (const k of Object.keys(report) as (keyof typeof report)[]) {
      const v = r.report[k];
      if (typeof v === 'number') (report as Record<string, unknown>)[k] = (report[k] as number) + v;
    }
    report.failures.push(...r.report.failures);
  }
  const rank = [0, 3, 1, 130, 4];
  const exitCode = results.map((r) => r.exitCode).reduce((a, b) => (rank.indexOf(b) > rank.indexOf(a) ? b : a));
  return { runId: first.runId, report, exitCode, resumed: results.some((r) => r.resumed) };
}

/** The counts of a crawl for the JSON "run finished" line. */
export function runFactsOf(result: CrawlResult): Record<string, unknown> {
  const { failures, ...counts } = result.report;
  return { runId: result.runId, resumed: result.resumed, ...counts, failures: failures.length };
}

/** Prints a run report on stdout. */
export function printRunReport(result: CrawlResult, format: string): void {
  const r = result.report;
  if (format === 'json') {
    // The process's peak resident memory so far: what a cron job's memory limit must allow.
    const peakRssBytes = process.resourceUsage().maxRSS * 1024;
    process.stdout.write(`${JSON.stringify({ runId: result.runId, exitCode: result.exitCode, resumed: result.resumed, ...r, peakRssBytes }, null, 2)}\n`);
    return;
  }
  const lines = [
    `run ${result.runId}${result.resumed ? ' (resumed)' : ''}: ${r.sources.join(', ')}`,
    `  requests   ${r.requests}`,
    `  messages   ${r.newMessages} new, ${r.changedMessages} changed, ${r.unchangedMessages} unchanged`,
    `  replies    ${r.newReplies} new, ${r.changedReplies} changed`,
    `  reports    ${r.newReports} new`,
    `  failed     ${r.failed}${r.retries ? ` (${r.retries} retries)` : ''}${r.blocked ? `, ${r.blocked} block pages` : ''}${r.skippedByRobots ? `, ${r.skippedByRobots} disallowed by robots.txt` : ''}${r.skippedByLimits ? `, ${r.skippedByLimits} links past the run's limits` : ''}`,
    ...r.failures.slice(0, 20).map((f) => `    ${f.url}: ${f.error}`),
    `  exit code  ${result.exitCode}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
