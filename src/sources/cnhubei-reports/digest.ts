/**
 * The numbered items of a daily digest (每日回复). Each item reads:
 *   一、<问题> <部门>:<答复摘要>                                   (headline)
 *   帖文链接:<url>   or   留言链接:<url>                           (link)
 *   8月24日,网友在《民生热线》发帖称:<text>                        (message; 在《荆楚问政》留言称,
 *                                                                  上发帖称, 投诉称, dates with a year)
 *   <部门>就该问题回复:<text>   or   <部门>就该内容回复:<text>       (answer)
 * Lines after a message or an answer continue it until the next part. The page prints the
 * colons and commas full-width (`帖文链接：`); patterns read them folded to ASCII, and the
 * headline, message and reply keep them as printed.
 */
import { parseChineseInteger } from '../../extract/numbers.js';
import { foldFullWidth } from '../../extract/text.js';
import { isoDate, resolveYear } from '../../extract/time.js';
import type { ReportItem } from '../../model/extraction.js';
import { boardsOf, MINSHENG, WENZHENG } from './boards.js';
import { TABLE_MARK } from './figures.js';
import { matchFolded } from './folded.js';
import { messageLinkOf } from './urls.js';

const HEADLINE = /^([一二三四五六七八九十百]+|\d{1,3})[、.]\s*(.+)$/;
/** `帖文链接:` as printed in simplified; copies converted with Taiwan phrases print 帖文連結 (连结 once simplified). */
const LINK = /^(?:帖文|留言|原帖|帖子|问政)(?:链接|连结|网址|地址):\s*(\S+)/;
const MESSAGE = /^(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日[,\s]*网友(.{0,40}?)(?:发帖|留言|投诉|反映|咨询|提问)?称:\s*(.*)$/;
const ANSWER = /^(.{2,60}?)就该(?:问题|内容|留言|帖文|帖子|事|情况)?(?:进行了?)?回复(?:称|如下)?:\s*(.*)$/;
/** Lines that end the items (editor line, error-report link, repeated boilerplate). */
const END = /^(?:网[络路]问政\s*)?【纠错】|^(?:责任)?编辑:|^\(?回复详情/;

/** The items of a digest and the index of the line the first one starts at. */
export interface DigestItems {
  items: ReportItem[];
  firstLine: number | null;
}

/** True when a body line opens a digest item (`一、...`). */
export function isItemHeadline(line: string): boolean {
  const n = foldFullWidth(line).match(HEADLINE)?.[1];
  if (n === undefined) return false;
  return /^\d+$/.test(n) || parseChineseInteger(n) !== null;
}

interface Draft {
  item: ReportItem;
  /** Index of the headline among the body lines. */
  line: number;
  part: 'headline' | 'message' | 'reply';
}

function boardOfMessage(where: string, url: string | null): string | null {
  const named = boardsOf(where);
  if (named) return named;
  if (url?.startsWith('http://bbs.cnhubei.com/')) return MINSHENG;
  if (url?.startsWith('http://api.wz.cnhubei.com/')) return WENZHENG;
  return null;
}

function postedOnOf(y: string | undefined, month: number, day: number, reference: string | null): string | null {
  if (y) return isoDate(Number(y), month, day);
  return reference ? resolveYear(month, day, reference) : null;
}

/** Department named in a headline `<问题> <部门>：<摘要>`: the last word before the colon. */
function headlineDepartment(headline: string): string | null {
  const before = headline.split(/[:：]/)[0] ?? '';
  const words = before.trim().split(/\s+/);
  return words.length > 1 ? (words[words.length - 1] ?? null) : null;
}

function append(text: string | null, line: string): string {
  return text ? `${text}\n${line}` : line;
}

function readLine(d: Draft, line: string, reference: string | null): void {
  const link = matchFolded(line, LINK);
  const message = matchFolded(line, MESSAGE);
  const answer = matchFolded(line, ANSWER);
  if (link?.[1]) {
    d.item.url = messageLinkOf(link[1])?.url ?? link[1];
  } else if (message && d.part === 'headline') {
    d.item.postedOn = postedOnOf(message[1], Number(message[2]), Number(message[3]), reference);
    d.item.board = boardOfMessage(message[4] ?? '', d.item.url) ?? d.item.board;
    d.item.message = message[5] || null;
    d.part = 'message';
  } else if (answer && d.part !== 'reply') {
    d.item.department = answer[1] ?? null;
    d.item.reply = answer[2] || null;
    d.part = 'reply';
  } else if (d.part === 'message') {
    d.item.message = append(d.item.message, line);
  } else if (d.part === 'reply') {
    d.item.reply = append(d.item.reply, line);
  }
}

/**
 * Reads the items of a digest from its body lines (numbered headings with neither link,
 * message nor answer are section titles and are left out). `reference` (YYYY-MM-DD, the publication
 * date) gives the year of dates printed without one: an item from December in a January
 * digest is last year's.
 */
export function parseDigestItems(lines: string[], reference: string | null): DigestItems {
  const drafts: Draft[] = [];
  for (const [index, line] of lines.entries()) {
    if (END.test(foldFullWidth(line))) break;
    if (line.startsWith(TABLE_MARK)) continue;
    const head = isItemHeadline(line) ? matchFolded(line, HEADLINE) : null;
    if (head) {
      const headline = head[2] ?? line;
      drafts.push({
        item: { headline, url: null, board: null, postedOn: null, message: null, department: headlineDepartment(headline), reply: null },
        part: 'headline',
        line: index,
      });
    } else {
      const d = drafts[drafts.length - 1];
      if (d) readLine(d, line, reference);
    }
  }
  // A numbered heading with neither link, message nor answer is a section title, not an item.
  const kept = drafts.filter(({ item }) => item.url !== null || item.message !== null || item.reply !== null);
  return {
    items: kept.map(({ item }) => ({ ...item, board: item.board ?? boardOfMessage('', item.url) })),
    firstLine: kept[0]?.line ?? null,
  };
}
