/**
 * The crawl frontier, kept in the archive so a killed run resumes where it stopped: every
 * URL to fetch, `pending` until its page is stored (in the same transaction), then `done`;
 * `failed` after the last retry, to be tried again by the next run.
 */
import type { Db } from './db.js';

export interface FrontierEntry {
  url: string;
  sourceId: string;
  kind: string;
}

/**
 * Prepares the frontier for a run over `sources`. When unfinished work is there (pending
 * rows: a run was killed or stopped), it is resumed and pages already stored stay done.
 * Otherwise done rows are cleared, failed ones retried and the start URLs queued.
 * Returns what to fetch and whether this run resumes.
 */
export async function prepareFrontier(
  db: Db,
  sources: string[],
  starts: FrontierEntry[],
  now: string,
  opts: { full?: boolean } = {},
): Promise<{ entries: FrontierEntry[]; resumed: boolean }> {
  return db.transaction().execute(async (trx) => {
    const pending = await trx
      .selectFrom('frontier')
      .select('url')
      .where('sourceId', 'in', sources)
      .where('state', '=', 'pending')
      .limit(1)
      .execute();
    const resumed = pending.length > 0 && !opts.full;
    if (!resumed) {
      await trx.deleteFrom('frontier').where('sourceId', 'in', sources).where('state', '=', 'done').execute();
      await trx
        .updateTable('frontier')
        .set({ state: 'pending', updatedAt: now })
        .where('sourceId', 'in', sources)
        .execute();
    }
    for (const s of starts) {
      await trx
        .insertInto('frontier')
        .values({ ...s, state: 'pending', attempts: 0, lastError: null, updatedAt: now })
        .onConflict((oc) => (resumed ? oc.doNothing() : oc.column('url').doUpdateSet({ state: 'pending', updatedAt: now })))
        .execute();
    }
    const entries = await trx
      .selectFrom('frontier')
      .select(['url', 'sourceId', 'kind'])
      .where('sourceId', 'in', sources)
      .where('state', '=', 'pending')
      .orderBy('updatedAt')
      .execute();
    return { entries, resumed };
  });
}

/** Adds newly discovered URLs as pending; returns those that were not known to this run. */
export async function addToFrontier(db: Db, entries: FrontierEntry[], now: string): Promise<FrontierEntry[]> {
  const added: FrontierEntry[] = [];
  for (const e of entries) {
    const res = await db
      .insertInto('frontier')
      .values({ ...e, state: 'pending', attempts: 0, lastError: null, updatedAt: now })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(res.numInsertedOrUpdatedRows ?? 0) > 0) added.push(e);
  }
  return added;
}

/** Marks a URL done (its page is stored) or failed (with why). */
export async function markFrontier(
  db: Db,
  url: string,
  state: 'done' | 'failed',
  now: string,
  error: string | null = null,
): Promise<void> {
  await db
    .updateTable('frontier')
    .set((eb) => ({ state, updatedAt: now, lastError: error, attempts: eb('attempts', '+', 1) }))
    .where('url', '=', url)
    .execute();
}
