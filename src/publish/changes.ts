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
import type { ChangeRow } from '../model/published.js';

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
