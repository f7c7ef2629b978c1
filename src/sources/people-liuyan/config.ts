/**
 * Where 人民网《领导留言板》 lives and how its API is addressed (DOMAIN-liuyan.md 1.1, seen up
 * to 2026-10). The unsigned form POST list (G3 path, G1 path as the older alias) and the signed
 * G2 JSON API (detail, directory) answer on the same host.
 */

/** The public origin of the board and of its API. */
export const LIUYAN_ORIGIN = 'https://liuyan.people.com.cn';

/** API paths, as the site's front end calls them. */
export const PATHS = {
  /** Unsigned form POST `fid, lastItem, pageSize` (G3, 2026). */
  list: '/pro-dfbbs-front/threads/queryThreadsList',
  /** The same list under the G1 path (2019-2021, still answered). */
  listG1: '/threads/queryThreadsList',
  /** Signed JSON POST, param `{tid, fromTrash:0}`: the message with every reply and follow-up. */
  detail: '/v1/threads/content',
  /** Signed directory of local boards. */
  topForums: '/v1/forum/getTopForums',
  /** Signed directory of ministry (部委) boards. */
  topBwForums: '/v1/forum/getTopBwForums',
  /** The board's home page. */
  home: '/pro-dfbbs-front/home',
  /** A board's page: the warm-up GET that yields the WAF cookies. */
  boardPage: '/pro-dfbbs-front/forum/list',
  /** The Vue shell a message's public URL opens. */
  publicThread: '/threads/content',
} as const;

/** The adapter's configuration: what the signer needs. */
export interface LiuyanConfig {
  /**
   * The front end's application code (inline `window.SITE_CONFIG.appCode`; changes when the
   * front end is redesigned).
   */
  appCode: string;
  /** The session token; anonymous visitors send "". */
  token: string;
  /** Items asked for per list page (the site answers with about 10 whatever is asked). */
  pageSize: number;
}

/** The configuration seen live on 2026-10-03. */
export const DEFAULT_CONFIG: LiuyanConfig = { appCode: 'PC42ce3bfa4980a9', token: '', pageSize: 20 };
