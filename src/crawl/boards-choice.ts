/**
 * Boards of a multi-board source (people-liuyan): `crawl <source> --board <fid>[,...]` picks
 * them and the archive remembers the choice (`crawl_state`), so a later crawl without
 * `--board` goes on with the same boards.
 */
import { readCrawlState, writeCrawlState } from '../archive/crawl-state.js';
import type { Db } from '../archive/db.js';
import type { SourceAdapter } from '../sources/types.js';

/** The crawl_state key the chosen boards are kept under. */
export const BOARDS_KEY = 'boards';

/**
 * The sources as this run crawls them. A multi-board source gets the boards given now (and
 * remembers them), else those it was built with, else the remembered ones; one with none at
 * all is kept (its revisits still run) and `warn` says how to choose.
 */
export async function chooseBoards(
  db: Db,
  sources: readonly SourceAdapter[],
  given: Readonly<Record<string, readonly number[]>> | undefined,
  warn: (message: string) => void,
): Promise<SourceAdapter[]> {
  const out: SourceAdapter[] = [];
  for (const s of sources) {
    if (!s.withBoards) {
      out.push(s);
      continue;
    }
    const now = given?.[s.id];
    if (now?.length) {
      await writeCrawlState(db, s.id, BOARDS_KEY, [...now]);
      out.push(s.withBoards(now));
      continue;
    }
    if (s.boards?.length) {
      out.push(s);
      continue;
    }
    const remembered = await readCrawlState<number[]>(db, s.id, BOARDS_KEY);
    if (remembered?.length) out.push(s.withBoards(remembered));
    else {
      warn(`${s.id}: no boards chosen yet; name them once with --board <fid>[,<fid>...] (see \`wenzheng boards ${s.id}\`)`);
      out.push(s);
    }
  }
  return out;
}

/** Parses `--board 539,1007`: whole positive numbers, no repeats; null for a bad value. */
export function parseBoardList(value: string): number[] | null {
  const parts = value.split(',').map((p) => p.trim());
  if (parts.some((p) => !/^[1-9]\d{0,9}$/.test(p))) return null;
  return [...new Set(parts.map(Number))];
}
