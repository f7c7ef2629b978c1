/**
 * Reads the board directory of 人民网《领导留言板》 (`wenzheng boards people-liuyan`): a warm-up
 * GET for the WAF cookies, then the two signed directory POSTs (local boards, ministries),
 * each resolved to fid, name, region code, level and post.
 */
import { ParseError } from '../extract/errors.js';
import type { Board } from '../sources/people-liuyan/boards.js';
import type { LiuyanConfig } from '../sources/people-liuyan/config.js';
import { parseDirectory } from '../sources/people-liuyan/directory.js';
import { peopleLiuyanAdapter } from '../sources/people-liuyan/index.js';
import { directoryRequest, type LiuyanRequest, warmUpRequest } from '../sources/people-liuyan/requests.js';
import { allowedOrigins, fetchGuarded } from './guarded-fetch.js';
import type { OriginMap } from './origins.js';
import { CookieJar } from './session.js';

/** The site refused us (WAF 403, 429): exit 4 territory. */
export class BoardsBlockedError extends Error {
  override name = 'BoardsBlockedError';
}

async function send(r: LiuyanRequest, origins: OriginMap, jar: CookieJar, timeoutMs: number): Promise<string> {
  // The same guarded fetch as the crawl: redirects only within the board, cookies per hop.
  const res = await fetchGuarded(r, {
    origins,
    allowed: allowedOrigins(peopleLiuyanAdapter),
    timeoutMs,
    headersFor: (u) => {
      const cookie = jar.header(u);
      return cookie ? { cookie } : undefined;
    },
    onResponse: (u, answer) => jar.remember(u, answer.headers.getSetCookie()),
  });
  const text = res.body.toString('utf8');
  if (res.status === 403 || res.status === 429) throw new BoardsBlockedError(`${r.url}: HTTP ${res.status}, the site blocks us`);
  if (res.status >= 400) throw new ParseError(r.url, 'HTTP status', `${res.status}`);
  return text;
}

/** The boards of the directory, local boards first, then ministries. */
export async function fetchLiuyanBoards(origins: OriginMap, config: LiuyanConfig, timeoutMs = 30_000): Promise<Board[]> {
  const jar = new CookieJar();
  await send(warmUpRequest(null), origins, jar, timeoutMs);
  const out: Board[] = [];
  for (const ministries of [false, true]) {
    const r = directoryRequest(config, ministries);
    out.push(...parseDirectory(r.url, await send(r, origins, jar, timeoutMs), ministries));
  }
  return out;
}
