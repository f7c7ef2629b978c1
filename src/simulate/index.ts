/**
 * The offline board simulator (issue 4): serves 荆楚网《民生热线》 (Discuz! X3.4),
 * 《荆楚问政》 (JSON API) and the news.cnhubei.com report articles from a seeded,
 * deterministic world, with ground truth, a movable clock, a request log and faults.
 *
 * URL layout on one port: /bbs = http://bbs.cnhubei.com, /wz = http://api.wz.cnhubei.com,
 * /news = http://news.cnhubei.com; control endpoints under /__sim/ (CONTRACT.md section 7).
 */
import { SIM_ORIGINS, SIM_PREFIXES } from './server.js';

export { SIM_ORIGINS, SIM_PREFIXES, printReadyLines, readyLines, startSimulator } from './server.js';
export type { RequestLogEntry, Simulator, SimulatorOptions } from './server.js';
export {
  BLOCK_FAULTS,
  BLOCK_NOTICE,
  BLOCK_PAGE_MARKERS,
  CAPTCHA_MARKER,
  DEFAULT_SLOW_MS,
  FAULT_KINDS,
  SIM_BLOCK_META,
  TRANSIENT_FAULTS,
  WAF_MARKER,
  blockPageHtml,
} from './faults.js';
export type { FaultKind } from './faults.js';
export { OVERSTATE_FACTOR } from './reports.js';
export type { SimFigure } from './reports.js';
export { ANSWERED_TYPEID, FID, POSTS_PER_PAGE, THREADS_PER_PAGE, THREAD_GONE_MESSAGE } from './discuz-markup.js';
export { NEWS_TYPE_DAILY, NEWS_TYPE_MONTHLY } from './wenzheng-api.js';
export { COLUMNS, columnUrl } from './news-markup.js';
export { UNITS, CATEGORIES, GROUPS } from './units.js';
export type { Truth, TruthMessage } from './truth.js';
export { World, FIRST_TID, FIRST_SUG_ID } from './world.js';

/** Maps a public URL of a simulated origin to the simulator's URL for it (or returns it unchanged). */
export function toLocalUrl(publicUrl: string, simUrl: string): string {
  for (const [id, origin] of Object.entries(SIM_ORIGINS)) {
    if (publicUrl === origin || publicUrl.startsWith(`${origin}/`)) return simUrl + SIM_PREFIXES[id] + publicUrl.slice(origin.length);
  }
  return publicUrl;
}
