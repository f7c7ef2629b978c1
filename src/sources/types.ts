/**
 * What every board adapter provides. Adapters are pure: they turn a fetched page into an
 * Extraction and say which URLs to start from; they never fetch, store or log.
 */
import type { Extraction, Message, PageKind } from '../model/extraction.js';
import type { PageRequest } from '../model/request.js';

export { getRequest, postRequest, type PageRequest } from '../model/request.js';

/** A fetched page as the parsers see it: decoded text and the public URL it came from. */
export interface Page {
  /** Canonical public URL (never a mapped local origin). */
  url: string;
  /** The body decoded to text (charset already resolved). */
  body: string;
  /** The Content-Type header, when known. */
  contentType?: string | null;
  /**
   * The request this page answers (method and body too), so an API board can tell which list
   * page a POST answer is. `extract` gives a GET of its --url (without one: of the base URL,
   * kind `other`). Optional only for callers outside the ingest path.
   */
  request?: PageRequest;
  /**
   * When the site answered, by its own clock (its HTTP Date header, else the fetch time), ISO.
   * Only answers that stand for a day, such as a site's running totals, need it.
   */
  servedAt?: string | null;
}

/** The region of a board that takes messages from the whole country. */
export const NATIONAL = 'national';

export interface SourceAdapter {
  /** Stable adapter id (CONTRACT.md section 2). */
  readonly id: string;
  /** Human name of the board. */
  readonly name: string;
  /** Public base URL of the board. */
  readonly baseUrl: string;
  /** Public origins (scheme://host[:port]) this adapter fetches from. */
  readonly origins: readonly string[];
  /** Page kinds this adapter can parse. */
  readonly pageKinds: readonly PageKind[];
  /** Extractor version; bump whenever the output for the same page changes. */
  readonly version: string;
  /** Hours within which a message is expected to get an official answer. */
  readonly slaHours: number;
  /**
   * Requests per second per host this board should get unless the user says otherwise (a
   * board that throttles hard states less than the usual 1).
   */
  readonly defaultRate: number;
  /**
   * Where the board's messages come from: the GB/T 2260 code of its province or city (six
   * digits, `420000` for Hubei, `441900` for 东莞), NATIONAL for a board of the whole country,
   * or null when not known (a generic engine adapter pointed at any site). Stored in the
   * board's `source` row at first crawl; the archive resolves department names within it
   * (洪山区 is a Hubei district) unless a message gives its own region (Message.region).
   */
  readonly region: string | null;
  /**
   * Whether unanswered messages must be revisited on a schedule because the board's lists do
   * not show every change (a status word moving from 待回复 to 办理中 deep in a list). Boards
   * that list by last activity (Discuz) leave it off.
   */
  readonly revisitUnanswered?: boolean;
  /**
   * On such a board, for how many days after its latest reply an answered message is revisited
   * too: where a follow-up and a second official answer show only on the message's own page
   * (the list keeps showing the first answer). Off when absent.
   */
  readonly revisitAnsweredDays?: number;
  /** Where a crawl starts: requests of public URLs (`getRequest(url, kind)` for a GET board). */
  startUrls(): PageRequest[];
  /** The kind of page a public URL points to, or null when this adapter does not know it. */
  pageKindOf(url: string): PageKind | null;
  /** Normalises a public URL (drops tracking noise, fixes the host) so one page has one URL. */
  canonicalUrl(url: string): string;
  /**
   * For a thread whose list row changed: the pages worth fetching, given the reply count the
   * row showed before (null when unknown). Default: the thread's first page, which links the
   * rest. Forums answer with the page where the new posts start.
   */
  changedThreadPages?(row: Message, replyCountBefore: number | null): PageRequest[];
  /**
   * The request that reads a stored message again (a revisit of an unanswered one). Default:
   * a GET of its canonical URL. Boards whose messages are read by POST say how.
   */
  revisitRequest?(message: { url: string; externalId: string }): PageRequest;
  /**
   * Removes from a fetched body what the archive must never keep (personal data the board's
   * answers carry besides what it shows), before the body is stored or parsed. Most boards
   * have none.
   */
  scrubBody?(text: string, request: PageRequest): string;
  /** Parses one page; throws ParseError when a required part is missing. */
  parse(page: Page): Extraction;
  /**
   * A multi-board source (people-liuyan): the boards this instance crawls, and the same
   * adapter for other boards. `crawl <source> --board` picks them and the archive remembers.
   */
  readonly boards?: readonly number[];
  withBoards?(boards: readonly number[]): SourceAdapter;
  /** A board behind a WAF that needs a warm-up, paced POSTs and long back-offs (see SessionPolicy). */
  readonly session?: SessionPolicy;
  /**
   * Lists newest first by a rising id, where a message may be made public up to
   * `reviewWindowHours` after it was posted (so below ids already seen): paging goes down to
   * the ids already seen and on through that window. `boardOf` names the board a list page
   * belongs to (the key its paging state is kept under).
   */
  /**
   * When the site refuses the adapter's own request (RequestRefusedError: a signing key that
   * changed), the public page whose own script asks for the same answer, and which of its
   * requests that is: the crawler loads the page in Chromium and keeps the site's answer.
   */
  browserRoute?(request: PageRequest): BrowserRoute | null;
  readonly lateListing?: { reviewWindowHours: number; boardOf(page: Extraction): string | null };
}

/** A public page to load instead of a refused request, and the page's request that gets the answer. */
export interface BrowserRoute {
  /** Public URL of the page (mapped through --origin like any other). */
  pageUrl: string;
  /** Whether a request the page makes (by path, method) is the one whose answer stands for the refused request. */
  answers(path: string, method: string): boolean;
}

/**
 * How a board behind a WAF is asked politely (DOMAIN-liuyan.md 1.5): a warm-up GET earns the
 * cookies the WAF wants on every POST; POSTs to the host are spaced by `postIntervalMs` plus
 * up to `postJitterMs`; a 403/429 holds the host for `blockBackoffMs` times the attempt, then a
 * fresh warm-up, and `blockAttempts` such answers in a row stop the run (exit 4).
 */
export interface SessionPolicy {
  /** The warm-up GET to send before `request` when its host has no cookies yet; null: none needed. */
  warmUp(request: PageRequest): PageRequest | null;
  postIntervalMs: number;
  postJitterMs: number;
  blockBackoffMs: number;
  blockAttempts: number;
}
