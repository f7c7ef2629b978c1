/**
 * The tables a snapshot writes beside its message pass: replies and captures, then the status
 * history (observations). They need only a snapshot read, so the table worker
 * (table-worker.ts) writes them all on the second core while the main thread writes the
 * message files; without the worker the main thread writes them after the message pass.
 * Coverage is the main thread's, after its pass (the worker's share was the longer one).
 */
import type { WrittenFile } from './csv.js';
import { writeObservations } from './observations.js';
import { writeCaptures, writeReplies, type TableContext } from './tables.js';

/** What the side tables came to, by file group (the snapshot lists them in its own order). */
export interface SideTables {
  /** replies.csv/.jsonl, then captures.csv/.jsonl. */
  files: WrittenFile[];
  observations: WrittenFile[];
  /** Official replies counted on the way (stats.json), and by source id (README.md). */
  officialReplies: number;
  officialBySource: Map<string, number>;
}

/**
 * Writes replies, captures and observations, one after the other; `onJsonl` hears
 * when replies.jsonl and observations.jsonl are complete (their Parquet copies can start).
 */
export async function writeSideTables(ctx: TableContext, onJsonl: (table: 'replies' | 'observations') => void = () => undefined): Promise<SideTables> {
  const replies = await writeReplies(ctx);
  onJsonl('replies');
  const captures = await writeCaptures(ctx);
  const observations = await writeObservations(ctx.read, ctx.dir);
  onJsonl('observations');
  return { files: [...replies.files, ...captures], officialReplies: replies.officialReplies, officialBySource: replies.officialBySource, observations };
}
