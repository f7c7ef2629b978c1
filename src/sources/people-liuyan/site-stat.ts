/**
 * The site's own running totals, `newIndex_stat.jsonp` on messageboard.people.cn (older hosts
 * messageboard.peopletech.cn; DOMAIN-liuyan.md 1.4): the JSONP `IndexStat({...})` its home page
 * shows as 昨日留言 `threadsNum`, 今年留言 `yearThreadsNum`, 历史总留言 `totalThreadsNum`, and
 * the same for replies (`answersNum`, `yearAnswersNum`, `totalAnswersNum`). The answer names no
 * day: the figures stand for the day the site answered (its own clock, the HTTP Date header).
 * Each answer is kept as three reports of that day (yesterday, this year, all time), whose
 * figures the claims check sets beside the archive's own counts: a check of coverage.
 */
import { ParseError } from '../../extract/errors.js';
import { chinaDateOf } from '../../extract/time.js';
import type { Figure, Report } from '../../model/extraction.js';
import { isObject } from '../../extract/json-fields.js';

/** Where the site serves its totals. */
export const STAT_ORIGIN = 'https://messageboard.people.cn';
export const STAT_PATH = '/newIndex_stat.jsonp';
/** The public URL of the totals (the front end adds `callback` and a cache-buster, not part of it). */
export const STAT_URL = `${STAT_ORIGIN}${STAT_PATH}`;

const FIELDS = ['threadsNum', 'yearThreadsNum', 'totalThreadsNum', 'answersNum', 'yearAnswersNum', 'totalAnswersNum'] as const;
type Totals = Record<(typeof FIELDS)[number], number>;

/** The object inside `IndexStat(...)` (or plain JSON), every field a whole number. */
function readTotals(url: string, body: string): Totals {
  const m = /^\s*(?:[\w$.]+\s*\(\s*)?(\{[\s\S]*\})\s*\)?\s*;?\s*$/.exec(body.replace(/^\uFEFF/, ''));
  if (!m) throw new ParseError(url, 'IndexStat(...)', `not the JSONP of the totals; it starts ${JSON.stringify(body.slice(0, 40))}`);
  let json: unknown;
  try {
    json = JSON.parse(m[1]!);
  } catch (e) {
    throw new ParseError(url, 'IndexStat JSON', (e as Error).message);
  }
  if (!isObject(json)) throw new ParseError(url, 'IndexStat', 'not an object');
  const out = {} as Totals;
  for (const f of FIELDS) {
    const v = typeof json[f] === 'string' && /^\d+$/.test(json[f] as string) ? Number(json[f]) : json[f];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new ParseError(url, `IndexStat.${f}`, `expected a count, got ${JSON.stringify(json[f])}`);
    out[f] = v;
  }
  return out;
}

function figure(metric: 'received' | 'replied', value: number, day: string | null, label: string): Figure {
  return { metric, value, unit: 'count', qualifier: 'exact', board: null, region: null, category: null, asOf: day, text: `${label} ${value}` };
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The three reports of one totals answer served at `servedAt` (ISO): yesterday's messages and
 * replies (the day before the site's day), this year's up to its day, and all time (no period:
 * stored, never checked). Null `servedAt` (a saved file with no time) leaves every period open.
 */
export function parseSiteStat(url: string, body: string, servedAt: string | null): Report[] {
  const t = readTotals(url, body);
  const day = servedAt ? chinaDateOf(servedAt) : null;
  const report = (key: string, title: string, start: string | null, end: string | null, figures: Figure[]): Report => ({
    externalId: `newIndex_stat:${day ?? 'undated'}:${key}`,
    url: STAT_URL,
    title: `领导留言板 ${title}${day ? ` (${day})` : ''}`,
    kind: 'daily',
    publishedAt: servedAt,
    periodStart: start,
    periodEnd: end,
    figures,
    items: [],
  });
  const yesterday = day ? addDays(day, -1) : null;
  return [
    report('yesterday', '昨日留言与回复', yesterday, yesterday, [figure('received', t.threadsNum, day, '昨日留言'), figure('replied', t.answersNum, day, '昨日回复')]),
    report('year', '今年留言与回复', day ? `${day.slice(0, 4)}-01-01` : null, day, [figure('received', t.yearThreadsNum, day, '今年留言'), figure('replied', t.yearAnswersNum, day, '今年回复')]),
    report('total', '历史总留言与回复', null, day, [figure('received', t.totalThreadsNum, day, '历史总留言'), figure('replied', t.totalAnswersNum, day, '历史总回复')]),
  ];
}
