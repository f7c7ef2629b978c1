/**
 * Dates for snapshots of archives crawled during a test with the real clock. A snapshot's
 * `--date` is a Beijing calendar day and must not lie before what the archive fetched, so a
 * fixed date goes stale (and from 16:00 UTC on its own day it is already yesterday in Beijing).
 */
import { chinaDateOf } from '../../src/extract/time.js';

/** Tomorrow's date in Beijing (YYYY-MM-DD): after anything a test fetches, however long it runs. */
export function dateAfterNow(): string {
  return chinaDateOf(new Date(Date.now() + 24 * 3_600_000).toISOString());
}
