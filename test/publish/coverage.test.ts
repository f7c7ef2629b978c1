import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqliteArchive as Archive } from '../../src/archive/db.js';
import { writeSnapshot } from '../../src/publish/snapshot.js';
import { tempDir } from '../helpers/tmp.js';
import { crawlRun, freshArchive, message, MINSHENG, store, WENZHENG } from './archive-builder.js';
import { assertValid, readCsv, readJsonl, schemaValidator } from './snapshot-readers.js';

let archive: Archive;
let dir: string;

const at = '2019-05-12T20:00:00+08:00';

beforeAll(async () => {
  archive = await freshArchive();
  // 民生热线: ids 100, 101, 104 posted on May 10; 107 on May 11 (UTC evening of May 10 = May 11 in Beijing).
  for (const [id, postedAt] of [
    ['100', '2019-05-10T08:00:00+08:00'],
    ['101', '2019-05-10T09:00:00+08:00'],
    ['104', '2019-05-10T23:00:00+08:00'],
    ['107', '2019-05-10T17:30:00Z'],
  ] as const) {
    await store(archive, MINSHENG, { messages: [message(id, { postedAt })] }, at);
  }
  // 荆楚问政 with ids that are not numbers, one without a posting time (its first-seen day counts).
  await store(archive, WENZHENG, { messages: [message('a7', { url: 'http://wz.example/a7', postedAt: '2019-05-11T10:00:00+08:00' })] }, at);
  await store(archive, WENZHENG, { messages: [message('b2', { url: 'http://wz.example/b2', postedAt: null })] }, at);
  // Two 民生热线 pages still failing, one of them on a day without messages.
  await archive.db
    .insertInto('frontier')
    .values([
      { key: 'http://bbs.cnhubei.com/thread-102-1-1.html', url: 'http://bbs.cnhubei.com/thread-102-1-1.html', method: 'GET', body: null, headers: null, sourceId: MINSHENG, kind: 'thread', state: 'failed', attempts: 3, lastError: '503', updatedAt: '2019-05-10T20:00:00+08:00' },
      { key: 'http://bbs.cnhubei.com/forum-9-2.html', url: 'http://bbs.cnhubei.com/forum-9-2.html', method: 'GET', body: null, headers: null, sourceId: MINSHENG, kind: 'list', state: 'failed', attempts: 3, lastError: 'timeout', updatedAt: '2019-05-12T20:00:00+08:00' },
      { key: 'http://bbs.cnhubei.com/thread-103-1-1.html', url: 'http://bbs.cnhubei.com/thread-103-1-1.html', method: 'GET', body: null, headers: null, sourceId: MINSHENG, kind: 'thread', state: 'done', attempts: 1, lastError: null, updatedAt: '2019-05-12T20:00:00+08:00' },
    ])
    .execute();
  await crawlRun(archive, '2019-05-12T19:00:00+08:00', '2019-05-12T21:00:00+08:00');
  dir = (await writeSnapshot(archive, { outDir: tempDir('wz-coverage-'), date: '2019-05-13' })).dir;
});
afterAll(async () => {
  await archive.close();
});

describe('coverage.csv / coverage.jsonl', () => {
  it('counts messages, id ranges, missing ids and failing pages per board and Beijing day', () => {
    expect(readJsonl(path.join(dir, 'coverage.jsonl'))).toEqual([
      // 102 and 103 are missing before 104; 105 and 106 before 107.
      { source: MINSHENG, day: '2019-05-10', messages: 3, first_id: '100', last_id: '104', missing_ids: 2, pages_failed: 1 },
      { source: MINSHENG, day: '2019-05-11', messages: 1, first_id: '107', last_id: '107', missing_ids: 2, pages_failed: 0 },
      { source: MINSHENG, day: '2019-05-12', messages: 0, first_id: null, last_id: null, missing_ids: null, pages_failed: 1 },
      { source: WENZHENG, day: '2019-05-11', messages: 1, first_id: 'a7', last_id: 'a7', missing_ids: null, pages_failed: 0 },
      { source: WENZHENG, day: '2019-05-12', messages: 1, first_id: 'b2', last_id: 'b2', missing_ids: null, pages_failed: 0 },
    ]);
  });

  it('writes the same rows as CSV, valid against schemas/coverage.schema.json', () => {
    const [header, ...rows] = readCsv(path.join(dir, 'coverage.csv'));
    expect(header).toEqual(['source', 'day', 'messages', 'first_id', 'last_id', 'missing_ids', 'pages_failed']);
    expect(rows[0]).toEqual([MINSHENG, '2019-05-10', '3', '100', '104', '2', '1']);
    expect(rows[2]).toEqual([MINSHENG, '2019-05-12', '0', '', '', '', '1']);
    const v = schemaValidator('coverage');
    for (const row of readJsonl(path.join(dir, 'coverage.jsonl'))) assertValid(v, row, 'coverage.jsonl');
  });
});
