/**
 * Adapter `sun0769`: 阳光热线问政平台 of Dongguan (东莞, GB/T 2260 441900), server-rendered
 * HTML at wz.sun0769.com. Lists newest first; each message page shows the unit the citizen
 * addressed (问政部门) and, once given, the unit's reply.
 */
import { loadHtml } from '../../extract/dom.js';
import { ParseError } from '../../extract/errors.js';
import type { Extraction } from '../../model/extraction.js';
import { getRequest, type Page, type PageRequest, type SourceAdapter } from '../types.js';
import { parseSunDetail } from './detail.js';
import { parseSunList } from './list.js';
import { detailIdOf, listUrl, SUN_ORIGIN, sunCanonicalUrl, sunPageKindOf } from './urls.js';

const ID = 'sun0769';

/** Parses a list or message page of the board, judged by its URL. */
export function parseSunPage(page: Page): Extraction {
  const kind = sunPageKindOf(page.url);
  if (kind === null) throw new ParseError(page.url, 'url', 'neither a politicsNewest list nor a politics/index message page');
  const $ = loadHtml(page.body);
  if (kind === 'list') return parseSunList(ID, page.url, $);
  return parseSunDetail(ID, page.url, detailIdOf(page.url)!, $);
}

/** The `sun0769` adapter (CONTRACT.md section 2). */
export const sun0769Adapter: SourceAdapter = {
  id: ID,
  name: '阳光热线问政平台（东莞）',
  baseUrl: `${SUN_ORIGIN}/`,
  origins: [SUN_ORIGIN, 'https://wzzdg.sun0769.com'],
  pageKinds: ['list', 'thread'],
  version: '1',
  // No answering deadline of this platform is documented (DOMAIN-boards.md): five days is an
  // assumption of ours, stated in the README; `overdue --sla-hours` overrides it.
  slaHours: 120,
  defaultRate: 1,
  region: '441900', // 东莞市, Guangdong
  // The newest-first list shows status words that change after a message has left page 1.
  revisitUnanswered: true,
  startUrls(): PageRequest[] {
    return [getRequest(listUrl(1), 'list')];
  },
  pageKindOf: sunPageKindOf,
  canonicalUrl: sunCanonicalUrl,
  parse: (page) => parseSunPage(page),
};
