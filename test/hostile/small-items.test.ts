/**
 * Issue #15 item 8, the smaller findings: `demo --dir` never empties someone's folder;
 * read-only commands refuse a file that is not an archive and leave it as it was; a corrupt
 * raw body is replaced when the same content is fetched again; a lock whose pid was reused is
 * taken over while one written on another host never is; a tiny `--rate` keeps its delay; and
 * `--rate 0` is only for origins mapped with `--origin`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRaw, putRaw, rawPath } from '../../src/archive/raw-store.js';
import { acquireLock, currentOwner, LockHeldError, processStart } from '../../src/crawl/lock.js';
import { HostLimiter } from '../../src/crawl/politeness.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

describe('demo --dir (#15 item 8)', () => {
  it('refuses a folder that holds anything a demo does not write, and deletes nothing', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'thesis.docx'), 'three years of work');
    mkdirSync(path.join(dir, 'data'));
    writeFileSync(path.join(dir, 'data', 'survey.csv'), 'a,b\n1,2\n');
    const res = await runCli(['demo', '--dir', dir]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(dir);
    expect(res.stderr).toMatch(/not a demo folder/);
    expect(readFileSync(path.join(dir, 'thesis.docx'), 'utf8')).toBe('three years of work');
    expect(readFileSync(path.join(dir, 'data', 'survey.csv'), 'utf8')).toBe('a,b\n1,2\n');
  });
});

describe('read-only commands on a file that is not an archive (#15 item 8)', () => {
  it.each([['stats'], ['snapshot'], ['overdue']])('%s refuses it, adds no table and leaves its journal mode', async (command) => {
    const dir = tempDir();
    const file = path.join(dir, 'notes.sqlite');
    const other = new SqliteDatabase(file);
    other.exec(`CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('mine');`);
    other.close();
    const before = readFileSync(file);
    const args = command === 'snapshot' ? [command, '--db', file, '--out', path.join(dir, 'snaps')] : [command, '--db', file];
    const res = await runCli(args);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(file);
    expect(res.stderr).toMatch(/not a wenzheng archive/);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(`${file}-wal`)).toBe(false);
    const check = new SqliteDatabase(file, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(check.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all()).toEqual(['notes']);
    check.close();
  });
});

describe('raw store (#15 item 8)', () => {
  it('replaces a corrupt stored body when the same content is fetched again', async () => {
    const rawDir = path.join(tempDir(), 'raw');
    const body = Buffer.from('<html><body>网友留言：路灯不亮</body></html>');
    const { sha256 } = await putRaw(rawDir, body);
    const file = rawPath(rawDir, sha256);
    const stored = readFileSync(file);
    writeFileSync(file, stored.subarray(0, stored.length - 8)); // a torn write: the gzip trailer is gone
    expect(() => getRaw(rawDir, sha256)).toThrow(/corrupt/);
    await putRaw(rawDir, body);
    expect(getRaw(rawDir, sha256).equals(body)).toBe(true);
  });
});

describe('the run lock and reused pids (#15 item 8)', () => {
  let child: ChildProcess;
  beforeAll(() => {
    child = spawn('sleep', ['60'], { stdio: 'ignore' });
  });
  afterAll(() => {
    child.kill('SIGKILL');
  });

  it('takes over a lock whose pid now belongs to another process (started later)', () => {
    const file = path.join(tempDir(), 'reused.lock');
    const me = currentOwner();
    // The lock's owner died and the system gave its pid to an unrelated process (the child).
    writeFileSync(file, JSON.stringify({ pid: child.pid, host: me.host, boot: me.boot, start: '1' }));
    const release = acquireLock(file);
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.pid);
    release();
  });

  it('keeps a lock whose owner is alive and is the process that wrote it', () => {
    const file = path.join(tempDir(), 'live.lock');
    const me = currentOwner();
    writeFileSync(file, JSON.stringify({ pid: child.pid, host: me.host, boot: me.boot, start: processStart(child.pid!) }));
    expect(() => acquireLock(file)).toThrow(LockHeldError);
  });

  it('never takes over a lock written on another host, even one naming our own pid', () => {
    const file = path.join(tempDir(), 'other-host.lock');
    writeFileSync(file, JSON.stringify({ pid: process.pid, host: `${hostname()}-container-2`, boot: 'x', start: '5' }));
    expect(() => acquireLock(file)).toThrow(LockHeldError);
    expect(JSON.parse(readFileSync(file, 'utf8')).host).toBe(`${hostname()}-container-2`);
  });
});

describe('--rate (#15 item 8)', () => {
  const settled = async (p: Promise<void>, ms: number) => {
    let done = false;
    void p.then(() => (done = true));
    await new Promise((r) => setTimeout(r, ms));
    return done;
  };

  it('a tiny rate keeps its delay (1e-7 per second is one request in 115 days, not none)', async () => {
    const limiter = new HostLimiter(1e-7);
    await limiter.acquire('http://bbs.cnhubei.com');
    expect(await settled(limiter.acquire('http://bbs.cnhubei.com'), 300)).toBe(false);
  });

  it('rate 0 means no delay only towards mapped origins', async () => {
    const limiter = new HostLimiter(0, (o) => o === 'http://127.0.0.1:8123');
    await limiter.acquire('http://127.0.0.1:8123');
    expect(await settled(limiter.acquire('http://127.0.0.1:8123'), 50)).toBe(true);
    await limiter.acquire('http://bbs.cnhubei.com');
    expect(await settled(limiter.acquire('http://bbs.cnhubei.com'), 300)).toBe(false);
  });

  it('crawl --rate 0 against a public host is bad usage (exit 2), nothing written', async () => {
    const db = path.join(tempDir(), 'wenzheng.sqlite');
    const res = await runCli(['crawl', 'cnhubei-minsheng', '--db', db, '--rate', '0']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--rate 0.*http:\/\/bbs\.cnhubei\.com is not mapped/);
    expect(existsSync(db)).toBe(false);
  });
});
