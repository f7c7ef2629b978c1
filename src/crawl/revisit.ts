/**
 * Revisits of unanswered messages on boards whose lists do not show every change. The
 * interval grows with the message's age (a quarter of it, from 6 hours up to 14 days), so
 * fresh complaints are watched closely and old ones now and then.
 */
import type { Db } from '../archive/db.js';
import type { FrontierEntry } from '../archive/frontier.js';
import { unansweredMessages } from '../archive/lookups.js';
import { getRequest } from '../model/request.js';
import type { SourceAdapter } from '../sources/types.js';

const HOUR = 3_600_000;
const MIN_INTERVAL = 6 * HOUR;
const MAX_INTERVAL = 14 * 24 * HOUR;

/** How long after its last visit an unanswered message posted `ageMs` ago is due again. */
export function revisitInterval(ageMs: number): number {
  return Math.min(MAX_INTERVAL, Math.max(MIN_INTERVAL, ageMs / 4));
}

/** The unanswered messages of these sources that are due for a visit at `now`. */
export async function dueRevisits(db: Db, sources: readonly SourceAdapter[], now: Date): Promise<FrontierEntry[]> {
  const out: FrontierEntry[] = [];
  for (const adapter of sources.filter((s) => s.revisitUnanswered)) {
    const rows = await unansweredMessages(db, { sourceId: adapter.id });
    for (const r of rows) {
      const posted = Date.parse(r.postedAt ?? r.lastSeenAt);
      const age = Math.max(0, now.getTime() - posted);
      if (now.getTime() - Date.parse(r.lastSeenAt) >= revisitInterval(age)) {
        const request = adapter.revisitRequest?.(r) ?? getRequest(adapter.canonicalUrl(r.url), 'thread');
        out.push({ sourceId: adapter.id, request });
      }
    }
  }
  return out;
}
