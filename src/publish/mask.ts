/**
 * Personal numbers in published text: mobile and landline phone numbers, resident ID-card
 * numbers (18 digits, the last may be X; the old 15-digit form) and numbers given as a WeChat
 * or QQ contact. A phone or ID number keeps its first 3 and last 4 digits, the digits between
 * become `*`; a landline written without its area code keeps only its last 4; a WeChat/QQ
 * number its first and last 2. Separators stay where they were.
 *
 * Forms people write: `TEL13812345678` (letters before), `1381-234-5678` and `138.1234.5678`
 * (any grouping by `-`, `.` or a space), `４２０１０６…` (full-width digits), `420106 19900101
 * 1234` (grouped ID numbers, checked for a birth date), `微信 13812345678` / `wx:87654321`,
 * `电话 8765 4321` (a landline without its area code, known by the word before it). Numbers
 * glued to other digits are left alone (order numbers), and so are short service numbers
 * (12345, 110, 96166) that name departments: department names are never masked.
 */

const D = '[0-9０-９]';
const SEP = '[- .\u00a0]';
const NOT_DIGIT_BEFORE = '(?<![0-9０-９])';
const NOT_DIGIT_AFTER = '(?![0-9０-９])';

/** ID cards: 18 digits (X last), written whole or in groups. */
const ID_18 = new RegExp(`${NOT_DIGIT_BEFORE}${D}(?:${SEP}?${D}){16}${SEP}?[0-9０-９XxＸｘ]${NOT_DIGIT_AFTER}(?![A-Za-z])`, 'g');
/** Old ID cards: 15 digits, whole. */
const ID_15 = new RegExp(`${NOT_DIGIT_BEFORE}${D}{15}${NOT_DIGIT_AFTER}`, 'g');
/** Mobiles: 11 digits from 13x..19x, any grouping, an optional +86 before. */
const MOBILE = new RegExp(`${NOT_DIGIT_BEFORE}(?:[+＋]?[8８][6６]${SEP}?)?[1１][3-9３-９]${D}(?:${SEP}?${D}){8}${NOT_DIGIT_AFTER}`, 'g');
/** Landlines with an area code: 027-87654321, (027)8765 4321, 0710-1234567. */
const LANDLINE = new RegExp(
  `${NOT_DIGIT_BEFORE}(?:[(（][0０]${D}{2,3}[)）]|[0０]${D}{2,3})${SEP}?${D}{3,4}${SEP}?${D}{4}${NOT_DIGIT_AFTER}`,
  'g',
);
/** Words after which a number is a contact on WeChat or QQ. */
const CHAT_WORD = String.raw`(?:微信号?|威信|薇信|weixin|wechat|wxid|wx|vx|qq号?|扣扣)`;
const CHAT_NUMBER = new RegExp(`(?<=${CHAT_WORD}\\s*(?:号码|号)?\\s*[:：是为]?\\s*)${D}(?:${SEP}?${D}){4,11}${NOT_DIGIT_AFTER}`, 'gi');
/** Words after which a 7- or 8-digit number is a local landline. */
const PHONE_WORD = String.raw`(?:电话|座机|固话|联系方式|联系|号码|拨打|致电|tel|phone)`;
const LOCAL_LANDLINE = new RegExp(
  `(?<=${PHONE_WORD}\\s*[:：是为]?\\s*)${NOT_DIGIT_BEFORE}[2-9２-９]${D}{2,3}${SEP}?${D}{4}${NOT_DIGIT_AFTER}`,
  'gi',
);

/** Cheap test first: no run of 5 digits (allowing separators) means nothing to mask. */
const MAYBE = new RegExp(`${D}(?:${SEP}?${D}){4}`);

const isDigit = (c: string) => /[0-9０-９XxＸｘ]/.test(c);

/** Masks the digits of a match, keeping the first `head` and the last `tail`. */
function maskDigits(match: string, head: number, tail: number): string {
  const digits = [...match].filter(isDigit).length;
  let seen = 0;
  return [...match].map((c) => (isDigit(c) && ++seen > head && seen <= digits - tail ? '*' : c)).join('');
}

/** Masks one phone or ID number: first 3 and last 4 digits kept, other digits to `*`. */
export function maskNumber(match: string): string {
  const country = /^[+＋]?[8８][6６][- .\u00a0]?(?=[1１])/.exec(match)?.[0];
  if (country && [...match.slice(country.length)].filter(isDigit).length === 11) return country + maskNumber(match.slice(country.length));
  return maskDigits(match, 3, 4);
}

/** Whether 18 grouped digits carry a plausible birth date (YYYYMMDD from the 7th digit). */
function looksLikeIdCard(match: string): boolean {
  const digits = [...match].filter(isDigit).map((c) => String.fromCharCode(c.charCodeAt(0) >= 0xff10 ? c.charCodeAt(0) - 0xfee0 : c.charCodeAt(0)));
  const birth = digits.slice(6, 14).join('');
  return /^(18|19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/.test(birth);
}

/** The text with every phone, ID-card and chat contact number masked; null stays null. */
export function maskPersonalNumbers(text: string | null): string | null {
  if (text === null || !MAYBE.test(text)) return text;
  const t = text
    .replace(ID_18, (m) => (/^[0-9０-９]+[0-9０-９XxＸｘ]$/.test(m) || looksLikeIdCard(m) ? maskNumber(m) : m))
    .replace(ID_15, maskNumber)
    .replace(MOBILE, maskNumber)
    .replace(LANDLINE, maskNumber);
  // The last two look behind for words at every position (the slowest patterns here), and
  // each needs five digits in a row (separators allowed): most texts have none left by now.
  if (!MAYBE.test(t)) return t;
  return t.replace(CHAT_NUMBER, (m) => maskDigits(m, 2, 2)).replace(LOCAL_LANDLINE, (m) => maskDigits(m, 0, 4));
}
