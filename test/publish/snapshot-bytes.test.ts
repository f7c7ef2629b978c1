/**
 * The snapshot formats its big tables by hand and gathers stats, overdue rows, changes, the
 * feed and the dashboard's figures in one pass over the messages (src/publish/message-pass.ts),
 * with replies and captures written by a worker thread. These tests hold that fast path to the
 * plain definitions: every JSON Lines line is what JSON.stringify writes for the parsed row,
 * every CSV file is csvLine of those rows, and stats.json, overdue, changes, the feed and the
 * dashboard equal what computeStats, listOverdue, writeChanges, writeFeed and writeDashboard
 * (reading the written files back) give, on an archive of awkward text and ids.
 */
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SqliteArchive as Archive } from '../../src/archive/db.js';
import type { OverdueRow } from '../../src/model/published.js';
import { BOM, csvLine } from '../../src/publish/csv.js';
import { writeDashboard } from '../../src/publish/dashboard.js';
import { buildFeed, FeedCollector, type AnsweredRow } from '../../src/publish/feed.js';
import { flatFields } from '../../src/publish/message-pass.js';
import { listOverdue } from '../../src/publish/overdue.js';
import { columnsOf, TABLES } from '../../src/publish/published-schemas.js';
import { writeSnapshot } from '../../src/publish/snapshot.js';
import { computeStats } from '../../src/publish/stats.js';
import { tempDir } from '../helpers/tmp.js';
import { crawlRun, freshArchive, message, MINSHENG, reply, store, WENZHENG } from './archive-builder.js';
import { writeChanges, writeFeed } from './oracles.js';

const AWKWARD = [
  '逗号,在中间',
  'a "quoted" word',
  'two\nlines',
  'cr\r\nlf',
  'back\\slash',
  'tab\there',
  'bell\u0007char',
  'emoji 😀 and U+2028 \u2028 here',
  '联系电话13812345678，身份证420106199001011234',
  '',
  ' padded ',
];

let archive: Archive;
let out: string;
let first: string;
let second: string;
const AS_OF_1 = '2019-06-08T12:00:00+08:00';
const AS_OF_2 = '2019-06-12T12:00:00+08:00';

beforeAll(async () => {
  archive = await freshArchive();
  out = tempDir('wz-bytes-');
  const run1 = await crawlRun(archive, AS_OF_1, AS_OF_1);
  // Ids that are prefixes of each other, two sources, awkward text everywhere, equal posting
  // times across sources (overdue ties go by message id) and other offsets than +08:00.
  const ids = ['29', '290', '2900', '3', '30-1', '4'];
  for (const [i, id] of ids.entries()) {
    const text = AWKWARD[i % AWKWARD.length]!;
    const postedAt = i % 2 ? `2019-05-0${i + 1}T01:00:00Z` : `2019-05-0${i + 1}T09:00:00+08:00`;
    const m = message(id, { title: text, body: `${AWKWARD[(i + 3) % AWKWARD.length]} ${text}`, postedAt, status: i === 3 ? 'replied' : 'pending' });
    const replies = i % 3 === 0 ? [reply(id, `r${i}`, { body: AWKWARD[(i + 5) % AWKWARD.length]!, repliedAt: `2019-05-0${i + 2}T10:00:00+08:00` })] : [];
    await store(archive, MINSHENG, { messages: [m], replies }, AS_OF_1, run1);
    const w = message(id, {
      url: `http://api.wz.cnhubei.com/html/detail/${id}.html`,
      title: AWKWARD[(i + 7) % AWKWARD.length]!,
      body: null,
      postedAt: '2019-05-02T09:00:00+08:00',
      board: '荆楚问政',
      department: i % 2 ? null : '武汉市交通运输局',
    });
    await store(archive, WENZHENG, { messages: [w], replies: i === 2 ? [reply(id, 'a"1', { body: 'line\nbreak, "quoted"' })] : [] }, AS_OF_1, run1);
  }
  first = (await writeSnapshot(archive, { outDir: out, date: '2019-06-08' })).dir;
  // Between the snapshots: one answered, one new, one gone.
  const run2 = await crawlRun(archive, AS_OF_2, AS_OF_2);
  await store(archive, MINSHENG, { messages: [message('290', { postedAt: '2019-05-02T01:00:00Z', title: AWKWARD[1]! })], replies: [reply('290', 'r9', { repliedAt: '2019-06-10T10:00:00+08:00' })] }, AS_OF_2, run2);
  await store(archive, MINSHENG, { messages: [message('5', { postedAt: '2019-06-10T09:00:00+08:00' })] }, AS_OF_2, run2);
  archive.sqlite.prepare(`UPDATE message SET gone_at = ? WHERE external_id = '4' AND source_id = ?`).run('2019-06-11T00:00:00+08:00', WENZHENG);
  second = (await writeSnapshot(archive, { outDir: out, date: '2019-06-12' })).dir;
});

const read = (dir: string, name: string) => readFileSync(path.join(dir, name), 'utf8');

describe('the snapshot fast path', () => {
  it('writes JSON Lines as JSON.stringify does, and CSV as csvLine of the same rows', () => {
    for (const dir of [first, second]) {
      for (const name of ['messages', 'replies', 'captures', 'overdue', 'changes'] as const) {
        const lines = read(dir, `${name}.jsonl`).split('\n');
        expect(lines.pop(), name).toBe('');
        const rows = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
        expect(lines, name).toEqual(rows.map((r) => JSON.stringify(r)));
        const columns = columnsOf(TABLES[name]);
        const csv = BOM + csvLine(columns) + rows.map((r) => csvLine(columns.map((c) => r[c]))).join('');
        expect(read(dir, `${name}.csv`), name).toBe(csv);
      }
    }
    const messages = read(second, 'messages.jsonl');
    expect(messages).toContain('138****5678');
    expect(messages).not.toContain('13812345678');
    expect(read(second, 'changes.csv')).toBe(`${BOM}message_id,change\ncnhubei-minsheng:290,replied\ncnhubei-minsheng:5,new\ncnhubei-wenzheng:4,gone\n`);
  });

  it('sorts overdue rows as listOverdue does and gathers stats as computeStats does', async () => {
    const overdue = read(second, 'overdue.jsonl').trimEnd().split('\n').map((l) => JSON.parse(l) as OverdueRow);
    expect(overdue).toEqual(await listOverdue(archive.db, { asOf: AS_OF_2 }));
    expect(overdue.length).toBeGreaterThan(4);
    const { stats } = computeStats(archive, { asOf: AS_OF_2, snapshotDate: '2019-06-12' });
    expect(read(second, 'stats.json')).toBe(`${JSON.stringify(stats, null, 2)}\n`);
  });

  it('writes changes, the feed and the dashboard as the readers of the written files do', async () => {
    const copy = tempDir('wz-bytes-copy-');
    cpSync(second, copy, { recursive: true });
    await writeChanges(archive, copy, first);
    for (const f of ['changes.csv', 'changes.jsonl']) expect(read(copy, f), f).toBe(read(second, f));
    await writeFeed(copy, { previousDir: first, snapshotDate: '2019-06-12' });
    expect(read(copy, 'feed.xml')).toBe(read(second, 'feed.xml'));
    expect(read(second, 'feed.xml')).toContain('urn:wenzheng:answered:cnhubei-minsheng%3A290');
    await writeDashboard(copy);
    expect(read(copy, 'index.html')).toBe(read(second, 'index.html'));
  });
});

describe('flatFields', () => {
  it('reads the fields JSON.parse reads from a row JSON.stringify wrote', () => {
    const keys = ['message_id', 'status', 'title', 'reply_count', 'gone_at', 'body', 'missing'];
    const lines = read(second, 'messages.jsonl').trimEnd().split('\n');
    lines.push(JSON.stringify({ message_id: 'x', title: 'a\\", "status":"fake', status: 'closed', body: '\\\\' }));
    for (const line of lines) {
      const row = JSON.parse(line) as Record<string, unknown>;
      const want = Object.fromEntries(keys.filter((k) => k in row).map((k) => [k, row[k]]));
      expect(flatFields(line, keys), line).toEqual(want);
    }
    expect(flatFields('{"other":1}', keys)).toBeNull();
    // Multi-byte text around the fields, and a nested value (not a flat row: parsed whole instead).
    expect(flatFields('{"message_id":"甲:1","title":"武汉\\u0022","status":"已回复","reply_count":-2.5e3}', keys)).toEqual({
      message_id: '甲:1',
      title: '武汉"', // the escape decoded, as JSON.parse does
      status: '已回复',
      reply_count: -2500,
    });
    expect(flatFields('{"message_id":"1","status":{"a":1}}', keys)).toBeNull();
  });
});

describe('FeedCollector', () => {
  it('keeps the entries buildFeed keeps, whatever order rows come in', () => {
    const overdue: OverdueRow[] = [];
    const answered: AnsweredRow[] = [];
    for (let i = 0; i < 300; i++) {
      const hour = String(i % 7).padStart(2, '0'); // many ties: the id decides
      const url = i % 11 === 0 ? 'javascript:alert(1)' : `http://api.wz.cnhubei.com/html/detail/${i}.html`;
      if (i % 3) {
        overdue.push({ message_id: `s:${(i * 37) % 300}`, source: 's', board: null, department: null, title: `t${i}`, url, status: 'pending', posted_at: '2021-03-01T00:00:00+08:00', deadline_at: i % 13 ? `2021-03-0${1 + (i % 5)}T${hour}:00:00Z` : 'bad', waited_hours: 1, sla_hours: 24 });
      } else {
        answered.push({ message_id: `s:${i}`, board: null, department: null, title: `a${i}`, url, posted_at: null, first_reply_at: `2021-03-0${1 + (i % 5)}T${hour}:00:00+08:00`, reply_hours: null });
      }
    }
    for (const limit of [0, 1, 5, 40, 1000]) {
      const a = new FeedCollector(limit);
      const b = new FeedCollector(limit);
      for (const r of overdue) a.addOverdue(r);
      for (const r of [...answered].reverse()) b.addAnswered(r);
      a.absorb(b);
      const opts = { snapshotDate: '2021-03-10' };
      expect(a.atom(opts), `limit ${limit}`).toBe(buildFeed({ newlyOverdue: overdue, newlyAnswered: answered, limit, ...opts }));
      // The same rows added by handle, fetched only when kept (as the message pass adds them).
      const c = new FeedCollector(limit);
      overdue.forEach((r, i) => c.addOverdueRef(Date.parse(r.deadline_at), r.message_id, r.url, i));
      const d = new FeedCollector(limit);
      for (const r of answered) d.addAnswered(r);
      c.absorb(d);
      const asked: number[] = [];
      const resolve = (refs: number[]) => (asked.push(...refs), refs.map((i) => overdue[i]!));
      expect(c.atom(opts, resolve), `limit ${limit}, by handle`).toBe(a.atom(opts));
      expect(asked.length).toBeLessThanOrEqual(limit);
    }
  });
});
