import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqliteArchive as Archive } from '../../src/archive/db.js';
import { hashAuthor } from '../../src/archive/authors.js';
import { csvField } from '../../src/publish/csv.js';
import { columnsOf, TABLES } from '../../src/publish/published-schemas.js';
import { SnapshotInputError, writeSnapshot } from '../../src/publish/snapshot.js';
import { runCommand } from './cli-harness.js';
import { repoRoot } from '../helpers/shared.js';
import { tempDir } from '../helpers/tmp.js';
import { crawlRun, freshArchive, message, MINSHENG, reply, store } from './archive-builder.js';
import { buildFixtureArchive } from './fixture-archive.js';
import { assertValid, frictionlessProfile, readCsv, readJsonl, schemaValidator, sha256Of } from './snapshot-readers.js';

const DATE = '2019-06-10';
const FILES = [
  'CITATION.cff',
  'README.md',
  'captures.csv',
  'captures.jsonl',
  'changes.csv',
  'changes.jsonl',
  'claims.csv',
  'claims.jsonl',
  'codebook.md',
  'coverage.csv',
  'coverage.jsonl',
  'datapackage.json',
  'departments.csv',
  'departments.jsonl',
  'feed.xml',
  'index.html',
  'messages.csv',
  'messages.jsonl',
  'messages.parquet',
  'observations.csv',
  'observations.jsonl',
  'observations.parquet',
  'overdue.csv',
  'overdue.jsonl',
  'replies.csv',
  'replies.jsonl',
  'replies.parquet',
  'report_figures.csv',
  'report_figures.jsonl',
  'stats.json',
];

let archive: Archive;
let out: string;
let dir: string;

beforeAll(async () => {
  archive = await buildFixtureArchive();
  out = tempDir('wz-snapshots-');
  dir = (await writeSnapshot(archive, { outDir: out, date: DATE })).dir;
});
afterAll(async () => {
  await archive.close();
});

const count = (sql: string) => archive.sqlite.prepare(sql).pluck().get() as number;
const ROWS: Record<keyof typeof TABLES, string> = {
  messages: 'SELECT count(*) FROM message',
  replies: 'SELECT count(*) FROM reply',
  observations: 'SELECT count(*) FROM (SELECT DISTINCT message_id, observed_at FROM message_observation)',
  captures: `SELECT count(*) FROM (SELECT DISTINCT sha256, fetched_at FROM capture
             WHERE id IN (SELECT capture_id FROM message UNION SELECT capture_id FROM reply))`,
  departments: 'SELECT count(*) FROM department',
  report_figures: 'SELECT count(*) FROM report_figure',
  claims: `SELECT count(*) FROM report_figure WHERE metric IN ('received', 'replied')`,
  overdue: `SELECT 2`, // 290 and 4657002 are unanswered, well past 24 hours at the as-of time
  changes: 'SELECT 0', // the first snapshot: nothing to compare with
  coverage: 'SELECT 4', // 民生热线 on 04-28, 05-10 and 05-20; 荆楚问政 on 05-15
};

describe('writeSnapshot', () => {
  it('writes exactly the contract files into <out>/<date>/ and points latest at it', () => {
    expect(readdirSync(dir).sort()).toEqual(FILES);
    expect(readdirSync(out).sort()).toEqual([DATE, 'latest']);
    expect(readlinkSync(path.join(out, 'latest'))).toBe(DATE);
  });

  it('validates every JSON and JSON Lines file against schemas/', () => {
    for (const name of Object.keys(TABLES)) {
      const v = schemaValidator(name);
      for (const [i, row] of readJsonl(path.join(dir, `${name}.jsonl`)).entries()) assertValid(v, row, `${name}.jsonl line ${i + 1}`);
    }
    assertValid(schemaValidator('stats'), JSON.parse(readFileSync(path.join(dir, 'stats.json'), 'utf8')), 'stats.json');
    assertValid(schemaValidator('datapackage'), JSON.parse(readFileSync(path.join(dir, 'datapackage.json'), 'utf8')), 'datapackage.json');
  });

  it('writes a Frictionless Data Package whose hashes and sizes match the files', () => {
    const pkg = JSON.parse(readFileSync(path.join(dir, 'datapackage.json'), 'utf8'));
    assertValid(frictionlessProfile('data-package'), pkg, 'data-package profile');
    const tabular = frictionlessProfile('tabular-data-resource');
    expect(pkg.resources.map((r: { path: string }) => r.path).sort()).toEqual(FILES.filter((f) => f !== 'datapackage.json'));
    for (const r of pkg.resources) {
      const file = path.join(dir, r.path);
      expect(r.bytes, r.path).toBe(readFileSync(file).length);
      expect(r.hash, r.path).toBe(`sha256:${sha256Of(file)}`);
      expect(r.encoding).toBe(r.format === 'parquet' ? undefined : 'utf-8');
      if (r.format === 'csv') {
        assertValid(tabular, r, `${r.path} as tabular-data-resource`);
        expect(r.schema.fields.map((f: { name: string }) => f.name)).toEqual(columnsOf(TABLES[r.name as keyof typeof TABLES]));
        for (const f of r.schema.fields) expect(f.description).toMatch(/[a-z].*\. .*[\u4e00-\u9fff]/);
      }
    }
    expect(pkg.created).toBe('2019-06-08T12:00:00+08:00');
    expect(pkg.sources.map((s: { title: string }) => s.title)).toEqual(['荆楚网《民生热线》', '荆楚网 问政报告', '荆楚网《荆楚问政》']);
  });

  it('writes CSVs with a BOM, the documented header and one row per archive row, equal to the JSON Lines', () => {
    for (const [name, def] of Object.entries(TABLES)) {
      const [header, ...rows] = readCsv(path.join(dir, `${name}.csv`));
      expect(header, name).toEqual(columnsOf(def));
      expect(rows.length, name).toBe(count(ROWS[name as keyof typeof TABLES]));
      const jsonl = readJsonl(path.join(dir, `${name}.jsonl`));
      expect(jsonl.map((r) => Object.keys(r))).toEqual(jsonl.map(() => header));
      expect(rows).toEqual(jsonl.map((r) => header!.map((c) => csvField(r[c]).replace(/^"(.*)"$/s, '$1').replace(/""/g, '"'))));
    }
  });

  it('sorts rows by id in code-point order (overdue: oldest first)', () => {
    for (const [name, key] of [
      ['messages', 'message_id'],
      ['replies', 'reply_id'],
      ['departments', 'department_id'],
      ['report_figures', 'figure_id'],
      ['claims', 'figure_id'],
    ] as const) {
      const ids = readJsonl(path.join(dir, `${name}.jsonl`)).map((r) => r[key] as string | number);
      const sorted = [...ids].sort((a, b) => (typeof a === 'number' ? a - (b as number) : a < b ? -1 : a > b ? 1 : 0));
      expect(ids, name).toEqual(sorted);
    }
    const replies = readJsonl(path.join(dir, 'replies.jsonl')).map((r) => r.reply_id);
    expect(replies.indexOf('cnhubei-wenzheng:2900:r1')).toBeLessThan(replies.indexOf('cnhubei-wenzheng:29:r1'));
    const overdue = readJsonl(path.join(dir, 'overdue.jsonl')).map((r) => r.message_id);
    expect(overdue).toEqual(['cnhubei-wenzheng:290', 'cnhubei-minsheng:4657002']);
  });

  it('masks phone and ID-card numbers and never publishes authors', () => {
    const all = FILES.filter((f) => !f.endsWith('.html') && !f.endsWith('.parquet')).map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n');
    expect(all).not.toContain('13812345678');
    expect(all).not.toContain('420106199001011234');
    expect(all).toContain('138****5678');
    expect(all).toContain('420***********1234');
    expect(all).not.toMatch(/网友4657|热心市民老王|author_hash/);
    for (const name of ['网友4657001', '热心市民老王']) expect(all).not.toContain(hashAuthor(archive.salt, name)!);
  });

  it('explains every status value, closed included, wherever a table has a status column', () => {
    const pkg = JSON.parse(readFileSync(path.join(dir, 'datapackage.json'), 'utf8')) as { resources: { name: string; schema?: { fields: { name: string; description: string }[] } }[] };
    const withStatus = pkg.resources.flatMap((r) => (r.schema?.fields ?? []).filter((f) => f.name === 'status').map((f) => [r.name, f.description] as const));
    expect(new Set(withStatus.map(([r]) => r.replace(/-(jsonl|parquet)$/, '')))).toEqual(new Set(['messages', 'observations', 'overdue']));
    for (const [r, d] of withStatus) for (const word of ['replied:', 'in_progress:', 'pending:', 'closed:', '已关闭', '不予受理', 'empty:']) expect(d, r).toContain(word);
  });

  it('writes every time of every table in one format: Beijing time with its +08:00 offset', () => {
    let checked = 0;
    for (const f of FILES.filter((n) => n.endsWith('.jsonl'))) {
      for (const row of readJsonl(path.join(dir, f))) {
        for (const [col, v] of Object.entries(row)) {
          if (!col.endsWith('_at') || v === null) continue;
          expect(v, `${f} ${col}`).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
          checked++;
        }
      }
    }
    const overdue = readJsonl(path.join(dir, 'overdue.jsonl'));
    expect(overdue.length).toBeGreaterThan(0);
    expect(checked).toBeGreaterThan(overdue.length);
  });

  it('computes reply hours, the SLA flag and the claims in the files', () => {
    const byId = new Map(readJsonl(path.join(dir, 'messages.jsonl')).map((r) => [r.message_id, r]));
    expect(byId.get('cnhubei-minsheng:4657001')).toMatchObject({ reply_hours: 6, replied_within_sla: true, reply_count: 1, region_code: '420111' });
    expect(byId.get('cnhubei-minsheng:4657003')).toMatchObject({ reply_hours: 240, replied_within_sla: false });
    expect(byId.get('cnhubei-wenzheng:290')).toMatchObject({ reply_hours: null, replied_within_sla: false, first_reply_at: null });
    const claims = readJsonl(path.join(dir, 'claims.jsonl'));
    expect(claims.map((c) => [c.metric, c.official_value, c.archive_value, c.difference])).toEqual([
      ['received', 177, 2, -175],
      ['replied', 157, 1, -156],
    ]);
    const stats = JSON.parse(readFileSync(path.join(dir, 'stats.json'), 'utf8'));
    expect(stats.claims).toEqual(claims);
  });

  it('writes the same bytes for the same archive and date', async () => {
    const again = await writeSnapshot(archive, { outDir: tempDir('wz-snapshots-'), date: DATE });
    for (const f of FILES) expect(readFileSync(path.join(again.dir, f)).equals(readFileSync(path.join(dir, f))), f).toBe(true);
    const same = await writeSnapshot(archive, { outDir: out, date: DATE });
    expect(same.unchanged).toBe(true);
  });
});

describe('a second snapshot', () => {
  it('lists exactly one new message and one newly replied one in changes.csv', async () => {
    const a = await buildFixtureArchive();
    try {
      const snapshots = tempDir('wz-snapshots-');
      await writeSnapshot(a, { outDir: snapshots, date: '2019-06-10' });
      const run = await crawlRun(a, '2019-06-11T10:00:00+08:00', '2019-06-11T12:00:00+08:00');
      const now = '2019-06-11T11:00:00+08:00';
      await store(a, MINSHENG, { messages: [message('4657100', { postedAt: '2019-06-11T08:00:00+08:00' })] }, now, run);
      await store(
        a,
        MINSHENG,
        {
          messages: [message('4657002', { postedAt: '2019-05-20T08:00:00+08:00', department: '襄阳市樊城区行政审批局', category: '行政管理' })],
          replies: [reply('4657002', '9000020', { department: '襄阳市樊城区行政审批局', author: '襄阳市樊城区行政审批局', repliedAt: '2019-06-11T09:00:00+08:00' })],
        },
        now,
        run,
      );
      const second = await writeSnapshot(a, { outDir: snapshots, date: '2019-06-12' });
      expect(second.previous).toBe(path.join(snapshots, '2019-06-10'));
      const [header, ...rows] = readCsv(path.join(second.dir, 'changes.csv'));
      expect(header).toEqual(['message_id', 'change']);
      expect(rows).toEqual([
        ['cnhubei-minsheng:4657002', 'replied'],
        ['cnhubei-minsheng:4657100', 'new'],
      ]);
      expect(readlinkSync(path.join(snapshots, 'latest'))).toBe('2019-06-12');
    } finally {
      await a.close();
    }
  });
});

describe('bad input', () => {
  it('names the file and line of a broken previous snapshot, leaving it and nothing else behind', async () => {
    const snapshots = tempDir('wz-snapshots-');
    const first = await writeSnapshot(archive, { outDir: snapshots, date: '2019-06-01' });
    const file = path.join(first.dir, 'messages.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[2] = '{"message_id": broken';
    writeFileSync(file, lines.join('\n'));
    await expect(writeSnapshot(archive, { outDir: snapshots, date: DATE })).rejects.toThrow(SnapshotInputError);
    await expect(writeSnapshot(archive, { outDir: snapshots, date: DATE })).rejects.toThrow(`${file} line 3:`);
    const cli = await runCommand(archive.file, '--date', DATE, '--out', snapshots);
    expect(cli.status, cli.stderr).toBe(2);
    expect(cli.stderr).toMatch(new RegExp(`^wenzheng: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} line 3: .*damaged earlier snapshot.*\n$`));
    expect(readdirSync(snapshots).sort()).toEqual(['2019-06-01', 'latest']);
  });

  it('refuses a date that is not a real calendar date, leaving nothing behind', async () => {
    const snapshots = tempDir('wz-snapshots-');
    await expect(writeSnapshot(archive, { outDir: snapshots, date: '2019-02-30' })).rejects.toThrow(SnapshotInputError);
    expect(readdirSync(snapshots)).toEqual([]);
  });

  it('refuses an empty archive and an --out that cannot be written', async () => {
    const empty = await freshArchive();
    try {
      const snapshots = tempDir('wz-snapshots-');
      await expect(writeSnapshot(empty, { outDir: snapshots, date: DATE })).rejects.toThrow(/no messages/);
      expect(readdirSync(snapshots)).toEqual([]);
    } finally {
      await empty.close();
    }
    const file = path.join(tempDir('wz-snapshots-'), 'a-file');
    writeFileSync(file, 'x');
    await expect(writeSnapshot(archive, { outDir: path.join(file, 'sub'), date: DATE })).rejects.toThrow(/cannot write snapshots/);
  });

  it('exits 2 with one line on stderr from the snapshot command, writing nothing', async () => {
    const snapshots = tempDir('wz-snapshots-');
    const file = path.join(snapshots, 'a-file');
    writeFileSync(file, 'x');
    const empty = await freshArchive();
    await empty.close();
    const runs = [
      await runCommand(archive.file, '--date', '2019-13-01', '--out', snapshots),
      await runCommand(archive.file, '--date', DATE, '--out', path.join(file, 'sub')),
      await runCommand(empty.file, '--date', DATE, '--out', snapshots),
      await runCommand(path.join(snapshots, 'none.sqlite'), '--date', DATE, '--out', snapshots),
    ];
    for (const r of runs) {
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
    }
    expect(runs[0]!.stderr).toMatch(/^wenzheng: --date 2019-13-01: not a real calendar date/);
    expect(readdirSync(snapshots)).toEqual(['a-file']);
  });

  it('exits 2 from the real binary too', async () => {
    const snapshots = tempDir('wz-snapshots-');
    const argv = ['--import', 'tsx', path.join(repoRoot, 'src/cli/main.ts'), '--db', archive.file, 'snapshot', '--date', '2019-02-29', '--out', snapshots];
    const r = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, argv, { cwd: repoRoot, encoding: 'utf8' }, (_e, _o, stderr) => resolve({ status: child.exitCode, stderr }));
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('wenzheng: --date 2019-02-29: not a real calendar date (YYYY-MM-DD)\n');
    expect(readdirSync(snapshots)).toEqual([]);
  });
});
