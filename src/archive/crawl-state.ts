/**
 * Small facts a source keeps between runs (`crawl_state`): the boards a multi-board source was
 * told to crawl, where its paging stopped. Values are JSON text under a key per source.
 */
import type { Db } from './db.js';

/** The value stored under `key` for a source, parsed; undefined when none is stored. */
export async function readCrawlState<T>(db: Db, sourceId: string, key: string): Promise<T | undefined> {
  const row = await db.selectFrom('crawlState').select('value').where('sourceId', '=', sourceId).where('key', '=', key).executeTakeFirst();
  return row ? (JSON.parse(row.value) as T) : undefined;
}

/** Stores (or replaces) the value under `key` for a source. */
export async function writeCrawlState(db: Db, sourceId: string, key: string, value: unknown): Promise<void> {
  const text = JSON.stringify(value);
  await db
    .insertInto('crawlState')
    .values({ sourceId, key, value: text })
    .onConflict((oc) => oc.columns(['sourceId', 'key']).doUpdateSet({ value: text }))
    .execute();
}
