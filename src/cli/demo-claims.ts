/**
 * What the demo says about its claims check: the simulator it crawls overstates every official
 * "replied" figure on purpose (a planted error), so claims.csv must show it; the lines printed
 * label those rows as planted and give the honest rows' differences beside them.
 */
import { readAllJsonl } from '../publish/dashboard/read.js';

/** The lines the demo prints about the claims of the snapshot in `dir`; `factor` is the planted overstatement. */
export async function plantedClaimLines(dir: string, factor: number): Promise<string[]> {
  const all = await readAllJsonl(dir, 'claims');
  // 领导留言板's own running totals are a coverage check, not a report the simulator overstates.
  const isCoverage = (r: (typeof all)[number]) => String(r.figure_id).startsWith('people-liuyan:newIndex_stat:');
  const coverage = all.filter(isCoverage);
  const rows = all.filter((r) => !isCoverage(r));
  const replied = rows.filter((r) => r.metric === 'replied');
  const others = rows.filter((r) => r.metric !== 'replied');
  const off = (rs: typeof rows) => rs.filter((r) => r.difference !== 0).length;
  const pct = Math.round((factor - 1) * 100);
  return [
    `claims     ${all.length} official figures checked (claims.csv)`,
    `  PLANTED: the demo's simulator prints every official "replied" figure ${pct}% too high (x${factor}) on purpose, so the check has something to catch: ${off(replied)} of ${replied.length} replied rows differ`,
    `  not planted: ${off(others)} of ${others.length} received rows differ`,
    `  coverage: 领导留言板's own totals beside the archive's count of the boards crawled: ${off(coverage)} of ${coverage.length} rows differ`,
  ];
}
