/**
 * A test board that asks for every list page by form POST: the 《领导留言板》 adapter's
 * parsers over the simulator's unsigned list endpoint, with the request as the only place
 * that says which page an answer is (the URL is the bare endpoint). Its pages are stored as
 * kind `other` so that every row is kept and each next page followed, whatever changed.
 */
import { getRequest, postRequest, type PageRequest } from '../../../src/model/request.js';
import { createLiuyanAdapter, DEFAULT_CONFIG } from '../../../src/sources/people-liuyan/index.js';
import type { Page, SourceAdapter } from '../../../src/sources/types.js';

export const ENDPOINT = 'https://liuyan.people.com.cn/pro-dfbbs-front/threads/queryThreadsList';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** The form POST of one list page of board `fid` (lastItem 0 = newest). */
export function listPost(fid: number, lastItem: number): PageRequest {
  return postRequest(ENDPOINT, 'list', `fid=${fid}&lastItem=${lastItem}&pageSize=20`, FORM);
}

/** The board; `seen` collects the request each parsed page says it answered. */
export function postListBoard(fids: number[], seen: PageRequest[] = []): SourceAdapter {
  const base = createLiuyanAdapter({ ...DEFAULT_CONFIG, boards: fids });
  return {
    ...base,
    startUrls: () => fids.map((fid) => listPost(fid, 0)),
    canonicalUrl: (url) => (url.split('?')[0] === ENDPOINT ? url : base.canonicalUrl(url)),
    parse(page: Page) {
      const request = page.request ?? getRequest(page.url, 'other');
      seen.push(request);
      if (request.method !== 'POST') throw new Error(`expected a POST, got ${request.method} ${page.url}`);
      const form = new URLSearchParams(request.body);
      const fid = Number(form.get('fid'));
      // Which page this is, read from the body it answered: the adapter's list URL form.
      const x = base.parse({ ...page, url: `${ENDPOINT}?fid=${fid}&lastItem=${form.get('lastItem')}` });
      const links = x.links
        .filter((l) => l.kind === 'list')
        .map((l) => {
          // The adapter's next page is a form POST (its body names lastItem), or the URL form.
          const next = l.body ? new URLSearchParams(l.body).get('lastItem') : new URL(l.url).searchParams.get('lastItem');
          return { ...listPost(fid, Number(next)), kind: 'list' as const };
        });
      return { ...x, kind: 'other', links };
    },
  };
}
