/**
 * A message as the board's items carry it, in list rows (`responseData[]`) and in the detail's
 * first content item alike (DOMAIN-liuyan.md 1.2): `tid, fid, forumName, subject, content,
 * nickName, typeName, stateInfo, dateline` (posted), `threadsCheckTime` (passed review, made
 * public), `answerDateline` / `lastAnswerTime`, `grade` (1-5, 0 = not rated). Times are Unix
 * seconds, Beijing time.
 */
import { ParseError } from '../../extract/errors.js';
import type { Message } from '../../model/extraction.js';
import { type JsonObject, readBody, readInt, readText, readTime, requireInt, requireText } from './fields.js';
import { liuyanStatus } from './status.js';
import { publicThreadUrl } from './urls.js';

/** The message id (tid) of an item, checked against the one the request asked for. */
export function tidOf(url: string, item: JsonObject, at: string, requested: number | null): number {
  const own = readInt(url, item.tid, `${at}.tid`);
  if (own !== null && requested !== null && own !== requested) {
    throw new ParseError(url, `${at}.tid`, `${own} does not match the requested tid ${requested}`);
  }
  const tid = own ?? requested;
  if (tid === null) throw new ParseError(url, `${at}.tid`, 'missing, and the request names no tid');
  return tid;
}

function satisfactionOf(url: string, v: unknown, field: string): number | null {
  const n = readInt(url, v, field);
  if (n === null || n === 0) return null;
  if (n < 1 || n > 5) throw new ParseError(url, field, `satisfaction ${n} outside 1-5`);
  return n;
}

/**
 * Reads one item's message. `answered` says whether an official answer is shown with it (the
 * status is then `replied`); `replyCount` is what the page shows, null when it shows only one.
 */
export function messageOfItem(
  url: string,
  item: JsonObject,
  at: string,
  tid: number,
  opts: { answered: boolean; replyCount: number | null },
): Message {
  const statusRaw = readText(url, item.stateInfo, `${at}.stateInfo`);
  const lastAnswer = readTime(url, item.lastAnswerTime, `${at}.lastAnswerTime`);
  return {
    externalId: String(tid),
    url: publicThreadUrl(tid),
    title: requireText(url, item.subject, `${at}.subject`),
    body: readBody(url, item.content, `${at}.content`),
    author: readText(url, item.nickName, `${at}.nickName`),
    postedAt: readTime(url, item.dateline ?? item.createDateline, `${at}.dateline`),
    publishedAt: readTime(url, item.threadsCheckTime, `${at}.threadsCheckTime`),
    board: readText(url, item.forumName, `${at}.forumName`),
    department: readText(url, item.answerOrganization, `${at}.answerOrganization`),
    category: readText(url, item.typeName, `${at}.typeName`),
    status: liuyanStatus(url, statusRaw, opts.answered, `${at}.stateInfo`),
    statusRaw,
    views: null,
    replyCount: opts.replyCount,
    satisfaction: satisfactionOf(url, item.grade, `${at}.grade`),
    lastPostAt: lastAnswer ?? readTime(url, item.answerDateline, `${at}.answerDateline`),
  };
}

/** The board (fid) an item belongs to, required. */
export function fidOf(url: string, item: JsonObject, at: string): number {
  return requireInt(url, item.fid, `${at}.fid`);
}
