/**
 * Official figures from the sentences of a report. A sentence is cut into clauses at commas
 * (parentheses become clauses of their own, read after the clause they sit in); each counted
 * number (`242条`, `41个`, `2146家`, `70%`, `一百二十条`) becomes one figure whose metric comes
 * from the words of its clause, whose board from the nearest 《board》 mention (or, in a
 * sentence naming none, the board of the sentences before), whose asOf from `截至6月5日` (or
 * `年初`, the first day of the report's year), and whose region from the places that open a
 * clause: `武穴市32家单位...`, `武汉市：转达128条`, `宜昌:转达18条` (the name written bare),
 * `夷陵区 转达6条 回复6条`, or a list sharing one figure (`襄阳市、咸宁市回复率均达到了100%`:
 * one figure per place). A region is the place normalised to its GB/T 2260 name and code
 * within Hubei (宜昌 and 宜昌市 are 宜昌市, 420500). Per-region tables are read by
 * ./tables.ts. A sentence with a counted number that fits no metric becomes a warning.
 * Sentences are read folded (`，：（）` as `,:()`); a figure's `text` is the sentence as printed.
 */
import { CHINESE_NUMERAL_CHARS, parseNumberToken, qualifierOf } from '../../extract/numbers.js';
import { foldFullWidth } from '../../extract/text.js';
import { resolveYear } from '../../extract/time.js';
import type { Figure } from '../../model/extraction.js';
import { BOTH, boardsAt, boardsOf } from './boards.js';
import { categoryOf, countMetricOf, percentMetricOf } from './metrics.js';
import { placesOf, type Region } from './places.js';
import { tableFigures, type Table } from './tables.js';

/** Figures of a text and the sentences that looked like figures but were not understood. */
export interface FigureResult {
  figures: Figure[];
  warnings: string[];
}

const NUMBER = `\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?[万千]?|[${CHINESE_NUMERAL_CHARS}]+`;
/** A counted number: optional 百分之, the number, 余/多, then % or a counter. */
const COUNTED = new RegExp(
  `(百分之)?(${NUMBER})([余多])?(%|条|家|件|名|项|篇|个(?!月|小时|工作日|季度|星期|百分点|方面))?`,
  'g',
);
/** Averages over some other span than the report's. */
const AVERAGE = /月均|日均|平均每|每月|每天|每日平均/;
/** Counts of places (`17个地市州、80个县市区`) are geography, not figures. */
const PLACE_COUNT = /^(?:地市州|市州|县市区|县区|市县|个?县\(市、区\))/;

interface Counted {
  value: number;
  unit: 'count' | 'percent';
  /** The counter printed after the number (条, 家, 个, %), or null for 百分之. */
  counter: string | null;
  start: number;
  end: number;
  before: string;
  between: string;
}

function countedIn(clause: string): Counted[] {
  const out: Counted[] = [];
  for (const m of clause.matchAll(COUNTED)) {
    const [whole, percentWord, num = '', between = '', counter] = m;
    const start = m.index ?? 0;
    if (!percentWord && !counter) continue;
    if (clause[start - 1] === '第' || /\d/.test(clause[start - 1] ?? '')) continue;
    if (counter === '个' && PLACE_COUNT.test(clause.slice(start + whole.length))) continue;
    // A lone 百/千/万 is a word (千家万户), and so is any run of numeral characters that is no number.
    const value = /^[百千万亿]$/.test(num) ? null : parseNumberToken(num);
    if (value === null) continue;
    const percent = Boolean(percentWord) || counter === '%';
    out.push({ value, unit: percent ? 'percent' : 'count', counter: counter ?? null, start, end: start + whole.length, before: clause.slice(0, start), between });
  }
  return out;
}

function asOfOf(sentence: string, reference: string | null): string | null {
  if (/截至(?:今日|今天|当日)/.test(sentence)) return reference;
  const m = sentence.match(/截[至止](?:(\d{4})年)?(\d{1,2})月(\d{1,2})日/);
  if (!m) return null;
  const [month, day] = [Number(m[2]), Number(m[3])];
  if (m[1]) return `${m[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return reference ? resolveYear(month, day, reference) : null;
}

/** A comma between clauses, not the one inside a number (`2,681`). */
const CLAUSE_COMMA = /(?<!\d),|,(?!\d{3}(?!\d))/;

/** Splits a sentence at commas; each parenthesis becomes its own clause after its host. */
function clausesOf(sentence: string): Array<{ text: string; offset: number }> {
  const parens: Array<{ text: string; offset: number }> = [];
  const main = sentence.replace(/\(([^()]*)\)/g, (whole, inner: string, at: number) => {
    parens.push({ text: inner, offset: at + 1 });
    return '\u0000'.repeat(whole.length);
  });
  const out: Array<{ text: string; offset: number }> = [];
  let offset = 0;
  for (const part of main.split(CLAUSE_COMMA)) {
    const inside = parens.filter((p) => p.offset > offset && p.offset < offset + part.length);
    out.push({ text: part.replace(/\u0000/g, ''), offset });
    for (const p of inside) for (const c of p.text.split(CLAUSE_COMMA)) out.push({ text: c, offset: p.offset });
    offset += part.length + 1;
  }
  return out;
}

/** State carried from one sentence to the next. */
interface Carry {
  boards: string | null;
}

/** What the whole report tells every sentence. */
export interface FigureContext {
  /** Publication date (YYYY-MM-DD): resolves `截至6月5日` and `截至今日`. */
  reference: string | null;
  /** First day of the period the report covers: the year of `年初`. */
  periodStart?: string | null;
}

/** What a sentence says about all of its figures. */
interface SentenceContext {
  /** The sentence folded to ASCII punctuation: what the patterns read. */
  sentence: string;
  /** The sentence as printed: the figures' `text`. */
  printed: string;
  board: string | null;
  asOf: string | null;
  /** Places the clauses so far opened with (the last one that named any). */
  regions: Region[];
  periodStart: string | null;
  /** The metric of the last count read in the sentence: what a 同比/环比 change refers to. */
  lastCount: string | null;
}

/** The asOf of a number whose words say when: `年初` (start of the report's year), `年底`. */
function segmentAsOf(ctx: SentenceContext, segment: string): string | null {
  const year = ctx.periodStart?.slice(0, 4);
  if (year && /年初/.test(segment)) return `${year}-01-01`;
  if (year && /年底|年末/.test(segment)) return `${year}-12-31`;
  return ctx.asOf;
}

/**
 * The figures of one counted number of a clause (one per region the clause names, else one),
 * or null when its words fit no metric. A number whose own words name nothing continues the
 * metric of the number before it with the same counter (`从年初的200多家发展到2000余家`).
 */
function figuresOf(ctx: SentenceContext, clause: { text: string; offset: number }, counted: Counted[], i: number, previous: Figure | null): Figure[] | null {
  const c = counted[i] as Counted;
  const from = i === 0 ? 0 : (counted[i - 1]?.end ?? 0);
  const segment = clause.text.slice(from, i === counted.length - 1 ? clause.text.length : c.end);
  const category = c.unit === 'count' ? categoryOf(c.before) : null;
  const percent = c.unit === 'percent' ? percentMetricOf(segment) : null;
  // Averages (`月均收到网友留言1000余条`) describe no period of the report: no figure, no warning.
  if (AVERAGE.test(segment)) return [];
  const sameCounter = previous && counted[i - 1]?.counter === c.counter ? previous.metric : null;
  const metric = category ? 'category_count' : c.unit === 'count' ? (countMetricOf(segment, c.counter) ?? sameCounter) : (percent?.metric ?? sameCounter);
  if (!metric) return null;
  const change = metric === 'yoy_change' || metric === 'mom_change';
  const base: Figure = {
    metric,
    value: percent?.sign === -1 && c.value !== 0 ? -c.value : c.value,
    unit: c.unit,
    qualifier: qualifierOf(c.before, c.between, clause.text.slice(c.end)),
    board: boardsAt(ctx.sentence, clause.offset + c.start) ?? ctx.board,
    region: null,
    regionCode: null,
    category,
    asOf: segmentAsOf(ctx, segment),
    ...(change ? { of: ctx.lastCount ?? countMetricOf(segment.replace(/[同环]比.*$/, '')) } : {}),
    text: ctx.printed,
  };
  if (ctx.regions.length === 0) return [base];
  return ctx.regions.map((r) => ({ ...base, region: r.name, regionCode: r.code }));
}

function sentenceFigures(printed: string, fc: FigureContext, carry: Carry): FigureResult {
  const sentence = foldFullWidth(printed);
  const own = boardsOf(sentence);
  const ctx: SentenceContext = {
    sentence,
    printed,
    board: own ?? carry.boards,
    asOf: asOfOf(sentence, fc.reference),
    regions: [],
    periodStart: fc.periodStart ?? null,
    lastCount: null,
  };
  const figures: Figure[] = [];
  let understood = true;
  for (const clause of clausesOf(sentence)) {
    const places = placesOf(clause.text);
    if (places.length > 0) ctx.regions = places;
    const counted = countedIn(clause.text);
    let previous: Figure | null = null;
    for (let i = 0; i < counted.length; i++) {
      const found = figuresOf(ctx, clause, counted, i, previous);
      if (!found) {
        understood = false;
        previous = null;
        continue;
      }
      figures.push(...found);
      previous = found[0] ?? null;
      if (previous?.unit === 'count') ctx.lastCount = previous.metric;
    }
  }
  // Reports go board by board: a sentence naming no board continues the board of the last
  // sentence that gave figures or named a single board (closing appeals name both boards).
  if (own && (figures.length > 0 || own !== BOTH)) carry.boards = own;
  return { figures, warnings: understood ? [] : [`figure not understood: ${printed}`] };
}

function sameFigure(a: Figure, b: Figure): boolean {
  return (
    a.metric === b.metric && a.value === b.value && a.unit === b.unit && a.qualifier === b.qualifier &&
    a.region === b.region && (a.regionCode ?? null) === (b.regionCode ?? null) && a.category === b.category && a.asOf === b.asOf && (a.of ?? null) === (b.of ?? null) &&
    (a.board === b.board || a.board === null || b.board === null)
  );
}

/** Drops repeats of a figure (a heading and its paragraph, a summary and its detail), keeping the first place and any board either names. */
function mergeRepeats(figures: Figure[]): Figure[] {
  const out: Figure[] = [];
  for (const f of figures) {
    const i = out.findIndex((g) => sameFigure(g, f));
    const seen = out[i];
    if (!seen) out.push(f);
    else if (seen.board === null && f.board !== null) out[i] = { ...seen, board: f.board, text: f.text };
  }
  return out;
}

/**
 * The sentences of body lines as printed, cut after 。 ; ! ? (full-width or not). URLs (ASCII
 * up to a space, a parenthesis or the first Chinese character or punctuation) are removed.
 */
export function sentencesOf(lines: string[]): string[] {
  return lines.flatMap((line) =>
    line
      .replace(/https?:\/\/[^\s()\u0080-\uffff]+/g, '')
      .split(/(?<=[。;!?；！？])/)
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );
}

/** A body line that stands for a table of the article (TABLE_MARK then its index). */
export const TABLE_MARK = '\u0001table:';

/**
 * Reads the figures of a report's body lines. `fc.reference` (YYYY-MM-DD, the publication
 * date) resolves `截至6月5日` and `截至今日`; a line `TABLE_MARK<n>` is the per-region table
 * `tables[n]`, read with the board of the sentences before it.
 */
export function extractFigures(lines: string[], fc: FigureContext, tables: Table[] = []): FigureResult {
  const carry: Carry = { boards: null };
  const figures: Figure[] = [];
  const warnings: string[] = [];
  for (const line of lines) {
    if (line.startsWith(TABLE_MARK)) {
      const table = tables[Number(line.slice(TABLE_MARK.length))];
      if (table) figures.push(...tableFigures(table, { board: carry.boards, asOf: null }));
      continue;
    }
    for (const sentence of sentencesOf([line])) {
      const r = sentenceFigures(sentence, fc, carry);
      figures.push(...r.figures);
      warnings.push(...r.warnings);
    }
  }
  return { figures: mergeRepeats(figures), warnings };
}
