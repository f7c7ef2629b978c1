/**
 * Adapter `cnhubei-wenzheng`: 荆楚网《荆楚问政》, a JSON API at http://api.wz.cnhubei.com/api/.
 * Lists come from `allsuglist` (list_type 1 answered, 3 not yet answered), messages from
 * `sugdetail`; the stored URL of a message is its public page `html/detail/{id}.html`.
 */
import { ParseError } from '../../extract/errors.js';
import type { Extraction, PageKind } from '../../model/extraction.js';
import { getRequest, type Page, type PageRequest, type SourceAdapter } from '../types.js';
import { type ApiAnswer, parseApiAnswer } from './api.js';
import { isObject } from '../../extract/json-fields.js';
import { parseDetailAnswer } from './detail.js';
import { parseListAnswer } from './list.js';
import {
  detailIdOf,
  listApiUrl,
  listQueryOf,
  tryUrl,
  WZ_ORIGIN,
  wenzhengCanonicalUrl,
  wenzhengPageKindOf,
} from './urls.js';

export { detailApiUrl, publicDetailUrl } from './urls.js';

const ID = 'cnhubei-wenzheng';

/** The page kind of an answer judged from its payload, when the URL does not say. */
function kindOfPayload(url: string, answer: ApiAnswer): PageKind {
  if (Array.isArray(answer.app)) return 'list';
  if (isObject(answer.app) && 'sug' in answer.app) return 'thread';
  throw new ParseError(url, 'data.common.app', 'neither a message list nor a detail with sug');
}

/**
 * Parses one API answer (HTML is refused): `allsuglist` -> list, `sugdetail` (or the public
 * detail URL) -> thread. Without a known URL the kind is read from the payload.
 */
export function parseWenzhengPage(page: Page): Extraction {
  const answer = parseApiAnswer(page.url, page.body);
  const u = tryUrl(page.url);
  const kind = wenzhengPageKindOf(page.url) ?? kindOfPayload(page.url, answer);
  if (kind === 'list') {
    const query = u && /\/api\/allsuglist$/.test(u.pathname) ? listQueryOf(u) : null;
    return parseListAnswer(ID, page.url, answer, query);
  }
  return parseDetailAnswer(ID, page.url, answer, u ? detailIdOf(u) : null);
}

/** The `cnhubei-wenzheng` adapter (CONTRACT.md section 2). */
export const cnhubeiWenzhengAdapter: SourceAdapter = {
  id: ID,
  name: '荆楚网《荆楚问政》',
  baseUrl: `${WZ_ORIGIN}/api/`,
  origins: [WZ_ORIGIN],
  pageKinds: ['list', 'thread'],
  version: '3',
  slaHours: 24,
  defaultRate: 1,
  region: '420000', // 湖北省
  // allsuglist orders by answer or posting time: a status change of an old message shows
  // only on its own page.
  revisitUnanswered: true,
  startUrls(): PageRequest[] {
    return ['1', '3'].map((listType) => getRequest(listApiUrl({ listType, page: 1, pageSize: 20 }), 'list'));
  },
  pageKindOf: wenzhengPageKindOf,
  canonicalUrl: wenzhengCanonicalUrl,
  parse: (page) => parseWenzhengPage(page),
};
