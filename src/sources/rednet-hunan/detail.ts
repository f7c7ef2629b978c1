/**
 * A message answer of 《问政湖南》 (`GET /front/msg/detail?id=`): `data` holds the message
 * (title, `content` as HTML, created_at, nickname, type_name, is_reply, …), the units' answers
 * in `reply[]` (`content`, `reply_time`, `name`) and `comment[]`. The answer also carries the
 * citizen's phone number (`mobile`): it is never read into the Extraction, and wherever the
 * citizen repeated it in the text it is masked here, before anything is stored.
 */
import { blockText, loadHtml } from '../../extract/dom.js';
import { ParseError } from '../../extract/errors.js';
import { normalizeBody, normalizeText } from '../../extract/text.js';
import { parseChinaTime } from '../../extract/time.js';
import { emptyExtraction, type Extraction } from '../../model/extraction.js';
import { isObject } from '../../extract/json-fields.js';
import { optStr, str, type Json } from './api.js';
import { BOARD } from './list.js';
import { statusOfCode } from './status.js';

/** Text of an HTML fragment with its line breaks. */
function htmlText(html: string | null): string | null {
  if (html === null) return null;
  const $ = loadHtml(`<div id="x">${html}</div>`);
  return normalizeBody(blockText($('#x')));
}

/** The phone number as `138****5896`: first 3 and last 4 digits kept. */
export function masked(phone: string): string {
  let seen = 0;
  const digits = phone.replace(/\D/g, '').length;
  return phone.replace(/\d/g, (d) => (++seen <= 3 || seen > digits - 4 ? d : '*'));
}

/** Parses a detail answer's `data`; `id` is the id the request asked for. */
export function parseRednetDetail(source: string, url: string, data: Json, id: string | null): Extraction {
  const out = emptyExtraction(source, url, 'thread');
  const externalId = str(url, data, 'id', 'data');
  if (id !== null && id !== externalId) throw new ParseError(url, 'data.id', `answer for ${externalId}, asked for ${id}`);
  const phone = optStr(data, 'mobile');
  const hide = (s: string | null) => (s !== null && phone && phone.length >= 7 ? s.split(phone).join(masked(phone)) : s);
  if (!Array.isArray(data.reply)) throw new ParseError(url, 'data.reply', 'missing or not an array');
  data.reply.forEach((r: unknown, i) => {
    const where = `data.reply[${i}]`;
    if (!isObject(r)) throw new ParseError(url, where, 'not an object');
    const unit = normalizeText(optStr(r, 'name'));
    out.replies.push({
      messageExternalId: externalId,
      externalId: `${externalId}-r${i + 1}`,
      department: unit,
      author: unit,
      body: hide(htmlText(str(url, r, 'content', where))),
      repliedAt: parseChinaTime(optStr(r, 'reply_time')),
      official: true,
      floor: null,
    });
  });
  if (Array.isArray(data.comment) && data.comment.length > 0) {
    // Comments' fields are not documented (DOMAIN-boards.md): noticed, not guessed at.
    out.warnings = [`${data.comment.length} comments not read (their shape is not known)`];
  }
  const { status, word } = statusOfCode(url, data.is_reply, 'data.is_reply');
  out.messages.push({
    externalId,
    url,
    title: hide(normalizeText(str(url, data, 'title', 'data'))),
    body: hide(htmlText(optStr(data, 'content'))),
    author: optStr(data, 'nickname'),
    postedAt: parseChinaTime(str(url, data, 'created_at', 'data')),
    board: BOARD,
    department: null,
    category: normalizeText(optStr(data, 'type_name')),
    status: out.replies.length > 0 ? 'replied' : status,
    statusRaw: word,
    views: typeof data.click_num === 'number' ? data.click_num : null,
    replyCount: out.replies.length,
  });
  return out;
}
