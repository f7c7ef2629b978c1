/** Source rows: one per board adapter id (CONTRACT.md section 5). */
import type { Db } from './db.js';

export interface SourceRow {
  id: string;
  name: string;
  baseUrl: string;
}

/** Inserts a source's row, or refreshes its name and base URL when it is there already. */
export async function upsertSource(db: Db, s: SourceRow): Promise<void> {
  await db
    .insertInto('source')
    .values({ id: s.id, name: s.name, baseUrl: s.baseUrl })
    .onConflict((oc) => oc.column('id').doUpdateSet({ name: s.name, baseUrl: s.baseUrl }))
    .execute();
}
