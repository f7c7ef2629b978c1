/**
 * What the thread and list parsers share: the scanned page (scan.ts) with its canonical site,
 * times and counts as Discuz prints them, the pager, and the board name.
 */
import type { CheerioAPI } from 'cheerio';
import { intOf } from '../../extract/dom.js';
import { ParseError } from '../../extract/errors.js';
import type { Titled } from '../../extract/scan-text.js';
import { normalizeText } from '../../extract/text.js';
import { parseChinaTime } from '../../extract/time.js';
import type { DiscuzConfig } from './config.js';
import type { DiscuzScan } from './scan.js';
import { KNOWN_REWRITES, parseDiscuzUrl, siteOf, withSlash, type DiscuzPage, type UrlForm } from './urls.js';

/** One page being parsed. */
export interface DiscuzPageContext {
  /** What the one pass over the page collected. */
  scan: DiscuzScan;
  /** The URL the page was given with (named in errors). */
  url: string;
  /** Site the canonical URLs are built on (ends with `/`). */
  site: string;
  config: DiscuzConfig;
  /** Resolves a link of the page against `<base href>` or the page URL; null if it cannot. */
  resolve(href: string | undefined): string | null;
  /** Reads a link of the page (resolved) as a Discuz page, with the board's rewrite rules. */
  parseLink(href: string | undefined): DiscuzPage | null;
  /** The form the board writes its URLs in: the configured one, else as the page shows it. */
  form: UrlForm;
}

/** A list page being parsed: its rows are read from the built document (`$`). */
export interface DiscuzListContext extends DiscuzPageContext {
  $: CheerioAPI;
}

/** The form of a parsed URL (guide lists exist only in the query form). */
export function formOf(page: DiscuzPage | null): UrlForm | null {
  return page && page.kind !== 'guide' ? page.form : null;
}

function absolute(href: string | undefined, base?: string): string | null {
  if (!href) return null;
  try {
    const u = new URL(href, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * The form the board writes its URLs in, as the page shows it: a rewrite rule when the
 * canonical link or any link to a thread or list of the same site is rewritten (a rewritten
 * board still links type-filtered lists and their rows in the query form), else the query form.
 */
function boardForm(scan: DiscuzScan, site: string, canonical: string | null, parseLink: (href: string | undefined) => DiscuzPage | null): UrlForm {
  const origin = new URL(site).origin;
  const rewritten = (href: string | undefined): UrlForm | null => {
    const form = formOf(parseLink(href));
    return form && form !== 'query' && href && new URL(href, site).origin === origin ? form : null;
  };
  // The canonical link, then the page's links, until one shows a rewrite rule. (Not a generator
  // over them: V8 came to keep the scan it held alive past its page, tripling the garbage
  // collector's work on the thread page.)
  const canonicalForm = rewritten(canonical ?? undefined);
  if (canonicalForm) return canonicalForm;
  for (const href of scan.hrefs) {
    const form = rewritten(href);
    if (form) return form;
  }
  return 'query';
}

/**
 * Builds the parsing context: the site is the configured base URL, else the folder of the
 * page URL, else the page's `<base href>` or canonical link (for a saved page given without
 * its URL).
 */
export function pageContext(scan: DiscuzScan, url: string, config: DiscuzConfig): DiscuzPageContext {
  const pageUrl = absolute(url);
  const baseHref = absolute(scan.baseHref, pageUrl ?? undefined);
  const canonical = absolute(scan.canonicalHref, baseHref ?? pageUrl ?? undefined);
  const known = pageUrl ?? baseHref ?? canonical;
  const site = config.baseUrl ? withSlash(config.baseUrl) : known ? siteOf(known) : null;
  if (!site) throw new ParseError(url, 'page URL', 'neither the URL nor <base href> is absolute');
  const linkBase = baseHref ?? pageUrl ?? site;
  const rules = [...(config.rewriteRules ?? []), ...KNOWN_REWRITES];
  const resolve = (href: string | undefined) => absolute(href, linkBase);
  const parseLink = (href: string | undefined) => {
    const abs = resolve(href);
    return abs ? parseDiscuzUrl(abs, rules) : null;
  };
  const form = config.urlForm ?? boardForm(scan, site, canonical, parseLink);
  return { scan, url, site, config, resolve, parseLink, form };
}

/**
 * A time as Discuz prints it: `2019-2-20 22:50`, or a relative time (`3 天前`, `昨天 22:50`)
 * wrapped in `<span title="2019-2-20 22:50:11">`, whose title is used.
 */
export function timeOf(t: Titled): string | null {
  return parseChinaTime(t.title) ?? parseChinaTime(t.value);
}

/**
 * A count as Discuz prints it: `568`, `1,208`, or a rounded `<span title="44705">4万</span>`
 * (seen 2019 on talkop.com credit counts), whose title is used.
 */
export function countOf(t: Titled): number | null {
  return intOf(t.title) ?? intOf(t.value);
}

/** What is read where nothing was found: no title, no text. */
export const NOTHING: Titled = { title: undefined, value: '' };

/** The pager (`div.pg`): total pages, the current page, and whether a next page exists. */
export interface Pager {
  pageCount: number | null;
  current: number | null;
  nextHref: string | null;
  hasNext: boolean;
}

/**
 * The page's pager (the one above the posts or rows first, so that a pager inside a post
 * never counts); all null when the page has none (a one-page thread).
 */
export function readPager(scan: DiscuzScan): Pager {
  const pg = scan.topPager ?? scan.firstPager;
  if (pg === null) return { pageCount: null, current: null, nextHref: null, hasNext: false };
  const current = intOf(pg.current?.value ?? '');
  // `<label><span title="共 57 页"> / 57 页</span></label>`; else the highest page linked.
  const total = intOf(pg.totalTitle);
  const linked = pg.links.map((a) => intOf(a.value) ?? 0);
  const pageCount = total ?? Math.max(current ?? 1, ...linked);
  return { pageCount, current, nextHref: pg.nextHref, hasNext: pg.hasNext };
}

/**
 * The board name: the configured one, else the last forum link of the breadcrumb (`#pt`),
 * else the forum title of a list page (`h1.xs2 a`).
 */
export function boardOf(ctx: DiscuzPageContext): string | null {
  if (ctx.config.boardName) return ctx.config.boardName;
  const { crumbForum, forumTitle } = ctx.scan;
  return normalizeText((crumbForum ?? forumTitle)?.value ?? '');
}

/**
 * A thread type (`[城市管理]`) is the category, unless it is a status word of the board
 * (`[已回复]`), which is then the raw status and no category.
 */
export function typeOrStatus(
  config: DiscuzConfig,
  typeText: string,
): { category: string | null; statusRaw: string | null } {
  const type = normalizeText(typeText);
  if (type && Object.hasOwn(config.statusWords, type)) return { category: null, statusRaw: type };
  return { category: type, statusRaw: null };
}
