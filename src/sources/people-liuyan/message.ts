/**
 * A message as the board's items carry it, in list rows (`responseData[]`) and in the detail's
 * first content item alike (DOMAIN-liuyan.md 1.2): `tid, fid, forumName, subject, content,
 * nickName, typeName, stateInfo, dateline` (posted), `threadsCheckTime` (passed review, made
 * public), `answerDateline` / `lastAnswerTime`, `grade` (1-5, 0 = not rated). Times are Unix
 * seconds, Beijing time.
 */
import { ParseError } from '../../extract/errors.js';
import type { Message } from '../../model/extraction.js';
import { type JsonObject, readBody, readInt, readText, readTime, requireInt, requireText } from '../../extract/json-fields.js';
import { resolveBoard } from './boards.js';
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
 * The unit a message is addressed to and where: the board it was left on names it (a leader's
 * post and place, 杭州市委书记刘捷 -> 杭州市委书记 in 330100; a place, 浙江省; a ministry,
 * 工业和信息化部, national). The answering unit (`answerOrganization`) stays on the reply.
 */
function addresseeOf(url: string, item: JsonObject, at: string): { department: string | null; region: string | null } {
  const forum = readText(url, item.forumName, `${at}.forumName`);
  if (forum === null) return { department: null, region: null };
  const board = resolveBoard(readInt(url, item.fid, `${at}.fid`) ?? 0, forum);
  const department = board.leader && board.name.endsWith(board.leader) ? board.name.slice(0, -board.leader.length) : board.name;
  return { department, region: board.level === 'ministry' ? null : board.regionCode };
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
  const addressee = addresseeOf(url, item, at);
  return {
    externalId: String(tid),
    url: publicThreadUrl(tid),
    title: requireText(url, item.subject, `${at}.subject`),
    body: readBody(url, item.content, `${at}.content`),
    author: readText(url, item.nickName, `${at}.nickName`),
    postedAt: readTime(url, item.dateline ?? item.createDateline, `${at}.dateline`),
    publishedAt: readTime(url, item.threadsCheckTime, `${at}.threadsCheckTime`),
    board: readText(url, item.forumName, `${at}.forumName`),
    department: addressee.department,
    region: addressee.region,
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
