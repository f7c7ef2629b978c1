/**
 * Stage 5, parser: the Discuz! thread parser (`discuz` adapter) on the real 271 KB page saved
 * from bbs.talkop.com in ../shared/fixtures/real; skipped with a note when ../shared is absent.
 * Beside it, round by round in the same process: htmlparser2's Parser over the page with no
 * handler (its Tokenizer plus the Parser's tree rules and strings), what the adapter's one-pass
 * reader rode on until it came to drive the Tokenizer itself with those rules; and, for reference, what a DOM-based parser starts from: `loadHtml`
 * (cheerio over htmlparser2 building the document), nothing queried.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Parser } from 'htmlparser2';
import { loadHtml } from '../../src/extract/dom.js';
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

/** Pages/s of `parse` over one round of at least `seconds` (and three pages). */
function roundRate(parse: () => unknown, seconds: number): number {
  const start = performance.now();
  let n = 0;
  while (n < 3 || secondsSince(start) < seconds) {
    parse();
    n++;
  }
  return n / secondsSince(start);
}

/** htmlparser2's Parser reading the page in the adapter's mode, telling no one. */
function tokenize(html: string): void {
  new Parser(null, { decodeEntities: true }).end(html);
}

interface Rates {
  adapter: number[];
  tokenizeOnly: number[];
  loadOnly: number[];
}

/**
 * Parses the page over and over: a warm-up, then `rounds` timed rounds of the adapter, each
 * followed by one of htmlparser2's Parser over the page alone and one of loading it into a document.
 */
async function run(args: Args): Promise<Rates> {
  const adapter = findAdapter('discuz');
  if (!adapter) throw new Error('no discuz adapter');
  const page = { url: PAGE_URL, body: readFileSync(args.file, 'utf8'), contentType: 'text/html; charset=utf-8' };
  for (let i = 0; i < 5; i++) {
    adapter.parse(page);
    tokenize(page.body);
    loadHtml(page.body);
  }
  const out: Rates = { adapter: [], tokenizeOnly: [], loadOnly: [] };
  for (let r = 0; r < args.rounds; r++) {
    out.adapter.push(roundRate(() => adapter.parse(page), args.roundSeconds));
    out.tokenizeOnly.push(roundRate(() => tokenize(page.body), args.roundSeconds));
    out.loadOnly.push(roundRate(() => loadHtml(page.body), args.roundSeconds));
  }
  return out;
}

export const tasks = { run };

export interface ParserFigures {
  pagesPerSec: number | null;
  page: string;
  bytes?: number;
  rounds?: number[];
  /**
   * htmlparser2's Parser over the page, no handler (median of the rounds). No longer a floor:
   * the adapter drives the Tokenizer itself, without the Parser's work.
   */
  tokenizeOnlyPagesPerSec?: number;
  /** pagesPerSec / tokenizeOnlyPagesPerSec. */
  ratioToTokenizeOnly?: number;
  /** loadHtml alone (htmlparser2 building the document), nothing queried (median of the rounds): where a DOM-based parser starts. */
  loadOnlyPagesPerSec?: number;
  /** pagesPerSec / loadOnlyPagesPerSec. */
  ratioToLoadOnly?: number;
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
  const { result } = await runChild<Rates>('parser.run', { file, rounds, roundSeconds } satisfies Args);
  const pagesPerSec = round(median(result.adapter), 1);
  const tokenizeOnly = round(median(result.tokenizeOnly), 1);
  const loadOnly = round(median(result.loadOnly), 1);
  log(`  parser: ${pagesPerSec} pages/s (rounds: ${result.adapter.map((r) => round(r, 1)).join(', ')}); tokenizing alone ${tokenizeOnly} pages/s, loading a document ${loadOnly} pages/s`);
  return {
    pagesPerSec,
    page: PARSER_PAGE,
    bytes: readFileSync(file).byteLength,
    rounds: result.adapter.map((r) => round(r, 1)),
    tokenizeOnlyPagesPerSec: tokenizeOnly,
    ratioToTokenizeOnly: round(pagesPerSec / tokenizeOnly, 3),
    loadOnlyPagesPerSec: loadOnly,
    ratioToLoadOnly: round(pagesPerSec / loadOnly, 3),
  };
}
