/**
 * The crawl frontier, kept in the archive so a killed run resumes where it stopped: every
 * request to make, keyed by its request key (model/request.ts; the URL for a GET), `pending`
 * until its page is stored (in the same transaction), then `done`; `failed` after the last
 * retry, to be tried again by the next run. On a PostgreSQL archive many workers share it,
 * each fetching the rows it leases (leases.ts).
 */
import type { PageKind } from '../model/extraction.js';
import { requestKey, toRequest, type PageRequest } from '../model/request.js';
import type { Db } from './db.js';
import { dropFinishedLeases, lockFrontierRound } from './leases.js';

export interface FrontierEntry {
  sourceId: string;
  request: PageRequest;
}

/** A frontier row's request columns. */
export type FrontierRow = { key: string; url: string; method: string; body: string | null; headers: string | null; sourceId: string; kind: string };

/** A request as its frontier row stores it. */
export function rowOf(e: FrontierEntry): FrontierRow {
  const r = e.request;
  return {
    key: requestKey(r),
    url: r.url,
    method: r.method,
    body: r.body ?? null,
    headers: r.headers ? JSON.stringify(r.headers) : null,
    sourceId: e.sourceId,
    kind: r.kind,
  };
}

function entryOf(row: Omit<FrontierRow, 'key'>): FrontierEntry {
  const headers = row.headers ? (JSON.parse(row.headers) as Record<string, string>) : null;
  return { sourceId: row.sourceId, request: toRequest({ ...row, kind: row.kind as PageKind, headers }) };
}

/**
 * Prepares the frontier for a run over `sources`. When unfinished work is there (pending
 * rows: a run was killed or stopped), it is resumed and pages already stored stay done.
 * Otherwise done rows are cleared, failed ones retried and the start requests queued.
 * Returns what to fetch and whether this run resumes.
 */
export async function prepareFrontier(
  db: Db,
  sources: string[],
  starts: FrontierEntry[],
  now: string,
  opts: { full?: boolean; shared?: boolean } = {},
): Promise<{ entries: FrontierEntry[]; resumed: boolean }> {
  return db.transaction().execute(async (trx) => {
    // Workers sharing a PostgreSQL archive start one at a time here: the first starts the
    // round, the others join its pending work.
    if (opts.shared) await lockFrontierRound(trx);
    const pending = await trx
      .selectFrom('frontier')
      .select('key')
      .where('sourceId', 'in', sources)
      .where('state', '=', 'pending')
      .limit(1)
      .execute();
    const resumed = pending.length > 0 && !(opts.full && !opts.shared);
    if (!resumed) {
      if (opts.shared) await dropFinishedLeases(trx, sources);
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
        .values({ ...rowOf(s), state: 'pending', attempts: 0, lastError: null, updatedAt: now })
        .onConflict((oc) => (resumed ? oc.doNothing() : oc.column('key').doUpdateSet({ state: 'pending', updatedAt: now })))
        .execute();
    }
    const rows = await trx
      .selectFrom('frontier')
      .select(['url', 'method', 'body', 'headers', 'sourceId', 'kind'])
      .where('sourceId', 'in', sources)
      .where('state', '=', 'pending')
      .orderBy('updatedAt')
      .execute();
    return { entries: rows.map(entryOf), resumed };
  });
}

/** Adds newly discovered requests as pending; returns those that were not known to this run. */
export async function addToFrontier(db: Db, entries: FrontierEntry[], now: string): Promise<FrontierEntry[]> {
  const added: FrontierEntry[] = [];
  for (const e of entries) if (await addFrontierRow(db, rowOf(e), now)) added.push(e);
  return added;
}

/** Adds one pending row unless its key is there; returns whether it was added. */
export async function addFrontierRow(db: Db, row: FrontierRow, now: string): Promise<boolean> {
  const res = await db
    .insertInto('frontier')
    .values({ ...row, state: 'pending', attempts: 0, lastError: null, updatedAt: now })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** A request done (its page is stored) or failed (with why). */
export interface FrontierMark {
  key: string;
  state: 'done' | 'failed';
  at: string;
  error?: string | null;
}

/** Marks a request done (its page is stored) or failed (with why). */
export async function markFrontier(db: Db, mark: FrontierMark): Promise<void> {
  await db
    .updateTable('frontier')
    .set((eb) => ({ state: mark.state, updatedAt: mark.at, lastError: mark.error ?? null, attempts: eb('attempts', '+', 1) }))
    .where('key', '=', mark.key)
    .execute();
}
