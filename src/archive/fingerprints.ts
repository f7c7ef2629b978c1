/**
 * Fingerprints of a source's records (messages, replies, reports): one short hash per record of
 * everything it says, leaving out bookkeeping (when it was seen, which capture and extractor
 * version wrote it). Comparing the fingerprints before and after a re-extraction tells what it
 * changed, however many captures rewrote a record on the way.
 */
import { createHash } from 'node:crypto';
import type { Db } from './db.js';
import type { MessageTable, ReplyTable, ReportTable } from './schema.js';

/**
 * What a record says, by kind: the columns both ways of telling what a re-extraction changed
 * compare (these fingerprints, and records-before.ts in SQL). Bookkeeping is left out.
 */
export const SAID_COLUMNS = {
  message: [
    'url', 'title', 'body', 'authorHash', 'board', 'departmentId', 'category', 'status', 'statusRaw', 'postedAt', 'publishedAt',
    'firstReplyAt', 'replyCount', 'boardReplyCount', 'views', 'satisfaction', 'lastPostAt', 'pageCount', 'goneAt',
  ],
  reply: ['departmentId', 'authorHash', 'body', 'repliedAt', 'official', 'floor'],
  report: ['url', 'title', 'kind', 'publishedAt', 'periodStart', 'periodEnd', 'contentHash'],
} as const satisfies { message: readonly (keyof MessageTable)[]; reply: readonly (keyof ReplyTable)[]; report: readonly (keyof ReportTable)[] };

export interface RecordFingerprints {
  messages: Map<string, string>;
  replies: Map<string, string>;
  reports: Map<string, string>;
}

const digest = (values: readonly unknown[]): string => createHash('sha1').update(JSON.stringify(values)).digest('base64').slice(0, 16);

const PAGE = 5_000;

/**
 * Reads rows page by page in id order (keyset paging: the same on SQLite and PostgreSQL, and
 * memory stays flat); `page(after)` returns up to PAGE rows with ids above `after`.
 */
async function* pages<R extends { id: number }>(page: (after: number) => Promise<R[]>): AsyncIterable<R> {
  let after = -1;
  for (;;) {
    const rows = await page(after);
    yield* rows;
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1]!.id;
  }
}

/** The fingerprints of every record of `sourceId`, keyed by external id (replies: message id, reply id). */
export async function recordFingerprints(db: Db, sourceId: string): Promise<RecordFingerprints> {
  const out: RecordFingerprints = { messages: new Map(), replies: new Map(), reports: new Map() };
  const messages = pages((after) =>
    db
      .selectFrom('message')
      .select(['id', 'externalId', ...SAID_COLUMNS.message])
      .where('sourceId', '=', sourceId)
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)
      .execute(),
  );
  for await (const { id: _id, externalId, ...rest } of messages) out.messages.set(externalId, digest(Object.values(rest)));
  const replies = pages((after) =>
    db
      .selectFrom('reply')
      .innerJoin('message', 'message.id', 'reply.messageId')
      .select(['reply.id', 'message.externalId as messageExternalId', 'reply.externalId', ...SAID_COLUMNS.reply.map((c) => `reply.${c}` as const)])
      .where('message.sourceId', '=', sourceId)
      .where('reply.id', '>', after)
      .orderBy('reply.id')
      .limit(PAGE)
      .execute(),
  );
  for await (const { id: _id, messageExternalId, externalId, ...rest } of replies) out.replies.set(`${messageExternalId}\u0000${externalId}`, digest(Object.values(rest)));
  const reports = pages((after) =>
    db
      .selectFrom('report')
      .select(['id', 'externalId', ...SAID_COLUMNS.report])
      .where('sourceId', '=', sourceId)
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)
      .execute(),
  );
  for await (const { id: _id, externalId, ...rest } of reports) out.reports.set(externalId, digest(Object.values(rest)));
  return out;
}

/** New, changed and unchanged records between two fingerprint maps (records gone are not counted). */
export function compareFingerprints(before: Map<string, string>, after: Map<string, string>): { new: number; changed: number; unchanged: number } {
  const t = { new: 0, changed: 0, unchanged: 0 };
  for (const [key, fp] of after) {
    const old = before.get(key);
    if (old === undefined) t.new++;
    else if (old === fp) t.unchanged++;
    else t.changed++;
  }
  return t;
}
