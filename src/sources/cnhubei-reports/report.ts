/**
 * A news.cnhubei.com report article -> one `Report`: monthly reports (问政报告) with their
 * figures, daily digests (每日回复) with figures and items, annual summaries. Thread links of
 * the article (items, `回复详情点击链接`) become links of kind thread.
 */
import type * as cheerio from 'cheerio';
import { ParseError } from '../../extract/errors.js';
import { chinaDateOf } from '../../extract/time.js';
import type { Extraction, Link } from '../../model/extraction.js';
import { emptyExtraction } from '../../model/extraction.js';
import { parseArticleParts } from './article.js';
import { parseDigestItems } from './digest.js';
import { extractFigures, TABLE_MARK } from './figures.js';
import { periodOf, reportKindOf } from './period.js';
import { articleIdOf, messageLinkOf, reportsCanonicalUrl, tryUrl } from './urls.js';

/** The report id of an article URL; other URLs (a saved file) use their last path segment. */
function externalIdOf(url: string): string {
  const id = articleIdOf(url) ?? tryUrl(url)?.pathname.split('/').pop()?.replace(/\.[a-z]+$/i, '');
  if (!id) throw new ParseError(url, 'article id', 'the URL names no article (content_N.html)');
  return id;
}

/** Links to 民生热线 threads and 荆楚问政 messages, in the order the article gives them. */
function threadLinks(hrefs: string[], lines: string[], url: string): Link[] {
  // A URL is ASCII: the full-width comma or parenthesis printed after it ends it.
  const inText = lines.flatMap((l) => l.match(/https?:\/\/[^\s()<>"',;\u0080-\uffff]+/g) ?? []);
  const seen = new Set<string>();
  const links: Link[] = [];
  for (const href of [...inText, ...hrefs]) {
    const link = messageLinkOf(href, tryUrl(url) ? url : undefined);
    if (link && !seen.has(link.fetch)) {
      seen.add(link.fetch);
      links.push({ url: link.fetch, kind: 'thread' });
    }
  }
  return links;
}

/**
 * Parses an article page into a report extraction. Warnings: sentences that look like figures
 * but were not understood, a report without figures or items, a page without 发布时间.
 */
export function parseReportArticle(source: string, $: cheerio.CheerioAPI, url: string): Extraction {
  const parts = parseArticleParts($, url);
  const canonical = reportsCanonicalUrl(url);
  const reference = parts.publishedAt ? chinaDateOf(parts.publishedAt) : null;
  const digest = parseDigestItems(parts.lines, reference);
  const figureLines = digest.firstLine === null ? parts.lines : parts.lines.slice(0, digest.firstLine);
  const period = periodOf(parts.title, parts.lines.filter((l) => !l.startsWith(TABLE_MARK)), reference);
  const { figures, warnings } = extractFigures(figureLines, { reference, periodStart: period?.start ?? null }, parts.tables);
  const kind = reportKindOf({ title: parts.title, breadcrumb: parts.breadcrumb, period, figures: figures.length, items: digest.items.length });
  if (kind === 'other') warnings.push(`no figures in report: ${parts.title}`);
  if (!parts.publishedAt) warnings.push('no 发布时间 line: years of undated items unresolved');
  const out = emptyExtraction(source, canonical, 'report');
  out.reports = [
    {
      externalId: externalIdOf(url),
      url: canonical,
      title: parts.title,
      kind,
      publishedAt: parts.publishedAt,
      periodStart: period?.start ?? null,
      periodEnd: period?.end ?? null,
      figures,
      items: digest.items,
    },
  ];
  out.links = threadLinks(parts.hrefs, parts.lines, url);
  if (warnings.length) out.warnings = warnings;
  return out;
}
