/**
 * Issue #15 item 5: a hostile 《民生热线》 serves a gzip bomb (about 300 KB that inflate to 300 MB)
 * as a thread, a thread whose pager always has a next page and a forum list whose pager never
 * ends. The crawl (a child process, as cron runs it) refuses the bomb as a failed, counted page,
 * stops the endless thread and the endless list at their limits, and its peak RSS (reported by
 * the child itself) stays under 600 MB.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createGzip } from 'node:zlib';
import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const FIX = path.resolve(import.meta.dirname, '../fixtures/cnhubei-minsheng');
const read = (f: string) => readFileSync(path.join(FIX, f), 'utf8');

/** 300 MB of spaces, gzipped chunk by chunk (never held whole). */
async function gzipBomb(): Promise<Buffer> {
  const gz = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gz.on('data', (c: Buffer) => out.push(c));
  const mb = Buffer.alloc(1 << 20, 0x20);
  for (let i = 0; i < 300; i++) if (!gz.write(mb)) await new Promise((r) => gz.once('drain', r));
  gz.end();
  await new Promise((r) => gz.once('end', r));
  return Buffer.concat(out);
}

/** List page n: threads 4657001 (the bomb) and 4657003 (the endless thread), and a next page. */
function listPage(n: number): string {
  const $ = cheerio.load(read('forum-9-1.html'));
  $('tbody[id^=normalthread_], tbody[id^=stickthread_]').each((_, el) => {
    if (!['normalthread_4657001', 'normalthread_4657003'].includes($(el).attr('id')!)) $(el).remove();
  });
  $('div.pg').replaceWith(`<div class="pg"><strong>${n}</strong><a href="forum-9-${n + 1}.html" class="nxt">下一页</a></div>`);
  return $.html();
}

/** Page n of thread 4657003, always with a page n+1. */
function threadPage(n: number): string {
  const $ = cheerio.load(read(n === 1 ? 'thread-4657003-1-1.html' : 'thread-4657003-2-1.html'));
  $('div.pg').replaceWith(`<div class="pg"><strong>${n}</strong><a href="thread-4657003-${n + 1}-1.html" class="nxt">下一页</a></div>`);
  return $.html();
}

let server: Server;
let base: string;
let bomb: Buffer;
const seen: string[] = [];

beforeAll(async () => {
  bomb = await gzipBomb();
  server = createServer((req, res) => {
    const url = req.url ?? '/';
    seen.push(url);
    const html = (body: string) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(body);
    };
    let m: RegExpExecArray | null;
    if (url === '/robots.txt') html('');
    else if (url === '/thread-4657001-1-1.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
      res.end(bomb);
    } else if ((m = /^\/forum-9-(\d+)\.html$/.exec(url))) html(listPage(Number(m[1])));
    else if ((m = /^\/thread-4657003-(\d+)-1\.html$/.exec(url))) html(threadPage(Number(m[1])));
    else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('size limits (#15 item 5)', () => {
  it('bounds a gzip bomb, an endless thread and an endless list, under 600 MB peak RSS', { timeout: 300_000 }, async () => {
    expect(bomb.length).toBeLessThan(400_000);
    const db = path.join(tempDir(), 'wenzheng.sqlite');
    const res = await runCli(
      [
        'crawl', 'cnhubei-minsheng', '--db', db, '--rate', '0', '--full', '--format', 'json',
        '--origin', `cnhubei-minsheng=${base}`,
        '--max-body-bytes', '8000000', '--max-list-pages', '12', '--max-thread-pages', '15',
      ],
      { timeoutMs: 280_000 },
    );
    expect(res.code, res.stderr).toBe(3);
    const report = JSON.parse(res.stdout) as { failed: number; failures: { url: string; error: string }[]; skippedByLimits: number; peakRssBytes: number };
    expect(report.failures).toEqual([
      { url: 'http://bbs.cnhubei.com/thread-4657001-1-1.html', error: expect.stringMatching(/larger than 8000000 bytes once decoded/) },
    ]);
    expect(report.failed).toBe(1);
    expect(report.skippedByLimits).toBeGreaterThan(0);
    expect(report.peakRssBytes).toBeGreaterThan(0);
    expect(report.peakRssBytes).toBeLessThan(600 * 1024 * 1024);
    // Bounded: at most the limit plus the pages already queued when it was reached (4 at once).
    const lists = seen.filter((u) => u.startsWith('/forum-9-')).length;
    const threadPages = seen.filter((u) => u.startsWith('/thread-4657003-')).length;
    expect(lists).toBeGreaterThanOrEqual(12);
    expect(lists).toBeLessThanOrEqual(12 + 4);
    expect(threadPages).toBeGreaterThanOrEqual(15);
    expect(threadPages).toBeLessThanOrEqual(15 + 4);
  });
});
