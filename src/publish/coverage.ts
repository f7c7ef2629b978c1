/**
 * coverage.csv and coverage.jsonl: per board and day, how many messages the archive holds,
 * their id range, how many ids are missing between them (on boards whose ids are sequential
 * numbers) and how many pages of the board are still failing, so users can judge how complete
 * the data are before counting. A message's day is its posting day in Beijing time (its
 * first-seen day when the board gives no posting time). A gap between two consecutive ids is
 * counted once, on the day of the id after it: deleted, unpublished (rejected in review) or
 * not yet crawled messages all leave gaps.
 */
import type { SnapshotRead } from '../archive/snapshot-read.js';
import type { CoverageRow } from '../model/published.js';
import { writeTable, type WrittenFile } from './csv.js';
import { columnsOf, TABLES } from './published-schemas.js';
import { sourcesInIdOrder } from './tables.js';

const BEIJING_MS = 8 * 3_600_000;
const DIGITS = /^\d+$/;

/** The Beijing calendar day of an ISO time. */
export function beijingDay(iso: string): string {
  if (iso.endsWith('+08:00')) return iso.slice(0, 10);
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso.slice(0, 10) : new Date(ms + BEIJING_MS).toISOString().slice(0, 10);
}

interface Day {
  messages: number;
  first: string;
  last: string;
  firstN: number;
  lastN: number;
  missing: number;
}

/** The coverage rows of the archive, by source (in message id order) and day. */
export function coverageRows(read: SnapshotRead): CoverageRow[] {
  const failed = new Map<string, number>();
  for (const [source, at] of read.failedPages()) {
    const key = `${source}\t${beijingDay(at)}`;
    failed.set(key, (failed.get(key) ?? 0) + 1);
  }
  const sources = sourcesInIdOrder(read);
  for (const key of failed.keys()) {
    const source = key.slice(0, key.indexOf('\t'));
    if (!sources.includes(source)) sources.push(source);
  }
  const rows: CoverageRow[] = [];
  for (const source of sources) {
    const days = new Map<string, Day>();
    let sequential = true;
    let previous: number | null = null;
    for (const [id, postedAt, firstSeenAt] of read.messageIdRows(source)) {
      const numeric = DIGITS.test(id);
      if (!numeric) sequential = false;
      const n = numeric ? Number(id) : NaN;
      const dayKey = beijingDay(postedAt ?? firstSeenAt);
      let d = days.get(dayKey);
      if (!d) days.set(dayKey, (d = { messages: 0, first: id, last: id, firstN: n, lastN: n, missing: 0 }));
      d.messages++;
      if (numeric) {
        if (previous !== null && n > previous + 1) d.missing += n - previous - 1;
        previous = n;
        if (!(n >= d.firstN)) [d.first, d.firstN] = [id, n];
        if (!(n <= d.lastN)) [d.last, d.lastN] = [id, n];
      } else {
        if (id < d.first) d.first = id;
        if (id > d.last) d.last = id;
      }
    }
    for (const key of failed.keys()) {
      if (key.startsWith(`${source}\t`)) {
        const day = key.slice(source.length + 1);
        if (!days.has(day)) days.set(day, { messages: 0, first: '', last: '', firstN: NaN, lastN: NaN, missing: 0 });
      }
    }
    for (const day of [...days.keys()].sort()) {
      const d = days.get(day)!;
      rows.push({
        source,
        day,
        messages: d.messages,
        first_id: d.messages ? d.first : null,
        last_id: d.messages ? d.last : null,
        missing_ids: sequential && d.messages ? d.missing : null,
        pages_failed: failed.get(`${source}\t${day}`) ?? 0,
      });
    }
  }
  return rows;
}

/** Writes coverage.csv and coverage.jsonl. */
export async function writeCoverage(read: SnapshotRead, dir: string): Promise<WrittenFile[]> {
  return writeTable(dir, 'coverage', columnsOf(TABLES.coverage) as (keyof CoverageRow & string)[], coverageRows(read));
}
