/**
 * Departments in the archive: names resolved within the region they were read in (the
 * message's, else the board's), aliases scoped by that region, ids derived from canonical name
 * and region (the same in every archive), and where each message's department comes from.
 */
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type Migration } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openArchive, type SqliteArchive as Archive } from '../../src/archive/db.js';
import { stableDepartmentId } from '../../src/archive/departments.js';
import { MIGRATIONS } from '../../src/archive/migrations.js';
import { applyExtraction } from '../../src/archive/records.js';
import type { Extraction, Message, Reply } from '../../src/model/extraction.js';
import { tempDir } from '../helpers/tmp.js';

const opened: Archive[] = [];
afterEach(async () => {
  for (const a of opened.splice(0)) await a.close();
});

async function fresh(): Promise<Archive> {
  const a = await openArchive(path.join(tempDir(), 'wenzheng.sqlite'));
  // One board per region: a board's region is a fact of its source row.
  await a.db
    .insertInto('source')
    .values([
      { id: 's', name: 's', baseUrl: 'http://bbs.example.org', region: '420000' },
      { id: 's-national', name: 'n', baseUrl: 'http://n.example.org', region: 'national' },
      { id: 's-33', name: 'z', baseUrl: 'http://z.example.org', region: '330000' },
    ])
    .execute();
  opened.push(a);
  return a;
}

function message(externalId: string, department: string | null, over: Partial<Message> = {}): Message {
  return {
    externalId,
    url: `http://bbs.example.org/thread-${externalId}-1-1.html`,
    title: `留言 ${externalId}`,
    body: null,
    author: null,
    postedAt: '2021-03-01T09:00:00+08:00',
    board: 'b',
    department,
    category: null,
    status: 'pending',
    statusRaw: null,
    views: null,
    replyCount: 0,
    ...over,
  };
}

const official = (messageExternalId: string, unit: string, floor = 2): Reply => ({
  messageExternalId,
  externalId: `r${messageExternalId}-${floor}`,
  department: unit,
  author: unit,
  body: '已处理。',
  repliedAt: '2021-03-02T09:00:00+08:00',
  official: true,
  floor,
});

const BOARD_OF: Record<string, string> = { '42': 's', national: 's-national', '33': 's-33' };

/** Applies a thread page of the board of `region` (42: a Hubei board, the default). */
async function put(a: Archive, messages: Message[], replies: Reply[], region = '42'): Promise<void> {
  const x: Extraction = { source: BOARD_OF[region]!, url: messages[0]?.url ?? 'http://bbs.example.org/x', kind: 'thread', messages, replies, reports: [], links: [] };
  await applyExtraction(a.db, x, { runId: null, captureId: null, now: '2021-03-03T00:00:00+08:00', extractorVersion: 't', salt: a.salt });
}

const departmentOf = (a: Archive, externalId: string) =>
  a.sqlite
    .prepare(`SELECT d.id, d.canonical_name, d.region_code, m.department_source FROM message m LEFT JOIN department d ON d.id = m.department_id WHERE m.external_id = ?`)
    .get(externalId) as { id: number | null; canonical_name: string | null; region_code: string | null; department_source: string };

describe('departments scoped by region', () => {
  it('reads 洪山区城管局 as Wuhan\'s on a Hubei board and never merges it with the same words read elsewhere', async () => {
    const a = await fresh();
    await put(a, [message('1', '洪山区城管局')], [], '42');
    await put(a, [message('2', '洪山区城管局')], [], 'national');
    await put(a, [message('3', '公安局')], [], '42');
    await put(a, [message('4', '公安局')], [], '33');
    // A national board whose page places the message in Hubei: read as on a Hubei board.
    await put(a, [message('5', '洪山区城管局', { region: '420100' })], [], 'national');
    const [hubei, national, police42, police33, placed] = ['1', '2', '3', '4', '5'].map((id) => departmentOf(a, id));
    expect(hubei).toMatchObject({ canonical_name: '武汉市洪山区城市管理局', region_code: '420111' });
    expect(national).toMatchObject({ canonical_name: '洪山区城管局', region_code: null });
    expect(national!.id).not.toBe(hubei!.id);
    expect(police42!.id).not.toBe(police33!.id);
    expect(placed!.id).toBe(hubei!.id);
    const aliases = a.sqlite.prepare(`SELECT scope, alias FROM department_alias ORDER BY scope, alias`).all();
    expect(aliases).toEqual([
      { scope: '33', alias: '公安局' },
      { scope: '42', alias: '公安局' },
      { scope: '42', alias: '洪山区城管局' },
      { scope: '420100', alias: '洪山区城管局' },
      { scope: 'national', alias: '洪山区城管局' },
    ]);
  });

  it('gives a department the same id in every archive, whatever came first', async () => {
    const a = await fresh();
    const b = await fresh();
    await put(a, [message('1', '洪山区城管局'), message('2', '潜江市人民政府')], [], '42');
    await put(b, [message('7', '潜江市政府'), message('8', '武汉市洪山区城管局')], [], '42');
    const ids = (x: Archive) => x.sqlite.prepare(`SELECT id, canonical_name FROM department ORDER BY id`).all();
    expect(ids(a)).toEqual(ids(b));
    expect(departmentOf(a, '1').id).toBe(stableDepartmentId('420111', '武汉市洪山区城市管理局'));
  });
});

describe('department_source', () => {
  it('is addressed when the page names the addressee, answered when only a reply does, none otherwise', async () => {
    const a = await fresh();
    await put(a, [message('1', '潜江市人民政府')], [official('1', '洪山区城管局')], '42');
    await put(a, [message('2', null)], [official('2', '洪山区城管局')], '42');
    await put(a, [message('3', null)], [], '42');
    expect(departmentOf(a, '1')).toMatchObject({ canonical_name: '潜江市人民政府', department_source: 'addressed' });
    expect(departmentOf(a, '2')).toMatchObject({ canonical_name: '武汉市洪山区城市管理局', department_source: 'answered' });
    expect(departmentOf(a, '3')).toMatchObject({ id: null, department_source: 'none' });
    // A later page of replies only keeps the addressee.
    await put(a, [], [official('1', '武汉市城乡建设局', 12)], '42');
    expect(departmentOf(a, '1')).toMatchObject({ canonical_name: '潜江市人民政府', department_source: 'addressed' });
  });
});

describe('the migration to scoped departments', () => {
  it('keeps every row, moves departments to their derived ids and sets department_source', async () => {
    const file = path.join(tempDir(), 'old.sqlite');
    const older = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < '2026-12-05-figures-scoped')) as Record<string, Migration>;
    const k = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SqliteDatabase(file) }) });
    const { error } = await new Migrator({ db: k, provider: { getMigrations: async () => older } }).migrateToLatest();
    await k.destroy();
    if (error) throw error;
    const raw = new SqliteDatabase(file);
    raw.exec(`INSERT INTO source (id, name, base_url) VALUES ('s', 's', 'http://x');
      INSERT INTO department (id, name, canonical_name, region_code, region_name, level) VALUES
        (1, '武汉市洪山区城市管理局', '武汉市洪山区城市管理局', '420111', '洪山区', 'county'),
        (2, '公安局', '公安局', NULL, NULL, 'unknown');
      INSERT INTO department_alias (alias, department_id) VALUES ('洪山区城管局', 1), ('武汉市洪山区城市管理局', 1), ('公安局', 2);
      INSERT INTO message (id, source_id, external_id, url, department_id, first_seen_at, last_seen_at, last_changed_at) VALUES
        (1, 's', '1', 'u1', 1, 't', 't', 't'), (2, 's', '2', 'u2', 2, 't', 't', 't'), (3, 's', '3', 'u3', NULL, 't', 't', 't');
      INSERT INTO reply (message_id, external_id, department_id, official, first_seen_at) VALUES (1, 'r', 1, 1, 't');`);
    raw.close();
    const a = await openArchive(file);
    opened.push(a);
    // The board's region, as its first crawl would store it.
    a.sqlite.prepare(`UPDATE source SET region = '420000' WHERE id = 's'`).run();
    const hongshan = stableDepartmentId('420111', '武汉市洪山区城市管理局');
    const police = stableDepartmentId('42', '公安局');
    expect(a.sqlite.prepare(`SELECT id, canonical_name, scope FROM department ORDER BY canonical_name`).all()).toEqual([
      { id: police, canonical_name: '公安局', scope: '42' },
      { id: hongshan, canonical_name: '武汉市洪山区城市管理局', scope: '42' },
    ]);
    expect(a.sqlite.prepare(`SELECT id, department_id, department_source FROM message ORDER BY id`).all()).toEqual([
      { id: 1, department_id: hongshan, department_source: 'answered' },
      { id: 2, department_id: police, department_source: 'addressed' },
      { id: 3, department_id: null, department_source: 'none' },
    ]);
    expect(a.sqlite.prepare(`SELECT department_id FROM reply`).pluck().all()).toEqual([hongshan]);
    expect(a.sqlite.prepare(`SELECT scope, alias, department_id FROM department_alias ORDER BY alias`).all()).toEqual([
      { scope: '42', alias: '公安局', department_id: police },
      { scope: '42', alias: '武汉市洪山区城市管理局', department_id: hongshan },
      { scope: '42', alias: '洪山区城管局', department_id: hongshan },
    ]);
    expect(a.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    // The same names read now land on the migrated rows.
    await put(a, [message('9', '洪山区城管局')], [], '42');
    expect(departmentOf(a, '9').id).toBe(hongshan);
  });
});
