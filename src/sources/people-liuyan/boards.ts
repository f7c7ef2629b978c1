/**
 * The boards (fid) of the national board and what each stands for. A board is named after a
 * leader's post and place (灵山县委书记, 杭州市委书记刘捷, 浙江省长), a place alone (浙江省,
 * 杭州市) or a ministry (工业和信息化部); leader names are embedded and change with the person.
 * `resolveBoard` reads place, GB/T 2260 code, level and post from the name; `BOARD_TABLE`
 * holds the boards the domain notes name (DOMAIN-liuyan.md 1.3), checked against the name.
 */
import { normalizeText } from '../../extract/text.js';
import { leadingPlaces, type Place, placesNamed } from './regions.js';

export type BoardLevel = 'province' | 'prefecture' | 'county' | 'ministry';

/** One board as the resolver sees it. */
export interface Board {
  fid: number;
  /** The board's name as the site prints it (the forum name). */
  name: string;
  /** The place the board is for, as the standard writes it; null for a ministry. */
  place: string | null;
  /** GB/T 2260 code of the place; null for a ministry or a place the name leaves ambiguous. */
  regionCode: string | null;
  level: BoardLevel | null;
  /** The leader's post (省委书记, 市长, 县委书记...), null for a board of a place or ministry. */
  post: string | null;
  /** The leader's name where the board name carries it (杭州市委书记刘捷). */
  leader: string | null;
}

/** Posts as board names write them after the place, longest first. */
const POSTS = [
  '自治区党委书记',
  '自治区主席',
  '自治区政府主席',
  '党委书记',
  '省委书记',
  '市委书记',
  '州委书记',
  '县委书记',
  '区委书记',
  '旗委书记',
  '盟委书记',
  '委书记',
  '主席',
  '省长',
  '市长',
  '州长',
  '县长',
  '区长',
  '旗长',
  '盟长',
  '长',
];

/** A national unit: the name has no place and ends like a ministry's or a commission's. */
const MINISTRY = /(部|委员会|委|总局|局|署|办公室|银行|院|会)$/;

/** The suffix letter of a place's name (省, 市, 县...) that a post may repeat (县 + 委书记). */
function suffixOf(place: Place): string {
  return place.name.slice(-1);
}

function postAfter(place: Place, rest: string): { post: string | null; leader: string | null } | null {
  if (rest === '') return { post: null, leader: null };
  for (const p of POSTS) {
    if (!rest.startsWith(p)) continue;
    // 县 + 委书记 -> 县委书记; 浙江省 + 长 -> 省长: the post names the place's kind.
    const post = p === '委书记' || p === '长' ? suffixOf(place) + p : p;
    const leader = rest.slice(p.length) || null;
    return { post, leader: leader && /^[\u4e00-\u9fa5·]{2,5}$/.test(leader) ? leader : null };
  }
  return null;
}

/**
 * Reads a board's place, region code, level and post from its name. `hint` is a GB/T 2260
 * code the board is known to lie in (a message's `from` province), used when the place name
 * alone is ambiguous (朝阳区); `ministry` says the board came from the ministry directory.
 */
export function resolveBoard(fid: number, rawName: string, opts: { hint?: string | null; ministry?: boolean } = {}): Board {
  const name = (normalizeText(rawName) ?? '').replace(/\s+/g, '');
  const base: Board = { fid, name, place: null, regionCode: null, level: null, post: null, leader: null };
  const hintPlace = opts.hint ? (placeByCode(opts.hint) ?? null) : null;
  const { places } = leadingPlaces(name, hintPlace);
  const place = places[places.length - 1];
  if (place && !opts.ministry) {
    const rest = name.slice(placeTextLength(name, places));
    const post = postAfter(place, rest);
    if (post) return { ...base, place: place.name, regionCode: place.code, level: place.level, ...post };
  }
  if (opts.ministry || (!place && MINISTRY.test(name))) return { ...base, level: 'ministry' };
  return base;
}

/** How many characters of `name` the leading places take. */
function placeTextLength(name: string, places: Place[]): number {
  let at = 0;
  for (const p of places) {
    const form = [p.name, p.name.replace(/(特别行政区|自治区|自治州|省|市|地区|盟)$/, '').replace(/(维吾尔|壮族|回族)$/, '')]
      .filter((f) => name.startsWith(f, at))
      .sort((a, b) => b.length - a.length)[0];
    if (!form) break;
    at += form.length;
  }
  return at;
}

let byCode: Map<string, Place> | undefined;

/** The division with this code (a two-digit province code works too). */
export function placeByCode(code: string): Place | undefined {
  if (!byCode) {
    byCode = new Map();
    for (const p of PROVINCE_NAMES.flatMap((n) => placesNamed(n))) byCode.set(p.code, p);
  }
  const full = code.length === 2 ? `${code}0000` : code;
  return byCode.get(full);
}

/** The 34 province-level divisions, by which `placeByCode` finds a province hint. */
const PROVINCE_NAMES = [
  '北京市', '天津市', '河北省', '山西省', '内蒙古自治区', '辽宁省', '吉林省', '黑龙江省', '上海市', '江苏省',
  '浙江省', '安徽省', '福建省', '江西省', '山东省', '河南省', '湖北省', '湖南省', '广东省', '广西壮族自治区',
  '海南省', '重庆市', '四川省', '贵州省', '云南省', '西藏自治区', '陕西省', '甘肃省', '青海省', '宁夏回族自治区',
  '新疆维吾尔自治区', '台湾省', '香港特别行政区', '澳门特别行政区',
];

/**
 * Boards named in the domain notes (DOMAIN-liuyan.md 1.3, seen 2021-2026), with the name the
 * site gave them then. The directory (`boards people-liuyan`) is the full, current list.
 */
export const BOARD_TABLE: readonly { fid: number; name: string }[] = [
  { fid: 14, name: '浙江省' },
  { fid: 146, name: '杭州市' },
  { fid: 539, name: '北京市委书记' },
  { fid: 559, name: '浙江省委书记' },
  { fid: 560, name: '浙江省长' },
  { fid: 585, name: '贵州省委书记' },
  { fid: 1007, name: '杭州市委书记' },
  { fid: 1008, name: '杭州市长' },
  { fid: 5055, name: '工业和信息化部' },
];

/** The known board with this fid, resolved; undefined for a fid the table does not hold. */
export function knownBoard(fid: number): Board | undefined {
  const row = BOARD_TABLE.find((b) => b.fid === fid);
  return row ? resolveBoard(row.fid, row.name, { ministry: row.fid >= 5000 && row.fid < 5100 }) : undefined;
}
