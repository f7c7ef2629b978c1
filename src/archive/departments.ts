/** The department lookup table: one row per distinct printed name, aliases beside it. */
import { resolveDepartment } from '../extract/departments.js';
import type { Db } from './db.js';

/** The id of the department printed as `raw`, creating it on first sight; null for no name. */
export async function departmentIdFor(db: Db, raw: string | null | undefined): Promise<number | null> {
  const resolved = resolveDepartment(raw);
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
    Number(
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
          .executeTakeFirstOrThrow()
      ).insertId,
    );
  await db.insertInto('departmentAlias').values({ alias: resolved.name, departmentId: id }).onConflict((oc) => oc.doNothing()).execute();
  return id;
}
