/**
 * Which links of a stored page to fetch next. Board-agnostic: list rows say how a message
 * looks now (reply count, last post time, status word) and only rows that differ from the
 * archive lead to their thread; a list's next page is read only while its rows still show
 * changes (boards list by last activity). `full` follows everything.
 */
import type { Db } from '../archive/db.js';
import type { FrontierEntry } from '../archive/frontier.js';
import { isPageKnown, messageListState, type StoredListState } from '../archive/lookups.js';
import { listSignature } from '../archive/records.js';
import type { Extraction, Message } from '../model/extraction.js';
import { toRequest, type PageRequest } from '../model/request.js';
import type { SourceAdapter } from '../sources/types.js';
import type { PagingMemory } from './paging-memory.js';

export interface FollowContext {
  db: Db;
  /** Finds the adapter of a public URL (the page's own adapter first). */
  adapterFor(url: string): SourceAdapter | undefined;
  full: boolean;
  /** The paging state of late-listing boards (adapters with `lateListing`). */
  paging?: PagingMemory;
}

type Stored = StoredListState;

/** Whether a list row shows something the archive does not have. */
export function rowDiffers(row: Message, stored: Stored | undefined): boolean {
  if (!stored) return true;
  // How the row looked last time, when a list showed it before.
  if (stored.listSignature != null) return stored.listSignature !== listSignature(row);
  const pairs: [unknown, unknown][] = [
    [row.replyCount, stored.boardReplyCount],
    [row.lastPostAt, stored.lastPostAt],
    [row.statusRaw, stored.statusRaw],
    // An edited title shows in the list though an edit does not move the last-post time.
    [row.title, stored.title],
  ];
  const comparable = pairs.filter(([a, b]) => a != null && b != null);
  if (comparable.length === 0) return row.status != null ? row.status !== stored.status : true;
  return comparable.some(([a, b]) => a !== b);
}

/** The reply count a stored message's row showed before, if known. */
function replyCountBefore(stored: Stored): number | null {
  if (stored.listSignature != null) return (JSON.parse(stored.listSignature) as [number | null])[0];
  return stored.boardReplyCount;
}

/** A request with its URL in the adapter's canonical form (method, body and headers kept). */
export function canonicalRequest(adapter: SourceAdapter, r: PageRequest): PageRequest {
  return { ...r, url: adapter.canonicalUrl(r.url) };
}

/**
 * Whether a late-listing board's next list page is wanted. Newest first, a board is read
 * while its pages hold messages the archive has never stored (the ids already seen are not
 * reached yet); then on through the review window (a page whose oldest message was posted
 * less than the window before the newest publication time the board had shown by the last
 * clean run may hold a message made public late); and, as the cheapest revisit (ten messages
 * a request), on while a page holds a message the archive has as unanswered that was posted
 * within the source's SLA before that time. Older unanswered messages are left to the
 * revisit schedule. Notes the page's newest publication time for the next run.
 */
async function lateListingGoesOn(x: Extraction, adapter: SourceAdapter, ctx: FollowContext): Promise<boolean> {
  const late = adapter.lateListing!;
  const board = late.boardOf(x);
  const published = x.messages.map((m) => m.publishedAt).filter((t): t is string => !!t);
  if (board && ctx.paging && published.length) {
    ctx.paging.saw(adapter.id, board, published.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a)));
  }
  let open = false;
  for (const m of x.messages) {
    const stored = await messageListState(ctx.db, { sourceId: adapter.id, externalId: m.externalId });
    if (!stored) return true;
    if (stored.status !== 'replied' && stored.status !== 'closed') open = true;
  }
  const newest = board && ctx.paging ? await ctx.paging.newestBefore(adapter.id, board) : null;
  const posted = x.messages.map((m) => m.postedAt).filter((t): t is string => !!t).map((t) => Date.parse(t));
  if (newest === null || posted.length === 0) return false;
  const hoursBefore = (Date.parse(newest) - Math.min(...posted)) / 3_600_000;
  return hoursBefore <= late.reviewWindowHours || (open && hoursBefore <= adapter.slaHours);
}

/** The frontier entries to add for a page's links. */
export async function linksToFollow(x: Extraction, ctx: FollowContext): Promise<FrontierEntry[]> {
  const out: FrontierEntry[] = [];
  const rowsByUrl = new Map<string, Message>();
  const rowsById = new Map<string, Message>();
  for (const m of x.messages) {
    rowsByUrl.set(m.url, m);
    rowsById.set(m.externalId, m);
  }
  let anyRowChanged = false;
  const decisions: { entry: FrontierEntry; follow: boolean | 'if-page-changed' }[] = [];
  for (const link of x.links) {
    const adapter = ctx.adapterFor(link.url);
    if (!adapter) continue;
    const request = canonicalRequest(adapter, toRequest(link));
    const url = request.url;
    const entry: FrontierEntry = { sourceId: adapter.id, request };
    if (ctx.full) {
      decisions.push({ entry, follow: true });
      continue;
    }
    if (x.kind === 'list' && link.kind === 'thread') {
      const row =
        rowsByUrl.get(link.url) ??
        rowsByUrl.get(url) ??
        (link.messageExternalId ? rowsById.get(link.messageExternalId) : undefined);
      if (!row) {
        decisions.push({ entry, follow: true });
        continue;
      }
      const stored = await messageListState(ctx.db, { sourceId: adapter.id, externalId: row.externalId });
      const differs = rowDiffers(row, stored);
      if (differs) anyRowChanged = true;
      if (differs && stored && adapter.changedThreadPages) {
        // Only the pages that can hold what is new (a forum thread's last pages).
        for (const p of adapter.changedThreadPages(row, replyCountBefore(stored))) {
          decisions.push({ entry: { sourceId: adapter.id, request: canonicalRequest(adapter, p) }, follow: true });
        }
        continue;
      }
      decisions.push({ entry, follow: differs });
    } else if (x.kind === 'list' && link.kind === 'list') {
      decisions.push({ entry, follow: adapter.lateListing ? await lateListingGoesOn(x, adapter, ctx) : 'if-page-changed' });
    } else if (x.kind === 'thread') {
      // Further pages of the same thread: the thread is being fetched because it changed.
      decisions.push({ entry, follow: link.kind === 'thread' });
    } else {
      // A POST's URL is an endpoint shared by many pages: it cannot say whether one is stored.
      const follow =
        link.kind === 'list' || request.method !== 'GET' || !(await isPageKnown(ctx.db, { kind: link.kind, urls: [link.url, url] }));
      if (follow && x.kind === 'list') anyRowChanged = true;
      decisions.push({ entry, follow });
    }
  }
  for (const d of decisions) {
    if (d.follow === true || (d.follow === 'if-page-changed' && anyRowChanged)) out.push(d.entry);
  }
  return out;
}
