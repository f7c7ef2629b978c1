import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SqliteArchive as Archive } from '../../src/archive/db.js';
import type { Message, Reply } from '../../src/model/extraction.js';
import { readJsonl, readOverdueRows } from '../../src/publish/dashboard/read.js';
import { buildFeed, feedChanges, readSnapshotState } from '../../src/publish/feed.js';
import { writeFeed } from './oracles.js';
import { writeSnapshot } from '../../src/publish/snapshot.js';
import { tempDir } from '../helpers/tmp.js';
import { crawlRun, freshArchive, store, WENZHENG } from './archive-builder.js';

const SOURCE = WENZHENG;
const HOSTILE = '<script>alert(1)</script> & "><img src=x onerror=alert(2)> ]]>';
const S1 = { date: '2021-03-10', asOf: '2021-03-10T12:00:00+08:00' };
const S2 = { date: '2021-03-12', asOf: '2021-03-12T12:00:00+08:00' };

function message(id: string, postedAt: string, title = `留言 ${id}`): Message {
  return {
    externalId: id,
    url: `http://api.wz.cnhubei.com/html/detail/${id}.html`,
    title,
    body: '正文',
    author: '网友',
    postedAt,
    board: '荆楚问政',
    department: '武汉市交通运输局',
    category: null,
    status: 'pending',
    statusRaw: '待回复',
    views: null,
    replyCount: null,
  };
}

function answer(id: string, repliedAt: string): Reply {
  return { messageExternalId: id, externalId: `a${id}`, department: '武汉市交通运输局', author: '武汉市交通运输局', body: '已转相关部门。', repliedAt, official: true, floor: null };
}

/**
 * Two crawls with known times. Between snapshot 1 (03-10 12:00) and snapshot 2 (03-12 12:00):
 * B passes its 24 h deadline, C (overdue) and F (not yet overdue) get their first answer,
 * E appears already answered, G appears and passes its deadline; A and H stay overdue, D stays
 * answered. Expected feed of snapshot 2: overdue B, G; answered C, F.
 */
const FIRST: [Message, Reply[]][] = [
  [message('A', '2021-03-01T09:00:00+08:00'), []],
  [message('B', '2021-03-09T20:00:00+08:00', HOSTILE), []],
  [message('C', '2021-03-05T09:00:00+08:00'), []],
  [message('D', '2021-03-02T09:00:00+08:00'), [answer('D', '2021-03-03T09:00:00+08:00')]],
  [message('F', '2021-03-10T10:00:00+08:00'), []],
  [message('H', '2021-03-04T09:00:00+08:00'), []],
];
const SECOND: [Message, Reply[]][] = [
  [message('C', '2021-03-05T09:00:00+08:00'), [answer('C', '2021-03-11T09:00:00+08:00')]],
  [message('F', '2021-03-10T10:00:00+08:00'), [answer('F', '2021-03-10T20:00:00+08:00')]],
  [message('E', '2021-03-11T09:00:00+08:00'), [answer('E', '2021-03-11T10:00:00+08:00')]],
  [message('G', '2021-03-10T13:00:00+08:00'), []],
];

let s1: string;
let s2: string;

/** Stores threads as one finished crawl run ending at `end`: the snapshot's as-of time. */
async function crawl(archive: Archive, threads: [Message, Reply[]][], end: string): Promise<void> {
  const runId = await crawlRun(archive, end, end);
  for (const [m, replies] of threads) await store(archive, SOURCE, { messages: [m], replies }, end, runId);
}

beforeAll(async () => {
  const archive = await freshArchive();
  try {
    const outDir = path.join(archive.dir, 'snapshots');
    await crawl(archive, FIRST, S1.asOf);
    s1 = (await writeSnapshot(archive, { outDir, date: S1.date })).dir;
    await crawl(archive, SECOND, S2.asOf);
    s2 = (await writeSnapshot(archive, { outDir, date: S2.date })).dir;
  } finally {
    await archive.close();
  }
});

interface AtomEntry {
  id: string;
  title: string;
  updated: string;
  link: { href: string };
  category: { term: string };
  content: string;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses Atom XML and checks what RFC 4287 requires of a feed and its entries. */
function parseAtom(xml: string): { feed: Record<string, unknown>; entries: AtomEntry[] } {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', textNodeName: '#text', isArray: (name) => name === 'entry' }).parse(xml);
  const feed = doc.feed as Record<string, unknown> & { entry?: AtomEntry[] };
  expect(feed.xmlns).toBe('http://www.w3.org/2005/Atom');
  expect(typeof feed.id).toBe('string');
  expect(feed.title).toBeTruthy();
  expect(String(feed.updated)).toMatch(RFC3339);
  expect((feed.author as { name: string }).name).toBeTruthy();
  const entries = feed.entry ?? [];
  for (const e of entries) {
    // title and content carry type="html": the parser gives { '#text', type }.
    for (const k of ['title', 'content'] as const) {
      const node = e[k] as unknown as { '#text': string; type: string };
      expect(node.type).toBe('html');
      e[k] = String(node['#text']);
    }
    expect(e.id).toMatch(/^urn:wenzheng:(overdue|answered):/);
    expect(String(e.updated)).toMatch(RFC3339);
    expect(e.title).toBeTruthy();
    expect(e.link.href).toMatch(/^http:\/\/api\.wz\.cnhubei\.com\/html\/detail\/\w+\.html$/);
  }
  expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
  return { feed, entries };
}

const decodeHtml = (s: string) =>
  s.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!);

const summary = (entries: AtomEntry[]) => entries.map((e) => `${e.category.term} ${decodeURIComponent(e.id.split(':').pop()!)}`);

describe('feed.xml', () => {
  const feedOf = (dir: string) => readFileSync(path.join(dir, 'feed.xml'), 'utf8');

  it('lists exactly the changes between two snapshots, newest first, linking the public URLs', async () => {
    const changes = await feedChanges(await readSnapshotState(s1), await readOverdueRows(s2), readJsonl(s2, 'messages'));
    expect(changes.newlyOverdue.map((r) => r.message_id)).toEqual([`${SOURCE}:B`, `${SOURCE}:G`]);
    expect(changes.newlyAnswered.map((r) => r.message_id)).toEqual([`${SOURCE}:C`, `${SOURCE}:F`]);
    const { feed, entries } = parseAtom(feedOf(s2));
    // Newest first: G overdue 03-11 13:00, C answered 03-11 09:00, then F answered and B overdue, both 03-10 20:00.
    expect(summary(entries)).toEqual([`overdue ${SOURCE}:G`, `answered ${SOURCE}:C`, `answered ${SOURCE}:F`, `overdue ${SOURCE}:B`]);
    expect(entries.map((e) => e.updated)).toEqual([
      '2021-03-11T05:00:00.000Z',
      '2021-03-11T01:00:00.000Z',
      '2021-03-10T12:00:00.000Z',
      '2021-03-10T12:00:00.000Z',
    ]);
    expect(entries.find((e) => e.id.endsWith('%3AC'))!.link.href).toBe('http://api.wz.cnhubei.com/html/detail/C.html');
    expect(feed.updated).toBe('2021-03-11T16:00:00.000Z');
    // The snapshot writer's feed is exactly what buildFeed makes of these changes.
    expect(buildFeed({ ...changes, snapshotDate: S2.date })).toBe(feedOf(s2));
  });

  it('keeps hostile titles as text: escaped once inside the html-typed title', () => {
    const { entries } = parseAtom(feedOf(s2));
    const b = entries.find((e) => e.id.endsWith('%3AB'))!;
    expect(b.title).not.toContain('<script>');
    expect(decodeHtml(b.title)).toBe(`逾期未答复 overdue: ${HOSTILE}`);
    expect(b.content).not.toMatch(/<script|<img/);
  });

  it('lists every overdue message and no answer for the first snapshot', () => {
    const { entries } = parseAtom(feedOf(s1));
    expect(summary(entries).sort()).toEqual([`overdue ${SOURCE}:A`, `overdue ${SOURCE}:C`, `overdue ${SOURCE}:H`]);
  });

  it('writes the same feed from the folders alone (writeFeed), and a valid empty one', async () => {
    const copy = tempDir('wz-feed-copy-');
    for (const f of ['overdue.jsonl', 'messages.jsonl']) copyFileSync(path.join(s2, f), path.join(copy, f));
    await writeFeed(copy, { previousDir: s1, snapshotDate: S2.date });
    expect(feedOf(copy)).toBe(feedOf(s2));
    const empty = parseAtom(buildFeed({ newlyOverdue: [], newlyAnswered: [], snapshotDate: S2.date }));
    expect(empty.entries).toEqual([]);
  });

  it('drops characters XML cannot carry and links that are not http(s)', () => {
    const row = { message_id: 'x:1', source: 'x', board: null, department: null, title: 'bad\u0001char\uFFFE', url: 'http://api.wz.cnhubei.com/html/detail/1.html', status: null, posted_at: '2021-03-01T00:00:00+08:00', deadline_at: '2021-03-02T00:00:00Z', waited_hours: 30, sla_hours: 24 };
    const xml = buildFeed({ newlyOverdue: [row, { ...row, message_id: 'x:2', url: 'javascript:alert(1)' }], newlyAnswered: [], snapshotDate: S2.date });
    const { entries } = parseAtom(xml);
    expect(entries.map((e) => e.title)).toEqual(['逾期未答复 overdue: badchar']);
  });
});
