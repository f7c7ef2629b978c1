/**
 * Block pages: what a site serves instead of content when it stops a crawler (WAF notices,
 * CAPTCHA forms, JavaScript challenges), often with status 200. Never stored as data.
 *
 * Detection is structural, never by words: a citizen can write 请输入验证码 or 请求已被拦截 in
 * a message (and boards print it, escaped), so text is never looked at. An answer is a block
 * when its status says so (403, 429), or when it lacks the board's parts and carries a WAF's
 * own markup or headers: a CAPTCHA form, a WAF vendor's scripts, cookies or server header.
 * What a board's pages must contain is what its adapter requires to parse them: an HTML board
 * its post list or thread list, a JSON board its answer envelope. Words on a page the board's
 * adapter reads are data.
 */
import * as cheerio from 'cheerio';
import type { Extraction } from '../model/extraction.js';

/** Why the status alone marks a block answer, or null. */
export function blockByStatus(status: number): string | null {
  if (status === 403) return 'HTTP 403';
  if (status === 429) return 'HTTP 429';
  return null;
}

/** Vendors' fingerprints in headers: server names, challenge cookies and marker headers of WAFs. */
const HEADER_FINGERPRINTS: [string, RegExp, string][] = [
  ['server', /safedog|yunsuo|wzws|yundun|anquanbao|jiasule|yunjiasu|waf/i, 'WAF server header'],
  ['set-cookie', /safedog-flow-item|yunsuo_session_verify|__jsl_clearance|wzws_cid|acw_sc__v2|cf_chl_/i, 'WAF challenge cookie'],
  ['x-powered-by', /safedog|yunsuo|360wzb|anquanbao|waf/i, 'WAF header'],
  ['x-waf-uuid', /./, 'WAF header'],
  ['x-safe-firewall', /./, 'WAF header'],
  ['wzws-ray', /./, 'WAF header'],
  ['cf-mitigated', /challenge/i, 'WAF challenge header'],
];

/** Vendors' fingerprints in markup (attribute values and script code, never text). */
const MARKUP_FINGERPRINT =
  /safedog|yunsuo|wzws|__jsl_clearance|jsl_|aliyun_waf|acw_sc__|_waf_|waf\.tencent|yunjiasu|anquanbao|cf-chl|challenge-platform|geetest|tencentcaptcha|nc_token/i;
/** Names of CAPTCHA images and inputs. */
const CAPTCHA_NAME = /captcha|seccode|verify|vcode|yzm|checkcode|validatecode|authcode/i;
/** The simulator's WAF marks its pages with this meta element (see src/simulate/faults.ts). */
const SIM_WAF_META = 'meta[name="wz-sim-block"]';

/**
 * Why an answer that lacks the board's parts is a block page, or null when it is simply a page
 * the adapter does not understand (a parse error). Only markup and headers count.
 */
export function blockByStructure(headers: Headers, text: string): string | null {
  for (const [name, re, why] of HEADER_FINGERPRINTS) {
    const v = headers.get(name);
    if (v != null && re.test(v)) return why;
  }
  if (!/^\s*</.test(text)) return null; // JSON or plain text: no markup to judge
  const $ = cheerio.load(text);
  const sim = $(SIM_WAF_META);
  if (sim.length) return `WAF page (${sim.attr('content') ?? 'block'})`;
  let captcha = false;
  $('form')
    .find('img, input, iframe, div')
    .each((_, el) => {
      if (CAPTCHA_NAME.test(attributes(el).join(' '))) captcha = true;
    });
  if (captcha) return 'CAPTCHA form';
  const code: string[] = [];
  $('script, link, img, iframe, meta, form').each((_, el) => {
    code.push(attributes(el).join(' '));
    if ((el as { tagName?: string }).tagName === 'script') code.push($(el).html() ?? '');
  });
  return MARKUP_FINGERPRINT.test(code.join('\n')) ? 'WAF page' : null;
}

function attributes(el: unknown): string[] {
  return Object.values((el as { attribs?: Record<string, string> }).attribs ?? {});
}

/**
 * Whether a page gave none of a board's parts: no message, reply or link, and no report with
 * a publication time, a figure or an item (an article parser reads any page as an article).
 */
export function isEmptyExtraction(x: Extraction): boolean {
  const reportParts = x.reports.some((r) => r.publishedAt != null || r.figures.length > 0 || r.items.length > 0);
  return x.messages.length === 0 && x.replies.length === 0 && x.links.length === 0 && !reportParts;
}

/**
 * Why an answer is a block page, or null. `read` is what the board's adapter made of it: an
 * extraction, or the error of a page it could not read.
 */
export function blockedAnswer(answer: { status: number; headers: Headers; text: string }, read: { extraction: Extraction } | { error: Error }): string | null {
  const byStatus = blockByStatus(answer.status);
  if (byStatus) return byStatus;
  const lacksParts = 'error' in read || isEmptyExtraction(read.extraction);
  return lacksParts ? blockByStructure(answer.headers, answer.text) : null;
}
