/**
 * The adapter registry: one line per board. Adding a board touches its folder, this list,
 * its fixtures and one test file.
 */
import { cnhubeiMinshengAdapter } from './cnhubei-minsheng/index.js';
import { cnhubeiReportsAdapter } from './cnhubei-reports/index.js';
import { cnhubeiWenzhengAdapter } from './cnhubei-wenzheng/index.js';
import { discuzAdapter, discuzBoardAdapter } from './discuz/index.js';
import { peopleLiuyanAdapter } from './people-liuyan/index.js';
import { rednetHunanAdapter } from './rednet-hunan/index.js';
import { sun0769Adapter } from './sun0769/index.js';
import type { SourceAdapter } from './types.js';

export const ADAPTERS: readonly SourceAdapter[] = [
  cnhubeiMinshengAdapter,
  discuzAdapter,
  cnhubeiWenzhengAdapter,
  cnhubeiReportsAdapter,
  sun0769Adapter,
  rednetHunanAdapter,
  peopleLiuyanAdapter,
];

/**
 * The adapter with this id, or undefined. A configured Discuz board's id
 * (`discuz:<host>:<fid>`) gives that board's adapter, parsing pages on their own site.
 */
export function findAdapter(id: string): SourceAdapter | undefined {
  return ADAPTERS.find((a) => a.id === id) ?? discuzBoardAdapter(id, null);
}

/** The adapter that owns a public URL's origin, or undefined. */
export function adapterForUrl(url: string): SourceAdapter | undefined {
  const origin = new URL(url).origin;
  return ADAPTERS.find((a) => a.origins.includes(origin) && a.pageKindOf(url) !== null);
}
