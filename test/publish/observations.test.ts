import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqliteArchive as Archive } from '../../src/archive/db.js';
import { writeSnapshot } from '../../src/publish/snapshot.js';
import { tempDir } from '../helpers/tmp.js';
import { crawlRun, freshArchive, message, MINSHENG, reply, store, WENZHENG } from './archive-builder.js';
import { assertValid, readCsv, readJsonl, schemaValidator } from './snapshot-readers.js';

const T1 = '2019-05-10T10:00:00+08:00';
const T2 = '2019-05-11T10:00:00+08:00';
const T3 = '2019-05-12T10:00:00+08:00';
const T4 = '2019-05-13T10:00:00+08:00';

let archive: Archive;
let dir: string;

beforeAll(async () => {
  archive = await freshArchive();
  // Thread 10: pending, then in progress, then answered once, then twice.
  await store(archive, MINSHENG, { messages: [message('10')] }, T1);
  await store(archive, MINSHENG, { messages: [message('10', { status: 'in_progress', statusRaw: '办理中' })] }, T2);
  await store(archive, MINSHENG, { messages: [message('10', { status: 'in_progress' })], replies: [reply('10', 'r1')] }, T3);
  await store(archive, MINSHENG, { messages: [message('10', { status: 'in_progress' })], replies: [reply('10', 'r1'), reply('10', 'r2', { floor: 3 })] }, T4);
  // Thread 9: pending, seen unchanged, then two states at one instant (the later one counts).
  await store(archive, MINSHENG, { messages: [message('9')] }, T1);
  await store(archive, MINSHENG, { messages: [message('9')] }, T2);
  await store(archive, MINSHENG, { messages: [message('9', { status: 'in_progress' })] }, T3);
  await store(archive, MINSHENG, { messages: [message('9', { status: 'closed' })] }, T3);
  // Another board, seen once without a status.
  await store(archive, WENZHENG, { messages: [message('5', { status: null, url: 'http://wz.cnhubei.com/detail/5' })] }, T2);
  await crawlRun(archive, T4, '2019-05-13T11:00:00+08:00');
  dir = (await writeSnapshot(archive, { outDir: tempDir('wz-observations-'), date: '2019-05-14' })).dir;
});
afterAll(async () => {
  await archive.close();
});

describe('observations.csv / observations.jsonl', () => {
  it('lists every status change of every message, by message_id then time', () => {
    expect(readJsonl(path.join(dir, 'observations.jsonl'))).toEqual([
      { message_id: 'cnhubei-minsheng:10', observed_at: T1, status: 'pending', reply_count: 0 },
      { message_id: 'cnhubei-minsheng:10', observed_at: T2, status: 'in_progress', reply_count: 0 },
      { message_id: 'cnhubei-minsheng:10', observed_at: T3, status: 'replied', reply_count: 1 },
      { message_id: 'cnhubei-minsheng:10', observed_at: T4, status: 'replied', reply_count: 2 },
      { message_id: 'cnhubei-minsheng:9', observed_at: T1, status: 'pending', reply_count: 0 },
      { message_id: 'cnhubei-minsheng:9', observed_at: T3, status: 'closed', reply_count: 0 },
      { message_id: 'cnhubei-wenzheng:5', observed_at: T2, status: null, reply_count: 0 },
    ]);
  });

  it('writes the same rows as CSV with a BOM and the documented header, valid against the schema', () => {
    const [header, ...rows] = readCsv(path.join(dir, 'observations.csv'));
    expect(header).toEqual(['message_id', 'observed_at', 'status', 'reply_count']);
    expect(rows[2]).toEqual(['cnhubei-minsheng:10', T3, 'replied', '1']);
    expect(rows[6]).toEqual(['cnhubei-wenzheng:5', T2, '', '0']);
    const jsonl = readJsonl(path.join(dir, 'observations.jsonl'));
    expect(rows.length).toBe(jsonl.length);
    const v = schemaValidator('observations');
    for (const [i, row] of jsonl.entries()) assertValid(v, row, `observations.jsonl line ${i + 1}`);
    expect(v({ message_id: 'x:1', observed_at: T1, status: '待回复', reply_count: 0 })).toBe(false);
  });

  it('ends each message on the state messages.csv publishes', () => {
    const last = new Map(readJsonl(path.join(dir, 'observations.jsonl')).map((o) => [o.message_id, o]));
    for (const m of readJsonl(path.join(dir, 'messages.jsonl'))) {
      expect(last.get(m.message_id), String(m.message_id)).toMatchObject({ status: m.status, reply_count: m.reply_count });
    }
  });

  it('is a resource of datapackage.json keyed by message and time, pointing at messages', async () => {
    const { readFileSync } = await import('node:fs');
    const pkg = JSON.parse(readFileSync(path.join(dir, 'datapackage.json'), 'utf8'));
    const r = pkg.resources.find((x: { path: string }) => x.path === 'observations.csv');
    expect(r.schema.primaryKey).toEqual(['message_id', 'observed_at']);
    expect(r.schema.foreignKeys).toEqual([{ fields: ['message_id'], reference: { resource: 'messages', fields: ['message_id'] } }]);
    expect(r.schema.fields.map((f: { name: string; type: string }) => `${f.name}:${f.type}`)).toEqual([
      'message_id:string',
      'observed_at:datetime',
      'status:string',
      'reply_count:integer',
    ]);
    expect(pkg.resources.some((x: { path: string }) => x.path === 'observations.jsonl')).toBe(true);
  });
});
