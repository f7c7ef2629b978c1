/**
 * The registered units (实名入驻单位) that answer in the simulated boards: real Hubei unit
 * names as the 荆楚网 reports print them (DOMAIN.md), with the place each one serves.
 */

/** Message categories (Discuz thread types of 《民生热线》), with their Discuz typeid. */
export const CATEGORIES = [
  { name: '行政管理', typeid: 35, weight: 20 },
  { name: '城市管理', typeid: 36, weight: 20 },
  { name: '住房管理', typeid: 37, weight: 18 },
  { name: '交通管理', typeid: 38, weight: 14 },
  { name: '企业投诉', typeid: 39, weight: 10 },
  { name: '劳动保障', typeid: 40, weight: 8 },
  { name: '教育医疗', typeid: 41, weight: 6 },
  { name: '环境保护', typeid: 42, weight: 4 },
] as const;
export type Category = (typeof CATEGORIES)[number]['name'];

/** A unit account. `name` is the forum account name and the 荆楚问政 dept_name. */
export interface Unit {
  name: string;
  /** City (prefecture-level) it belongs to. */
  city: string;
  /** The place a citizen would name in a message (district, county, town). */
  place: string;
  level: 'province' | 'prefecture' | 'county' | 'township';
  /** Categories it answers. */
  topics: readonly Category[];
  /** Whether it claimed a 《荆楚问政》 account too. */
  wenzheng: boolean;
}

const ALL: readonly Category[] = CATEGORIES.map((c) => c.name);
const GOV: readonly Category[] = ['行政管理', '企业投诉', '劳动保障', '教育医疗'];

export const UNITS: readonly Unit[] = [
  { name: '湖北省交通厅', city: '武汉市', place: '湖北省', level: 'province', topics: ['交通管理'], wenzheng: true },
  { name: '湖北省发改委', city: '武汉市', place: '湖北省', level: 'province', topics: ['企业投诉', '行政管理'], wenzheng: true },
  { name: '襄阳市鱼梁洲经济开发区管委会', city: '襄阳市', place: '襄阳市鱼梁洲', level: 'county', topics: GOV, wenzheng: true },
  { name: '监利县人民政府', city: '荆州市', place: '监利县', level: 'county', topics: ALL, wenzheng: true },
  { name: '襄阳市樊城区行政审批局', city: '襄阳市', place: '襄阳市樊城区', level: 'county', topics: ['行政管理', '企业投诉'], wenzheng: true },
  { name: '竹山县人民政府', city: '十堰市', place: '竹山县', level: 'county', topics: ALL, wenzheng: true },
  { name: '黄石市人民政府', city: '黄石市', place: '黄石市', level: 'prefecture', topics: ALL, wenzheng: true },
  { name: '武汉市洪山区城市数字化服务中心', city: '武汉市', place: '武汉市洪山区', level: 'county', topics: ['城市管理'], wenzheng: true },
  { name: '鄂州经济开发区管委会', city: '鄂州市', place: '鄂州经济开发区', level: 'county', topics: GOV, wenzheng: true },
  { name: '中共荆门市东宝区委宣传部', city: '荆门市', place: '荆门市东宝区', level: 'county', topics: ['行政管理'], wenzheng: true },
  { name: '武汉市青山区人民政府', city: '武汉市', place: '武汉市青山区', level: 'county', topics: ALL, wenzheng: true },
  { name: '潜江市人民政府', city: '潜江市', place: '潜江市', level: 'prefecture', topics: ALL, wenzheng: true },
  { name: '十堰经济技术开发区管理委员会', city: '十堰市', place: '十堰经济技术开发区', level: 'county', topics: GOV, wenzheng: true },
  { name: '江夏区新闻信息中心', city: '武汉市', place: '武汉市江夏区', level: 'county', topics: ['行政管理', '城市管理'], wenzheng: false },
  { name: '汉阳区网群部', city: '武汉市', place: '武汉市汉阳区', level: 'county', topics: ['行政管理', '城市管理', '住房管理'], wenzheng: false },
  { name: '襄州区城管局', city: '襄阳市', place: '襄阳市襄州区', level: 'county', topics: ['城市管理'], wenzheng: false },
  { name: '樊城区政府办', city: '襄阳市', place: '襄阳市樊城区', level: 'county', topics: GOV, wenzheng: false },
  { name: '沙洋县环保局', city: '荆门市', place: '沙洋县', level: 'county', topics: ['环境保护'], wenzheng: false },
  { name: '神农架林区住建委', city: '神农架林区', place: '神农架林区', level: 'prefecture', topics: ['住房管理'], wenzheng: false },
  { name: '郧西县夹河镇政府办', city: '十堰市', place: '郧西县夹河镇', level: 'township', topics: ALL, wenzheng: false },
  { name: '秭归县茅坪镇移民站', city: '宜昌市', place: '秭归县茅坪镇', level: 'township', topics: ['行政管理', '住房管理'], wenzheng: false },
  { name: '襄阳市城管执法局', city: '襄阳市', place: '襄阳市', level: 'prefecture', topics: ['城市管理'], wenzheng: true },
  { name: '沙洋县交通局', city: '荆门市', place: '沙洋县', level: 'county', topics: ['交通管理'], wenzheng: false },
  { name: '大悟县委宣传部网管办', city: '孝感市', place: '大悟县', level: 'county', topics: ['行政管理'], wenzheng: false },
  { name: '武穴市综合执法局', city: '黄冈市', place: '武穴市', level: 'county', topics: ['城市管理', '环境保护'], wenzheng: true },
  { name: '赤壁市林业局', city: '咸宁市', place: '赤壁市', level: 'county', topics: ['环境保护'], wenzheng: false },
  { name: '宣恩县住建局', city: '恩施土家族苗族自治州', place: '宣恩县', level: 'county', topics: ['住房管理'], wenzheng: false },
  { name: '武汉市城乡建设局', city: '武汉市', place: '武汉市', level: 'prefecture', topics: ['住房管理', '城市管理'], wenzheng: true },
  { name: '硚口区教育局', city: '武汉市', place: '武汉市硚口区', level: 'county', topics: ['教育医疗'], wenzheng: false },
  { name: '襄阳市发改委', city: '襄阳市', place: '襄阳市', level: 'prefecture', topics: ['企业投诉'], wenzheng: true },
  { name: '蔡甸区教育局', city: '武汉市', place: '武汉市蔡甸区', level: 'county', topics: ['教育医疗'], wenzheng: false },
  { name: '仙桃市林业事业发展中心', city: '仙桃市', place: '仙桃市', level: 'prefecture', topics: ['环境保护'], wenzheng: false },
  { name: '硚口区人民政府', city: '武汉市', place: '武汉市硚口区', level: 'county', topics: ALL, wenzheng: true },
  // Reports print this unit bare; its forum account carries the bare name too, so only the
  // user group (实名入驻单位) tells it is a unit.
  { name: '洪山区', city: '武汉市', place: '武汉市洪山区', level: 'county', topics: ['城市管理', '住房管理', '行政管理'], wenzheng: false },
  { name: '建始县花坪镇人民政府', city: '恩施土家族苗族自治州', place: '建始县花坪镇', level: 'township', topics: ALL, wenzheng: false },
  { name: '武汉经济技术开发区(汉南区)党政办', city: '武汉市', place: '武汉经济技术开发区', level: 'county', topics: GOV, wenzheng: true },
  { name: '武汉市交通运输局', city: '武汉市', place: '武汉市', level: 'prefecture', topics: ['交通管理'], wenzheng: true },
];

const UNITS_FOR = new Map<Category, readonly number[]>(
  CATEGORIES.map((c) => [c.name, UNITS.flatMap((u, i) => (u.topics.includes(c.name) ? [i] : []))]),
);

/** Units answering a category (never empty: every category has a generalist). */
export function unitsFor(category: Category): readonly number[] {
  return UNITS_FOR.get(category)!;
}

/** [category, weight] pairs for weighted draws. */
export const CATEGORY_WEIGHTS: readonly (readonly [Category, number])[] = CATEGORIES.map((c) => [c.name, c.weight] as const);

/** Indexes of units with a 《荆楚问政》 account. */
export const WENZHENG_UNITS: readonly number[] = UNITS.flatMap((u, i) => (u.wenzheng ? [i] : []));

/** Discuz user groups printed in the post side column. */
export const GROUPS = {
  unit: { gid: 23, title: '实名入驻单位' },
  admin: { gid: 1, title: '管理员' },
  citizen: [
    { gid: 10, title: '注册会员' },
    { gid: 11, title: '中级会员' },
    { gid: 12, title: '高级会员' },
  ],
} as const;

/** Discuz uid of a unit account (stable). */
export function unitUid(unit: number): number {
  return 100_000 + unit * 37;
}
