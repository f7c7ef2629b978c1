/**
 * The boards a snapshot's README.md and CITATION.cff describe (messages, official replies,
 * period posted and seen), counted on the way by the message pass and the reply writer
 * instead of another pass over the archive at the end: the same figures as grouping the
 * archive's messages by board (min/max skip absent times, boards by id).
 */
import type { BoardSpan } from '../archive/dataset-reads.js';
import type { PublishedSource } from '../archive/publish-reads.js';

type Span = Omit<BoardSpan, 'source' | 'name' | 'baseUrl' | 'replies'>;

const min = (a: string | null, b: string | null) => (a === null ? b : b === null || a <= b ? a : b);
const max = (a: string | null, b: string | null) => (a === null ? b : b === null || a >= b ? a : b);

/** Counts each board's messages and their times, one message at a time. */
export class BoardSpanCounter {
  private readonly spans = new Map<string, Span>();
  private last: { source: string; span: Span } | null = null;

  /** One published message of `source`. */
  add(source: string, postedAt: string | null, firstSeenAt: string, lastSeenAt: string): void {
    let span = this.last?.source === source ? this.last.span : this.spans.get(source);
    if (!span) {
      span = { messages: 0, firstPostedAt: null, lastPostedAt: null, firstSeenAt, lastSeenAt };
      this.spans.set(source, span);
    }
    this.last = { source, span };
    span.messages++;
    span.firstPostedAt = min(span.firstPostedAt, postedAt);
    span.lastPostedAt = max(span.lastPostedAt, postedAt);
    span.firstSeenAt = min(span.firstSeenAt, firstSeenAt)!;
    span.lastSeenAt = max(span.lastSeenAt, lastSeenAt)!;
  }

  /** The boards by id, named from `sources`, with their official replies counted by the reply writer. */
  result(sources: readonly PublishedSource[], officialReplies: ReadonlyMap<string, number>): BoardSpan[] {
    const named = new Map(sources.map((s) => [s.id, s]));
    return [...this.spans.keys()]
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((source) => ({
        source,
        name: named.get(source)?.name ?? null,
        baseUrl: named.get(source)?.baseUrl ?? null,
        ...this.spans.get(source)!,
        replies: officialReplies.get(source) ?? 0,
      }));
  }
}
