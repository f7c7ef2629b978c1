/**
 * Source rows: one per board adapter id (CONTRACT.md section 5), with the board's facts as its
 * adapter stated them when the board was first crawled (SLA hours, default request rate,
 * region). Facts are never overwritten afterwards: the archive, not the code version reading
 * it, decides what a snapshot says about a board.
 */
import type { Db } from './db.js';
import type { SourceTable } from './schema.js';

export interface SourceRow {
  id: string;
  name: string;
  baseUrl: string;
  /** Hours within which a message is expected to get an official answer. */
  slaHours: number;
  /** Requests per second per host unless the user says otherwise. */
  defaultRate: number;
  /** GB/T 2260 code of the board's province, 'national', or null when not known. */
  region: string | null;
}

/**
 * Inserts a source's row, or refreshes its name and base URL when it is there already; facts
 * already stored stay as they are (only a row without them, written by an older version or a
 * tool, gets them now).
 */
export async function upsertSource(db: Db, s: SourceRow): Promise<void> {
  await db
    .insertInto('source')
    .values({ id: s.id, name: s.name, baseUrl: s.baseUrl, slaHours: s.slaHours, defaultRate: s.defaultRate, region: s.region })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        name: s.name,
        baseUrl: s.baseUrl,
        slaHours: eb.fn.coalesce('source.slaHours', eb.ref('excluded.slaHours')),
        defaultRate: eb.fn.coalesce('source.defaultRate', eb.ref('excluded.defaultRate')),
        region: eb.fn.coalesce('source.region', eb.ref('excluded.region')),
      })),
    )
    .execute();
}

/** A board's facts as the archive stores them (null where a row never got one): its source row. */
export type SourceFacts = SourceTable;

/** Every source row with its facts, by id. */
export async function sourceFacts(db: Db): Promise<SourceFacts[]> {
  return db.selectFrom('source').select(['id', 'name', 'baseUrl', 'slaHours', 'defaultRate', 'region']).orderBy('id').execute();
}
