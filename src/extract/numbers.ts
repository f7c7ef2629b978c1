/**
 * Numbers as Chinese reports print them: Arabic digits (`2146`, `28.7`, `2,146`, `1.2万`),
 * Chinese numerals where they carry counts (`一百二十`, `两千零五`, `十二`), and the words
 * around a number that say how exact it is (`余`, `超过`, `以上`, `约`, ...).
 */

/** How exact a printed number is (CONTRACT.md section 4). */
export type Qualifier = 'exact' | 'at_least' | 'more_than' | 'about';

const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const SMALL_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const BIG_UNITS: Record<string, number> = { 万: 10_000, 亿: 100_000_000 };

/** Characters a Chinese numeral is made of (for building regular expressions). */
export const CHINESE_NUMERAL_CHARS = '零〇一二两三四五六七八九十百千万亿';

/**
 * Parses a Chinese numeral (`一百二十` -> 120, `十二` -> 12, `两千零五` -> 2005, `三万` -> 30000,
 * digit by digit `二〇一九` -> 2019). Returns null when the text is not a well-formed numeral.
 */
export function parseChineseInteger(text: string): number | null {
  const s = text.trim();
  if (s === '' || [...s].some((c) => !CHINESE_NUMERAL_CHARS.includes(c))) return null;
  if ([...s].every((c) => c in DIGITS)) {
    // Digit by digit (years, codes): only a single digit or a run written positionally.
    return [...s].reduce((n, c) => n * 10 + (DIGITS[c] ?? 0), 0);
  }
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  let lastUnit = Infinity;
  for (const c of s) {
    if (c in DIGITS) {
      if (digit !== null && digit !== 0 && DIGITS[c] !== 0) return null; // 二三 without a unit
      digit = DIGITS[c] ?? 0;
    } else if (c in SMALL_UNITS) {
      const unit = SMALL_UNITS[c] ?? 1;
      if (unit >= lastUnit) return null; // 百百, 十百
      section += (digit ?? 1) * unit;
      digit = null;
      lastUnit = unit;
    } else {
      const big = BIG_UNITS[c] ?? 1;
      total += (section + (digit ?? 0)) * big;
      if (section + (digit ?? 0) === 0) return null; // 万 alone
      section = 0;
      digit = null;
      lastUnit = Infinity;
    }
  }
  return total + section + (digit ?? 0);
}

/**
 * Parses a number token as reports print it: `2146`, `28.7`, `2,146`, `1.2万`, `3千`,
 * `一百二十`. Returns null when the token is not a number.
 */
export function parseNumberToken(token: string): number | null {
  const s = token.trim();
  const arabic = s.match(/^(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)([十百千万亿]?)$/);
  if (arabic) {
    const base = Number((arabic[1] ?? '').replace(/,/g, ''));
    const unit = arabic[2] ? (SMALL_UNITS[arabic[2]] ?? BIG_UNITS[arabic[2]] ?? 1) : 1;
    return Number.isFinite(base) ? Math.round(base * unit * 1e6) / 1e6 : null;
  }
  return parseChineseInteger(s);
}

const BEFORE: ReadonlyArray<[RegExp, Qualifier]> = [
  [/(?:不少于|至少|不低于)$/, 'at_least'],
  [/(?:超过|超|逾|多于|高于)$/, 'more_than'],
  [/(?:约|近|将近|接近|大约)$/, 'about'],
];
const AFTER: ReadonlyArray<[RegExp, Qualifier]> = [
  [/^(?:以上)/, 'at_least'],
  [/^(?:左右)/, 'about'],
];

/**
 * The qualifier of a number from the words right before it (`超过70%`, `约300条`) and right
 * after it: `余`/`多` sit between the number and its counter (`1000余条`), `以上`/`左右`
 * follow the counter (`95%以上`). Pass `between` for the first, `after` for the second.
 * Words: 余/多/超过/逾 -> more_than; 以上/至少/不少于 -> at_least; 约/近/左右 -> about.
 */
export function qualifierOf(before: string, between: string, after: string): Qualifier {
  const b = before.replace(/[\s达到为了]+$/, '');
  for (const [re, q] of BEFORE) if (re.test(b)) return q;
  if (/[余多]/.test(between)) return 'more_than';
  for (const [re, q] of AFTER) if (re.test(after)) return q;
  return 'exact';
}
