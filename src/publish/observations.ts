/**
 * observations.csv and observations.jsonl: the status history of every published message
 * (when a crawl saw it pending, in progress, replied, ...), streamed from the archive in the
 * order of `message_id`, then `observed_at`. Two observations of one message at the same
 * instant (one crawl applying two pages of a thread) are published as the later one: the state
 * the crawl left the message in at that time, so (`message_id`, `observed_at`) is a key.
 */
import { OBSERVATION, type ObservationRow, type SnapshotRead } from '../archive/snapshot-read.js';
import type { ObservationRow as PublishedObservation } from '../model/published.js';
import type { WrittenFile } from './csv.js';
import { TABLES } from './published-schemas.js';
import { RowFiles } from './row-lines.js';
import { sourcesInIdOrder } from './tables.js';

const { externalId: ID, observedAt: AT, status: STATUS, replyCount: COUNT } = OBSERVATION;

/** Writes the observations files into `dir` (`read` inside the snapshot's read transaction). */
export async function writeObservations(read: SnapshotRead, dir: string): Promise<WrittenFile[]> {
  const out = new RowFiles<PublishedObservation>(dir, TABLES.observations);
  const write = (source: string, r: ObservationRow) =>
    out.write({ message_id: `${source}:${r[ID]}`, observed_at: r[AT], status: r[STATUS] as PublishedObservation['status'], reply_count: r[COUNT] });
  try {
    for (const source of sourcesInIdOrder(read)) {
      let held: ObservationRow | null = null;
      for (const r of read.observationRows(source)) {
        if (held && (held[ID] !== r[ID] || held[AT] !== r[AT])) {
          const pending = write(source, held);
          if (pending) await pending;
        }
        held = r;
      }
      if (held) await write(source, held);
    }
    return await out.close();
  } catch (err) {
    out.destroy();
    throw err;
  }
}
