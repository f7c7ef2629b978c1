/**
 * `npm run bench -- --quick` (small boards and tables, one run each) so the benchmark code
 * cannot rot: it must finish and write every figure of CONTRACT.md section 8. Only that
 * figures were produced is checked, never their values (a test machine is not a bench machine).
 * Runs the built bench (`npm test` builds first), as `npm run bench` does.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/shared.js';
import { tempDir } from '../helpers/tmp.js';

const entry = path.join(repoRoot, 'dist', 'test', 'bench', 'run.js');

type Figures = Record<string, unknown>;

function expectNumbers(section: Figures | undefined, keys: string[]): void {
  expect(section, 'section missing').toBeDefined();
  for (const k of keys) {
    expect(typeof section![k], `${k} is ${JSON.stringify(section![k])}`).toBe('number');
    expect(Number.isFinite(section![k] as number), `${k} is finite`).toBe(true);
  }
}

describe('npm run bench -- --quick', () => {
  it('writes every figure of the results file, and the table', () => {
    expect(existsSync(entry), `${entry} is missing: npm run build first`).toBe(true);
    const out = path.join(tempDir('wz-bench-test-'), 'results.json');
    const res = spawnSync(process.execPath, [entry, '--quick', '--out', out], { cwd: repoRoot, encoding: 'utf8', timeout: 290_000 });
    expect(res.status, res.stderr).toBe(0);
    const r = JSON.parse(readFileSync(out, 'utf8')) as Record<string, Figures>;
    expectNumbers(r.machine, ['cores', 'memoryGb']);
    expect(typeof r.machine!.node).toBe('string');
    expect(Number.isNaN(Date.parse(r.createdAt as unknown as string))).toBe(false);
    expectNumbers(r.crawl, ['pagesPerSec', 'baselinePagesPerSec', 'ratio', 'peakRssMb', 'threads', 'sameWorkPagesPerSec', 'sameWorkRatio']);
    // CPU a page of each side (every thread of its process): storing costs CPU beyond parsing.
    const cpu = r.crawl!.cpuMsPerPage as unknown as Figures;
    expectNumbers(cpu, ['pipeline', 'baseline', 'sameWork']);
    expect(cpu.pipeline as number).toBeGreaterThan(0);
    expect(cpu.sameWork as number).toBeGreaterThan(0);
    expectNumbers(r.incremental, ['requests', 'minimalRequests', 'fullCrawlRequests', 'ratioToMinimal', 'ratioToFull']);
    expectNumbers(r.reextract, ['pagesPerSec', 'parserOnlyPagesPerSec', 'ratio']);
    expectNumbers(r.reextract!.cpu as Figures, ['cpuMsPerPage']);
    expectNumbers(r.snapshot, ['rowsPerSec', 'peakRssMb', 'messages', 'replies', 'readOnlyRowsPerSec']);
    // The sqlite3 shell comparison is skipped (with a note) where the shell is absent.
    const s = r.snapshot!;
    if (s.note) expect(s.ratio).toBeNull();
    else expectNumbers(s, ['sqliteSameWorkRowsPerSec', 'sqliteCliRowsPerSec', 'ratio']);
    expectNumbers(r.serve, ['searchMedianMs', 'messages']);
    // workers: [{ n, pagesPerSec }] for 1, 2 and 4 workers (null with a note where PostgreSQL is absent).
    const workers = r.workers as unknown as Figures[];
    expect(workers.map((w) => w.n)).toEqual([1, 2, 4]);
    for (const w of workers) {
      if (w.note) expect(w.pagesPerSec).toBeNull();
      else expectNumbers(w, ['pagesPerSec', 'steadyPagesPerSec', 'pages', 'seconds']);
    }
    expect(typeof r.parser!.page).toBe('string');
    if (!r.parser!.note) expectNumbers(r.parser, ['pagesPerSec', 'tokenizeOnlyPagesPerSec', 'ratioToTokenizeOnly', 'loadOnlyPagesPerSec', 'ratioToLoadOnly']);
    const table = readFileSync(out.replace(/\.json$/, '.md'), 'utf8');
    expect(table).toContain('| crawl |');
    expect(table).toMatch(/CPU a page \(all threads\): crawl [\d.]+ ms, bare loop [\d.]+, same work without the crawler [\d.]+/);
    expect(res.stdout).toMatch(/\d+ cores, [\d.]+ GB memory/);
  }, 300_000);
});
