/**
 * robots.txt of each simulated origin. Without the `robotsDisallow` switch every origin
 * allows everything. With it, bbs disallows /home.php and one thread (in both its URL
 * forms), and api.wz disallows one message (API call and detail page); news allows all.
 */
import { FIRST_SUG_ID, type World } from './world.js';
import { BBS_ORIGIN, WZ_ORIGIN, threadUrl } from './reports.js';

/** Which origin a robots.txt is for. */
export type SimSite = 'bbs' | 'wz' | 'news' | 'liuyan' | 'sun0769' | 'rednet';

/** The thread and message the robots switch disallows (the third of each board). */
export function robotsTargets(world: World): { tid: number; suid: number } {
  return { tid: world.threads[Math.min(2, world.threads.length - 1)]?.tid ?? 0, suid: FIRST_SUG_ID + 2 };
}

/** The robots.txt text of a site. */
export function robotsTxt(site: SimSite, world: World, disallow: boolean): string {
  const head = 'User-agent: *\n';
  if (!disallow || (site !== 'bbs' && site !== 'wz')) return `${head}Disallow:\n`;
  const { tid, suid } = robotsTargets(world);
  if (site === 'bbs') return `${head}Disallow: /home.php\nDisallow: /thread-${tid}-\nDisallow: /forum.php?mod=viewthread&tid=${tid}\n`;
  return `${head}Disallow: /api/sugdetail?suid=${suid}\nDisallow: /html/detail/${suid}.html\n`;
}

/** Public URLs the robots switch disallows (for the truth). */
export function robotsDisallowedUrls(world: World, disallow: boolean): string[] {
  if (!disallow) return [];
  const { tid, suid } = robotsTargets(world);
  return [`${BBS_ORIGIN}/home.php`, threadUrl(tid), `${BBS_ORIGIN}/forum.php?mod=viewthread&tid=${tid}`, `${WZ_ORIGIN}/api/sugdetail?suid=${suid}&type=pc`, `${WZ_ORIGIN}/html/detail/${suid}.html`];
}
