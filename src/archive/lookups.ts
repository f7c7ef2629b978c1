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

/** A message still waiting for an answer (neither replied nor closed) and still on its board. */
export interface UnansweredMessage {
  url: string;
  externalId: string;
  postedAt: string | null;
  lastSeenAt: string;
}

/** The unanswered messages of one source that the board still shows. */
export async function unansweredMessages(db: Db, q: { sourceId: string }): Promise<UnansweredMessage[]> {
  return db
    .selectFrom('message')
    .select(['url', 'externalId', 'postedAt', 'lastSeenAt'])
    .where('sourceId', '=', q.sourceId)
    .where('goneAt', 'is', null)
    .where((eb) => eb.or([eb('status', 'is', null), eb('status', 'not in', ['replied', 'closed'])]))
    .execute();
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
