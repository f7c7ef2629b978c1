/**
 * Errors raised by the pure parsing layer. A ParseError means the page does not have the
 * shape the adapter requires: a parser bug or a changed site, never worth a retry.
 */
export class ParseError extends Error {
  override name = 'ParseError';
  constructor(
    /** The page the parser was reading. */
    readonly url: string,
    /** What was missing or malformed: a selector, a field, a status word. */
    readonly part: string,
    detail?: string,
  ) {
    super(`cannot parse ${url}: ${part}${detail ? ` (${detail})` : ''}`);
  }
}

/**
 * The site answered but refused the request as asked (a signed API whose key changed): the
 * adapter's own way of asking no longer works, though the page may still be read the way the
 * site's front end reads it (SourceAdapter.browserRoute).
 */
export class RequestRefusedError extends ParseError {
  override name = 'RequestRefusedError';
}

/** The page is a block page (WAF, CAPTCHA, rate-limit notice) served in place of content. */
export class BlockPageError extends Error {
  override name = 'BlockPageError';
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`blocked at ${url}: ${reason}`);
  }
}
