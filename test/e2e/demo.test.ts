/**
 * `wenzheng demo` through the real CLI, once, on a small simulated board: what a new user sees
 * first must not mislead. The planted overstatement of the simulator's reports is labelled as
 * planted in the demo's output; almost every message has a department (the unit it is
 * addressed to), and the snapshot says how many have none.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

let dir: string;
let run: CliResult;
beforeAll(async () => {
  dir = path.join(tempDir('wz-demo-'), 'demo');
  run = await runCli(['demo', '--dir', dir, '--threads', '60', '--days', '2'], { timeoutMs: 120_000 });
}, 150_000);

const snapshotDirs = () => ['2021-03-01', '2021-03-02'].map((d) => path.join(dir, 'snapshots', d));
const jsonl = (file: string) => readFileSync(file, 'utf8').replace(/^\ufeff/, '').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('the demo', () => {
  it('runs to the end', () => {
    expect(run.stderr).not.toMatch(/at .+\.js:\d+/);
    expect(run.code).toBe(0);
  });

  it('ends by saying how to point stats at the demo archive, and that command works', async () => {
    const next = run.stdout.split('\n').filter((l) => l.startsWith('  npx wenzheng --db '));
    expect(next.map((l) => l.split(' ').at(-1))).toEqual(['stats', 'overdue', 'serve']);
    const args = next[0]!.trim().split(' ').slice(2);
    const stats = await runCli(args);
    expect(stats.code, stats.stderr).toBe(0);
    expect((JSON.parse(stats.stdout) as { totals: { messages: number } }).totals.messages).toBeGreaterThan(60);
  });

  it('writes snapshots with no time from outside the simulated clock', () => {
    const days = [...run.stdout.matchAll(/^day \d+ \(simulated (\S+)\)/gm)].map((m) => Date.parse(m[1]!));
    expect(days).toHaveLength(2);
    snapshotDirs().forEach((dir, i) => {
      // The crawl of a simulated day takes seconds of real time, run on from the simulated start.
      const latest = days[i]! + 10 * 60_000;
      const pkg = JSON.parse(readFileSync(path.join(dir, 'datapackage.json'), 'utf8')) as { created: string };
      expect(Date.parse(pkg.created)).toBeGreaterThanOrEqual(days[i]!);
      expect(Date.parse(pkg.created)).toBeLessThanOrEqual(latest);
      let times = 0;
      for (const f of readdirSync(dir).filter((n) => !n.endsWith('.parquet'))) {
        const text = readFileSync(path.join(dir, f), 'utf8');
        for (const m of text.matchAll(/\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:\d\d)/g)) {
          times++;
          expect(Date.parse(m[0]), `${f}: ${m[0]}`).toBeLessThanOrEqual(latest);
        }
      }
      expect(times).toBeGreaterThan(100);
    });
    const overdue = jsonl(path.join(snapshotDirs()[1]!, 'overdue.jsonl'));
    expect(overdue.length).toBeGreaterThan(0);
    // Waits run to the simulated as-of time: the history is months long, not years.
    for (const r of overdue) expect(r.waited_hours as number).toBeLessThan(24 * 366);
  });

  it('snapshot --date of the first day, run after the second, is the archive as of then: the same bytes as the snapshot written that day', async () => {
    const db = path.join(dir, 'wenzheng.sqlite');
    const again = await runCli(['--db', db, 'snapshot', '--date', '2021-03-01', '--out', path.join(dir, 'snapshots')]);
    expect(again.code, again.stderr).toBe(0);
    // Writing a date again succeeds only when every file is byte-identical.
    expect(again.stdout).toContain('(already there, identical)');
    const second = jsonl(path.join(snapshotDirs()[1]!, 'messages.jsonl')).length;
    expect(jsonl(path.join(snapshotDirs()[0]!, 'messages.jsonl')).length).toBeLessThan(second);
    const before = await runCli(['--db', db, 'snapshot', '--date', '2021-02-01', '--out', path.join(dir, 'early')]);
    expect(before.code).toBe(2);
    expect(before.stderr).toContain('--date 2021-02-01: the archive holds nothing fetched by the end of that day');
  });

  it('labels the planted overstatement as planted, and it shows in claims.csv', () => {
    const planted = run.stdout.split('\n').filter((l) => /PLANTED/.test(l));
    expect(planted.length).toBe(2); // one per snapshot
    expect(planted[0]).toMatch(/"replied" figure 25% too high/);
    const all = jsonl(path.join(snapshotDirs()[1]!, 'claims.jsonl'));
    const coverage = all.filter((c) => String(c.figure_id).startsWith('people-liuyan:newIndex_stat:'));
    const claims = all.filter((c) => !coverage.includes(c));
    // 领导留言板's own totals: every board of the simulated site is crawled, so the counts agree.
    expect(coverage.length).toBeGreaterThan(0);
    expect(coverage.filter((c) => c.difference !== 0)).toEqual([]);
    expect(run.stdout).toMatch(/coverage: 领导留言板's own totals .*: 0 of \d+ rows differ/);
    const over = claims.filter((c) => c.metric === 'replied' && (c.official_value as number) >= 4);
    expect(over.length).toBeGreaterThan(0);
    for (const c of over) expect(c.difference as number).toBeLessThan(0);
    expect(claims.filter((c) => c.metric === 'received' && c.difference !== 0)).toEqual([]);
  });

  it('crawls 领导留言板 too: its boards named on the first day, remembered on the second', () => {
    const [first, second] = snapshotDirs().map((d) => jsonl(path.join(d, 'messages.jsonl')).filter((m) => m.source === 'people-liuyan'));
    expect(first!.length).toBeGreaterThan(0);
    expect(second!.length).toBeGreaterThanOrEqual(first!.length);
    expect(new Set(second!.map((m) => m.board))).toEqual(new Set(['杭州市委书记', '淳安县委书记', '北京市委书记']));
    // Day 2 read the boards again without being told them: rows were seen anew.
    const seenBefore = new Map(first!.map((m) => [m.message_id, m.last_seen_at]));
    expect(second!.filter((m) => seenBefore.has(m.message_id) && m.last_seen_at !== seenBefore.get(m.message_id)).length).toBeGreaterThan(0);
  });

  it('gives almost every message a department, and says in stats.json and the dashboard how many have none', () => {
    const dir = snapshotDirs()[1]!;
    const messages = jsonl(path.join(dir, 'messages.jsonl'));
    const none = messages.filter((m) => m.department_source === 'none');
    expect(none.every((m) => m.department_id === null)).toBe(true);
    expect(messages.filter((m) => m.department_id === null)).toEqual(none);
    // 《问政湖南》's documented answers name no addressee (only the answering unit, reply[].name):
    // its unanswered messages have none, and they are the only ones. Every other board shows
    // the addressee, and there fewer than 2% lack a department.
    const shown = messages.filter((m) => m.source !== 'rednet-hunan');
    expect(shown.filter((m) => m.department_source === 'none').length / shown.length).toBeLessThan(0.02);
    expect(none.every((m) => m.source === 'rednet-hunan' && m.status !== 'replied')).toBe(true);
    // Unanswered 民生热线 threads too: the unit they are addressed to.
    const pending = messages.filter((m) => m.source === 'cnhubei-minsheng' && m.status === 'pending');
    expect(pending.length).toBeGreaterThan(5);
    expect(pending.every((m) => m.department_source === 'addressed' && m.department !== null)).toBe(true);
    const stats = JSON.parse(readFileSync(path.join(dir, 'stats.json'), 'utf8')) as { departmentSource: Record<string, number> };
    expect(stats.departmentSource.none).toBe(none.length);
    expect(stats.departmentSource.addressed + stats.departmentSource.answered + stats.departmentSource.none).toBe(messages.length);
    const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
    expect(html).toMatch(new RegExp(`id="without-department">Messages without a department[^<]*: ${none.length}`));
  });
});

