/**
 * The provincial boards' departments in their own regions (issue 21), from their hand-written
 * fixture pages through the real adapters into a real archive whose source rows hold the facts
 * the adapters state, as a first crawl stores them: 《问政湖南》 reads unit names in Hunan (43),
 * 阳光热线问政平台 in 东莞 (441900), and the unit a message is addressed to stays apart from the
 * unit that answered it. Expected codes and names are the GB/T 2260 ones, written by hand.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openArchive, type SqliteArchive } from '../../src/archive/db.js';
import { departmentIdFor } from '../../src/archive/departments.js';
import { applyExtraction } from '../../src/archive/records.js';
import { upsertSource } from '../../src/archive/sources.js';
import { findAdapter } from '../../src/sources/index.js';
import { detailUrl as rednetDetail } from '../../src/sources/rednet-hunan/api.js';
import { detailUrl as sunDetail } from '../../src/sources/sun0769/urls.js';
import { repoRoot } from '../helpers/shared.js';
import { tempDir } from '../helpers/tmp.js';

const opened: SqliteArchive[] = [];
afterEach(async () => {
  for (const a of opened.splice(0)) await a.close();
});

/** A fresh archive with the board's source row as its first crawl stores it. */
async function boardArchive(sourceId: string): Promise<SqliteArchive> {
  const a = await openArchive(path.join(tempDir(), 'wenzheng.sqlite'));
  opened.push(a);
  const s = findAdapter(sourceId)!;
  await upsertSource(a.db, { id: s.id, name: s.name, baseUrl: s.baseUrl, slaHours: s.slaHours, defaultRate: s.defaultRate, region: s.region });
  return a;
}

async function store(a: SqliteArchive, sourceId: string, file: string, url: string): Promise<void> {
  const body = readFileSync(path.join(repoRoot, 'test', 'fixtures', sourceId, file), 'utf8');
  const x = findAdapter(sourceId)!.parse({ url, body });
  await applyExtraction(a.db, x, { runId: null, captureId: null, now: '2021-06-08T00:00:00+08:00', extractorVersion: 't', salt: a.salt });
}

interface Dept {
  id: number | null;
  canonical_name: string | null;
  region_code: string | null;
}

const messageDept = (a: SqliteArchive, externalId: string) =>
  a.sqlite
    .prepare(`SELECT d.id, d.canonical_name, d.region_code, m.department_source FROM message m LEFT JOIN department d ON d.id = m.department_id WHERE m.external_id = ?`)
    .get(externalId) as Dept & { department_source: string };

const replyDepts = (a: SqliteArchive, externalId: string) =>
  a.sqlite
    .prepare(`SELECT d.id, d.canonical_name, d.region_code FROM reply r JOIN message m ON m.id = r.message_id LEFT JOIN department d ON d.id = r.department_id WHERE m.external_id = ?`)
    .all(externalId) as Dept[];

describe('departments of the provincial boards', () => {
  it('sun0769: the addressed 轨道交通局 is 东莞市轨道交通局 (441900); the answering 南城街道办事处 stays on the reply', async () => {
    const a = await boardArchive('sun0769');
    await store(a, 'sun0769', 'politics-460974.html', sunDetail(460974));
    expect(a.sqlite.prepare(`SELECT region FROM source WHERE id = 'sun0769'`).pluck().get()).toBe('441900');
    const m = messageDept(a, '460974');
    expect(m).toMatchObject({ canonical_name: '东莞市轨道交通局', region_code: '441900', department_source: 'addressed' });
    const [r] = replyDepts(a, '460974');
    expect(r!.canonical_name).toContain('南城街道办事处');
    expect(r!.region_code).toBe('441900');
    expect(r!.id).not.toBe(m.id);
  });

  it('rednet-hunan: the answering 长沙县星沙街道办事处 is read in Hunan (长沙县 430121); a message nobody answered has no department', async () => {
    const a = await boardArchive('rednet-hunan');
    await store(a, 'rednet-hunan', 'detail-4710762.json', rednetDetail(4710762));
    await store(a, 'rednet-hunan', 'detail-4710790.json', rednetDetail(4710790));
    expect(a.sqlite.prepare(`SELECT region FROM source WHERE id = 'rednet-hunan'`).pluck().get()).toBe('430000');
    // The board's answers name no addressee: the department is the answering unit, said so.
    expect(messageDept(a, '4710762')).toMatchObject({ canonical_name: '长沙县星沙街道办事处', region_code: '430121', department_source: 'answered' });
    expect(replyDepts(a, '4710762')).toEqual([expect.objectContaining({ canonical_name: '长沙县星沙街道办事处', region_code: '430121' })]);
    expect(messageDept(a, '4710790')).toMatchObject({ id: null, department_source: 'none' });
  });

  it('the same printed name is another unit, with another id, on a board of another region', async () => {
    const sun = await boardArchive('sun0769');
    await store(sun, 'sun0769', 'politics-460974.html', sunDetail(460974));
    const hubei = await boardArchive('cnhubei-minsheng');
    const inHubei = await departmentIdFor(hubei.db, '轨道交通局', '420000');
    expect(inHubei).not.toBe(messageDept(sun, '460974').id);
  });
});
