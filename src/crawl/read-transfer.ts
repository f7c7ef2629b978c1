/**
 * Reading a page on another thread: the page goes over as plain data naming its adapter by
 * id, the thread finds that adapter (findAdapter) and reads the page as ingest.ts does
 * (readPage: decode, parse, validate), and the outcome comes back as plain data too and is
 * revived here into a ReadOutcome, a ParseError (or one of its kinds) still that class with
 * the same message and fields. Only an adapter that findAdapter gives back for its own id can
 * be read this way (readsOffThread): one built at run time from options cannot be rebuilt
 * from its id by the other thread and is read on the thread that holds it.
 */
import { BlockPageError, ParseError, RequestRefusedError } from '../extract/errors.js';
import type { Extraction } from '../model/extraction.js';
import type { PageRequest } from '../model/request.js';
import { SignatureRefusedError } from '../sources/people-liuyan/envelope.js';
import { findAdapter } from '../sources/index.js';
import type { SourceAdapter } from '../sources/types.js';
import { tryReadPage, type PageInput, type ReadOutcome } from './ingest.js';

/** A page to read on another thread: PageInput with its adapter named by id (structured-clone safe). */
export type PageToRead = {
  adapterId: string;
  request: PageRequest;
  contentType: string | null;
  servedAt?: string | null;
} & ({ bytes: Uint8Array; text?: string } | { bytes?: undefined; text: string });

/** An error as it crosses threads: its class name, message, stack and own fields (url, part, ...). */
export interface SentError {
  name: string;
  message: string;
  stack?: string;
  fields: Record<string, string | number | boolean | null>;
}

/** What reading a page on another thread gave, as it crosses back. */
export type SentOutcome = { extraction: Extraction } | { error: SentError };

/**
 * Whether a page of `adapter` can be read on another thread: only when findAdapter gives back
 * this very adapter for its id. findAdapter is a function of the id alone (the registry, or a
 * configured board built from its id and kept), so another thread's findAdapter(id) builds the
 * same adapter from the same code. Anything else (an adapter made from options, a test's own,
 * one whose id the registry gives to another object) is read on the thread that holds it.
 */
export function readsOffThread(adapter: SourceAdapter): boolean {
  return findAdapter(adapter.id) === adapter;
}

/** The page as it goes to another thread, or null when its adapter must be read here (readsOffThread). */
export function pageToRead(page: PageInput): PageToRead | null {
  if (!readsOffThread(page.adapter)) return null;
  const { adapter, ...rest } = page;
  return { ...rest, adapterId: adapter.id } as PageToRead;
}

/**
 * On the reading thread: reads a page as readPage does (the same ParseError for the same
 * request) with the adapter findAdapter gives for its id, and puts the outcome in a form that
 * crosses threads (sendable).
 */
export function readSent(page: PageToRead): SentOutcome {
  const { adapterId, ...rest } = page;
  const adapter = findAdapter(adapterId);
  if (!adapter) return { error: sendError(new Error(`unknown source '${adapterId}' on the reading thread`)) };
  return sendable(tryReadPage({ ...rest, adapter } as PageInput));
}

/** A ReadOutcome as it crosses threads: the extraction as is (plain data), an error taken apart. */
export function sendable(outcome: ReadOutcome): SentOutcome {
  return 'error' in outcome ? { error: sendError(outcome.error) } : outcome;
}

/** An error's name, message, stack and own fields that are plain values. */
function sendError(err: unknown): SentError {
  const e = err instanceof Error ? err : new Error(String(err));
  const fields: SentError['fields'] = {};
  for (const [k, v] of Object.entries(e)) {
    if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) fields[k] = v as string | number | boolean | null;
  }
  return { name: e.name, message: e.message, stack: e.stack, fields };
}

/** The error classes a page's reading throws on purpose, by name; they come back as themselves. */
const KNOWN: Record<string, new (...args: never[]) => Error> = {
  ParseError,
  RequestRefusedError,
  SignatureRefusedError,
  BlockPageError,
};

/**
 * On the thread that sent the page: the outcome as readPage's own, a ParseError (or
 * RequestRefusedError, SignatureRefusedError, BlockPageError) revived as that class with its
 * message and fields, any other error as an Error of the same name and message.
 */
export function reviveOutcome(sent: SentOutcome): ReadOutcome {
  return 'error' in sent ? { error: reviveError(sent.error) } : sent;
}

/** An error taken apart by sendError, put back together. */
export function reviveError(sent: SentError): Error {
  const known = Object.hasOwn(KNOWN, sent.name) ? KNOWN[sent.name]! : null;
  // A real Error (as util.types.isNativeError sees it) of that class, its constructor not rerun:
  // the message it builds is the one sent.
  const err = (known ? Reflect.construct(Error, [sent.message], known) : new Error(sent.message)) as Error;
  if (sent.stack !== undefined) Object.defineProperty(err, 'stack', { value: sent.stack, writable: true, configurable: true, enumerable: false });
  Object.assign(err, sent.fields);
  if (!known) err.name = sent.name;
  return err;
}
