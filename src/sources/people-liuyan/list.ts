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
import { isObject, type JsonObject, readBody, readInt, readText, readTime } from './fields.js';
import { fidOf, messageOfItem, tidOf } from './message.js';
import { detailUrl, listUrl, queryInt } from './urls.js';

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
export function parseListPage(source: string, url: string, body: string): Extraction {
  const items = parseFormAnswer(url, body);
  const requestedFid = queryInt(url, 'fid');
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
    out.links.push({ url: detailUrl(tid), kind: 'thread', messageExternalId: String(tid) });
  });
  if (fid !== null && lastTid !== null) out.links.push({ url: listUrl(fid, lastTid), kind: 'list' } satisfies Link);
  return out;
}
