/**
 * Test oracles of the snapshot (issue 12): plain, separate ways to compute what the one-pass
 * snapshot writes, so the tests can compare its bytes against them. Nothing in src calls them:
 * - writeChanges merges the previous messages.jsonl with the archive's messages, both in
 *   message_id order, the way changes.csv was written before the single pass;
 * - writeFeed builds feed.xml from the finished snapshot folders alone;
 * - kaplanMeier, kmQuantile and naiveQuantile compute the lag figures message by message, by
 *   the textbook rule, against LagSweep's single pass.
 */
import { createReadStream, existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { SqliteArchive } from '../../src/archive/db.js';
import { MESSAGE, SnapshotRead } from '../../src/archive/snapshot-read.js';
import type { ChangeRow } from '../../src/model/published.js';
import { changeOf, type MessageState } from '../../src/publish/changes.js';
import { TableWriter, type WrittenFile } from '../../src/publish/csv.js';
import { readJsonl, readOverdueRows } from '../../src/publish/dashboard/read.js';
import { buildFeed, feedChanges, readSnapshotState, type FeedChanges } from '../../src/publish/feed.js';
import type { Lag } from '../../src/publish/lag.js';
import { columnsOf, TABLES } from '../../src/publish/published-schemas.js';
import { sourcesInIdOrder } from '../../src/publish/tables.js';

/** Writes changes.csv/.jsonl against `previousDir` (null: the first snapshot). */
export async function writeChanges(archive: SqliteArchive, dir: string, previousDir: string | null): Promise<WrittenFile[]> {
  const out = new TableWriter<ChangeRow>(dir, 'changes', columnsOf(TABLES.changes) as (keyof ChangeRow & string)[]);
  try {
    const previousFile = previousDir ? path.join(previousDir, 'messages.jsonl') : null;
    if (previousFile && existsSync(previousFile)) {
      const previous = readStates(previousFile)[Symbol.asyncIterator]();
      let prev = (await previous.next()).value as MessageState | undefined;
      const emit = async (id: string, change: ChangeRow['change'] | null) => {
        if (change) await out.write({ message_id: id, change });
      };
      for (const cur of currentStates(archive)) {
        while (prev && prev.message_id < cur.message_id) {
          await emit(prev.message_id, changeOf(prev, null));
          prev = (await previous.next()).value as MessageState | undefined;
        }
        if (prev && prev.message_id === cur.message_id) {
          await emit(cur.message_id, changeOf(prev, cur));
          prev = (await previous.next()).value as MessageState | undefined;
        } else await emit(cur.message_id, changeOf(null, cur));
      }
      for (; prev; prev = (await previous.next()).value as MessageState | undefined) await emit(prev.message_id, changeOf(prev, null));
    }
    return await out.close();
  } catch (err) {
    out.destroy();
    throw err;
  }
}

/** The archive's messages in message_id order (the order messages.csv is written in). */
function* currentStates(archive: SqliteArchive): Generator<MessageState> {
  const read = SnapshotRead.of(archive);
  for (const source of sourcesInIdOrder(read)) {
    for (const m of read.messageRows(source)) {
      yield { message_id: `${source}:${m[MESSAGE.externalId]}`, status: m[MESSAGE.status], reply_count: m[MESSAGE.replyCount], gone_at: m[MESSAGE.goneAt] };
    }
  }
}

/** A snapshot's messages.jsonl, line by line. */
async function* readStates(file: string): AsyncGenerator<MessageState> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const r = JSON.parse(line.replace(/^\ufeff/, '')) as Partial<MessageState>;
    yield { message_id: String(r.message_id), status: r.status ?? null, reply_count: Number(r.reply_count ?? 0), gone_at: r.gone_at ?? null };
  }
}

export interface WriteFeedOptions {
  /** The previous snapshot's folder, or null for the first snapshot. */
  previousDir: string | null;
  /** The snapshot's date, YYYY-MM-DD (the folder may still be a temporary one). */
  snapshotDate: string;
  updated?: string;
  selfUrl?: string;
  limit?: number;
}

/**
 * Writes `<snapshotDir>/feed.xml` from the snapshot's own overdue.jsonl and messages.jsonl
 * (written first) and the previous snapshot's. Returns the changes it listed.
 */
export async function writeFeed(snapshotDir: string, opts: WriteFeedOptions): Promise<FeedChanges> {
  const previous = opts.previousDir ? await readSnapshotState(opts.previousDir) : null;
  const changes = await feedChanges(previous, await readOverdueRows(snapshotDir), readJsonl(snapshotDir, 'messages'));
  const xml = buildFeed({
    ...changes,
    snapshotDate: opts.snapshotDate,
    updated: opts.updated,
    selfUrl: opts.selfUrl,
    limit: opts.limit,
  });
  await writeFile(path.join(snapshotDir, 'feed.xml'), xml);
  return changes;
}

/** The p-quantile over answered messages only (smallest t with F(t) >= p); null when none. */
export function naiveQuantile(lags: readonly Lag[], p: number): number | null {
  return kmQuantile(lags.filter((l) => l.answered), p);
}

const EPS = 1e-9;

function byTimeEventsFirst(a: Lag, b: Lag): number {
  return a.hours - b.hours || Number(b.answered) - Number(a.answered);
}

/** The Kaplan-Meier survival curve: S just after each distinct event time. */
export function kaplanMeier(lags: readonly Lag[]): { hours: number; survival: number }[] {
  const sorted = [...lags].sort(byTimeEventsFirst);
  let atRisk = sorted.length;
  let s = 1;
  const out: { hours: number; survival: number }[] = [];
  for (let i = 0; i < sorted.length; ) {
    const t = sorted[i]!.hours;
    let events = 0;
    let leaving = 0;
    for (; i < sorted.length && sorted[i]!.hours === t; i++, leaving++) if (sorted[i]!.answered) events++;
    if (events > 0) {
      s *= 1 - events / atRisk;
      out.push({ hours: t, survival: s });
    }
    atRisk -= leaving;
  }
  return out;
}

/** The p-quantile (0 < p < 1) of the lag by Kaplan-Meier; null when S(t) never reaches 1 - p. */
export function kmQuantile(lags: readonly Lag[], p: number): number | null {
  return kaplanMeier(lags).find((pt) => pt.survival <= 1 - p + EPS)?.hours ?? null;
}
