/**
 * Adapter `rednet-hunan`: 红网《问政湖南》 (Hunan, GB/T 2260 430000), a Vue front end over the
 * JSON API at wzapi.rednet.cn: lists by JSON POST, each message by GET. Stored URLs are the
 * API's detail URLs, the only stable public address of a message's data.
 */
import { ParseError } from '../../extract/errors.js';
import type { Extraction } from '../../model/extraction.js';
import type { Page, PageRequest, SourceAdapter } from '../types.js';
import { isObject } from '../../extract/json-fields.js';
import { detailIdOf, detailUrl, isListUrl, parseEnvelope, REDNET_API } from './api.js';
import { masked, parseRednetDetail } from './detail.js';
import { listRequest, parseRednetList } from './list.js';

const ID = 'rednet-hunan';

/** Parses a list or detail answer, judged by its URL. */
export function parseRednetPage(page: Page): Extraction {
  const data = parseEnvelope(page.url, page.body);
  if (isListUrl(page.url)) return parseRednetList(ID, page.url, data, page.request);
  const id = detailIdOf(page.url);
  if (id === null) throw new ParseError(page.url, 'url', 'neither /front/msg/index nor /front/msg/detail?id=');
  return parseRednetDetail(ID, detailUrl(id), data, id);
}

/**
 * A detail answer with the citizen's phone number (`mobile`, often repeated in the text) masked
 * wherever it stands, so the stored answer never holds it. Anything else is returned as it is.
 */
export function scrubRednetBody(text: string): string {
  let phone: unknown;
  try {
    const answer: unknown = JSON.parse(text);
    phone = isObject(answer) && isObject(answer.data) ? answer.data.mobile : undefined;
  } catch {
    return text;
  }
  if (typeof phone !== 'string' || phone.replace(/\D/g, '').length < 7) return text;
  return text.split(phone).join(masked(phone));
}

/** The `rednet-hunan` adapter (CONTRACT.md section 2). */
export const rednetHunanAdapter: SourceAdapter = {
  id: ID,
  name: '红网《问政湖南》',
  baseUrl: `${REDNET_API}/`,
  origins: [REDNET_API],
  pageKinds: ['list', 'thread'],
  version: '1',
  // No answering deadline of the board is documented (DOMAIN-boards.md): five days is an
  // assumption of ours, stated in the README; `overdue --sla-hours` overrides it.
  slaHours: 120,
  defaultRate: 1,
  region: '430000', // 湖南省
  // The newest-first list changes a row's is_reply after the row has left page 1.
  revisitUnanswered: true,
  startUrls(): PageRequest[] {
    return [listRequest(1)];
  },
  pageKindOf(url: string) {
    if (isListUrl(url)) return 'list';
    return detailIdOf(url) !== null ? 'thread' : null;
  },
  canonicalUrl(url: string) {
    const id = detailIdOf(url);
    if (id !== null) return detailUrl(id);
    return isListUrl(url) ? url.split(/[?#]/)[0]! : url;
  },
  scrubBody: scrubRednetBody,
  parse: parseRednetPage,
};
