/**
 * A message page of 阳光热线问政平台: the title (`p.focus-details`), a row of spans (author,
 * `发布日期…`, `状态：…`, `编号：…`), the message in `div.details-box > pre`, the unit it is
 * addressed to (`问政部门：…`), and the official reply in `div.gf-reply pre` (absent until a
 * unit answers). The addressed unit is the message's department; the reply names the unit that
 * answered where its heading says so, kept apart from the addressed one.
 */
import type { CheerioAPI } from 'cheerio';
import { requireOne } from '../../extract/dom.js';
import { ParseError } from '../../extract/errors.js';
import { normalizeBody, normalizeText } from '../../extract/text.js';
import { parseChinaTime } from '../../extract/time.js';
import { emptyExtraction, type Extraction } from '../../model/extraction.js';
import { sunStatusOf } from './status.js';

const BOARD = '阳光热线问政平台';

/** The text after a label such as `状态：` in a list of texts, or null. */
function afterLabel(texts: readonly string[], label: string): string | null {
  for (const t of texts) {
    const m = t.match(new RegExp(`^${label}\\s*[:：]?\\s*(.*)$`));
    if (m) return m[1]!.trim() || null;
  }
  return null;
}

/** Parses a message page; `id` is the detail id from the URL. */
export function parseSunDetail(source: string, url: string, id: string, $: CheerioAPI): Extraction {
  const out = emptyExtraction(source, url, 'thread');
  const title = normalizeText(requireOne($, 'div.mr-three > p.focus-details', url).text());
  if (!title) throw new ParseError(url, 'div.mr-three > p.focus-details', 'empty title');
  const meta = requireOne($, 'div.focus-date-list', url);
  const spans = meta.find('span').toArray().map((s) => normalizeText($(s).text()) ?? '');
  const author = normalizeText(meta.find('span.details-head').first().text());
  const postedRaw = afterLabel(spans, '发布日期');
  const postedAt = parseChinaTime(postedRaw);
  if (!postedAt) throw new ParseError(url, 'div.focus-date-list 发布日期', `no time in "${postedRaw ?? ''}"`);
  const statusRaw = afterLabel(spans, '状态');
  if (!statusRaw) throw new ParseError(url, 'div.focus-date-list 状态');
  // A <pre> keeps the citizen's own line breaks: its text is read as it is, not laid out.
  const body = normalizeBody(requireOne($, 'div.details-box > pre', url).text());
  const addressed = afterLabel([normalizeText($('div.politics-fl').first().text()) ?? ''], '问政部门');

  for (const [i, el] of $('div.gf-reply').toArray().entries()) {
    const block = $(el);
    const pre = block.find('pre').first();
    if (pre.length === 0) throw new ParseError(url, `div.gf-reply ${i + 1}: pre`);
    // The heading's own pieces (each span of it), read one by one: they touch without spaces.
    const head = block
      .find('*')
      .not('pre, pre *')
      .filter((_, e) => $(e).children().length === 0)
      .toArray()
      .map((e) => normalizeText($(e).text()) ?? '');
    const unit = afterLabel(head, '(?:回复单位|答复单位|办理单位)');
    out.replies.push({
      messageExternalId: id,
      externalId: `${id}-r${i + 1}`,
      department: unit,
      author: unit,
      body: normalizeBody(pre.text()),
      repliedAt: parseChinaTime(afterLabel(head, '(?:回复时间|答复时间)')),
      official: true,
      floor: null,
    });
  }
  const status = out.replies.length > 0 ? 'replied' : sunStatusOf(url, statusRaw, 'div.focus-date-list 状态');
  out.messages.push({
    externalId: id,
    url,
    title,
    body,
    author,
    postedAt,
    board: BOARD,
    department: addressed,
    category: null,
    status,
    statusRaw,
    views: null,
    replyCount: out.replies.length,
  });
  return out;
}
