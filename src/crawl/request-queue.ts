/**
 * Crawlee's queue of requests for one run, kept in plain memory. The crawl's own frontier (in
 * the archive) is what survives a kill and says what is new, so Crawlee's request queue needs
 * none of its storage client's bookkeeping (each request serialised to JSON, locked, prolonged,
 * updated and read back): this keeps the requests as they were added, builds Crawlee's Request
 * when one is taken, and remembers each key once so a request is queued once per run.
 */
import { Request, type IRequestManager, type RequestOptions, type Source } from '@crawlee/basic';

type AddResult = Awaited<ReturnType<IRequestManager['addRequestsBatched']>>;
type Processed = AddResult['addedRequests'][number];
type OperationInfo = Awaited<ReturnType<IRequestManager['addRequest']>>;

/** An in-memory IRequestManager: forefront requests first (last added first), then the rest in order. */
export class MemoryRequestQueue implements IRequestManager {
  /** Requests added with `forefront`, taken from the end. */
  private readonly front: (Source | Request)[] = [];
  /** The others, taken from `next` on. */
  private back: (Source | Request)[] = [];
  private next = 0;
  private readonly known = new Set<string>();
  private inProgress = 0;
  private handled = 0;

  async isFinished(): Promise<boolean> {
    return this.pending() === 0 && this.inProgress === 0;
  }

  async isEmpty(): Promise<boolean> {
    return this.pending() === 0;
  }

  async handledCount(): Promise<number> {
    return this.handled;
  }

  getTotalCount(): number {
    return this.handled + this.inProgress + this.pending();
  }

  getPendingCount(): number {
    return this.pending() + this.inProgress;
  }

  async fetchNextRequest<T extends Record<string, unknown> = Record<string, unknown>>(): Promise<Request<T> | null> {
    let item = this.front.pop();
    if (!item && this.next < this.back.length) {
      item = this.back[this.next++];
      // Let go of what was taken, now and then, without shifting the array every time.
      if (this.next > 1024 && this.next * 2 > this.back.length) {
        this.back = this.back.slice(this.next);
        this.next = 0;
      }
    }
    if (!item) return null;
    this.inProgress++;
    return (item instanceof Request ? item : new Request(item as RequestOptions)) as Request<T>;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Request> {
    for (;;) {
      const r = await this.fetchNextRequest();
      if (!r) return;
      yield r;
    }
  }

  async markRequestHandled(request: Request): Promise<OperationInfo> {
    this.inProgress--;
    this.handled++;
    request.handledAt ??= new Date().toISOString();
    return info(request.uniqueKey, true, false);
  }

  async reclaimRequest(request: Request, options?: { forefront?: boolean }): Promise<OperationInfo> {
    this.inProgress--;
    if (options?.forefront) this.front.push(request);
    else this.back.push(request);
    return info(request.uniqueKey, false, !!options?.forefront);
  }

  async addRequest(source: Source, options?: { forefront?: boolean }): Promise<OperationInfo> {
    const key = keyOf(source);
    const present = this.known.has(key);
    if (!present) this.enqueue(source, key, !!options?.forefront);
    return { ...info(key, false, !!options?.forefront), wasAlreadyPresent: present };
  }

  /** Adds them all at once (nothing is left to add in the background); honours `maxNewRequests`. */
  async addRequestsBatched(requests: AsyncIterable<Source | string> | Iterable<Source | string>, options: { forefront?: boolean; maxNewRequests?: number } = {}): Promise<AddResult> {
    const addedRequests: Processed[] = [];
    const requestsOverLimit: Source[] = [];
    let budget = options.maxNewRequests ?? Infinity;
    const forefront = !!options.forefront;
    for await (const r of requests) {
      const source: Source = typeof r === 'string' ? { url: r } : r;
      const key = keyOf(source);
      const present = this.known.has(key);
      if (!present) {
        if (budget <= 0) {
          requestsOverLimit.push(source);
          continue;
        }
        budget--;
        this.enqueue(source, key, forefront);
      }
      addedRequests.push({ uniqueKey: key, requestId: key, wasAlreadyPresent: present, wasAlreadyHandled: false });
    }
    return { addedRequests, waitForAllRequestsToBeAdded: Promise.resolve([]), requestsOverLimit };
  }

  private enqueue(source: Source, key: string, forefront: boolean): void {
    this.known.add(key);
    if (forefront) this.front.push(source);
    else this.back.push(source);
  }

  private pending(): number {
    return this.front.length + this.back.length - this.next;
  }
}

/** The key a request is queued under: its uniqueKey (the crawl always sets it: the request key), else its URL. */
function keyOf(source: Source): string {
  return (source as { uniqueKey?: string }).uniqueKey ?? (source as { url: string }).url;
}

function info(uniqueKey: string, handled: boolean, forefront: boolean): OperationInfo {
  return { uniqueKey, requestId: uniqueKey, wasAlreadyPresent: true, wasAlreadyHandled: handled, forefront };
}
