/**
 * The write path's operations through kysely (write-steps.ts): for any caller holding a kysely
 * handle or transaction, on either engine (tests, department look-ups). A crawl or
 * re-extraction writes through prepared statements instead (write-ops-sqlite.ts, write-ops-pg.ts).
 */
import { markCaptureExtracted } from './captures.js';
import type { Db } from './db.js';
import { addFrontierRow, markFrontier } from './frontier.js';
import type { AsyncWriteOps } from './write-steps.js';

/** Regions already read, by archive: a stored region never changes (upsertSource keeps it). */
const regionsRead = new WeakMap<Db, Map<string, string | null>>();

/** The operations of the write path on `db` (a kysely handle or transaction). */
export function kyselyWriteOps(db: Db): AsyncWriteOps {
  return {
    async setListSignature(sourceId, externalId, signature) {
      await db.updateTable('message').set({ listSignature: signature }).where('sourceId', '=', sourceId).where('externalId', '=', externalId).execute();
    },
    async markGone(sourceId, externalId, now) {
      const res = await db
        .updateTable('message')
        .set({ goneAt: now, lastChangedAt: now })
        .where('sourceId', '=', sourceId)
        .where('externalId', '=', externalId)
        .where('goneAt', 'is', null)
        .executeTakeFirst();
      return Number(res.numUpdatedRows);
    },
    async sourceRegion(sourceId) {
      let known = regionsRead.get(db);
      if (!known) regionsRead.set(db, (known = new Map()));
      const cached = known.get(sourceId);
      if (cached !== undefined) return cached;
      const row = await db.selectFrom('source').select('region').where('id', '=', sourceId).executeTakeFirst();
      // Only a stated region is remembered: a row without one may get it when the board is crawled.
      if (row?.region) known.set(sourceId, row.region);
      return row?.region ?? null;
    },
    async messageByKey(sourceId, externalId) {
      return db
        .selectFrom('message')
        .select(['id', 'url', 'title', 'body', 'authorHash', 'board', 'category', 'statusRaw', 'postedAt', 'publishedAt', 'boardReplyCount', 'satisfaction', 'pageCount', 'lastPostAt'])
        .where('sourceId', '=', sourceId)
        .where('externalId', '=', externalId)
        .executeTakeFirst();
    },
    async messageIdOf(sourceId, externalId) {
      const row = await db.selectFrom('message').select('id').where('sourceId', '=', sourceId).where('externalId', '=', externalId).executeTakeFirst();
      return row?.id ?? null;
    },
    async insertMessage(row) {
      const inserted = await db
        .insertInto('message')
        .values({ ...row, goneAt: null, replyCount: 0, listSignature: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      return inserted.id;
    },
    async updateMessage(id, values, lastChangedAt) {
      await db
        .updateTable('message')
        .set({ ...values, goneAt: null, ...(lastChangedAt ? { lastChangedAt } : {}) })
        .where('id', '=', id)
        .execute();
    },
    async touchMessage(id, sighting) {
      await db
        .updateTable('message')
        .set({ ...sighting, goneAt: null })
        .where('id', '=', id)
        .execute();
    },
    async linkReportItems(messageId, url) {
      await db.updateTable('reportItem').set({ messageId }).where('url', '=', url).where('messageId', 'is', null).execute();
    },
    async derivedOf(messageId) {
      return db
        .selectFrom('message')
        .select(['status', 'replyCount', 'firstReplyAt', 'departmentId', 'departmentSource'])
        .where('id', '=', messageId)
        .executeTakeFirstOrThrow();
    },
    async officialReplies(messageId) {
      return db
        .selectFrom('reply')
        .select(['repliedAt', 'departmentId'])
        .where('messageId', '=', messageId)
        .where('official', '=', 1)
        .orderBy('repliedAt')
        .orderBy('id')
        .execute();
    },
    async setDerived(messageId, derived, lastChangedAt) {
      await db
        .updateTable('message')
        .set({ ...derived, lastChangedAt })
        .where('id', '=', messageId)
        .execute();
    },
    async lastObservation(messageId) {
      return db
        .selectFrom('messageObservation')
        .select(['status', 'replyCount'])
        .where('messageId', '=', messageId)
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
    },
    async addObservation(row) {
      await db.insertInto('messageObservation').values(row).execute();
    },
    async replyByKey(messageId, externalId) {
      return db
        .selectFrom('reply')
        .select(['id', 'departmentId', 'authorHash', 'body', 'repliedAt', 'official', 'floor'])
        .where('messageId', '=', messageId)
        .where('externalId', '=', externalId)
        .executeTakeFirst();
    },
    async insertReply(row) {
      await db
        .insertInto('reply')
        .values(row)
        .onConflict((oc) => oc.columns(['messageId', 'externalId']).doNothing())
        .execute();
    },
    async updateReply(id, values) {
      await db.updateTable('reply').set(values).where('id', '=', id).execute();
    },
    async touchReply(id, sighting) {
      await db.updateTable('reply').set(sighting).where('id', '=', id).execute();
    },
    async departmentByAlias(scope, alias) {
      const row = await db.selectFrom('departmentAlias').select('departmentId').where('scope', '=', scope).where('alias', '=', alias).executeTakeFirst();
      return row?.departmentId;
    },
    async addDepartment(row) {
      await db
        .insertInto('department')
        .values(row)
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    },
    async addDepartmentAlias(scope, alias, departmentId) {
      await db.insertInto('departmentAlias').values({ scope, alias, departmentId }).onConflict((oc) => oc.doNothing()).execute();
    },
    async reportByKey(sourceId, externalId) {
      return db.selectFrom('report').select(['id', 'contentHash']).where('sourceId', '=', sourceId).where('externalId', '=', externalId).executeTakeFirst();
    },
    async insertReport(sourceId, externalId, values) {
      const row = await db
        .insertInto('report')
        .values({ ...values, sourceId, externalId })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async updateReport(id, values) {
      await db.updateTable('report').set(values).where('id', '=', id).execute();
    },
    async clearReportRows(reportId) {
      await db.deleteFrom('reportFigure').where('reportId', '=', reportId).execute();
      await db.deleteFrom('reportItem').where('reportId', '=', reportId).execute();
    },
    async addReportFigure(row) {
      await db.insertInto('reportFigure').values(row).execute();
    },
    async messageIdByUrl(url) {
      return (await db.selectFrom('message').select('id').where('url', '=', url).executeTakeFirst())?.id ?? null;
    },
    async addReportItem(row) {
      await db.insertInto('reportItem').values(row).execute();
    },
    markFrontier: (mark) => markFrontier(db, mark),
    addFrontierRow: (row, now) => addFrontierRow(db, row, now),
    markCaptureExtracted: (captureId, extractorVersion) => markCaptureExtracted(db, { captureId, extractorVersion }),
  };
}
