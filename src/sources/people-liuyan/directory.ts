/**
 * The board directory: the signed `/v1/forum/getTopForums` (local boards) and
 * `/v1/forum/getTopBwForums` (ministries, 部委). `resultData` is a list of boards (or an object
 * holding it under `data` or `list`), each `{fid, name}` (`forumName` in some answers), with
 * the boards under it in `children` (or `childList`). Each board is resolved to place, region
 * code, level and post from its name; a child's region is read within its parent's.
 */
import { ParseError } from '../../extract/errors.js';
import { type Board, resolveBoard } from './boards.js';
import { parseSignedAnswer } from './envelope.js';
import { isObject, readList, requireInt, requireText } from '../../extract/json-fields.js';

function boardList(url: string, data: unknown): unknown[] {
  if (Array.isArray(data)) return data;
  if (isObject(data)) {
    const inner = data.data ?? data.list;
    if (Array.isArray(inner)) return inner;
  }
  throw new ParseError(url, 'resultData', 'expected a list of boards');
}

/**
 * Parses one directory answer into boards, parents before their children, in the site's
 * order. `ministry` marks the ministry directory. SN0006 throws SignatureRefusedError.
 */
export function parseDirectory(url: string, body: string, ministry: boolean): Board[] {
  const out: Board[] = [];
  const walk = (items: unknown[], path: string, parent: Board | null) => {
    items.forEach((raw, i) => {
      const at = `${path}[${i}]`;
      if (!isObject(raw)) throw new ParseError(url, at, 'not an object');
      const fid = requireInt(url, raw.fid, `${at}.fid`);
      const name = requireText(url, raw.name ?? raw.forumName, `${at}.name`);
      const board = resolveBoard(fid, name, { ministry, hint: parent?.regionCode ?? null });
      out.push(board);
      const children = raw.children ?? raw.childList;
      walk(readList(url, children, `${at}.children`), `${at}.children`, board);
    });
  };
  walk(boardList(url, parseSignedAnswer(url, body)), 'resultData', null);
  return out;
}
