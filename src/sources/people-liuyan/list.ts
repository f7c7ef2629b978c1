/**
 * A board's list page: the unsigned form POST `queryThreadsList` (`fid, lastItem, pageSize`),
 * answering about 10 items, newest (highest tid) first, each with the first official answer
 * inline (`answerId, answerContent, answerOrganization, answerDateline`). The next page is
 * asked for with `lastItem` = the last tid of this one; an empty page is the board's end.
 */
import { ParseError } from '../../extract/errors.js';
import type { Extraction, Link, Reply } from '../../model/extraction.js';
import { emptyExtraction } from '../../model/extraction.js';
import { parseFormAnswer } from './envelope.js';
import { isObject, type JsonObject, readBody, readInt, readText, readTime } from '../../extract/json-fields.js';
import { fidOf, messageOfItem, tidOf } from './message.js';
import type { LiuyanRequest } from './requests.js';
import { detailUrl, listUrl } from './urls.js';

/** How a list page links on: the requests for a message's detail and for the next list page. */
export interface ListLinks {
  detail(tid: number): LiuyanRequest;
  next(fid: number, lastItem: number): LiuyanRequest;
}

/** Links as URLs with the request in their query (for a page parsed without a signer). */
export const URL_LINKS: ListLinks = {
  detail: (tid) => ({ kind: 'thread', url: detailUrl(tid), method: 'POST' }),
  next: (fid, lastItem) => ({ kind: 'list', url: listUrl(fid, lastItem), method: 'POST' }),
};

/** A request as an Extraction link: kind, URL and, for a POST, method, body and headers. */
function asLink(r: LiuyanRequest): Link {
  const kind = r.kind === 'list' ? 'list' : 'thread';
  if (r.body === undefined) return { url: r.url, kind };
  return { url: r.url, kind, method: r.method, body: r.body, ...(r.headers ? { headers: r.headers } : {}) } as Link;
}

/** The id of an official answer: the site's answer id when given, else the first answer's. */
export function answerExternalId(tid: number, answerId: number | null, n: number): string {
  return answerId !== null ? `${tid}-a${answerId}` : `${tid}-r${n}`;
}

function inlineAnswer(url: string, item: JsonObject, at: string, tid: number): Reply | null {
  const body = readBody(url, item.answerContent, `${at}.answerContent`);
  if (body === null) return null;
  return {
    messageExternalId: String(tid),
    externalId: answerExternalId(tid, readInt(url, item.answerId, `${at}.answerId`), 1),
    department: readText(url, item.answerOrganization, `${at}.answerOrganization`),
    author: null,
    body,
    repliedAt: readTime(url, item.answerDateline, `${at}.answerDateline`),
    official: true,
    floor: null,
  };
}

/**
 * Parses one list answer. Every row must be of one board (the request's `fid`, when the URL
 * names it). Rows are messages as the list shows them (body is the list's excerpt), each with
 * a link to its detail; the inline answer is an official reply. Throws ParseError for an
 * envelope that is not `result: "success"`.
 */
export function parseListPage(source: string, url: string, body: string, requestedFid: number | null, links: ListLinks = URL_LINKS): Extraction {
  const items = parseFormAnswer(url, body);
  const out = emptyExtraction(source, url, 'list');
  let fid = requestedFid;
  let lastTid: number | null = null;
  items.forEach((raw, i) => {
    const at = `responseData[${i}]`;
    if (!isObject(raw)) throw new ParseError(url, at, 'not an object');
    const tid = tidOf(url, raw, at, null);
    const rowFid = fidOf(url, raw, at);
    if (fid !== null && rowFid !== fid) throw new ParseError(url, `${at}.fid`, `${rowFid} on a list of board ${fid}`);
    fid = rowFid;
    if (lastTid !== null && tid >= lastTid) {
      out.warnings = [...(out.warnings ?? []), `${at}: tid ${tid} after ${lastTid}; the list is not newest first`];
    }
    lastTid = lastTid === null ? tid : Math.min(lastTid, tid);
    const answer = inlineAnswer(url, raw, at, tid);
    out.messages.push(messageOfItem(url, raw, at, tid, { answered: answer !== null, replyCount: null }));
    if (answer) out.replies.push(answer);
    out.links.push({ ...asLink(links.detail(tid)), messageExternalId: String(tid) });
  });
  if (fid !== null && lastTid !== null) out.links.push(asLink(links.next(fid, lastTid)));
  return out;
}
