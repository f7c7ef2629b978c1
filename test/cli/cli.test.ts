import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertValidExtraction } from '../helpers/contract.js';
import { REPO, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const FIX = path.join(REPO, 'test/fixtures/cnhubei-minsheng');

describe('wenzheng CLI', () => {
  it('answers --help for every command with exit 0, and the README documents each one', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    const commands = [...top.stdout.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    expect(commands).toEqual(expect.arrayContaining(['sources', 'extract', 'crawl', 'reextract', 'verify']));
    const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const helps = await Promise.all(commands.map((c) => runCli([c, '--help'])));
    for (const [i, c] of commands.entries()) {
      expect(helps[i]!.code, c).toBe(0);
      expect(helps[i]!.stdout).toContain(`wenzheng ${c}`);
      expect(readme, `README documents ${c}`).toMatch(new RegExp('`' + c + '[ `]'));
    }
  }, 180_000);

  it('lists sources as JSON', async () => {
    const res = await runCli(['sources', '--format', 'json']);
    expect(res.code).toBe(0);
    const ids = (JSON.parse(res.stdout) as { id: string }[]).map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['cnhubei-minsheng', 'cnhubei-wenzheng', 'cnhubei-reports', 'discuz']));
  });

  it('extracts a saved thread page to a valid Extraction', async () => {
    const res = await runCli([
      'extract',
      'cnhubei-minsheng',
      path.join(FIX, 'thread-4657002-1-1.html'),
      '--url',
      'http://bbs.cnhubei.com/thread-4657002-1-1.html',
    ]);
    expect(res.code).toBe(0);
    const x = JSON.parse(res.stdout);
    assertValidExtraction(x);
    expect(x.kind).toBe('thread');
    expect(x.messages[0].title).toBe('江夏区藏龙岛公交站台损坏多日无人维修');
  });

  it('bad input exits 2 with one clear line and no output', async () => {
    const dir = tempDir();
    const empty = path.join(dir, 'empty.html');
    writeFileSync(empty, '');
    const cases: [string[], RegExp][] = [
      [['extract', 'cnhubei-minsheng', path.join(dir, 'missing.html')], /missing\.html/],
      [['extract', 'cnhubei-minsheng', empty], /empty/],
      [['extract', 'no-such-board', path.join(FIX, 'thread-4657002-1-1.html')], /unknown source 'no-such-board'/],
      [['crawl', '--rate', 'fast'], /--rate fast/],
      [['crawl', '--bogus'], /unknown option '--bogus'/],
      [['verify', '--db', path.join(dir, 'none.sqlite')], /no archive/],
    ];
    for (const [args, msg] of cases) {
      const res = await runCli(args);
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stdout).toBe('');
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr).toMatch(msg);
    }
  });

  it('a file that is not an archive is named, exit 2', async () => {
    const dir = tempDir();
    const bogus = path.join(dir, 'wenzheng.sqlite');
    writeFileSync(bogus, 'this is not a database at all, just text. '.repeat(100));
    const res = await runCli(['verify', '--db', bogus]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(bogus);
    expect(readFileSync(bogus, 'utf8')).toMatch(/^this is not a database/);
  });

  it('a second run while the lock is held exits 5 at once', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'wenzheng.sqlite');
    writeFileSync(path.join(dir, 'wenzheng.sqlite.lock'), String(process.pid));
    const res = await runCli(['crawl', 'cnhubei-minsheng', '--db', db, '--origin', 'cnhubei-minsheng=http://127.0.0.1:9']);
    expect(res.code).toBe(5);
    expect(res.stderr).toMatch(/lock/);
  });
});
