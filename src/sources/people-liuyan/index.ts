/**
 * Adapter `people-liuyan`: 人民网《领导留言板》 (liuyan.people.com.cn), the national board of
 * provincial, city and county leaders and ministries, one board per fid. Lists come from the
 * unsigned form POST, messages with every reply from the signed detail API, the boards from
 * the signed directory (DOMAIN-liuyan.md). No real answer could be stored byte for byte: the
 * parsers read the documented shapes and fail loudly on anything else.
 */
import { ParseError } from '../../extract/errors.js';
import type { Extraction, PageKind } from '../../model/extraction.js';
import { emptyExtraction } from '../../model/extraction.js';
import { type BrowserRoute, getRequest, NATIONAL, type Page, type PageRequest, type SessionPolicy, type SourceAdapter } from '../types.js';
import { DEFAULT_CONFIG, LIUYAN_ORIGIN, type LiuyanConfig, PATHS } from './config.js';
import { parseDetailPage } from './detail.js';
import { parseDirectory } from './directory.js';
import { isSignatureRefusal, SignatureRefusedError } from './envelope.js';
import { type ListLinks, parseListPage, URL_LINKS } from './list.js';
import { detailRequest, listRequest, type LiuyanRequest, requestParams, warmUpRequest } from './requests.js';
import { parseSiteStat, STAT_ORIGIN, STAT_URL } from './site-stat.js';
import { liuyanCanonicalUrl, liuyanPageKindOf, publicThreadUrl, queryInt, tryUrl } from './urls.js';

export { SignatureRefusedError } from './envelope.js';
export { DEFAULT_CONFIG, type LiuyanConfig } from './config.js';

const ID = 'people-liuyan';

/** The kind of an answer judged from its payload, when the URL does not say. */
function kindOfPayload(url: string, body: string): PageKind {
  if (isSignatureRefusal(body)) throw new SignatureRefusedError(url, 'SN0006', '数据格式错误');
  if (/"responseData"\s*:/.test(body)) return 'list';
  if (/"contentList"\s*:/.test(body)) return 'thread';
  if (/"resultData"\s*:/.test(body)) return 'other';
  throw new ParseError(url, 'answer', 'neither a list (responseData), a detail (contentList) nor a directory (resultData)');
}

/** A page with the request it answers, when the crawler knows it. */
type RequestedPage = Page & { request?: { body?: string } };

/**
 * Parses one answer of the board: list, detail (thread) or directory (other, no records).
 * What was asked (fid, tid) comes from the request's body, else from the URL's query; without
 * a known URL the kind is read from the payload. `links` builds the requests a list links to.
 */
export function parseLiuyanPage(page: RequestedPage, links: ListLinks = URL_LINKS): Extraction {
  const kind = liuyanPageKindOf(page.url) ?? kindOfPayload(page.url, page.body);
  if (kind === 'report') return { ...emptyExtraction(ID, STAT_URL, 'report'), reports: parseSiteStat(page.url, page.body, page.servedAt ?? null) };
  const asked = requestParams(page.request?.body);
  if (kind === 'list') return parseListPage(ID, page.url, page.body, asked.fid ?? queryInt(page.url, 'fid'), links);
  if (kind === 'thread') return parseDetailPage(ID, page.url, page.body, asked.tid ?? queryInt(page.url, 'tid'));
  const ministry = tryUrl(page.url)?.pathname === PATHS.topBwForums;
  parseDirectory(page.url, page.body, ministry);
  return emptyExtraction(ID, page.url, 'other');
}

/** Configuration of one adapter instance: the signer's keys and the boards to crawl. */
export interface LiuyanAdapterConfig extends LiuyanConfig {
  boards: readonly number[];
}

/** The adapter with its configuration and the request that reads a message again. */
export type LiuyanAdapter = SourceAdapter & {
  readonly config: LiuyanAdapterConfig;
  revisitRequest(message: { url: string; externalId: string }): PageRequest;
};

/**
 * The host's politeness (DOMAIN-liuyan.md 1.5, the peers' working budget): the board page's
 * GET for the WAF cookies, one POST every 1.5 s plus up to 1.5 s, 60 s x attempt after a
 * 403/429 with a fresh warm-up, and a stop after the third such answer in a row.
 */
export const LIUYAN_SESSION: SessionPolicy = {
  // The board's own host only: the totals on messageboard.people.cn need no cookie.
  warmUp: (request) => (new URL(request.url).origin === LIUYAN_ORIGIN ? (warmUpRequest(requestParams(request.body).fid ?? queryInt(request.url, 'fid')) as PageRequest) : null),
  postIntervalMs: 1_500,
  postJitterMs: 1_500,
  blockBackoffMs: 60_000,
  blockAttempts: 3,
};

/**
 * A refused detail (SN0006: the front end signs with another appCode now) is read by loading
 * the message's public page, whose script signs and asks for the same detail.
 */
function liuyanBrowserRoute(request: PageRequest): BrowserRoute | null {
  if (request.kind !== 'thread') return null;
  const tid = requestParams(request.body).tid ?? queryInt(request.url, 'tid');
  if (tid === null) return null;
  return { pageUrl: publicThreadUrl(tid), answers: (path, method) => method === 'POST' && path.endsWith(PATHS.detail) };
}

/** The board (fid) a parsed list page belongs to: its next page's form names it. */
function boardOfList(x: Extraction): string | null {
  for (const l of x.links) {
    if (l.kind !== 'list') continue;
    const fid = requestParams((l as { body?: string }).body).fid ?? queryInt(l.url, 'fid');
    if (fid !== null) return String(fid);
  }
  return null;
}

/** A `people-liuyan` adapter crawling `boards`, signing with `appCode`. */
export function createLiuyanAdapter(config: LiuyanAdapterConfig): LiuyanAdapter {
  const links: ListLinks = { detail: (tid) => detailRequest(config, tid), next: (fid, last) => listRequest(config, fid, last) };
  return {
    id: ID,
    name: '人民网《领导留言板》',
    baseUrl: `${LIUYAN_ORIGIN}/`,
    origins: [LIUYAN_ORIGIN, STAT_ORIGIN],
    pageKinds: ['list', 'thread', 'report', 'other'],
    version: '1',
    // The board promises no deadline; 30 days is the reply time most local rules set.
    slaHours: 30 * 24,
    // At most one request in 1.5 to 3 s to the host (DOMAIN-liuyan.md 1.7): half a request a second.
    defaultRate: 0.5,
    region: NATIONAL,
    // The list is ordered by tid: a status change of an older message shows only on its detail.
    revisitUnanswered: true,
    // The list shows the first answer only: a follow-up and the second answer to it show on the
    // detail alone. Followed for 30 days after the latest reply (the board's own reply time).
    revisitAnsweredDays: 30,
    config,
    boards: config.boards,
    withBoards: (boards: readonly number[]) => createLiuyanAdapter({ ...config, boards }),
    session: LIUYAN_SESSION,
    browserRoute: liuyanBrowserRoute,
    // The review delay seen between posting and publication reaches about three days.
    lateListing: { reviewWindowHours: 72, boardOf: boardOfList },
    startUrls(): PageRequest[] {
      const lists = config.boards.map((fid) => listRequest(config, fid, 0) as LiuyanRequest & PageRequest);
      // The site's own totals, once a run, beside the boards: the coverage check of claims.csv.
      return lists.length ? [...lists, getRequest(STAT_URL, 'report')] : [];
    },
    revisitRequest(message: { url: string; externalId: string }): PageRequest {
      return detailRequest(config, Number(message.externalId)) as LiuyanRequest & PageRequest;
    },
    pageKindOf: liuyanPageKindOf,
    canonicalUrl: liuyanCanonicalUrl,
    parse: (page: Page) => parseLiuyanPage(page, links),
  } as LiuyanAdapter;
}

/** The `people-liuyan` adapter (CONTRACT.md section 2): no boards until `--board` names them. */
export const peopleLiuyanAdapter = createLiuyanAdapter({ ...DEFAULT_CONFIG, boards: [] });
