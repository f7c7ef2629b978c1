/**
 * Per-region tables of a report (`地区 | 转达(条) | 回复(条) | 回复率`): the header row names
 * what each column counts, the first column the place; each body row gives one figure per
 * filled cell, with the row's region (宜昌 and 宜昌市 are one region, 420500). Total rows
 * (合计, 全省) are left out: they add up the rows, and the report's totals are in its text.
 */
import { parseNumberToken, qualifierOf } from '../../extract/numbers.js';
import { foldFullWidth } from '../../extract/text.js';
import type { Figure } from '../../model/extraction.js';
import { placesOf } from './places.js';

/** A table as the article prints it: rows of cell texts (normalised), the header row first. */
export type Table = string[][];

const COLUMNS: ReadonlyArray<[RegExp, string, Figure['unit']]> = [
  [/回复率|答复率|回应率/, 'reply_rate', 'percent'],
  [/转达率|转办率/, 'forward_rate', 'percent'],
  [/入驻率/, 'registration_rate', 'percent'],
  [/二次转/, 'forwarded_again', 'count'],
  [/转达|转办|转交/, 'forwarded', 'count'],
  [/主动回复/, 'replied_proactively', 'count'],
  [/回复|答复|回应/, 'replied', 'count'],
  [/入驻/, 'units_registered', 'count'],
  [/有效/, 'valid', 'count'],
  [/收到|留言|受理/, 'received', 'count'],
];

/** The header words of the place column. */
const PLACE_HEADER = /地区|市州|地市|县市区|区县|县区|地方|城市|区域/;

function columnMetric(header: string): [string, Figure['unit']] | null {
  for (const [re, metric, unit] of COLUMNS) if (re.test(header)) return [metric, unit];
  return null;
}

/** True when a table is a per-region table of figures (a place column and a metric column). */
export function isFigureTable(table: Table): boolean {
  const header = table[0] ?? [];
  return table.length >= 2 && PLACE_HEADER.test(header[0] ?? '') && header.slice(1).some((h) => columnMetric(h) !== null);
}

/** What the text around a table says about its figures. */
export interface TableContext {
  board: string | null;
  asOf: string | null;
}

/** The figures of a per-region table (see isFigureTable), with the board and asOf of its context. */
export function tableFigures(table: Table, ctx: TableContext): Figure[] {
  const header = (table[0] ?? []).map(foldFullWidth);
  const columns = header.map((h, i) => (i === 0 ? null : columnMetric(h)));
  const out: Figure[] = [];
  for (const row of table.slice(1)) {
    // Totals add up the rows above: the report's own totals are read from its sentences.
    if (/^(?:合计|总计|小计|全省)/.test((row[0] ?? '').trim())) continue;
    const regions = placesOf(foldFullWidth(row[0] ?? '').replace(/\s+/g, ''));
    const region = regions.length === 1 ? regions[0]! : null;
    row.forEach((cell, i) => {
      const column = columns[i];
      const folded = foldFullWidth(cell).replace(/\s+/g, '');
      const m = folded.match(/^(\D{0,4}?)(\d+(?:\.\d+)?)(%?)(.*)$/);
      if (!column || !m) return;
      const value = parseNumberToken(m[2] ?? '');
      if (value === null) return;
      const [metric, unit] = column;
      out.push({
        metric,
        value,
        unit: m[3] ? 'percent' : unit,
        qualifier: qualifierOf(m[1] ?? '', '', m[4] ?? ''),
        board: ctx.board,
        region: region?.name ?? null,
        regionCode: region?.code ?? null,
        category: null,
        asOf: ctx.asOf,
        text: row.join(' '),
      });
    });
  }
  return out;
}
