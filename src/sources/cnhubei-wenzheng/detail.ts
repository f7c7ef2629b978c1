/**
 * `sugdetail?suid={id}` answers: payload `{ sug, zwen }`. `sug` holds `title, nickname,
 * created_at, cstatus, status_str, content, verify_time, dept_name, reply: [{ created_at,
 * reply }], scope` (satisfaction 1-5); `zwen` holds the follow-up questions (追问), each of the
 * same shape with its own `reply` list. Variants the front end copes with: numbers as strings,
 * `sug.id` missing (the request's `suid` names the message), `zwen` absent, null, one object
 * or a list, `reply` empty.
 */
import { ParseError } from '../../extract/errors.js';
import type { Extraction, Reply } from '../../model/extraction.js';
import { emptyExtraction } from '../../model/extraction.js';
import { type ApiAnswer } from './api.js';
import { isObject, type JsonObject, readBody, readInt, readName, readText, readTime, requireText } from '../../extract/json-fields.js';
import { WZ_BOARD } from './list.js';
import { detailStatus } from './status.js';
import { detailApiUrl, publicDetailUrl } from './urls.js';

/** Where a reply list sits and what its entries are called in errors and ids. */
interface ReplyContext {
  url: string;
  messageId: string;
  department: string | null;
}

function asList(url: string, v: unknown, field: string): unknown[] {
  if (v === undefined || v === null || v === '') return [];
  if (Array.isArray(v)) return v;
  if (isObject(v)) return [v];
  throw new ParseError(url, field, `expected an object or a list, got ${JSON.stringify(v)}`);
}

/** Official replies of one `reply` list; entries without any text are skipped. */
function officialReplies(ctx: ReplyContext, list: unknown, field: string, idPrefix: string): Reply[] {
  const out: Reply[] = [];
  asList(ctx.url, list, field).forEach((entry, i) => {
    const at = `${field}[${i}]`;
    if (!isObject(entry)) throw new ParseError(ctx.url, at, 'not an object');
    const body = readBody(ctx.url, entry.reply ?? entry.content, `${at}.reply`);
    if (body === null) return;
    out.push({
      messageExternalId: ctx.messageId,
      externalId: `${idPrefix}-r${out.length + 1}`,
      department: readText(ctx.url, entry.dept_name, `${at}.dept_name`) ?? ctx.department,
      author: null,
      body,
      repliedAt: readTime(ctx.url, entry.created_at, `${at}.created_at`),
      official: true,
      floor: null,
    });
  });
  return out;
}

/** A follow-up question (official: false, at its own time) followed by the answers to it. */
function followUp(ctx: ReplyContext, entry: unknown, i: number, author: string | null): Reply[] {
  const at = `zwen[${i}]`;
  if (!isObject(entry)) throw new ParseError(ctx.url, at, 'not an object');
  const body = readBody(ctx.url, entry.content, `${at}.content`);
  if (body === null) throw new ParseError(ctx.url, `${at}.content`, 'missing');
  const externalId = `${ctx.messageId}-z${i + 1}`;
  const question: Reply = {
    messageExternalId: ctx.messageId,
    externalId,
    department: null,
    author: readName(ctx.url, entry.nickname, `${at}.nickname`) ?? author,
    body,
    repliedAt: readTime(ctx.url, entry.created_at, `${at}.created_at`),
    official: false,
    floor: null,
  };
  const department = readText(ctx.url, entry.dept_name, `${at}.dept_name`) ?? ctx.department;
  return [question, ...officialReplies({ ...ctx, department }, entry.reply, `${at}.reply`, externalId)];
}

/** The message id: `sug.id` when present (it must agree with the request), else the request's. */
function messageIdOf(url: string, sug: JsonObject, requestId: string | null): string {
  const own = readInt(url, sug.id, 'sug.id');
  if (own !== null && requestId !== null && String(own) !== requestId) {
    throw new ParseError(url, 'sug.id', `${own} does not match the requested suid ${requestId}`);
  }
  const id = own !== null ? String(own) : requestId;
  if (id === null) throw new ParseError(url, 'sug.id', 'missing, and the request URL names no suid');
  return id;
}

function satisfactionOf(url: string, scope: unknown): number | null {
  const n = readInt(url, scope, 'sug.scope');
  if (n === null || n === 0) return null; // 0: not rated yet
  if (n < 1 || n > 5) throw new ParseError(url, 'sug.scope', `satisfaction ${n} outside 1-5`);
  return n;
}

/**
 * Parses one `sugdetail` answer into a thread extraction: the message (status read from its
 * replies first, the status word second) and its replies: official answers (`{id}-r{n}`),
 * each follow-up as a non-official reply (`{id}-z{k}`) and the answers to it (`{id}-z{k}-r{n}`).
 * `requestId` is the `suid` of the request URL, if it had one.
 */
export function parseDetailAnswer(source: string, url: string, answer: ApiAnswer, requestId: string | null): Extraction {
  if (!isObject(answer.app)) throw new ParseError(url, 'data.common.app', 'a detail answer needs an object');
  const sug = answer.app.sug;
  if (!isObject(sug)) throw new ParseError(url, 'data.common.app.sug');
  const id = messageIdOf(url, sug, requestId);
  const author = readName(url, sug.nickname, 'sug.nickname');
  const ctx: ReplyContext = { url, messageId: id, department: readText(url, sug.dept_name, 'sug.dept_name') };
  const zwen = answer.app.zwen !== undefined ? answer.app.zwen : sug.zwen;
  const replies = [
    ...officialReplies(ctx, sug.reply, 'sug.reply', id),
    ...asList(url, zwen, 'zwen').flatMap((entry, i) => followUp(ctx, entry, i, author)),
  ];
  const official = replies.filter((r) => r.official).length;
  const statusRaw = readText(url, sug.status_str, 'sug.status_str');
  const out = emptyExtraction(source, detailApiUrl(id), 'thread');
  out.messages = [
    {
      externalId: id,
      url: publicDetailUrl(id),
      title: requireText(url, sug.title, 'sug.title'),
      body: readBody(url, sug.content, 'sug.content'),
      author,
      postedAt: readTime(url, sug.created_at, 'sug.created_at'),
      board: WZ_BOARD,
      department: ctx.department,
      category: null,
      status: detailStatus(url, official, statusRaw, readInt(url, sug.cstatus, 'sug.cstatus')),
      statusRaw,
      views: null,
      replyCount: official,
      satisfaction: satisfactionOf(url, sug.scope),
    },
  ];
  out.replies = replies;
  return out;
}
