/**
 * Revisits of messages on boards whose lists do not show every change. An unanswered message
 * is due by its age (a quarter of it, from 6 hours up to 14 days), so fresh complaints are
 * watched closely and old ones now and then. On boards whose answered messages still change
 * only on their own page (a follow-up, a second answer: `revisitAnsweredDays`), an answered
 * message is due the same way by the time since its latest reply, until that is older than
 * the board's window.
 */
import type { Db } from '../archive/db.js';
import type { FrontierEntry } from '../archive/frontier.js';
import { revisitCandidates } from '../archive/lookups.js';
import { toChinaIso } from '../extract/time.js';
import { getRequest } from '../model/request.js';
import type { SourceAdapter } from '../sources/types.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MIN_INTERVAL = 6 * HOUR;
const MAX_INTERVAL = 14 * 24 * HOUR;

/** How long after its last visit an unanswered message posted `ageMs` ago is due again. */
export function revisitInterval(ageMs: number): number {
  return Math.min(MAX_INTERVAL, Math.max(MIN_INTERVAL, ageMs / 4));
}

/** The messages of these sources that are due for a visit at `now`. */
export async function dueRevisits(db: Db, sources: readonly SourceAdapter[], now: Date): Promise<FrontierEntry[]> {
  const out: FrontierEntry[] = [];
  for (const adapter of sources.filter((s) => s.revisitUnanswered)) {
    const days = adapter.revisitAnsweredDays;
    const activeSince = days ? toChinaIso(new Date(now.getTime() - days * DAY)) : null;
    const rows = await revisitCandidates(db, { sourceId: adapter.id, activeSince });
    for (const r of rows) {
      const since = Date.parse((r.answered ? r.lastReplyAt : r.postedAt) ?? r.lastSeenAt);
      const age = Math.max(0, now.getTime() - since);
      if (now.getTime() - Date.parse(r.lastSeenAt) >= revisitInterval(age)) {
        const request = adapter.revisitRequest?.(r) ?? getRequest(adapter.canonicalUrl(r.url), 'thread');
        out.push({ sourceId: adapter.id, request });
      }
    }
  }
  return out;
}
