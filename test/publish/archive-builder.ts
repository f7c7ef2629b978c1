/**
 * Hand-made archives for the publish tests: real SQLite files in a temporary folder, filled
 * through the archive's own write path (recordCapture + applyExtraction) from small Extractions.
 */
import path from 'node:path';
import { openArchive, type SqliteArchive as Archive } from '../../src/archive/db.js';
import { recordCapture } from '../../src/archive/captures.js';
import { applyExtraction } from '../../src/archive/records.js';
import { emptyRunReport, finishRun, startRun } from '../../src/archive/runs.js';
import type { Extraction, Message, Reply, Report } from '../../src/model/extraction.js';
import { tempDir } from '../helpers/tmp.js';

export const MINSHENG = 'cnhubei-minsheng';
export const WENZHENG = 'cnhubei-wenzheng';
export const REPORTS = 'cnhubei-reports';

/** Opens a fresh archive with the three 荆楚网 sources registered. */
export async function freshArchive(): Promise<Archive> {
  const archive = await openArchive(path.join(tempDir('wz-publish-'), 'wenzheng.sqlite'));
  await archive.db
    .insertInto('source')
    .values([
      // The 荆楚网 boards are in Hubei: their department names are read there.
      { id: MINSHENG, name: '荆楚网《民生热线》', baseUrl: 'http://bbs.cnhubei.com', region: '420000' },
      { id: WENZHENG, name: '荆楚网《荆楚问政》', baseUrl: 'http://api.wz.cnhubei.com', region: '420000' },
      { id: REPORTS, name: '荆楚网 问政报告', baseUrl: 'http://news.cnhubei.com', region: '420000' },
    ])
    .execute();
  return archive;
}

/** A message with defaults (a pending 民生热线 thread). */
export function message(externalId: string, over: Partial<Message> = {}): Message {
  return {
    externalId,
    url: `http://bbs.cnhubei.com/thread-${externalId}-1-1.html`,
    title: `留言 ${externalId}`,
    body: `关于 ${externalId} 的留言。`,
    author: `网友${externalId}`,
    postedAt: '2019-05-10T09:00:00+08:00',
    board: '民生热线',
    department: '洪山区城管局',
    category: '城市管理',
    status: 'pending',
    statusRaw: '待回复',
    views: 1,
    replyCount: 0,
    ...over,
  };
}

/** An official reply with defaults. */
export function reply(messageExternalId: string, externalId: string, over: Partial<Reply> = {}): Reply {
  return {
    messageExternalId,
    externalId,
    department: '洪山区城管局',
    author: '洪山区城管局',
    body: '已转相关部门办理。',
    repliedAt: '2019-05-11T09:00:00+08:00',
    official: true,
    floor: 2,
    ...over,
  };
}

/** Stores one page: a capture of `body` fetched at `now`, then its extraction. */
export async function store(
  archive: Archive,
  source: string,
  parts: { messages?: Message[]; replies?: Reply[]; reports?: Report[] },
  now: string,
  runId: number | null = null,
): Promise<void> {
  const url = parts.messages?.[0]?.url ?? parts.reports?.[0]?.url ?? `http://example.invalid/${source}/${now}`;
  const capture = await recordCapture(archive, {
    url,
    sourceId: source,
    kind: 'thread',
    fetchedAt: now,
    httpStatus: 200,
    contentType: 'text/html',
    body: Buffer.from(JSON.stringify(parts)),
    extractorVersion: 'test',
    runId,
  });
  const x: Extraction = {
    source,
    url,
    kind: parts.reports?.length ? 'report' : 'thread',
    messages: parts.messages ?? [],
    replies: parts.replies ?? [],
    reports: parts.reports ?? [],
    links: [],
  };
  await applyExtraction(archive.db, x, { runId, captureId: capture.id, now, extractorVersion: 'test', salt: archive.salt });
}

/** Records a finished crawl run (the snapshot's as-of time is the last one's end). */
export async function crawlRun(archive: Archive, startedAt: string, finishedAt: string): Promise<number> {
  const id = await startRun(archive.db, [MINSHENG], startedAt);
  await finishRun(archive.db, id, emptyRunReport([MINSHENG]), 0, finishedAt);
  return id;
}

/** A monthly report of 《民生热线》 for May 2019 with its received and replied figures. */
export function mayReport(received: number, replied: number): Report {
  const fig = (metric: string, value: number, text: string) => ({
    metric,
    value,
    unit: 'count' as const,
    qualifier: 'exact' as const,
    board: '民生热线',
    region: null,
    category: null,
    asOf: null,
    text,
  });
  return {
    externalId: 'content_1',
    url: 'http://news.cnhubei.com/content/2019-06/06/content_1.html',
    title: '5月问政报告',
    kind: 'monthly',
    publishedAt: '2019-06-06T18:31:00+08:00',
    periodStart: '2019-05-01',
    periodEnd: '2019-05-31',
    figures: [
      fig('received', received, `《民生热线》共收到网友留言${received}条`),
      fig('replied', replied, `得到回复${replied}条`),
      { ...fig('reply_rate', 88.7, '回复率88.7%'), unit: 'percent' },
    ],
    items: [],
  };
}
