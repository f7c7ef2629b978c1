/**
 * The browser route (SourceAdapter.browserRoute): requests the site refused as the adapter
 * asked them (a signed API whose key changed) are read the way the site's own front end reads
 * them. Each refused request's public page is loaded in headless Chromium through Crawlee's
 * PlaywrightCrawler, and the answer to the page's own API request is kept, with the request
 * the page sent (its body signed by the site's script), as the answer to the refused request.
 */
import path from 'node:path';
import { MemoryStorage } from '@crawlee/memory-storage';
import { Configuration, PlaywrightCrawler } from '@crawlee/playwright';
import { chromium, type Response } from 'playwright';
import type { PageRequest } from '../model/request.js';
import type { BrowserRoute } from '../sources/types.js';
import { CHROMIUM_ARGS } from './chromium.js';
import type { OriginMap } from './origins.js';

/** One refused request and the page that reads it instead. */
export interface RefusedRequest {
  sourceId: string;
  request: PageRequest;
  route: BrowserRoute;
}

/** The site's own answer, captured from the page, with the request the page sent. */
export interface CapturedAnswer {
  status: number;
  contentType: string | null;
  body: Buffer;
  /** The request as the page sent it, at its public URL. */
  sent: PageRequest;
}

export interface BrowserRouteOptions {
  executablePath: string;
  origins: OriginMap;
  /** Folder for Crawlee's in-memory storage (beside the archive). */
  storageDir: string;
  timeoutMs: number;
  /** Every request the browser sends goes through this proxy (`--proxy`). */
  proxy?: string;
  /** Keeps one captured answer (store, parse, mark done); throws when it cannot be read. */
  take(item: RefusedRequest, answer: CapturedAnswer): Promise<void>;
  /** The page gave no usable answer. */
  failed(item: RefusedRequest, error: Error): Promise<void>;
}

/** The public URL for a URL the browser fetched from a mapped base URL. */
function publicUrlOf(fetched: string, pageFetchUrl: string, pagePublicUrl: string): string {
  const base = pageFetchUrl.slice(0, pageFetchUrl.length - new URL(pagePublicUrl).pathname.length - new URL(pagePublicUrl).search.length);
  const origin = new URL(pagePublicUrl).origin;
  return fetched.startsWith(base) ? origin + fetched.slice(base.length) : fetched;
}

/** Loads each refused request's page in Chromium, one at a time, and hands over the site's answer. */
export async function readThroughBrowser(items: readonly RefusedRequest[], opts: BrowserRouteOptions): Promise<void> {
  const byKey = new Map<string, RefusedRequest>();
  const answers = new Map<string, Promise<Response>>();
  const config = new Configuration({
    persistStorage: false,
    purgeOnStart: true,
    systemInfoIntervalMillis: 60_000,
    storageClient: new MemoryStorage({ persistStorage: false, localDataDirectory: path.join(opts.storageDir, 'crawlee-browser') }),
  });
  const crawler = new PlaywrightCrawler(
    {
      launchContext: {
        launcher: chromium,
        launchOptions: { executablePath: opts.executablePath, headless: true, args: CHROMIUM_ARGS, ...(opts.proxy ? { proxy: { server: opts.proxy } } : {}) },
      },
      browserPoolOptions: { useFingerprints: false },
      useSessionPool: false,
      maxConcurrency: 1,
      maxRequestRetries: 2,
      navigationTimeoutSecs: Math.ceil(opts.timeoutMs / 1000),
      requestHandlerTimeoutSecs: Math.ceil((opts.timeoutMs * 3) / 1000),
      preNavigationHooks: [
        async ({ page, request }) => {
          const item = byKey.get(request.uniqueKey)!;
          // Listen before the page loads: its script asks as soon as it runs.
          const answer = page.waitForResponse((r) => item.route.answers(new URL(r.url()).pathname, r.request().method()), { timeout: opts.timeoutMs * 2 });
          answer.catch(() => {});
          answers.set(request.uniqueKey, answer);
        },
      ],
      requestHandler: async ({ request }) => {
        const item = byKey.get(request.uniqueKey)!;
        const res = await answers.get(request.uniqueKey)!;
        const sentBody = res.request().postData() ?? undefined;
        const headers = res.request().headers();
        const contentType = headers['content-type'];
        const sent: PageRequest = {
          kind: item.request.kind,
          url: publicUrlOf(res.url(), request.url, item.route.pageUrl),
          method: res.request().method() === 'POST' ? 'POST' : 'GET',
          ...(sentBody !== undefined ? { body: sentBody } : {}),
          ...(contentType ? { headers: { 'content-type': contentType } } : {}),
        };
        await opts.take(item, { status: res.status(), contentType: res.headers()['content-type'] ?? null, body: await res.body(), sent });
      },
      failedRequestHandler: async ({ request }, error) => {
        await opts.failed(byKey.get(request.uniqueKey)!, error);
      },
    },
    config,
  );
  const requests = items.map((item, i) => {
    const uniqueKey = `${i}:${item.route.pageUrl}`;
    byKey.set(uniqueKey, item);
    return { url: opts.origins.toFetchUrl(item.route.pageUrl), uniqueKey };
  });
  await crawler.run(requests);
}
