/**
 * Routing of board requests (after the /bbs, /wz or /news prefix is stripped) to page
 * renderers. Returns what to answer; the server adds encoding, faults and logging.
 */
import { discuzNotice, esc } from './discuz-chrome.js';
import { FID, renderForumIndex, renderForumList, renderThread, renderUnitList } from './discuz-markup.js';
import { COLUMNS, renderArticle, renderColumn, renderNewsIndex } from './news-markup.js';
import type { Reports } from './reports.js';
import { robotsTxt, type SimSite } from './robots.js';
import { allSugList, bureauList, detailPage, poNews, sugDetail } from './wenzheng-api.js';
import type { World } from './world.js';

/** An answer before encoding. */
export interface Reply {
  status: number;
  kind: 'html' | 'json' | 'text';
  body: string;
  headers?: Record<string, string>;
}

/** What routing needs to know about the simulator. */
export interface RouteContext {
  world: World;
  reports: Reports;
  robotsDisallow: boolean;
  /** Charset declared in bbs and news HTML (`utf-8` or `gbk`). */
  charset: string;
}

const html = (body: string, status = 200): Reply => ({ status, kind: 'html', body });
const json = (value: unknown): Reply => ({ status: 200, kind: 'json', body: JSON.stringify(value) });

/** An nginx-style error page. */
export function errorPage(status: number, text: string): string {
  return `<html>\r\n<head><title>${status} ${esc(text)}</title></head>\r\n<body>\r\n<center><h1>${status} ${esc(text)}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

const notFound = (): Reply => html(errorPage(404, 'Not Found'), 404);
const int = (v: string | null | undefined, d: number): number => {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : d;
};

function bbs(ctx: RouteContext, path: string, q: URLSearchParams): Reply {
  const cs = ctx.charset;
  let m = path.match(/^\/thread-(\d+)-(\d+)-\d+\.html$/);
  if (m) return html(renderThread(ctx.world, Number(m[1]), Number(m[2]), cs).html);
  m = path.match(/^\/forum-(\d+)-(\d+)\.html$/);
  if (m) return Number(m[1]) === FID ? html(renderForumList(ctx.world, Number(m[2]), cs)) : html(discuzNotice('抱歉，指定的版块不存在', cs));
  if (path === '/forum.php') {
    const mod = q.get('mod');
    if (mod === 'viewthread') return html(renderThread(ctx.world, int(q.get('tid'), 0), int(q.get('page'), 1), cs).html);
    if (mod === 'forumdisplay') {
      if (int(q.get('fid'), 0) !== FID) return html(discuzNotice('抱歉，指定的版块不存在', cs));
      const typeid = q.get('filter') === 'typeid' ? int(q.get('typeid'), 0) : null;
      return html(renderForumList(ctx.world, int(q.get('page'), 1), cs, typeid));
    }
    return html(renderForumIndex(cs));
  }
  if (path === '/' || path === '/index.php') return html(renderForumIndex(cs));
  if (path === '/special.php' && q.get('mod') === 'msrx') return html(renderUnitList(cs));
  if (path === '/home.php' || path === '/member.php') return html(discuzNotice('抱歉，您尚未登录，无法进行此操作', cs));
  return notFound();
}

function wz(ctx: RouteContext, path: string, q: URLSearchParams): Reply {
  switch (path) {
    case '/api/allsuglist':
      return json(allSugList(ctx.world, q));
    case '/api/sugdetail':
      return json(sugDetail(ctx.world, q));
    case '/api/ponews':
      return json(poNews(ctx.reports, q));
    case '/api/bureaulist':
      return json(bureauList());
  }
  const m = path.match(/^\/html\/detail\/(\d+)\.html$/);
  const page = m ? detailPage(ctx.world, Number(m[1])) : null;
  return page ? { status: 200, kind: 'html', body: page, headers: { 'content-type': 'text/html; charset=utf-8' } } : notFound();
}

function news(ctx: RouteContext, path: string): Reply {
  if (path === '/' || path === '/index.html') return html(renderNewsIndex(ctx.charset));
  let m = path.match(/^\/(wzbg|mrhf)\/(?:(?:index|index_(\d+))\.html)?$/);
  if (m) {
    const page = renderColumn(ctx.reports, m[1] as keyof typeof COLUMNS, m[2] ? Number(m[2]) : 1, ctx.charset);
    return page ? html(page) : notFound();
  }
  m = path.match(/^\/content\/\d{4}-\d{2}\/\d{2}\/content_\d+\.html$/);
  const a = m ? ctx.reports.byPath(path) : undefined;
  return a ? html(renderArticle(a, ctx.charset)) : notFound();
}

/** Answers one board request for a site. */
export function route(ctx: RouteContext, site: SimSite, path: string, q: URLSearchParams): Reply {
  if (path === '/robots.txt') return { status: 200, kind: 'text', body: robotsTxt(site, ctx.world, ctx.robotsDisallow) };
  if (site === 'bbs') return bbs(ctx, path, q);
  if (site === 'wz') return wz(ctx, path, q);
  return news(ctx, path);
}
