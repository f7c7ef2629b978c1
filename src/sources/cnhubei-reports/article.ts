/**
 * The parts of a news.cnhubei.com article page: breadcrumb (`荆楚网 > 新闻 > 问政报告`), title,
 * the `发布时间:2019年06月06日18:31 来源: 荆楚网` line and the body. A known layout (seen on
 * 2019 pages) puts that line in `#lmy_information01` and the body in `div.article_w`; other
 * containers are tried, then the element holding the most paragraph text.
 */
import type * as cheerio from 'cheerio';
import { ParseError } from '../../extract/errors.js';
import { type AnyNode, elementLines } from '../../extract/html.js';
import { foldFullWidth, normalizeText } from '../../extract/text.js';
import { parseChinaTime } from '../../extract/time.js';
import { TABLE_MARK } from './figures.js';
import { isFigureTable, type Table } from './tables.js';

/** What the parsers need from an article page. */
export interface ArticleParts {
  title: string;
  /** The breadcrumb text, when the page has one. */
  breadcrumb: string | null;
  publishedAt: string | null;
  /** Body text, one normalised line per paragraph. */
  lines: string[];
  /** Every link target in the body (href attributes, unresolved). */
  hrefs: string[];
  /** Per-region tables of the body, each standing in `lines` as `TABLE_MARK<index>`. */
  tables: Table[];
}

/** The rows of a table as cell texts (normalised), or null for a layout table (one holding tables). */
function tableRows($: cheerio.CheerioAPI, table: AnyNode): Table | null {
  if ($(table).find('table').length > 0) return null;
  return $(table)
    .find('tr')
    .toArray()
    .map((tr) => $(tr).children('td, th').toArray().map((td) => normalizeText($(td).text()) ?? ''));
}

/**
 * The body with each per-region table replaced by a paragraph `TABLE_MARK<n>`, and the tables.
 * Other tables stay (their cells become text lines).
 */
function withTablesMarked($: cheerio.CheerioAPI, body: cheerio.Cheerio<AnyNode>): { body: cheerio.Cheerio<AnyNode>; tables: Table[] } {
  const copy = body.clone();
  const tables: Table[] = [];
  for (const table of copy.find('table').toArray()) {
    const rows = tableRows($, table);
    if (!rows || !isFigureTable(rows)) continue;
    $(table).replaceWith(`<p>${TABLE_MARK}${tables.length}</p>`);
    tables.push(rows);
  }
  return { body: copy, tables };
}

const BODY_SELECTORS = ['div.article_w', '#article_w', '.article-content', '.article_content', '#artibody', '.TRS_Editor', '#content', '.content'];
const TITLE_SELECTORS = ['h1', '.article_title', '.title', '#title'];
/** The 发布时间 line, matched folded (the page prints `发布时间：`; Taiwan-phrase copies 釋出時間). */
const PUBLISHED = /(?:发布|释出)时间:?\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*\d{1,2}:\d{2}(?::\d{2})?|\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)/;

function firstText($: cheerio.CheerioAPI, selectors: string[]): string | null {
  for (const s of selectors) {
    const t = normalizeText($(s).first().text());
    if (t) return t;
  }
  return null;
}

function titleOf($: cheerio.CheerioAPI, url: string): string {
  const t = firstText($, TITLE_SELECTORS) ?? normalizeText($('title').text())?.replace(/\s*[-_|｜][^-_|｜]*荆楚网[^-_|｜]*$/, '') ?? null;
  if (!t) throw new ParseError(url, 'title', 'no h1, .title or <title>');
  return t;
}

function breadcrumbOf($: cheerio.CheerioAPI): string | null {
  let best: string | null = null;
  $('div, p, span, td, nav, li').each((_, el) => {
    const t = normalizeText($(el).text());
    if (t && t.length <= 80 && /^(?:您的位置:?\s*)?荆楚网\s*>/.test(foldFullWidth(t)) && (best === null || t.length < best.length)) best = t;
  });
  return best;
}

function publishedAtOf($: cheerio.CheerioAPI): string | null {
  const line = foldFullWidth(normalizeText($('#lmy_information01').text()) ?? '');
  const m = line.match(PUBLISHED) ?? foldFullWidth(normalizeText($('body').text()) ?? '').match(PUBLISHED);
  return m ? parseChinaTime(m[1]) : null;
}

/** The body container: a known selector, else the element with the most paragraph text. */
function bodyOf($: cheerio.CheerioAPI, url: string): cheerio.Cheerio<AnyNode> {
  for (const s of BODY_SELECTORS) {
    const el = $(s).first();
    if (el.length && normalizeText(el.text())) return el;
  }
  let best: cheerio.Cheerio<AnyNode> | null = null;
  let bestLength = 0;
  $('div, td, article, section').each((_, el) => {
    const length = $(el)
      .children('p')
      .toArray()
      .reduce((n, p) => n + ($(p).text().trim().length), 0);
    if (length > bestLength) {
      best = $(el);
      bestLength = length;
    }
  });
  if (!best) throw new ParseError(url, 'article body', 'no div.article_w and no element with paragraphs');
  return best;
}

/** Reads title, breadcrumb, publication time, body lines and body links of an article page. */
export function parseArticleParts($: cheerio.CheerioAPI, url: string): ArticleParts {
  const { body, tables } = withTablesMarked($, bodyOf($, url));
  const lines = elementLines($, body);
  if (lines.length === 0) throw new ParseError(url, 'article body', 'empty');
  return {
    title: titleOf($, url),
    breadcrumb: breadcrumbOf($),
    publishedAt: publishedAtOf($),
    lines,
    hrefs: body
      .find('a[href]')
      .toArray()
      .map((a) => $(a).attr('href') ?? ''),
    tables,
  };
}
