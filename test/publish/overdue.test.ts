import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openArchive, type Archive } from '../../src/archive/db.js';
import { applyExtraction } from '../../src/archive/records.js';
import { registerOverdue } from '../../src/cli/overdue.js';
import type { Extraction, Message, Reply } from '../../src/model/extraction.js';
import { groupByDepartment, listOverdue, OVERDUE_COLUMNS } from '../../src/publish/overdue.js';
import { columnsOf, TABLES } from '../../src/publish/published-schemas.js';
import { repoRoot } from '../helpers/shared.js';
import { tempDir } from '../helpers/tmp.js';

const SOURCE = 'cnhubei-minsheng';
const AS_OF = '2021-03-10T12:00:00+08:00';
// As the boards print them; the archive keeps the canonical name it resolves them to.
const 城管 = '洪山区城管局';
const 交通 = '武汉市交通运输局';
const canonical = new Map<string, string>();

function message(id: string, postedAt: string | null, over: Partial<Message> = {}): Message {
  return {
    externalId: id,
    url: `http://bbs.cnhubei.com/thread-${id}-1-1.html`,
    title: `留言 ${id}`,
    body: '正文',
    author: '市民',
    postedAt,
    board: '民生热线',
    department: 城管,
    category: null,
    status: 'pending',
    statusRaw: null,
    views: null,
    replyCount: null,
    ...over,
  };
}

function reply(messageId: string, repliedAt: string, official = true): Reply {
  return {
    messageExternalId: messageId,
    externalId: `r-${messageId}-${repliedAt}`,
    department: official ? 城管 : null,
    author: official ? 城管 : '市民',
    body: official ? '已处理。' : '还没有人管吗?',
    repliedAt,
    official,
    floor: null,
  };
}

/**
 * Hand-made messages with known times (asOf 2021-03-10 12:00 Beijing). The comment says what
 * each one is for; the expected lists below are written from these comments, not computed.
 */
const THREADS: [Message, Reply[]][] = [
  [message('A', '2021-03-01T09:00:00+08:00'), []], // unanswered 219 h: overdue at 24 and 168
  [message('B', '2021-03-09T08:00:00+08:00', { status: 'in_progress' }), []], // 28 h: overdue at 24 only
  [message('C', '2021-03-10T11:00:00+08:00'), []], // 1 h: not overdue
  [message('D', '2021-03-02T10:00:00+08:00'), [reply('D', '2021-03-02T12:00:00+08:00')]], // answered
  [message('E', '2021-03-01T10:00:00+08:00'), [reply('E', '2021-03-10T13:00:00+08:00')]], // answered after asOf: overdue then
  [message('F', '2021-03-05T09:00:00+08:00', { status: 'closed' }), []], // closed without reply: not waiting
  [message('G', '2021-03-04T09:00:00+08:00'), []], // gone from the board (gone_at set below)
  [message('H', null), []], // no posting time: no deadline
  [message('I', '2021-03-11T09:00:00+08:00'), []], // posted after asOf
  [message('J', '2021-03-03T04:00:00Z', { department: 交通 }), []], // exactly 168 h (UTC offset): overdue at 24, at the deadline for 168
  [message('K', '2021-03-08T12:00:00+08:00', { department: 交通 }), [reply('K', '2021-03-09T09:00:00+08:00', false)]], // only a citizen's follow-up: unanswered
  [message('L', '2021-03-01T08:00:00+08:00', { status: 'replied' }), []], // the board says answered, no reply time: settled
];

let archive: Archive;
let dbFile: string;

beforeAll(async () => {
  dbFile = path.join(tempDir('wz-overdue-'), 'wenzheng.sqlite');
  archive = await openArchive(dbFile);
  await archive.db.insertInto('source').values({ id: SOURCE, name: '民生热线', baseUrl: 'http://bbs.cnhubei.com' }).execute();
  for (const [m, replies] of THREADS) {
    const x: Extraction = { source: SOURCE, url: m.url, kind: 'thread', messages: [m], replies, reports: [], links: [] };
    await applyExtraction(archive.db, x, { runId: null, captureId: null, now: '2021-03-10T13:30:00+08:00', extractorVersion: 't', salt: archive.salt });
  }
  await archive.db.updateTable('message').set({ goneAt: '2021-03-06T00:00:00+08:00' }).where('externalId', '=', 'G').execute();
  for (const alias of [城管, 交通]) {
    const row = await archive.db
      .selectFrom('departmentAlias')
      .innerJoin('department', 'department.id', 'departmentAlias.departmentId')
      .select('department.name')
      .where('alias', '=', alias)
      .executeTakeFirstOrThrow();
    canonical.set(alias, row.name);
  }
});

afterAll(async () => {
  await archive?.close();
});

const ids = (rows: { message_id: string }[]) => rows.map((r) => r.message_id.replace(`${SOURCE}:`, ''));

describe('listOverdue', () => {
  it('lists exactly the expected messages for --sla-hours 24, oldest first', async () => {
    const rows = await listOverdue(archive.db, { slaHours: 24, asOf: AS_OF });
    expect(ids(rows)).toEqual(['A', 'E', 'J', 'K', 'B']);
    expect(rows.map((r) => r.waited_hours)).toEqual([219, 218, 168, 48, 28]);
    expect(rows[0]).toEqual({
      message_id: `${SOURCE}:A`,
      source: SOURCE,
      board: '民生热线',
      department: canonical.get(城管),
      title: '留言 A',
      url: 'http://bbs.cnhubei.com/thread-A-1-1.html',
      status: 'pending',
      posted_at: '2021-03-01T09:00:00+08:00',
      deadline_at: '2021-03-02T09:00:00+08:00',
      waited_hours: 219,
      sla_hours: 24,
    });
  });

  it('lists exactly the expected messages for --sla-hours 168 (a message exactly at its deadline is not yet overdue)', async () => {
    const rows = await listOverdue(archive.db, { slaHours: 168, asOf: AS_OF });
    expect(ids(rows)).toEqual(['A', 'E']);
    expect(rows.every((r) => r.sla_hours === 168)).toBe(true);
  });

  it('uses 24 h when none is given and the source row states none', async () => {
    const rows = await listOverdue(archive.db, { asOf: AS_OF });
    expect(ids(rows)).toEqual(['A', 'E', 'J', 'K', 'B']);
    expect(new Set(rows.map((r) => r.sla_hours))).toEqual(new Set([24]));
  });

  it("uses the board's deadline stored in its source row, not the adapter's of this code version", async () => {
    await archive.db.updateTable('source').set({ slaHours: 168 }).where('id', '=', SOURCE).execute();
    try {
      const rows = await listOverdue(archive.db, { asOf: AS_OF });
      expect(ids(rows)).toEqual(['A', 'E']);
      expect(rows.map((r) => [r.sla_hours, r.deadline_at])).toEqual([
        [168, '2021-03-08T09:00:00+08:00'],
        [168, '2021-03-08T10:00:00+08:00'],
      ]);
    } finally {
      await archive.db.updateTable('source').set({ slaHours: null }).where('id', '=', SOURCE).execute();
    }
  });

  it('judges at asOf: earlier, and just after E got its answer', async () => {
    expect(ids(await listOverdue(archive.db, { slaHours: 24, asOf: '2021-03-02T10:30:00+08:00' }))).toEqual(['A', 'E']);
    expect(ids(await listOverdue(archive.db, { slaHours: 168, asOf: '2021-03-10T14:00:00+08:00' }))).toEqual(['A', 'J']);
  });

  it('gives rows with exactly the overdue.csv columns of the published schema', async () => {
    expect([...OVERDUE_COLUMNS]).toEqual(columnsOf(TABLES.overdue));
    const rows = await listOverdue(archive.db, { slaHours: 24, asOf: AS_OF });
    for (const r of rows) expect(Object.keys(r)).toEqual([...OVERDUE_COLUMNS]);
  });

  it('groups by department, each group oldest first', async () => {
    const groups = groupByDepartment(await listOverdue(archive.db, { slaHours: 24, asOf: AS_OF }));
    expect(groups.map((g) => [g.department, ids(g.rows)])).toEqual([
      [canonical.get(城管), ['A', 'E', 'B']],
      [canonical.get(交通), ['J', 'K']],
    ]);
  });
});

/** Runs `overdue` in process through commander, as main.ts registers it; captures output. */
async function runInProcess(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  const program = new Command('wenzheng').option('--db <path>').exitOverride();
  registerOverdue(program);
  try {
    await program.parseAsync(['--db', dbFile, 'overdue', ...args], { from: 'user' });
    return { code: Number(process.exitCode ?? 0), stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    process.exitCode = 0;
  }
}

describe('wenzheng overdue', () => {
  it('is registered in the real CLI and prints JSON', async () => {
    const r = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'src/cli/main.ts'), '--db', dbFile, 'overdue', '--sla-hours', '168', '--as-of', AS_OF, '--format', 'json'],
      { cwd: repoRoot },
    );
    expect(ids(JSON.parse(r.stdout))).toEqual(['A', 'E']);
  });

  it('prints CSV with the overdue.csv columns', async () => {
    const csv = await runInProcess('--sla-hours', '24', '--as-of', AS_OF, '--format', 'csv');
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('message_id,source,board,department,title,url,status,posted_at,deadline_at,waited_hours,sla_hours');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['A', 'E', 'J', 'K', 'B'].map((x) => `${SOURCE}:${x}`));
  });

  it('prints a text list grouped by department with how long each waited', async () => {
    const text = await runInProcess('--as-of', AS_OF);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('5 overdue as of 2021-03-10T12:00:00+08:00');
    expect(text.stdout).toContain(`${canonical.get(城管)} (3)\n    9 d 3 h  ${SOURCE}:A  留言 A  http://bbs.cnhubei.com/thread-A-1-1.html\n`);
  });

  it('rejects a bad --as-of or --sla-hours with exit 2 and one line', async () => {
    for (const args of [['--as-of', 'yesterday'], ['--as-of', '2021-02-30'], ['--as-of', '2021-03-01T10:00:00'], ['--sla-hours', '-1'], ['--sla-hours', 'x'], ['--format', 'xml']]) {
      const r = await runInProcess(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
  });
});
