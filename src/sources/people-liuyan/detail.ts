/**
 * A message's detail: the signed JSON POST `/v1/threads/content`, param `{tid, fromTrash:0}`,
 * answering `resultData.contentList[]` in time order. `dataType` 1 is the citizen's message
 * (the first item carries the message's fields), 4 an official reply (`content, dateline,
 * organization`, `answerId` when the site gives it); a later citizen item (`dataType` 2, or 1
 * again) is a follow-up question (追问). Any other dataType is an unknown shape: a loud error.
 */
import { ParseError } from '../../extract/errors.js';
import type { Extraction, Reply } from '../../model/extraction.js';
import { emptyExtraction } from '../../model/extraction.js';
import { parseSignedAnswer } from './envelope.js';
import { isObject, type JsonObject, readBody, readInt, readList, readText, readTime } from '../../extract/json-fields.js';
import { answerExternalId } from './list.js';
import { messageOfItem, tidOf } from './message.js';
import { detailUrl } from './urls.js';

const CITIZEN = 1;
const FOLLOW_UP = 2;
const OFFICIAL = 4;

function officialReply(url: string, item: JsonObject, at: string, tid: number, n: number): Reply {
  const body = readBody(url, item.content, `${at}.content`);
  if (body === null) throw new ParseError(url, `${at}.content`, 'an official reply without text');
  return {
    messageExternalId: String(tid),
    externalId: answerExternalId(tid, readInt(url, item.answerId, `${at}.answerId`), n),
    department: readText(url, item.organization, `${at}.organization`),
    author: null,
    body,
    repliedAt: readTime(url, item.dateline, `${at}.dateline`),
    official: true,
    floor: null,
  };
}

function followUp(url: string, item: JsonObject, at: string, tid: number, k: number, author: string | null): Reply {
  const body = readBody(url, item.content, `${at}.content`);
  if (body === null) throw new ParseError(url, `${at}.content`, 'a follow-up without text');
  return {
    messageExternalId: String(tid),
    externalId: `${tid}-z${k}`,
    department: null,
    author: readText(url, item.nickName, `${at}.nickName`) ?? author,
    body,
    repliedAt: readTime(url, item.dateline, `${at}.dateline`),
    official: false,
    floor: null,
  };
}

/**
 * Parses one detail answer into a thread extraction: the message with all three clocks and
 * every reply (official `{tid}-a{answerId}` or `{tid}-r{n}`; follow-ups `{tid}-z{k}`). The
 * request's tid (the URL's `?tid=`) must agree with the item's. SN0006 throws
 * SignatureRefusedError.
 */
export function parseDetailPage(source: string, url: string, body: string, requestedTid: number | null): Extraction {
  const data = parseSignedAnswer(url, body);
  if (!isObject(data)) throw new ParseError(url, 'resultData', 'a detail answer needs an object');
  const list = readList(url, data.contentList, 'resultData.contentList');
  const first = list[0];
  if (!isObject(first)) throw new ParseError(url, 'resultData.contentList[0]', 'the message item is missing');
  if (readInt(url, first.dataType, 'resultData.contentList[0].dataType') !== CITIZEN) {
    throw new ParseError(url, 'resultData.contentList[0].dataType', `expected ${CITIZEN} (the citizen's message)`);
  }
  const tid = tidOf(url, first, 'resultData.contentList[0]', requestedTid ?? readInt(url, data.tid, 'resultData.tid'));
  const author = readText(url, first.nickName, 'resultData.contentList[0].nickName');
  const replies: Reply[] = [];
  let officials = 0;
  let followUps = 0;
  list.slice(1).forEach((item, j) => {
    const at = `resultData.contentList[${j + 1}]`;
    if (!isObject(item)) throw new ParseError(url, at, 'not an object');
    const type = readInt(url, item.dataType, `${at}.dataType`);
    if (type === OFFICIAL) replies.push(officialReply(url, item, at, tid, ++officials));
    else if (type === FOLLOW_UP || type === CITIZEN) replies.push(followUp(url, item, at, tid, ++followUps, author));
    else throw new ParseError(url, `${at}.dataType`, `unknown content type ${JSON.stringify(item.dataType)}`);
  });
  const out = emptyExtraction(source, detailUrl(tid), 'thread');
  const message = messageOfItem(url, first, 'resultData.contentList[0]', tid, { answered: officials > 0, replyCount: officials });
  const lastAnswer = replies.filter((r) => r.official).at(-1)?.repliedAt ?? null;
  out.messages = [{ ...message, lastPostAt: message.lastPostAt ?? lastAnswer }];
  out.replies = replies;
  return out;
}
