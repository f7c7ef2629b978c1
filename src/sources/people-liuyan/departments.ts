/**
 * The national department resolver: an answering unit (`answerOrganization`, a reply's
 * `organization`) read within the region of the board it answered on, so a bare 朝阳区人民政府
 * on a Beijing board is Beijing's. Units on a ministry board that name no place are ministries.
 */
import { resolveDepartment } from '../../extract/departments.js';
import type { Board } from './boards.js';

export type UnitLevel = 'province' | 'prefecture' | 'county' | 'township' | 'ministry' | 'unknown';

/** An answering unit with its region (GB/T 2260), level and, for a leader's board, the post. */
export interface ResolvedUnit {
  name: string;
  canonicalName: string;
  regionCode: string | null;
  regionName: string | null;
  level: UnitLevel;
}

/** Resolves an answering unit's name within the board's province; null for an empty name. */
export function resolveAnswerUnit(raw: string | null, board: Board | null): ResolvedUnit | null {
  // Province '00' matches no province: only a name that names its own place gets a region.
  const province = board?.regionCode?.slice(0, 2) ?? '00';
  const r = resolveDepartment(raw, { province });
  if (!r) return null;
  if (r.regionCode === null && board?.level === 'ministry') return { ...r, level: 'ministry' };
  return r;
}
