/**
 * The department lookup table. A printed name is resolved within the region it was read in
 * (the message's, else the board's): 洪山区 on a Hubei board is 武汉市洪山区, and the same words
 * on a board of another province, or a national one, are another alias of another unit. A
 * department's id is derived from its canonical name and region (its GB/T 2260 code, else the
 * region it was read in), so the same unit has the same id in every archive.
 */
import { createHash } from 'node:crypto';
import { resolveDepartment, type ResolvedDepartment } from '../extract/departments.js';
import type { Db } from './db.js';
import { kyselyWriteOps } from './write-ops-kysely.js';
import { call, runAsync, type Steps } from './write-steps.js';

/**
 * The scope names are resolved in: the six-digit code of a city or county a board (or a
 * message) is placed in, where its bare unit names belong (东莞 441900: 轨道交通局 is 东莞市's);
 * else a province's two-digit code; else `national`.
 */
export function departmentScope(region: string | null | undefined): string {
  if (region && /^\d{6}$/.test(region) && !region.endsWith('0000')) return region;
  return region && /^\d{2}/.test(region) ? region.slice(0, 2) : 'national';
}

/**
 * The id of the department `canonicalName` in `regionKey` (its region code, else the scope it
 * was read in): the first 48 bits of sha256 of `<regionKey>|<canonicalName>`, a safe integer.
 * The migration `2026-12-05-figures-scoped-departments` computes the same for older rows.
 */
export function stableDepartmentId(regionKey: string, canonicalName: string): number {
  return Number.parseInt(createHash('sha256').update(`${regionKey}|${canonicalName}`).digest('hex').slice(0, 12), 16);
}

/** Resolution is pure and names repeat on every page: remember it (a few thousand units). */
const resolvedByName = new Map<string, ResolvedDepartment | null>();

function resolveCached(raw: string, scope: string): ResolvedDepartment | null {
  const key = `${scope}\u0000${raw}`;
  let r = resolvedByName.get(key);
  if (r === undefined) {
    r = resolveDepartment(raw, scope.length === 6 ? { province: scope.slice(0, 2), place: scope } : { province: scope });
    if (resolvedByName.size > 50_000) resolvedByName.clear();
    resolvedByName.set(key, r);
  }
  return r;
}

/**
 * The id of the department printed as `raw` in `region` (GB/T 2260 code or `national`;
 * absent: national), creating it on first sight; null for no name.
 */
export async function departmentIdFor(db: Db, raw: string | null | undefined, region: string | null | undefined): Promise<number | null> {
  return runAsync(departmentIdSteps(raw, region), kyselyWriteOps(db));
}

/** departmentIdFor as steps of the write path (write-steps.ts). */
export function* departmentIdSteps(raw: string | null | undefined, region: string | null | undefined): Steps<number | null> {
  const scope = departmentScope(region);
  const resolved = raw ? resolveCached(raw, scope) : null;
  if (!resolved) return null;
  const known = yield* call('departmentByAlias', scope, resolved.name);
  if (known !== undefined) return known;
  const id = stableDepartmentId(resolved.regionCode ?? scope, resolved.canonicalName);
  yield* call('addDepartment', {
    id,
    name: resolved.canonicalName,
    canonicalName: resolved.canonicalName,
    regionCode: resolved.regionCode,
    regionName: resolved.regionName,
    level: resolved.level,
    scope,
  });
  yield* call('addDepartmentAlias', scope, resolved.name, id);
  return id;
}
