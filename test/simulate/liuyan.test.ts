/**
 * The simulated 《领导留言板》 over real HTTP, read with the real adapter and signer: the
 * warm-up cookie, the form-POST list and its cursor, the signed detail and directory,
 * SN0006, review delay, tid gaps, WAF bursts and a front end with its own appCode.
 */
import { createHash } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator, type Truth, type TruthMessage } from '../../src/simulate/index.js';
import { MD5_JS } from '../../src/simulate/liuyan-page.js';
import { boardOf, liuyanOfficial } from '../../src/simulate/liuyan-world.js';
import { DEFAULT_CONFIG, peopleLiuyanAdapter, SignatureRefusedError } from '../../src/sources/people-liuyan/index.js';
import { parseDirectory } from '../../src/sources/people-liuyan/directory.js';
import { signedBody } from '../../src/sources/people-liuyan/signer.js';
import type { Extraction } from '../../src/model/extraction.js';
import { json, truth } from './helpers.js';

const SITE = 'https://liuyan.people.com.cn';
const LIST = '/pro-dfbbs-front/threads/queryThreadsList';

/** A client of the simulated board: warm-up cookie, form POSTs, signed POSTs. */
class Client {
  cookie = '';
  constructor(
    private readonly sim: Simulator,
    private readonly appCode = DEFAULT_CONFIG.appCode,
  ) {}
  private get base(): string {
    return this.sim.origins['people-liuyan']!;
  }
  async warmUp(fid: number): Promise<number> {
    const res = await fetch(`${this.base}/pro-dfbbs-front/forum/list?fid=${fid}`);
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
    await res.text();
    return res.status;
  }
  async post(path: string, body: string, type: string): Promise<{ status: number; text: string }> {
    const res = await fetch(this.base + path, { method: 'POST', headers: { 'content-type': type, cookie: this.cookie }, body });
    return { status: res.status, text: await res.text() };
  }
  list(fid: number, lastItem: number) {
    return this.post(LIST, `fid=${fid}&lastItem=${lastItem}&pageSize=20`, 'application/x-www-form-urlencoded');
  }
  signed(path: string, param: Record<string, unknown>) {
    return this.post(path, JSON.stringify(signedBody(path, param, this.appCode)), 'application/json;charset=UTF-8');
  }
  /** Every list page of a board, newest first, parsed by the adapter. */
  async board(fid: number): Promise<Extraction[]> {
    const pages: Extraction[] = [];
    let last = 0;
    for (;;) {
      const res = await this.list(fid, last);
      expect(res.status).toBe(200);
      const x = peopleLiuyanAdapter.parse({ url: `${SITE}${LIST}?fid=${fid}&lastItem=${last}`, body: res.text });
      pages.push(x);
      const next = x.links.find((l) => l.kind === 'list');
      if (!next) return pages;
      last = Number(new URLSearchParams((next as { body?: string }).body).get('lastItem'));
    }
  }
}

const liuyanOf = (t: Truth): TruthMessage[] => t.messages.filter((m) => m.source === 'people-liuyan');

describe('the simulated 领导留言板', () => {
  let sim: Simulator;
  let t: Truth;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 31, threads: 0, wenzhengMessages: 0, liuyanMessages: 120, historyDays: 40 });
    t = await truth(sim);
  });
  afterAll(() => sim.close());

  it('refuses a POST without the warm-up cookie, and GET on the list', async () => {
    const c = new Client(sim);
    expect((await c.list(1007, 0)).status).toBe(403);
    expect((await fetch(`${sim.origins['people-liuyan']}${LIST}?fid=1007`)).status).toBe(405);
    expect(await c.warmUp(1007)).toBe(200);
    expect(c.cookie).toMatch(/^__jsluid_s=\w+/);
    expect((await c.list(1007, 0)).status).toBe(200);
  });

  it('lists every published message of each board, newest first, about 10 a page, tids with gaps', async () => {
    const c = new Client(sim);
    await c.warmUp(539);
    const truthIds = liuyanOf(t).map((m) => m.externalId).sort();
    expect(truthIds.length).toBeGreaterThan(60);
    const seen: string[] = [];
    for (const fid of [539, 1007, 4175]) {
      const pages = await c.board(fid);
      expect(pages.at(-1)!.messages).toEqual([]);
      for (const p of pages.slice(0, -2)) expect(p.messages).toHaveLength(10);
      const rows = pages.flatMap((p) => p.messages);
      const tids = rows.map((m) => Number(m.externalId));
      expect(tids).toEqual([...tids].sort((a, b) => b - a));
      for (const m of rows) {
        const tm = liuyanOf(t).find((x) => x.externalId === m.externalId)!;
        expect(tm.board).toBe(fid);
        expect([m.title, m.postedAt, m.publishedAt, m.status]).toEqual([tm.title, tm.postedAt, tm.publishedAt, tm.status]);
      }
      seen.push(...rows.map((m) => m.externalId));
    }
    expect(seen.sort()).toEqual(truthIds);
    const all = truthIds.map(Number).sort((a, b) => a - b);
    expect(all.at(-1)! - all[0]! + 1).toBeGreaterThan(all.length * 2);
  });

  it('publishes after a review delay: posted time before published time, unpublished messages absent', async () => {
    for (const m of liuyanOf(t)) expect(Date.parse(m.publishedAt!)).toBeGreaterThan(Date.parse(m.postedAt));
    const drawn = sim.liuyan.messages.filter((m) => m.postedAt <= sim.world.now);
    expect(drawn.length).toBeGreaterThan(liuyanOf(t).length);
  });

  it('answers the signed detail as the truth has it; a wrong signature gets SN0006', async () => {
    const c = new Client(sim);
    await c.warmUp(539);
    const answered = liuyanOf(t).filter((m) => m.replyCount > 0).slice(0, 8);
    expect(answered.length).toBeGreaterThan(3);
    for (const tm of [...answered, ...liuyanOf(t).filter((m) => m.replyCount === 0).slice(0, 3)]) {
      const res = await c.signed('/v1/threads/content', { tid: Number(tm.externalId), fromTrash: 0 });
      const x = peopleLiuyanAdapter.parse({ url: `${SITE}/v1/threads/content?tid=${tm.externalId}`, body: res.text });
      const m = x.messages[0]!;
      expect([m.externalId, m.url, m.title, m.postedAt, m.publishedAt, m.status, m.replyCount]).toEqual([
        tm.externalId, tm.url, tm.title, tm.postedAt, tm.publishedAt, tm.status, tm.replyCount,
      ]);
      const official = x.replies.filter((r) => r.official);
      expect(official[0]?.repliedAt ?? null).toBe(tm.firstReplyAt);
      // The message is addressed to its board; the unit the world had answer it is on the reply.
      expect(m.department).toBe(tm.department);
      const lm = sim.liuyan.messages.find((w) => String(w.tid) === tm.externalId)!;
      const first = liuyanOfficial(lm, sim.liuyan.now())[0];
      expect(official[0]?.department ?? null).toBe(first ? boardOf(lm).units[first.unit]! : null);
    }
    const bad = await c.post('/v1/threads/content', JSON.stringify({ ...signedBody('/v1/threads/content', { tid: 1, fromTrash: 0 }, 'PCwrong') }), 'application/json');
    expect(bad.status).toBe(200);
    expect(JSON.parse(bad.text)).toEqual({ code: 'SN0006', msg: '数据格式错误' });
    expect(() => peopleLiuyanAdapter.parse({ url: `${SITE}/v1/threads/content?tid=1`, body: bad.text })).toThrow(SignatureRefusedError);
    expect(JSON.parse((await c.post('/v1/threads/content', '{"tid":1}', 'application/json')).text).code).toBe('SN0006');
  });

  it('serves the signed directory: local boards with their children, ministries apart', async () => {
    const c = new Client(sim);
    await c.warmUp(539);
    const top = await c.signed('/v1/forum/getTopForums', {});
    const boards = parseDirectory(`${SITE}/v1/forum/getTopForums`, top.text, false);
    expect(boards.map((b) => [b.fid, b.regionCode, b.level, b.post])).toEqual([
      [559, '330000', 'province', '省委书记'],
      [1007, '330100', 'prefecture', '市委书记'],
      [4175, '330127', 'county', '县委书记'],
      [539, '110000', 'province', '市委书记'],
    ]);
    const bw = await c.signed('/v1/forum/getTopBwForums', {});
    expect(parseDirectory(`${SITE}/v1/forum/getTopBwForums`, bw.text, true).map((b) => [b.fid, b.level])).toEqual([[5055, 'ministry']]);
  });

  it('logs the body of every POST', async () => {
    const log = await json<{ method: string; url: string; body?: string }[]>(sim, '/__sim/requests');
    const posts = log.filter((e) => e.method === 'POST');
    expect(posts.length).toBeGreaterThan(10);
    for (const p of posts) expect(typeof p.body).toBe('string');
    expect(posts.find((p) => p.url === `/liuyan${LIST}`)?.body).toMatch(/^fid=\d+&lastItem=\d+&pageSize=20$/);
  });

  it('shows a message only once its review has passed, as the clock moves', async () => {
    const before = new Set(liuyanOf(t).map((m) => m.externalId));
    await fetch(`${sim.url}/__sim/advance?hours=48`, { method: 'POST' });
    const after = liuyanOf(await truth(sim));
    const fresh = after.filter((m) => !before.has(m.externalId));
    expect(fresh.length).toBeGreaterThan(0);
    // Some arrived late: posted before the old clock, published after it.
    expect(fresh.some((m) => Date.parse(m.postedAt) < Date.parse(t.now))).toBe(true);
  });
});

describe('the simulated 领导留言板 switches', () => {
  it('a WAF burst answers every POST 403 after the threshold, for its length', async () => {
    const sim = await startSimulator({ seed: 5, threads: 0, wenzhengMessages: 0, liuyanMessages: 30, liuyanWafAfter: 2, liuyanWafLength: 3 });
    try {
      const c = new Client(sim);
      await c.warmUp(539);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await c.list(539, 0)).status);
      expect(statuses).toEqual([200, 200, 403, 403, 403, 200]);
    } finally {
      await sim.close();
    }
  });

  it('a front end with another appCode: the default signer is refused, the page signs right', async () => {
    const sim = await startSimulator({ seed: 5, threads: 0, wenzhengMessages: 0, liuyanMessages: 30, liuyanAppCode: 'PC7f00d1e5c0ffee42' });
    try {
      const c = new Client(sim);
      await c.warmUp(539);
      expect(JSON.parse((await c.signed('/v1/forum/getTopForums', {})).text).code).toBe('SN0006');
      const page = await (await fetch(`${sim.origins['people-liuyan']}/pro-dfbbs-front/forum/list?fid=539`)).text();
      const appCode = /appCode:"(\w+)"/.exec(page)?.[1];
      expect(appCode).toBe('PC7f00d1e5c0ffee42');
      const c2 = new Client(sim, appCode);
      await c2.warmUp(539);
      expect(JSON.parse((await c2.signed('/v1/forum/getTopForums', {})).text).code).toBe(0);
    } finally {
      await sim.close();
    }
  });

  it('the pages\' md5 is md5', () => {
    const md5 = runInNewContext(`${MD5_JS}; md5`) as (s: string) => string;
    for (const s of ['', 'a', 'PC42ce3bfa4980a9', '/v1/threads/content{"tid":25489118,"fromTrash":0}a2eb17f65d6f4b3f', '中文'.repeat(40)]) {
      expect(md5(s)).toBe(createHash('md5').update(s, 'utf8').digest('hex'));
    }
  });
});
