/** The department lookup table: one row per distinct printed name, aliases beside it. */
import { resolveDepartment } from '../extract/departments.js';
import type { Db } from './db.js';

/** Resolution is pure and names repeat on every page: remember it (a few thousand units). */
const resolvedByName = new Map<string, ReturnType<typeof resolveDepartment>>();

function resolveCached(raw: string): ReturnType<typeof resolveDepartment> {
  let r = resolvedByName.get(raw);
  if (r === undefined) {
    r = resolveDepartment(raw);
    if (resolvedByName.size > 50_000) resolvedByName.clear();
    resolvedByName.set(raw, r);
  }
  return r;
}

/** The id of the department printed as `raw`, creating it on first sight; null for no name. */
export async function departmentIdFor(db: Db, raw: string | null | undefined): Promise<number | null> {
  const resolved = raw ? resolveCached(raw) : null;
  if (!resolved) return null;
  const alias = await db
    .selectFrom('departmentAlias')
    .select('departmentId')
    .where('alias', '=', resolved.name)
    .executeTakeFirst();
  if (alias) return alias.departmentId;
  const existing = await db
    .selectFrom('department')
    .select('id')
    .where('canonicalName', '=', resolved.canonicalName)
    .executeTakeFirst();
  const id =
    existing?.id ??
    (
      await db
        .insertInto('department')
        .values({
          name: resolved.canonicalName,
          canonicalName: resolved.canonicalName,
          regionCode: resolved.regionCode,
          regionName: resolved.regionName,
          level: resolved.level,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  await db.insertInto('departmentAlias').values({ alias: resolved.name, departmentId: id }).onConflict((oc) => oc.doNothing()).execute();
  return id;
}
