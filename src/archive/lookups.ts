/**
 * Reads the crawl makes to decide what to fetch: how a message's list row looked last time,
 * whether a page's record is already stored, which messages still wait for an answer.
 */
import type { Db } from './db.js';

/** What the archive knows of a message that a list row can contradict. */
export interface StoredListState {
  title: string | null;
  boardReplyCount: number | null;
  lastPostAt: string | null;
  statusRaw: string | null;
  status: string | null;
  listSignature: string | null;
}

/** The stored state of one message as its list rows show it, or undefined when it is new. */
export async function messageListState(
  db: Db,
  key: { sourceId: string; externalId: string },
): Promise<StoredListState | undefined> {
  return db
    .selectFrom('message')
    .select(['title', 'boardReplyCount', 'lastPostAt', 'statusRaw', 'status', 'listSignature'])
    .where('sourceId', '=', key.sourceId)
    .where('externalId', '=', key.externalId)
    .executeTakeFirst();
}

/** Whether a report (kind `report`) or a message (any other kind) is stored under one of these URLs. */
export async function isPageKnown(db: Db, page: { kind: string; urls: string[] }): Promise<boolean> {
  const table = page.kind === 'report' ? 'report' : 'message';
  const row = await db.selectFrom(table).select('id').where('url', 'in', page.urls).limit(1).executeTakeFirst();
  return row != null;
}

/** A stored message a revisit may find changed. */
export interface RevisitCandidate {
  url: string;
  externalId: string;
  postedAt: string | null;
  lastSeenAt: string;
  /** Whether an official answer is stored (status `replied`). */
  answered: boolean;
  /** The latest reply of any kind (official answer or the citizen's follow-up) stored for it. */
  lastReplyAt: string | null;
}

/**
 * The messages of one source that the board still shows and that may still change: every
 * unanswered one (neither replied nor closed) and, when `activeSince` is given, the answered
 * ones with a reply at or after it (a follow-up and a second answer can still come).
 */
export async function revisitCandidates(db: Db, q: { sourceId: string; activeSince: string | null }): Promise<RevisitCandidate[]> {
  const rows = await db
    .selectFrom('message')
    .select(['url', 'externalId', 'postedAt', 'lastSeenAt', 'status'])
    .select((eb) => eb.selectFrom('reply').select((r) => r.fn.max('reply.repliedAt').as('at')).whereRef('reply.messageId', '=', 'message.id').as('lastReplyAt'))
    .where('sourceId', '=', q.sourceId)
    .where('goneAt', 'is', null)
    .where((eb) => {
      const open = eb.or([eb('status', 'is', null), eb('status', 'not in', ['replied', 'closed'])]);
      if (q.activeSince === null) return open;
      const since = q.activeSince;
      const recent = eb.and([
        eb('status', '=', 'replied'),
        eb.exists(eb.selectFrom('reply').select('reply.id').whereRef('reply.messageId', '=', 'message.id').where('reply.repliedAt', '>=', since)),
      ]);
      return eb.or([open, recent]);
    })
    .execute();
  return rows.map((r) => ({
    url: r.url,
    externalId: r.externalId,
    postedAt: r.postedAt,
    lastSeenAt: r.lastSeenAt,
    answered: r.status === 'replied',
    lastReplyAt: r.lastReplyAt ?? null,
  }));
}

/** Whether any message or report of this source is stored. */
export async function sourceHasRecords(db: Db, q: { sourceId: string }): Promise<boolean> {
  const row =
    (await db.selectFrom('message').select('id').where('sourceId', '=', q.sourceId).limit(1).executeTakeFirst()) ??
    (await db.selectFrom('report').select('id').where('sourceId', '=', q.sourceId).limit(1).executeTakeFirst());
  return row != null;
}

/** Whether any page of these sources is still waiting or failed in the frontier. */
export async function hasUnfinishedWork(db: Db, sourceIds: readonly string[]): Promise<boolean> {
  if (!sourceIds.length) return false;
  const row = await db.selectFrom('frontier').select('url').where('sourceId', 'in', [...sourceIds]).where('state', '!=', 'done').limit(1).executeTakeFirst();
  return row !== undefined;
}
