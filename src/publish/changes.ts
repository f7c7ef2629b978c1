/**
 * changes.csv: what happened to each message since the previous snapshot, found by merging the
 * previous snapshot's messages.jsonl with the archive's messages, both in message_id order
 * (streamed; neither side is held in memory). One change per message, the first that applies:
 * - `new`: not in the previous snapshot;
 * - `gone`: the board stopped showing it (gone_at set since), or it is no longer published;
 * - `replied`: it has more official replies than before (its first, or another);
 * - `status_changed`: its status differs otherwise.
 * With no previous snapshot the file has its header only: there is nothing to compare with.
 */
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { SqliteArchive } from '../archive/db.js';
import { MESSAGE, SnapshotRead } from '../archive/snapshot-read.js';
import type { ChangeRow } from '../model/published.js';
import { TableWriter, type WrittenFile } from './csv.js';
import { columnsOf, TABLES } from './published-schemas.js';
import { sourcesInIdOrder } from './tables.js';

/** What a snapshot says about one message, for comparison. */
export interface MessageState {
  message_id: string;
  status: string | null;
  reply_count: number;
  gone_at: string | null;
}

/** The change between two states of a message (either may be absent), or null for none. */
export function changeOf(previous: MessageState | null, current: MessageState | null): ChangeRow['change'] | null {
  if (!previous) return current ? 'new' : null;
  if (!current) return previous.gone_at ? null : 'gone';
  if (current.gone_at && !previous.gone_at) return 'gone';
  if (current.reply_count > previous.reply_count) return 'replied';
  if (current.status !== previous.status) return 'status_changed';
  return null;
}

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
