/**
 * Official figures from the sentences of a report. A sentence is cut into clauses at commas
 * (parentheses become clauses of their own, read after the clause they sit in); each counted
 * number (`242条`, `41个`, `2146家`, `70%`, `一百二十条`) becomes one figure whose metric comes
 * from the words of its clause, whose board from the nearest 《board》 mention, whose region
 * (or, in a sentence naming none, the board of the sentences before), whose region from a place that opens
 * a clause (`武穴市32家单位...`, `武汉市：转达128条`) and whose asOf from `截至6月5日`. A sentence with a counted number that fits no metric becomes a warning.
 * Sentences are read folded (`，：（）` as `,:()`); a figure's `text` is the sentence as printed.
 */
import { CHINESE_NUMERAL_CHARS, parseNumberToken, qualifierOf } from '../../extract/numbers.js';
import { foldFullWidth } from '../../extract/text.js';
import { resolveYear } from '../../extract/time.js';
import type { Figure } from '../../model/extraction.js';
import { BOTH, boardsAt, boardsOf } from './boards.js';
import { categoryOf, countMetricOf, percentMetricOf } from './metrics.js';

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
const PLACE = /^([\u4e00-\u9fa5]{1,9}?(?:市|县|区|州))(?=[\d:以共已有在的全各])/;
const NOT_PLACE = /^(?:全|各|本|该|其|省|市)|(?:小区|社区|辖区|园区|景区|城区)$/;

interface Counted {
  value: number;
  unit: 'count' | 'percent';
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
    // A lone 百/千/万 is a word (千家万户), and so is any run of numeral characters that is no number.
    const value = /^[百千万亿]$/.test(num) ? null : parseNumberToken(num);
    if (value === null) continue;
    const percent = Boolean(percentWord) || counter === '%';
    out.push({ value, unit: percent ? 'percent' : 'count', start, end: start + whole.length, before: clause.slice(0, start), between });
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

function placeOf(clause: string): string | null {
  const head = clause.replace(/^(?:其中|目前|同时|另外|此外)/, '');
  const place = head.match(PLACE)?.[1];
  return place && !NOT_PLACE.test(place) ? place : null;
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

/** What a sentence says about all of its figures. */
interface SentenceContext {
  /** The sentence folded to ASCII punctuation: what the patterns read. */
  sentence: string;
  /** The sentence as printed: the figures' `text`. */
  printed: string;
  board: string | null;
  asOf: string | null;
  region: string | null;
  /** The metric of the last count read in the sentence: what a 同比/环比 change refers to. */
  lastCount: string | null;
}

/** The figure of one counted number of a clause, or null when its words fit no metric. */
function figureOf(ctx: SentenceContext, clause: { text: string; offset: number }, counted: Counted[], i: number): Figure | null {
  const c = counted[i] as Counted;
  const from = i === 0 ? 0 : (counted[i - 1]?.end ?? 0);
  const segment = clause.text.slice(from, i === counted.length - 1 ? clause.text.length : c.end);
  const category = c.unit === 'count' ? categoryOf(c.before) : null;
  const percent = c.unit === 'percent' ? percentMetricOf(segment) : null;
  const metric = category ? 'category_count' : c.unit === 'count' ? countMetricOf(segment) : (percent?.metric ?? null);
  if (!metric) return null;
  const change = metric === 'yoy_change' || metric === 'mom_change';
  return {
    metric,
    value: percent?.sign === -1 && c.value !== 0 ? -c.value : c.value,
    unit: c.unit,
    qualifier: qualifierOf(c.before, c.between, clause.text.slice(c.end)),
    board: boardsAt(ctx.sentence, clause.offset + c.start) ?? ctx.board,
    region: ctx.region,
    category,
    asOf: ctx.asOf,
    ...(change ? { of: ctx.lastCount ?? countMetricOf(segment.replace(/[同环]比.*$/, '')) } : {}),
    text: ctx.printed,
  };
}

function sentenceFigures(printed: string, reference: string | null, carry: Carry): FigureResult {
  const sentence = foldFullWidth(printed);
  const own = boardsOf(sentence);
  const ctx: SentenceContext = { sentence, printed, board: own ?? carry.boards, asOf: asOfOf(sentence, reference), region: null, lastCount: null };
  const figures: Figure[] = [];
  let understood = true;
  for (const clause of clausesOf(sentence)) {
    ctx.region = placeOf(clause.text) ?? ctx.region;
    const counted = countedIn(clause.text);
    for (let i = 0; i < counted.length; i++) {
      const f = figureOf(ctx, clause, counted, i);
      if (!f) understood = false;
      else {
        figures.push(f);
        if (f.unit === 'count') ctx.lastCount = f.metric;
      }
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
    a.region === b.region && a.category === b.category && a.asOf === b.asOf && (a.of ?? null) === (b.of ?? null) &&
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

/**
 * Reads the figures of a report's body lines. `reference` (YYYY-MM-DD, the publication date)
 * resolves `截至6月5日` and `截至今日`.
 */
export function extractFigures(lines: string[], reference: string | null): FigureResult {
  const carry: Carry = { boards: null };
  const figures: Figure[] = [];
  const warnings: string[] = [];
  for (const sentence of sentencesOf(lines)) {
    const r = sentenceFigures(sentence, reference, carry);
    figures.push(...r.figures);
    warnings.push(...r.warnings);
  }
  return { figures: mergeRepeats(figures), warnings };
}
