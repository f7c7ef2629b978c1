/**
 * people-liuyan crawled from the simulated board over real HTTP, with the WAF's cookie check
 * on: the crawl warms the host up before any POST, signs every detail right, remembers its
 * boards, pages down to what it has seen, survives three simulated days of faults and a
 * kill -9, and stops with exit 4 when the WAF keeps answering 403.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openArchive, type SqliteArchive as Archive } from '../../src/archive/db.js';
import { getRaw } from '../../src/archive/raw-store.js';
import { runCrawl } from '../../src/crawl/crawler.js';
import { createLogger, setQuiet } from '../../src/crawl/log.js';
import { parseOrigins } from '../../src/crawl/origins.js';
import { BLOCK_PAGE_MARKERS, startSimulator, type Simulator, type SimulatorOptions, type Truth } from '../../src/simulate/index.js';
import { ADAPTERS, findAdapter } from '../../src/sources/index.js';
import { DEFAULT_CONFIG } from '../../src/sources/people-liuyan/index.js';
import { verifySignedBody } from '../../src/sources/people-liuyan/signer.js';
import { findChromium } from '../../src/crawl/chromium.js';
import { computeClaims } from '../../src/publish/claims.js';
import { writeSnapshot } from '../../src/publish/snapshot.js';
import { simulatedClock } from '../../src/cli/demo.js';
import { BIN, runCli } from '../helpers/cli.js';
import { compareWithTruth } from '../helpers/sim-compare.js';
import { tempDir } from '../helpers/tmp.js';
import { killWhen } from '../helpers/kill.js';

setQuiet(true);
const LIUYAN = findAdapter('people-liuyan')!;
const BOARD_PAGE = '/liuyan/pro-dfbbs-front/forum/list';

let sim: Simulator | undefined;
let archive: Archive | undefined;
afterEach(async () => {
  await archive?.close();
  await sim?.close();
  archive = undefined;
  sim = undefined;
});

async function setUp(opts: SimulatorOptions): Promise<{ sim: Simulator; archive: Archive }> {
  sim = await startSimulator({ port: 0, seed: 7, threads: 0, wenzhengMessages: 0, liuyanMessages: 60, historyDays: 20, ...opts });
  archive = await openArchive(path.join(tempDir(), 'wenzheng.sqlite'));
  return { sim, archive };
}

const truthOf = async (s: Simulator): Promise<Truth> => (await fetch(`${s.url}/__sim/truth`)).json() as Promise<Truth>;
const liuyanLog = (s: Simulator) => s.requests().filter((r) => r.url.startsWith('/liuyan/') && !r.url.endsWith('/robots.txt'));
const signedLog = (s: Simulator) => liuyanLog(s).filter((r) => r.method === 'POST' && r.url.startsWith('/liuyan/v1/'));

function crawl(s: Simulator, a: Archive, extra: Partial<Parameters<typeof runCrawl>[0]> = {}) {
  return runCrawl({
    archive: a,
    sources: [LIUYAN],
    origins: parseOrigins([`people-liuyan=${s.origins['people-liuyan']}`], ADAPTERS),
    rate: 0,
    session: { postIntervalMs: 0, blockBackoffMs: 100 },
    logger: createLogger('test'),
    ...extra,
  });
}

/** The archive's liuyan rows against the truth of the given boards, three clocks included. */
async function rowsAgainstTruth(a: Archive, s: Simulator, boards: number[]) {
  const truth = await truthOf(s);
  const want = truth.messages
    .filter((m) => m.source === 'people-liuyan' && boards.includes(m.board!))
    .map((m) => ({ external_id: m.externalId, url: m.url, title: m.title, posted_at: m.postedAt, published_at: m.publishedAt, status: m.status, first_reply_at: m.firstReplyAt, reply_count: m.replyCount }))
    .sort((x, y) => x.external_id.localeCompare(y.external_id));
  const rows = a.sqlite
    .prepare(`SELECT external_id, url, title, posted_at, published_at, status, first_reply_at, reply_count FROM message WHERE source_id = 'people-liuyan' ORDER BY external_id`)
    .all();
  return { rows, want };
}

function expectSignedRight(s: Simulator): void {
  const signed = signedLog(s);
  expect(signed.length).toBeGreaterThan(0);
  for (const r of signed) expect(verifySignedBody(new URL(r.url, 'http://x').pathname.slice('/liuyan'.length), JSON.parse(r.body!), DEFAULT_CONFIG.appCode), r.body).toBe(true);
}

async function assertNothingBlockedStored(a: Archive): Promise<void> {
  const caps = await a.db.selectFrom('capture').select(['sha256', 'url', 'httpStatus']).execute();
  for (const c of caps) {
    expect(c.httpStatus, c.url).toBe(200);
    const text = getRaw(a.rawDir, c.sha256).toString('utf8');
    for (const marker of BLOCK_PAGE_MARKERS) expect(text.includes(marker), `${c.url} stored a block page`).toBe(false);
  }
}

describe('crawl people-liuyan on the simulator, WAF cookie check on', () => {
  it('warms up before any POST, stores the chosen boards with three clocks, signs every detail right and remembers the boards', async () => {
    const { sim: s, archive: a } = await setUp({});
    const res = await crawl(s, a, { boards: { 'people-liuyan': [539, 1007] } });
    expect(res.exitCode).toBe(0);
    const log = liuyanLog(s);
    const firstPost = log.findIndex((r) => r.method === 'POST');
    expect(log.slice(0, firstPost).filter((r) => r.method === 'GET' && r.url.startsWith(`${BOARD_PAGE}?fid=`)).length).toBe(1);
    expect(log.filter((r) => r.status === 403)).toEqual([]);
    const { rows, want } = await rowsAgainstTruth(a, s, [539, 1007]);
    expect(want.length).toBeGreaterThan(10);
    expect(rows).toEqual(want);
    expect(signedLog(s).length).toBe(want.length);
    expectSignedRight(s);

    // The site's own totals, stored for the site's day, beside the archive's counts: a coverage check.
    const truth = await truthOf(s);
    const day = truth.now.slice(0, 10);
    const year = truth.messages.filter((m) => m.source === 'people-liuyan' && m.postedAt!.startsWith(day.slice(0, 4)));
    const claims = computeClaims(a).filter((c) => c.figure_id.startsWith(`people-liuyan:newIndex_stat:${day}:year:`));
    expect(claims.map((c) => [c.metric, c.period_start, c.period_end, c.official_value, c.archive_value])).toEqual([
      ['received', `${day.slice(0, 4)}-01-01`, day, year.length, year.filter((m) => [539, 1007].includes(m.board!)).length],
      ['replied', `${day.slice(0, 4)}-01-01`, day, year.filter((m) => m.firstReplyAt).length, year.filter((m) => m.firstReplyAt && [539, 1007].includes(m.board!)).length],
    ]);
    expect(claims[0]!.archive_value).toBeLessThan(claims[0]!.official_value);

    // The next run, told nothing, goes on with the same boards.
    const state = await a.db.selectFrom('crawlState').select('value').where('sourceId', '=', 'people-liuyan').where('key', '=', 'boards').executeTakeFirstOrThrow();
    expect(JSON.parse(state.value)).toEqual([539, 1007]);
    const before = log.length;
    const again = await crawl(s, a);
    expect(again.exitCode).toBe(0);
    const lists = liuyanLog(s).slice(before).filter((r) => r.url.includes('queryThreadsList'));
    expect(new Set(lists.map((r) => new URLSearchParams(r.body).get('fid')))).toEqual(new Set(['539', '1007']));
  });

  it('the snapshot carries each message\'s publication time and its lag from publication, and stats.json the censored lag from it', async () => {
    const { sim: s, archive: a } = await setUp({});
    expect((await crawl(s, a, { boards: { 'people-liuyan': [539, 1007, 4175] } })).exitCode).toBe(0);
    const truth = await truthOf(s);
    const snap = await writeSnapshot(a, { outDir: path.join(tempDir(), 'snapshots'), date: truth.now.slice(0, 10) });
    const rows = readFileSync(path.join(snap.dir, 'messages.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    const want = truth.messages.filter((m) => m.source === 'people-liuyan');
    expect(rows.length).toBe(want.length);
    const hours = (from: string, to: string) => Math.round(((Date.parse(to) - Date.parse(from)) / 3_600_000) * 100) / 100;
    for (const m of want) {
      const row = rows.find((r) => r.message_id === `people-liuyan:${m.externalId}`)!;
      expect(row.published_at, m.externalId).toBe(m.publishedAt);
      expect(row.reply_hours_from_published, m.externalId).toBe(m.firstReplyAt ? hours(m.publishedAt!, m.firstReplyAt) : null);
      // The review delay: the lag from posting is the longer by exactly that much.
      if (m.firstReplyAt) expect(row.reply_hours).toBe(hours(m.postedAt!, m.firstReplyAt));
    }
    const header = readFileSync(path.join(snap.dir, 'messages.csv'), 'utf8').split('\n')[0]!;
    expect(header.endsWith(',published_at,reply_hours_from_published,department_source')).toBe(true);
    const stats = JSON.parse(readFileSync(path.join(snap.dir, 'stats.json'), 'utf8')) as { lag: { km: { n: number } }; lagFromPublished: { km: { n: number; answered: number; censored: number; median: number | null } } };
    expect(stats.lagFromPublished.km.n).toBe(want.length);
    expect(stats.lagFromPublished.km.answered).toBe(want.filter((m) => m.firstReplyAt).length);
    expect(stats.lagFromPublished.km.censored).toBe(want.filter((m) => !m.firstReplyAt).length);
    expect(stats.lagFromPublished.km.median).not.toBeNull();
  });

  it('three simulated days with 10% faults and a kill -9 end equal to the truth, every signature right', async () => {
    const { sim: s, archive: a } = await setUp({
      seed: 3,
      liuyanMessages: 150,
      faults: 0.1,
      faultKinds: ['500', '502', '503', 'slow', 'drop', 'truncate', '429', 'waf', 'captcha'],
      slowMs: 1500,
    });
    await a.close();
    archive = undefined;
    const db = path.join(tempDir(), 'wenzheng.sqlite');
    const origin = ['--origin', `people-liuyan=${s.origins['people-liuyan']}`];
    const pace = ['--rate', '0', '--block-backoff', '100', '--timeout', '1000'];
    // Paced slowly enough to be killed mid-way.
    const child = spawn(process.execPath, [BIN, 'crawl', 'people-liuyan', '--db', db, '--board', '539,1007,4175', '--post-interval', '25', ...pace, ...origin], { stdio: 'ignore' });
    await killWhen(child, () => signedLog(s).length >= 40, { pollMs: 10 });

    // No --board: the boards come from the archive.
    const resumed = await runCli(['crawl', 'people-liuyan', '--db', db, '--format', 'json', '--post-interval', '0', ...pace, ...origin]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout).resumed).toBe(true);
    for (let day = 1; day <= 3; day++) {
      await fetch(`${s.url}/__sim/advance?hours=24`, { method: 'POST' });
      const r = await runCli(['crawl', 'people-liuyan', '--db', db, '--post-interval', '0', ...pace, ...origin]);
      expect(r.code, `day ${day}: ${r.stdout}${r.stderr}`).toBe(0);
    }
    archive = await openArchive(db);
    const truth = await truthOf(s);
    expect(await compareWithTruth(archive, truth)).toEqual([]);
    const { rows, want } = await rowsAgainstTruth(archive, s, [539, 1007, 4175]);
    expect(rows).toEqual(want);
    expectSignedRight(s);
    await assertNothingBlockedStored(archive);
  });

  it('a second official answer to a message answered before is archived: answered messages are read again while they are active', async () => {
    const { sim: s, archive: a } = await setUp({ seed: 11, liuyanMessages: 120 });
    const boards = [539, 1007, 4175];
    const answeredBefore = new Map<string, number>();
    for (let day = 0; day <= 8; day++) {
      if (day > 0) await fetch(`${s.url}/__sim/advance?hours=24`, { method: 'POST' });
      const now = (await truthOf(s)).now;
      const res = await crawl(s, a, { boards: day === 0 ? { 'people-liuyan': boards } : undefined, clock: simulatedClock(now) });
      expect(res.exitCode, `day ${day}: ${JSON.stringify(res.report.failures)}`).toBe(0);
      if (day === 0) {
        const rows = a.sqlite.prepare(`SELECT external_id, reply_count FROM message WHERE source_id = 'people-liuyan' AND reply_count > 0`).all() as { external_id: string; reply_count: number }[];
        for (const r of rows) answeredBefore.set(r.external_id, r.reply_count);
      }
    }
    const { rows, want } = await rowsAgainstTruth(a, s, boards);
    // The case under test happened: messages answered at the first crawl got another official answer later.
    const gained = want.filter((m) => (answeredBefore.get(m.external_id) ?? Infinity) < m.reply_count);
    expect(gained.length).toBeGreaterThan(0);
    expect(rows).toEqual(want);
  }, 120_000);

  it('a WAF that keeps answering 403 stops the run with exit 4, each attempt after a longer wait and a fresh warm-up, nothing stored from it', async () => {
    const { sim: s, archive: a } = await setUp({ liuyanWafAfter: 6 });
    const res = await crawl(s, a, { boards: { 'people-liuyan': [539, 1007, 4175] }, session: { postIntervalMs: 0, blockBackoffMs: 150 } });
    expect(res.exitCode).toBe(4);
    expect(res.report.blocked).toBeGreaterThanOrEqual(3);
    await assertNothingBlockedStored(a);
    const log = liuyanLog(s);
    const first403 = log.findIndex((r) => r.status === 403);
    expect(first403).toBeGreaterThan(0);
    // After each 403 attempt: a warm-up GET of the board page, then POSTs again no sooner than backoff x attempt.
    const after = log.slice(first403);
    const warmUps = after.filter((r) => r.method === 'GET' && r.url.startsWith('/liuyan/pro-dfbbs-front/'));
    expect(warmUps.length).toBeGreaterThanOrEqual(2);
    // An attempt is what follows a warm-up (the first one: the first 403); its time is its first 403.
    // Split by the warm-ups, not by gaps in time: on a loaded machine the 403s of one attempt can
    // arrive more than 100 ms apart.
    const attempts: number[] = [];
    let open = true;
    for (const r of after) {
      if (r.method === 'GET' && r.url.startsWith('/liuyan/pro-dfbbs-front/')) open = true;
      else if (open && r.method === 'POST' && r.status === 403) {
        attempts.push(Date.parse(r.t));
        open = false;
      }
    }
    expect(attempts.length).toBe(3);
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(150 - 20);
    expect(attempts[2]! - attempts[1]!).toBeGreaterThanOrEqual(300 - 20);
    const pending = await a.db.selectFrom('frontier').select('url').where('state', '=', 'pending').execute();
    expect(pending.length).toBeGreaterThan(0);
  });

  it('a short WAF burst is waited out: exit 0 and the boards complete', async () => {
    const { sim: s, archive: a } = await setUp({ liuyanWafAfter: 5, liuyanWafLength: 2 });
    const res = await crawl(s, a, { boards: { 'people-liuyan': [539, 1007] } });
    expect(res.exitCode).toBe(0);
    expect(res.report.blocked).toBeGreaterThan(0);
    const { rows, want } = await rowsAgainstTruth(a, s, [539, 1007]);
    expect(rows).toEqual(want);
    await assertNothingBlockedStored(a);
  });

  it('spaces its POSTs to the host by the pacing asked for', async () => {
    const { sim: s, archive: a } = await setUp({ liuyanMessages: 20 });
    const res = await crawl(s, a, { boards: { 'people-liuyan': [539] }, session: { postIntervalMs: 120 }, concurrency: 4 });
    expect(res.exitCode).toBe(0);
    const posts = liuyanLog(s)
      .filter((r) => r.method === 'POST')
      .map((r) => Date.parse(r.receivedAt))
      .sort((x, y) => x - y);
    expect(posts.length).toBeGreaterThan(5);
    // Arrival times: POST i left no sooner than i slots after the first; a busy machine can
    // delay the first one's arrival, not make later ones arrive sooner.
    for (let i = 1; i < posts.length; i++) expect(posts[i]! - posts[0]!, `POST ${i}`).toBeGreaterThanOrEqual(i * 120 - 250);
  });

  it('--proxy sends every request through that one proxy; a bad proxy URL is exit 2', async () => {
    const { sim: s } = await setUp({ liuyanMessages: 20 });
    const tunnels: string[] = [];
    const proxy = http.createServer((_req, res) => res.writeHead(405).end());
    proxy.on('connect', (req, sock: net.Socket, head: Buffer) => {
      tunnels.push(req.url!);
      const [host, port] = req.url!.split(':');
      const up = net.connect(Number(port), host, () => {
        sock.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        up.write(head);
        up.pipe(sock);
        sock.pipe(up);
      });
      up.on('error', () => sock.destroy());
      sock.on('error', () => up.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const db = path.join(tempDir(), 'wenzheng.sqlite');
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
      const args = ['crawl', 'people-liuyan', '--db', db, '--board', '539', '--rate', '0', '--post-interval', '0', '--origin', `people-liuyan=${s.origins['people-liuyan']}`];
      const res = await runCli([...args, '--proxy', proxyUrl]);
      expect(res.code, res.stderr).toBe(0);
      const simHost = new URL(s.url).host;
      expect(tunnels.length).toBeGreaterThan(0);
      expect(new Set(tunnels)).toEqual(new Set([simHost]));
      const bad = await runCli([...args, '--proxy', 'socks5://127.0.0.1:1']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--proxy socks5:\/\/127\.0\.0\.1:1: only http/);
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it.runIf(findChromium())('the board whose front end signs with a new appCode is archived through its own pages in Chromium', async () => {
    const appCode = 'PC0123456789abcd';
    const { sim: s, archive: a } = await setUp({ liuyanMessages: 30, liuyanAppCode: appCode });
    const res = await crawl(s, a, { boards: { 'people-liuyan': [1007] } });
    expect(res.exitCode, JSON.stringify(res.report.failures)).toBe(0);
    const { rows, want } = await rowsAgainstTruth(a, s, [1007]);
    expect(want.length).toBeGreaterThan(3);
    expect(rows).toEqual(want);
    // Our own signature was refused for every detail; the site's page asked again with its appCode, signed right.
    const details = signedLog(s).filter((r) => r.url.endsWith('/v1/threads/content'));
    const ours = details.filter((r) => JSON.parse(r.body!).appCode === DEFAULT_CONFIG.appCode);
    const theirs = details.filter((r) => JSON.parse(r.body!).appCode === appCode);
    expect(ours.length).toBe(want.length);
    expect(theirs.length).toBe(want.length);
    for (const r of theirs) expect(verifySignedBody('/v1/threads/content', JSON.parse(r.body!), appCode)).toBe(true);
    // Every message's reply count came from a stored detail answer the site signed with its own appCode.
    const stored = await a.db.selectFrom('capture').select(['url', 'sha256']).where('url', 'like', '%/v1/threads/content%').execute();
    const bodies = stored.map((c) => getRaw(a.rawDir, c.sha256).toString('utf8'));
    expect(bodies.filter((b) => b.includes('"contentList"')).length).toBe(want.length);
  }, 120_000);
});

