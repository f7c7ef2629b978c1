/**
 * The newest-first list of 阳光热线问政平台: rows `ul.title-state-ul > li` with the 编号
 * (`span.state1`, not the detail id), the status (`span.state2`), the title linking the message
 * page (`span.state3 a`), the response time (`span.state4`) and the date asked (`span.state5 `,
 * whose class carries a trailing space on the live site, seen in public scrapers' notes 2026).
 */
import type { CheerioAPI } from 'cheerio';
import { ParseError } from '../../extract/errors.js';
import { normalizeText } from '../../extract/text.js';
import { parseChinaTime } from '../../extract/time.js';
import { emptyExtraction, type Extraction } from '../../model/extraction.js';
import { requireOne } from '../../extract/dom.js';
import { sunStatusOf } from './status.js';
import { detailIdOf, detailUrl, listPageOf, listUrl, sunCanonicalUrl } from './urls.js';

const BOARD = '阳光热线问政平台';

/** Parses one list page; a page without the list is a ParseError naming its selector. */
export function parseSunList(source: string, url: string, $: CheerioAPI): Extraction {
  const out = emptyExtraction(source, url, 'list');
  // The list itself is required; a board (or a page) without messages has no rows in it.
  const rows = requireOne($, 'ul.title-state-ul', url).children('li');
  rows.each((i, li) => {
    const row = $(li);
    const link = row.find('span.state3 a').first();
    const href = link.attr('href');
    if (!href) throw new ParseError(url, `row ${i + 1}: span.state3 a[href]`);
    const id = detailIdOf(new URL(href, url).toString());
    if (id === null) throw new ParseError(url, `row ${i + 1}: span.state3 a[href]`, `not a message link: ${href}`);
    const statusRaw = normalizeText(row.find('span.state2').text());
    if (!statusRaw) throw new ParseError(url, `row ${i + 1}: span.state2`);
    const posted = normalizeText(row.find('[class^="state5"]').text());
    out.messages.push({
      externalId: id,
      url: detailUrl(id),
      title: normalizeText(link.attr('title') ?? link.text()),
      body: null,
      author: null,
      postedAt: parseChinaTime(posted),
      board: BOARD,
      department: null,
      category: null,
      status: sunStatusOf(url, statusRaw, `row ${i + 1}: span.state2`),
      statusRaw,
      views: null,
      replyCount: null,
    });
    out.links.push({ url: detailUrl(id), kind: 'thread' });
  });
  const next = $('div.paging-box a.arrow-page.prov_rota').last().attr('href');
  const page = listPageOf(url) ?? 1;
  if (next) {
    const nextUrl = sunCanonicalUrl(new URL(next, url).toString());
    const nextPage = listPageOf(nextUrl);
    // The arrow on the last page points back to it (or to the first); only a later page counts.
    if (nextPage !== null && nextPage > page) out.links.push({ url: listUrl(nextPage), kind: 'list' });
  }
  return out;
}
