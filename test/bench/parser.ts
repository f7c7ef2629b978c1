/**
 * Stage 5, parser: the Discuz! thread parser (`discuz` adapter) on the real 271 KB page saved
 * from bbs.talkop.com in ../shared/fixtures/real; skipped with a note when ../shared is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findAdapter } from '../../src/sources/index.js';
import { log, median, repoRoot, round, runChild, secondsSince } from './measure.js';

export const PARSER_PAGE = 'fixtures/real/discuz-bbs.talkop.com/thread-111668-1-1.html';
const PAGE_URL = 'http://bbs.talkop.com/thread-111668-1-1.html';

interface Args {
  file: string;
  rounds: number;
  /** Seconds each round parses for (at least). */
  roundSeconds: number;
}

/** Parses the page over and over: a warm-up, then `rounds` timed rounds; pages/s of each. */
async function run(args: Args): Promise<number[]> {
  const adapter = findAdapter('discuz');
  if (!adapter) throw new Error('no discuz adapter');
  const page = { url: PAGE_URL, body: readFileSync(args.file, 'utf8'), contentType: 'text/html; charset=utf-8' };
  for (let i = 0; i < 5; i++) adapter.parse(page);
  const rates: number[] = [];
  for (let r = 0; r < args.rounds; r++) {
    const start = performance.now();
    let n = 0;
    while (n < 3 || secondsSince(start) < args.roundSeconds) {
      adapter.parse(page);
      n++;
    }
    rates.push(n / secondsSince(start));
  }
  return rates;
}

export const tasks = { run };

export interface ParserFigures {
  pagesPerSec: number | null;
  page: string;
  bytes?: number;
  rounds?: number[];
  note?: string;
}

/** Runs the parser stage in a child process. */
export async function parserStage(rounds: number, roundSeconds: number): Promise<ParserFigures> {
  const file = path.resolve(repoRoot, '..', 'shared', PARSER_PAGE);
  if (!existsSync(file)) {
    const note = `skipped: ${file} is absent (the shared fixtures live beside the repository)`;
    log(`  ${note}`);
    return { pagesPerSec: null, page: PARSER_PAGE, note };
  }
  const { result } = await runChild<number[]>('parser.run', { file, rounds, roundSeconds } satisfies Args);
  const pagesPerSec = round(median(result), 1);
  log(`  parser: ${pagesPerSec} pages/s (rounds: ${result.map((r) => round(r, 1)).join(', ')})`);
  return { pagesPerSec, page: PARSER_PAGE, bytes: readFileSync(file).byteLength, rounds: result.map((r) => round(r, 1)) };
}
