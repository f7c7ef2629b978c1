/** The results as a Markdown table (printed, written beside results.json, pasted into the README). */
import type { BenchResults } from './run.js';

const n = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 1 });
const verdict = (ok: boolean) => (ok ? 'yes' : '**no**');

/** Targets of issue 7, as checks on the figures. */
export const TARGETS = {
  crawlRatio: 0.6,
  crawlRssMb: 600,
  incrementalToMinimal: 1.3,
  incrementalToFull: 20,
  reextractRatio: 0.7,
  snapshotRatio: 0.9,
  snapshotRssMb: 300,
  serveSearchMs: 200,
  parserPagesPerSec: 100,
  workersToOne: 3,
  /** ... or, where that is more than the cores allow, this share of the CPU ceiling (README, workers). */
  workersOfCeiling: 0.8,
};

/** One row per stage: what was measured, against what, the ratio, the target and whether it is met. */
export function formatTable(r: BenchResults): string {
  const m = r.machine;
  const rows: string[][] = [];
  const t = TARGETS;
  if (r.crawl) {
    const c = r.crawl;
    rows.push([
      'crawl',
      `${n(c.pagesPerSec)} pages/s (${n(c.pairThreads)} threads, median of ${c.pairs.length}); peak RSS ${n(c.peakRssMb)} MB (${n(c.threads)} threads, ${n(c.bigBoardPagesPerSec)} pages/s)`,
      `${n(c.baselinePagesPerSec)} pages/s: fetch + p-queue + same parser, nothing stored (concurrency ${c.concurrency})` +
        (c.sameWorkPagesPerSec === undefined ? '' : `; for reference the same work without the crawler (fetch, read, body and rows stored through the ingest path, no Crawlee, politeness or bookkeeping) ${n(c.sameWorkPagesPerSec)} pages/s (crawl ${c.sameWorkRatio} of it)`) +
        (c.cpuMsPerPage === undefined ? '' : `; CPU a page (all threads): crawl ${c.cpuMsPerPage.pipeline} ms, bare loop ${c.cpuMsPerPage.baseline}, same work without the crawler ${c.cpuMsPerPage.sameWork}`),
      `${c.ratio}`,
      `ratio >= ${t.crawlRatio}; RSS < ${t.crawlRssMb} MB`,
      verdict(c.ratio >= t.crawlRatio && c.peakRssMb < t.crawlRssMb),
    ]);
  }
  if (r.incremental) {
    const i = r.incremental;
    rows.push([
      'incremental',
      `${n(i.requests)} requests after one simulated day (${n(i.threads)} threads)`,
      `minimal ${n(i.minimalRequests)} (${i.day.listPages} list + ${i.day.threadPages} thread pages); full crawl ${n(i.fullCrawlRequests)}`,
      `${i.ratioToMinimal} of minimal; ${i.ratioToFull}x fewer than full`,
      `<= ${t.incrementalToMinimal} of minimal; >= ${t.incrementalToFull}x fewer`,
      verdict(i.ratioToMinimal <= t.incrementalToMinimal && i.ratioToFull >= t.incrementalToFull),
    ]);
  }
  if (r.reextract) {
    const x = r.reextract;
    rows.push([
      'reextract',
      `${n(x.pagesPerSec)} pages/s (${n(x.pages)} captures of a ${n(x.threads)}-thread board, median of ${x.runs.length})`,
      `${n(x.parserOnlyPagesPerSec)} pages/s: the parser alone, bodies in memory` +
        (x.sameWorkPagesPerSec === undefined ? '' : `; for reference the same reading and storing on one thread, plainly (bodies read, unzipped, checked and decoded, read, validated, stored 200 a transaction) ${n(x.sameWorkPagesPerSec)} pages/s (reextract ${x.sameWorkRatio} of it)`) +
        (x.cpu?.mainCpuMsPerPage == null ? '' : `; CPU a page: re-extraction's own thread ${x.cpu.mainCpuMsPerPage} ms (all its threads ${x.cpu.cpuMsPerPage}), the parser alone ${x.cpu.parserOnlyMainCpuMsPerPage}`),
      `${x.ratio}`,
      `>= ${t.reextractRatio}`,
      verdict(x.ratio >= t.reextractRatio),
    ]);
  }
  if (r.snapshot) {
    const s = r.snapshot;
    const snapshotRss = Math.max(s.peakRssMb, s.memoryCheck?.peakRssMb ?? 0);
    rows.push([
      'snapshot',
      `${n(s.rowsPerSec)} rows/s (${n(s.messages)} messages + ${n(s.replies)} replies, whole snapshot, median of ${s.runs.length}); peak RSS ${n(s.peakRssMb)} MB` +
        (s.memoryCheck ? `; at ${n(s.memoryCheck.messages)} + ${n(s.memoryCheck.replies)} peak RSS ${n(s.memoryCheck.peakRssMb)} MB` : ''),
      (s.sqliteSameWorkRowsPerSec === null
        ? `sqlite3 shell: ${s.note ?? 'skipped'}`
        : `${n(s.sqliteSameWorkRowsPerSec)} rows/s: the sqlite3 shell writing the same three tables (messages, replies, captures; same rows and columns) as CSV and as JSON; for reference sqlite3 -csv of the plain message and reply tables ${n(s.sqliteCliRowsPerSec ?? 0)} rows/s (snapshot ${s.cliRatio} of it)`) +
        `; floor: reading the snapshot's rows through better-sqlite3 alone, nothing written, ${n(s.readOnlyRowsPerSec)} rows/s${s.readOnlyRatio === null ? '' : ` (${s.readOnlyRatio} of the same-work shell)`}`,
      s.ratio === null ? 'n/a' : `${s.ratio}`,
      `>= ${t.snapshotRatio}; RSS < ${t.snapshotRssMb} MB`,
      s.ratio === null ? (snapshotRss < t.snapshotRssMb ? 'RSS yes; ratio n/a' : '**no**') : verdict(s.ratio >= t.snapshotRatio && snapshotRss < t.snapshotRssMb),
    ]);
  }
  if (r.serve) {
    const v = r.serve;
    rows.push([
      'serve',
      `search median ${n(v.searchMedianMs)} ms, first askings ${n(v.searchColdMedianMs)} ms (${n(v.messages)} messages + ${n(v.replies)} replies; ${v.queries.length} queries over HTTP, hits ${v.queries.map((q) => n(q.total)).join(', ')})`,
      '-',
      '-',
      `median < ${t.serveSearchMs} ms`,
      verdict(v.searchMedianMs < t.serveSearchMs),
    ]);
  }
  if (r.parser) {
    const p = r.parser;
    rows.push([
      'parser',
      p.pagesPerSec === null ? (p.note ?? 'skipped') : `${n(p.pagesPerSec)} pages/s (real ${Math.round((p.bytes ?? 0) / 1000)} KB Discuz! thread page, median of ${p.rounds?.length})`,
      p.tokenizeOnlyPagesPerSec === undefined ? '-' : `${n(p.tokenizeOnlyPagesPerSec)} pages/s: htmlparser2's Parser over the page alone, no handler, no document (building one: ${n(p.loadOnlyPagesPerSec ?? 0)})`,
      p.ratioToTokenizeOnly === undefined ? '-' : n(p.ratioToTokenizeOnly),
      `>= ${t.parserPagesPerSec} pages/s`,
      p.pagesPerSec === null ? '-' : verdict(p.pagesPerSec >= t.parserPagesPerSec),
    ]);
  }
  if (r.workers) rows.push(workersRow(r.workers, t.workersToOne, t.workersOfCeiling));
  const head = ['stage', 'figure', 'baseline', 'ratio', 'target', 'met'];
  const lines = [
    `Machine: ${m.cores} cores, ${m.memoryGb} GB memory, Node ${m.node}, ${m.cpu}; ${r.mode} run of ${r.createdAt.slice(0, 10)}, ${n(r.seconds)} s in all.`,
    '',
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
  return lines.join('\n');
}

/**
 * The workers row: pages/s by worker count, one worker as the baseline, the most against one,
 * over the whole crawl and once started (after its first tenth of pages: the start is a chain
 * of list pages that more workers cannot shorten; README, workers). Target: the most workers,
 * once started, at least `toOne` times one, or, where the CPU ceiling of that run is lower than
 * that, `ofCeiling` of the ceiling (the workers then wait on the cores, not on each other).
 */
function workersRow(runs: NonNullable<BenchResults['workers']>, toOne: number, ofCeiling: number): string[] {
  const one = runs.find((w) => w.n === 1);
  const most = runs.at(-1);
  const goal = `${most?.n ?? 4} workers >= ${toOne}x one once started (after the first tenth of pages), or >= ${ofCeiling} of the CPU ceiling where that is lower`;
  if (!one || !most || one.pagesPerSec === null || most.pagesPerSec === null) return ['workers', runs[0]?.note ?? 'skipped', '-', '-', goal, 'n/a'];
  const ratio = most.pagesPerSec / one.pagesPerSec;
  const [steadyOne, steadyMost] = [one.steadyPagesPerSec ?? Number.NaN, most.steadyPagesPerSec ?? Number.NaN];
  const cap = most.cpuCeilingPagesPerSec ?? null;
  const needed = Math.min(toOne * steadyOne, cap === null ? Infinity : ofCeiling * cap);
  const ceiling = cap === null ? '' : `; at ${most.n} workers the cores were ${Math.round((most.busy ?? 0) * 100)}% busy with this crawl (machine ${Math.round((most.machineBusy ?? 0) * 100)}%), CPU ceiling ${n(cap)} pages/s`;
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return [
    'workers',
    `${runs.map((w) => `${w.n}: ${n(w.pagesPerSec ?? 0)}`).join(', ')} pages/s over the whole crawl; once started ${runs.map((w) => `${w.n}: ${n(w.steadyPagesPerSec ?? Number.NaN)}`).join(', ')} (${n(most.pages ?? 0)} pages; \`crawl --workers N --concurrency ${most.concurrencyPerWorker}\` on PostgreSQL, simulator +${most.latencyMs} ms per answer, --rate 0${ceiling})`,
    `1 worker: ${n(one.pagesPerSec)} pages/s (once started ${n(steadyOne)})`,
    `${most.n}/1 = ${r2(ratio)} whole, ${r2(steadyMost / steadyOne)} once started${cap === null ? '' : `; ${r2(steadyMost / cap)} of the ceiling`}`,
    goal,
    verdict(steadyMost >= needed),
  ];
}
