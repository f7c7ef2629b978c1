/**
 * The period a report covers and its kind. Monthly reports say `2019年5月` in the title and
 * `5月1日至31日` in the body; daily digests open with a date line (`2021年3月8日`, or a range
 * `2020年6月24日—28日`); a report that sums up a whole year is annual whatever its column.
 */
import { foldFullWidth } from '../../extract/text.js';
import { isoDate, resolveYear } from '../../extract/time.js';
import type { Report } from '../../model/extraction.js';

/** A period and how long it is. */
export interface Period {
  start: string;
  end: string;
  span: 'days' | 'month' | 'year';
}

const DASH = '[—–\\-~至到]';
const DATE_LINE = new RegExp(`^(\\d{4})年(\\d{1,2})月(\\d{1,2})日(?:\\s*${DASH}\\s*(?:(\\d{1,2})月)?(\\d{1,2})日)?\\s*(?:\\(?(?:星期|周)[一二三四五六日天]\\)?)?$`);
const MONTH = /(\d{4})年(\d{1,2})月(?!\d{0,2}日|份?[至到—-])/;
const BODY_RANGE = new RegExp(`(?:(\\d{4})年)?(\\d{1,2})月(\\d{1,2})日\\s*${DASH}\\s*(?:(\\d{1,2})月)?(\\d{1,2})日`);

function lastDay(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function monthPeriod(y: number, m: number): Period {
  return { start: isoDate(y, m, 1), end: isoDate(y, m, lastDay(y, m)), span: 'month' };
}

function rangePeriod(y: number, m1: number, d1: number, m2: number, d2: number): Period | null {
  const y2 = m2 < m1 ? y + 1 : y;
  if (m1 === 1 && d1 === 1 && m2 === 12 && d2 === 31) return { start: isoDate(y, 1, 1), end: isoDate(y, 12, 31), span: 'year' };
  if (d1 === 1 && m1 === m2 && d2 === lastDay(y, m1)) return monthPeriod(y, m1);
  return { start: isoDate(y, m1, d1), end: isoDate(y2, m2, d2), span: 'days' };
}

function dateLinePeriod(lines: string[]): Period | null {
  for (const line of lines.slice(0, 5)) {
    const m = line.match(DATE_LINE);
    if (!m) continue;
    const [y, m1, d1] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!m[5]) return { start: isoDate(y, m1, d1), end: isoDate(y, m1, d1), span: 'days' };
    return rangePeriod(y, m1, d1, m[4] ? Number(m[4]) : m1, Number(m[5]));
  }
  return null;
}

function bodyRangePeriod(lines: string[], year: number | null, reference: string | null): Period | null {
  for (const line of lines) {
    const m = line.match(BODY_RANGE);
    if (!m) continue;
    const [m1, d1] = [Number(m[2]), Number(m[3])];
    const y = m[1] ? Number(m[1]) : (year ?? (reference ? Number(resolveYear(m1, d1, reference)?.slice(0, 4)) : NaN));
    if (!Number.isFinite(y)) continue;
    return rangePeriod(y, m1, d1, m[4] ? Number(m[4]) : m1, Number(m[5]));
  }
  return null;
}

/**
 * The period of a report from its title, body lines and publication date (YYYY-MM-DD, used
 * for years a text leaves out): a daily date line first, then `YYYY年M月` in the title, a
 * `M月D日至D日` range in the body, then a whole year named in the title (`2018年...年度`).
 * Full-width punctuation (`（星期一）`, `～`) is read like ASCII.
 */
export function periodOf(printedTitle: string, printedLines: string[], reference: string | null): Period | null {
  const title = foldFullWidth(printedTitle);
  const lines = printedLines.map(foldFullWidth);
  const daily = dateLinePeriod(lines);
  if (daily) return daily;
  const month = title.match(MONTH);
  if (month) return monthPeriod(Number(month[1]), Number(month[2]));
  const titleYear = title.match(/(\d{4})年/)?.[1];
  const range = bodyRangePeriod(lines, titleYear ? Number(titleYear) : null, reference);
  if (range) return range;
  if (titleYear && /年度|全年|年报|一年/.test(title)) {
    const y = Number(titleYear);
    return { start: isoDate(y, 1, 1), end: isoDate(y, 12, 31), span: 'year' };
  }
  return null;
}

/** What tells the kind of a report apart. */
export interface KindClues {
  title: string;
  breadcrumb: string | null;
  period: Period | null;
  figures: number;
  items: number;
}

/**
 * The kind of a report: annual when it sums up a year (whatever its column), weekly for 周报,
 * daily for 每日回复 (column or title) or a digest with items, monthly for 问政报告 or a
 * one-month period; `other` when it has neither figures nor items.
 */
export function reportKindOf(c: KindClues): Report['kind'] {
  if (c.figures === 0 && c.items === 0) return 'other';
  if (c.period?.span === 'year' || /年度|全年|年报/.test(c.title)) return 'annual';
  if (/周报|一周/.test(c.title)) return 'weekly';
  const column = `${c.breadcrumb ?? ''} ${c.title}`;
  if (/每日回复/.test(column) || c.items > 0) return 'daily';
  if (/问政报告|月报/.test(column) || c.period?.span === 'month') return 'monthly';
  if (c.period?.span === 'days') return 'daily';
  return 'other';
}
