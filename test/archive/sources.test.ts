import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type SqliteArchive } from '../../src/archive/db.js';
import { sourceFacts, upsertSource } from '../../src/archive/sources.js';
import { tempDir } from '../helpers/tmp.js';

let archive: SqliteArchive;

beforeAll(async () => {
  archive = await openArchive(path.join(tempDir(), 'wenzheng.sqlite'));
});

afterAll(async () => {
  await archive?.close();
});

const board = { id: 'some-board', name: '某某问政', baseUrl: 'http://wz.example.invalid/', slaHours: 72, defaultRate: 0.5, region: '430000' };

describe('source rows', () => {
  it('keep the facts a board was first crawled with, while its name and base URL follow the adapter', async () => {
    await upsertSource(archive.db, board);
    await upsertSource(archive.db, { ...board, name: '某某问政（新）', baseUrl: 'https://wz.example.invalid/', slaHours: 24, defaultRate: 2, region: 'national' });
    expect((await sourceFacts(archive.db)).find((s) => s.id === board.id)).toEqual({
      id: 'some-board',
      name: '某某问政（新）',
      baseUrl: 'https://wz.example.invalid/',
      slaHours: 72,
      defaultRate: 0.5,
      region: '430000',
    });
  });

  it('fill in facts a row written without them lacks', async () => {
    archive.sqlite.prepare(`INSERT INTO source (id, name, base_url) VALUES ('bare', '无事实', 'http://bare.invalid/')`).run();
    await upsertSource(archive.db, { id: 'bare', name: '无事实', baseUrl: 'http://bare.invalid/', slaHours: 48, defaultRate: 1, region: null });
    expect((await sourceFacts(archive.db)).find((s) => s.id === 'bare')).toMatchObject({ slaHours: 48, defaultRate: 1, region: null });
  });
});
