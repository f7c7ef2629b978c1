/**
 * Where paging of a late-listing board stops (SourceAdapter.lateListing): per board, the
 * newest publication time its lists showed by the end of the last clean run, kept in
 * `crawl_state`. This run pages down to the ids it has already seen and on while a page
 * still holds messages posted after that time minus the review window, so a message made
 * public late, below ids already seen, is still met. The times this run sees are kept only
 * when it ends cleanly: after a kill or failed pages the next run pages as deep as before.
 */
import { readCrawlState, writeCrawlState } from '../archive/crawl-state.js';
import type { Db } from '../archive/db.js';

/** The crawl_state key of a source's newest publication time per board. */
export const NEWEST_PUBLISHED_KEY = 'newest-published';

type PerBoard = Record<string, string>;

/** What one run knows and learns of its late-listing boards. */
export class PagingMemory {
  private readonly before = new Map<string, Promise<PerBoard>>();
  private readonly seen = new Map<string, PerBoard>();

  constructor(private readonly db: Db) {}

  /** The newest publication time of the board as of the last clean run, or null. */
  async newestBefore(sourceId: string, board: string): Promise<string | null> {
    return (await this.load(sourceId))[board] ?? null;
  }

  private load(sourceId: string): Promise<PerBoard> {
    let p = this.before.get(sourceId);
    if (!p) {
      p = readCrawlState<PerBoard>(this.db, sourceId, NEWEST_PUBLISHED_KEY).then((v) => v ?? {});
      this.before.set(sourceId, p);
    }
    return p;
  }

  /** A list page of the board showed a message published at `publishedAt`. */
  saw(sourceId: string, board: string, publishedAt: string): void {
    const m = this.seen.get(sourceId) ?? {};
    const old = m[board];
    if (!old || Date.parse(publishedAt) > Date.parse(old)) m[board] = publishedAt;
    this.seen.set(sourceId, m);
  }

  /** Keeps what this run saw (call only when it ended cleanly). */
  async save(): Promise<void> {
    for (const [sourceId, seen] of this.seen) {
      const merged = { ...(await this.load(sourceId)) };
      for (const [board, at] of Object.entries(seen)) {
        if (!merged[board] || Date.parse(at) > Date.parse(merged[board]!)) merged[board] = at;
      }
      await writeCrawlState(this.db, sourceId, NEWEST_PUBLISHED_KEY, merged);
    }
  }
}
