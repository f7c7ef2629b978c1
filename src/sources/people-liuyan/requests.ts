/**
 * The requests the board's own front end sends (DOMAIN-liuyan.md 1.1), as values: the
 * unsigned form POST of a list page, the signed JSON POSTs of a detail and of the directory,
 * and the warm-up GET that earns the WAF cookies. URLs are the public endpoints without a
 * query; the body says what is asked.
 */
import type { PageKind } from '../../model/extraction.js';
import { LIUYAN_ORIGIN, type LiuyanConfig, PATHS } from './config.js';
import { signedBody } from './signer.js';
import { boardPageUrl } from './urls.js';

/** A request as a value: what to send and the kind of page the answer is. */
export interface LiuyanRequest {
  kind: PageKind;
  url: string;
  method: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
}

const FORM = 'application/x-www-form-urlencoded; charset=UTF-8';
const JSON_TYPE = 'application/json;charset=UTF-8';

/** The list page of board `fid` after `lastItem` (0 = the newest). */
export function listRequest(config: LiuyanConfig, fid: number, lastItem: number): LiuyanRequest {
  return {
    kind: 'list',
    url: `${LIUYAN_ORIGIN}${PATHS.list}`,
    method: 'POST',
    body: `fid=${fid}&lastItem=${lastItem}&pageSize=${config.pageSize}`,
    headers: { 'content-type': FORM, 'x-requested-with': 'XMLHttpRequest', referer: boardPageUrl(fid) },
  };
}

function signed(config: LiuyanConfig, kind: PageKind, path: string, param: Record<string, unknown>): LiuyanRequest {
  return {
    kind,
    url: `${LIUYAN_ORIGIN}${path}`,
    method: 'POST',
    body: JSON.stringify(signedBody(path, param, config.appCode, config.token)),
    headers: { 'content-type': JSON_TYPE, token: config.token },
  };
}

/** The signed detail of message `tid`: every reply and follow-up. */
export function detailRequest(config: LiuyanConfig, tid: number): LiuyanRequest {
  return signed(config, 'thread', PATHS.detail, { tid, fromTrash: 0 });
}

/** The signed directory of local boards, or of ministries. */
export function directoryRequest(config: LiuyanConfig, ministries: boolean): LiuyanRequest {
  return signed(config, 'other', ministries ? PATHS.topBwForums : PATHS.topForums, {});
}

/** The warm-up GET (a board's page) that earns the WAF cookies before any POST. */
export function warmUpRequest(fid: number | null): LiuyanRequest {
  return { kind: 'other', url: fid === null ? `${LIUYAN_ORIGIN}${PATHS.home}` : boardPageUrl(fid), method: 'GET' };
}

/** What a request's body asks for: the list's fid and lastItem, or the detail's tid. */
export function requestParams(body: string | undefined): { fid: number | null; lastItem: number | null; tid: number | null } {
  const out = { fid: null as number | null, lastItem: null as number | null, tid: null as number | null };
  if (!body) return out;
  const int = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : null);
  if (body.trimStart().startsWith('{')) {
    try {
      const outer = JSON.parse(body) as { param?: unknown };
      const param = typeof outer.param === 'string' ? (JSON.parse(outer.param) as Record<string, unknown>) : {};
      out.tid = int(param.tid);
    } catch {
      // Not the signed body: nothing to read from it.
    }
    return out;
  }
  const form = new URLSearchParams(body);
  out.fid = int(form.get('fid'));
  out.lastItem = int(form.get('lastItem'));
  return out;
}
