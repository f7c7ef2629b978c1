/**
 * `feed.xml`: an Atom feed of what changed for the watchdogs since the previous snapshot:
 * messages that became overdue and messages that got their first official answer.
 *
 * What counts as a change (previous = the newest dated snapshot before this one):
 * - newly overdue: in this snapshot's overdue list, not in the previous one's;
 * - newly answered: unanswered in the previous snapshot's messages (no `first_reply_at`) and
 *   answered in this one. A message first seen, and already answered, between two snapshots is
 *   not in the feed (changes.csv lists it as `new`).
 * - With no previous snapshot every overdue message is newly overdue and nothing is newly
 *   answered (there is nothing to compare with).
 * Written with the `feed` package; every scraped string is escaped, since Atom readers render
 * `type="html"` titles and content as HTML.
 */
import { Feed } from 'feed';
import { escapeHtml, safeHref, stripInvalidChars } from './dashboard/html.js';
import { num, readJsonl, str, type SnapshotRow } from './dashboard/read.js';
import type { OverdueRow } from './overdue.js';

/** A message that got its first official answer since the previous snapshot. */
export interface AnsweredRow {
  message_id: string;
  board: string | null;
  department: string | null;
  title: string | null;
  url: string;
  posted_at: string | null;
  first_reply_at: string;
  /** Hours from posting to the first reply, when both are known. */
  reply_hours: number | null;
}

/** The two lists the feed is made of. */
export interface FeedChanges {
  newlyOverdue: OverdueRow[];
  newlyAnswered: AnsweredRow[];
}

export interface BuildFeedOptions extends FeedChanges {
  /** The snapshot's date, YYYY-MM-DD. */
  snapshotDate: string;
  /** The feed's `updated` time (ISO); default midnight of `snapshotDate`, Beijing time. */
  updated?: string;
  /** Where feed.xml is published (rel="self"), if known. */
  selfUrl?: string;
  /** Most entries kept (newest first); default 1000. */
  limit?: number;
}

export const FEED_ID = 'urn:wenzheng:watchdog-feed';

interface Entry {
  id: string;
  updatedMs: number;
  title: string;
  link: string;
  content: string;
  category: string;
}

/** The Atom XML of a snapshot's feed. Entries newest first, ties by id; deterministic. */
export function buildFeed(opts: BuildFeedOptions): string {
  const entries = [...opts.newlyOverdue.map(overdueEntry), ...opts.newlyAnswered.map(answeredEntry)]
    .filter((e): e is Entry => e !== null)
    .sort(byNewest)
    .slice(0, opts.limit ?? 1000);
  return atomOf(entries, opts);
}

function byNewest(a: Entry, b: Entry): number {
  return b.updatedMs - a.updatedMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function atomOf(entries: Entry[], opts: Omit<BuildFeedOptions, keyof FeedChanges>): string {
  const feed = new Feed({
    id: FEED_ID,
    title: 'wenzheng: overdue and newly answered 问政 messages',
    description: `Changes since the previous snapshot, as of ${opts.snapshotDate}`,
    updated: new Date(opts.updated ?? `${opts.snapshotDate}T00:00:00+08:00`),
    generator: 'wenzheng',
    author: { name: 'wenzheng' },
    ...(opts.selfUrl ? { feed: opts.selfUrl } : {}),
    copyright: 'Texts belong to their authors; published for public-interest research.',
  });
  for (const e of entries) {
    feed.addItem({
      id: e.id,
      title: e.title,
      link: e.link,
      date: new Date(e.updatedMs),
      content: e.content,
      category: [{ term: e.category, name: e.category }],
    });
  }
  return feed.atom1();
}

interface Candidate {
  updatedMs: number;
  overdue: OverdueRow | null;
  answered: AnsweredRow | null;
  /** An overdue row not held but fetched when kept (addOverdueRef): its message id and handle. */
  overdueId?: string;
  ref?: number;
  id?: string;
  valid?: boolean;
  entry?: Entry | null;
}

/** Gives the overdue rows of the handles passed to addOverdueRef (in the order asked). */
export type OverdueResolver = (refs: number[]) => OverdueRow[];

/**
 * The feed's entries gathered one row at a time, keeping only the newest `limit` (what
 * buildFeed would keep from the same rows): candidates are cut back to the best `limit`
 * valid ones whenever twice that many wait, and a row older than all kept is not even built
 * (`wants`). Memory: about 2 x limit rows however many messages changed.
 */
export class FeedCollector {
  private list: Candidate[] = [];
  private floor: Candidate | null = null;

  constructor(private readonly limit = 1000) {
    if (!(Number.isInteger(limit) && limit >= 0)) throw new RangeError(`feed limit ${limit}: expected a whole number >= 0`);
  }

  /** False when an entry updated at `updatedMs` would certainly not be kept. */
  wants(updatedMs: number): boolean {
    return this.limit > 0 && (this.floor === null || !(updatedMs < this.floor.updatedMs));
  }

  /** A newly overdue row (as overdue.jsonl gives it back). */
  addOverdue(r: OverdueRow): void {
    this.add({ updatedMs: Date.parse(r.deadline_at), overdue: r, answered: null });
  }

  /**
   * A newly overdue row by handle: what sorting and checking it takes (deadline, message id,
   * url), the row itself fetched by `resolve` (see entries) only if it is kept. A snapshot's
   * message pass adds one per overdue message, most soon dropped: holding whole rows until
   * the next cut made them outlive the young generation (170 MB promoted at 1M messages).
   */
  addOverdueRef(updatedMs: number, messageId: string, url: string, ref: number): void {
    if (!Number.isFinite(updatedMs) || !this.wants(updatedMs)) return;
    this.add({ updatedMs, overdue: null, answered: null, overdueId: messageId, ref, valid: safeHref(url) !== null });
  }

  /** A newly answered message. */
  addAnswered(r: AnsweredRow): void {
    this.add({ updatedMs: Date.parse(r.first_reply_at), overdue: null, answered: r });
  }

  private add(c: Candidate): void {
    if (!Number.isFinite(c.updatedMs) || !this.wants(c.updatedMs)) return;
    this.list.push(c);
    if (this.list.length >= 2 * this.limit + 64) this.cut();
  }

  private cut(): void {
    const kept: Candidate[] = [];
    for (const c of this.list.sort(byNewestCandidate)) {
      if (kept.length === this.limit) break;
      if (isValid(c)) kept.push(c);
    }
    this.list = kept;
    this.floor = kept.length === this.limit ? kept[kept.length - 1]! : null;
  }

  /** Takes in the rows another collector kept (the feed of both). */
  absorb(other: FeedCollector): void {
    other.cut();
    for (const c of other.list) this.add(c);
  }

  /** The entries kept, newest first (`resolve` gives the rows added by handle). */
  entries(resolve?: OverdueResolver): Entry[] {
    this.cut();
    const byRef = this.list.filter((c) => c.ref !== undefined && !c.overdue);
    if (byRef.length) {
      if (!resolve) throw new Error('feed: overdue rows added by handle need a resolver');
      const rows = resolve(byRef.map((c) => c.ref!));
      byRef.forEach((c, i) => (c.overdue = rows[i]!));
    }
    return this.list.map((c) => entryOf(c)!);
  }

  /** The feed's Atom XML. */
  atom(opts: Omit<BuildFeedOptions, keyof FeedChanges | 'limit'>, resolve?: OverdueResolver): string {
    return atomOf(this.entries(resolve), opts);
  }
}

/** Whether the candidate makes an entry (what overdueEntry and answeredEntry check), without building it. */
function isValid(c: Candidate): boolean {
  if (c.entry !== undefined) return c.entry !== null;
  c.valid ??= Number.isFinite(c.updatedMs) && safeHref(c.overdue ? c.overdue.url : c.answered!.url) !== null;
  return c.valid;
}

function entryOf(c: Candidate): Entry | null {
  if (c.entry === undefined) c.entry = c.overdue ? overdueEntry(c.overdue) : answeredEntry(c.answered!);
  return c.entry;
}

function candidateId(c: Candidate): string {
  if (c.id === undefined) {
    if (c.overdueId !== undefined) c.id = entryId('overdue', c.overdueId);
    else c.id = c.overdue ? entryId('overdue', c.overdue.message_id) : entryId('answered', c.answered!.message_id);
  }
  return c.id;
}

function byNewestCandidate(a: Candidate, b: Candidate): number {
  if (b.updatedMs !== a.updatedMs) return b.updatedMs - a.updatedMs;
  const [x, y] = [candidateId(a), candidateId(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

function entryId(kind: string, messageId: string): string {
  return `urn:wenzheng:${kind}:${encodeURIComponent(messageId)}`;
}

/** A title for an html-typed Atom title: the scraped text escaped, so it shows as text. */
function entryTitle(prefix: string, title: string | null): string {
  return escapeHtml(`${prefix}: ${title ?? '(no title)'}`);
}

function facts(pairs: [string, string | number | null][]): string {
  const items = pairs.filter(([, v]) => v != null && v !== '').map(([k, v]) => `<li>${escapeHtml(k)}: ${escapeHtml(v)}</li>`);
  return stripInvalidChars(`<ul>${items.join('')}</ul>`);
}

/** The fields overdue and answered messages share, as the feed shows them. */
type FeedMessage = Pick<OverdueRow, 'url' | 'title' | 'message_id' | 'department' | 'board'> & { posted_at: string | null };

/** An entry about one message, dated `at` (its deadline or its first reply), with `more` facts. */
function messageEntry(category: 'overdue' | 'answered', label: string, r: FeedMessage, at: string, more: [string, string | number | null][]): Entry | null {
  const link = safeHref(r.url);
  const updatedMs = Date.parse(at);
  if (!link || !Number.isFinite(updatedMs)) return null;
  return {
    id: entryId(category, r.message_id),
    updatedMs,
    title: entryTitle(label, r.title),
    link,
    content: facts([['message', r.message_id], ['department', r.department], ['board', r.board], ['posted', r.posted_at], ...more]),
    category,
  };
}

function overdueEntry(r: OverdueRow): Entry | null {
  return messageEntry('overdue', '逾期未答复 overdue', r, r.deadline_at, [
    ['deadline', `${r.deadline_at} (${r.sla_hours} h)`],
    ['waited hours', r.waited_hours],
  ]);
}

function answeredEntry(r: AnsweredRow): Entry | null {
  return messageEntry('answered', '已获答复 answered', r, r.first_reply_at, [
    ['first reply', r.first_reply_at],
    ['reply hours', r.reply_hours],
  ]);
}

/** What a previous snapshot said: which messages were overdue, which were still unanswered. */
export interface SnapshotState {
  overdueIds: Set<string>;
  unansweredIds: Set<string>;
}

/** Reads a snapshot folder's overdue.jsonl and messages.jsonl into a SnapshotState. */
export async function readSnapshotState(dir: string): Promise<SnapshotState> {
  const overdueIds = new Set<string>();
  for await (const r of readJsonl(dir, 'overdue')) overdueIds.add(String(r.message_id));
  const unansweredIds = new Set<string>();
  for await (const r of readJsonl(dir, 'messages')) {
    if (str(r, 'first_reply_at') === null) unansweredIds.add(String(r.message_id));
  }
  return { overdueIds, unansweredIds };
}

/**
 * Newly overdue and newly answered messages, from the previous snapshot's state (null when
 * there is none) and this snapshot's overdue rows and message rows (messages.csv columns).
 */
export async function feedChanges(
  previous: SnapshotState | null,
  overdue: readonly OverdueRow[],
  messages: Iterable<SnapshotRow> | AsyncIterable<SnapshotRow>,
): Promise<FeedChanges> {
  const newlyOverdue = overdue.filter((r) => !previous?.overdueIds.has(r.message_id));
  const newlyAnswered: AnsweredRow[] = [];
  if (previous) {
    for await (const m of messages) {
      const id = String(m.message_id);
      const firstReplyAt = str(m, 'first_reply_at');
      if (firstReplyAt === null || !previous.unansweredIds.has(id)) continue;
      newlyAnswered.push({
        message_id: id,
        board: str(m, 'board'),
        department: str(m, 'department'),
        title: str(m, 'title'),
        url: String(m.url),
        posted_at: str(m, 'posted_at'),
        first_reply_at: firstReplyAt,
        reply_hours: num(m, 'reply_hours'),
      });
    }
  }
  return { newlyOverdue: [...newlyOverdue], newlyAnswered };
}
