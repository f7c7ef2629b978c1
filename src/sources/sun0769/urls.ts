/**
 * URLs of 阳光热线问政平台 (wz.sun0769.com, Dongguan): the newest-first list
 * `/political/index/politicsNewest?id=1&page=N` and a message's page
 * `/political/politics/index?id=<detail id>`. The mirror host wzzdg.sun0769.com serves the
 * same pages; stored URLs always name wz.sun0769.com over https.
 */
import type { PageKind } from '../../model/extraction.js';

/** The public origin of the board. */
export const SUN_ORIGIN = 'https://wz.sun0769.com';

const HOSTS = new Set(['wz.sun0769.com', 'wzzdg.sun0769.com']);
const LIST_PATH = '/political/index/politicsNewest';
const DETAIL_PATH = '/political/politics/index';

/** The newest-first list, page `page` (1-based). */
export function listUrl(page: number): string {
  return `${SUN_ORIGIN}${LIST_PATH}?id=1&page=${page}`;
}

/** A message's page by its detail id (not the 编号 the list shows). */
export function detailUrl(id: string | number): string {
  return `${SUN_ORIGIN}${DETAIL_PATH}?id=${id}`;
}

function tryUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The detail id of a message URL, or null. */
export function detailIdOf(url: string): string | null {
  const u = tryUrl(url);
  if (!u || u.pathname !== DETAIL_PATH) return null;
  const id = u.searchParams.get('id');
  return id && /^\d+$/.test(id) ? id : null;
}

/** The list page number of a list URL, or null. */
export function listPageOf(url: string): number | null {
  const u = tryUrl(url);
  if (!u || u.pathname !== LIST_PATH) return null;
  const page = Number(u.searchParams.get('page') ?? '1');
  return Number.isInteger(page) && page >= 1 ? page : null;
}

/** The page kind of a public URL of this board, or null. */
export function sunPageKindOf(url: string): PageKind | null {
  const u = tryUrl(url);
  if (!u || !HOSTS.has(u.hostname)) return null;
  if (detailIdOf(url) !== null) return 'thread';
  if (listPageOf(url) !== null) return 'list';
  return null;
}

/**
 * One URL per page: the main host over https, only the parameters that choose the page
 * (`id` of a message; `page` of the newest list), so relative links, the mirror host and
 * tracking noise all come to the same URL. Other URLs are returned as they are.
 */
export function sunCanonicalUrl(url: string): string {
  const u = tryUrl(url);
  if (!u || !HOSTS.has(u.hostname)) return url;
  const id = detailIdOf(url);
  if (id !== null) return detailUrl(id);
  const page = listPageOf(url);
  if (page !== null && (u.searchParams.get('id') ?? '1') === '1' && !u.searchParams.has('type')) return listUrl(page);
  return url;
}
