import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyLines, startSimulator, type Simulator } from '../../src/simulate/index.js';
import { advance, get, json, ofBoard, page, truth } from './helpers.js';

describe('clock, truth and request log', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 5, threads: 150, wenzhengMessages: 60 });
  });
  afterAll(() => sim.close());

  it('starts at 2021-03-01T09:00:00+08:00 with history before it', async () => {
    const t = await truth(sim);
    expect(t.now).toBe('2021-03-01T09:00:00+08:00');
    expect(ofBoard(t, 'cnhubei-minsheng').length + t.deleted.length).toBe(150);
    expect(ofBoard(t, 'cnhubei-wenzheng').length).toBe(60);
    expect(t.messages.every((m) => m.postedAt < t.now)).toBe(true);
    const tids = ofBoard(t, 'cnhubei-minsheng').map((m) => Number(m.externalId));
    expect(Math.min(...tids)).toBeGreaterThanOrEqual(4_650_000);
    expect(tids.every((x) => String(x).length === 7)).toBe(true);
  });

  it('advance creates new messages, answers and status changes', async () => {
    const before = await truth(sim);
    const now = await advance(sim, 72);
    expect(now).toBe('2021-03-04T09:00:00+08:00');
    const after = await truth(sim);
    expect(after.now).toBe(now);
    const old = new Map(before.messages.map((m) => [`${m.source}:${m.externalId}`, m]));
    const fresh = after.messages.filter((m) => !old.has(`${m.source}:${m.externalId}`));
    expect(fresh.some((m) => m.source === 'cnhubei-minsheng')).toBe(true);
    expect(fresh.every((m) => m.postedAt >= before.now && m.postedAt <= now)).toBe(true);
    const maxOld = Math.max(...ofBoard(before, 'cnhubei-minsheng').map((m) => Number(m.externalId)));
    expect(fresh.filter((m) => m.source === 'cnhubei-minsheng').every((m) => Number(m.externalId) > maxOld)).toBe(true);
    const answeredLate = after.messages.filter((m) => {
      const o = old.get(`${m.source}:${m.externalId}`);
      return o && o.status !== 'replied' && m.status === 'replied';
    });
    expect(answeredLate.length).toBeGreaterThan(0);
    const newest = ofBoard(after, 'cnhubei-minsheng').at(-1)!;
    const $ = await page(sim, '/bbs/forum-9-1.html');
    expect($(`tbody#normalthread_${newest.externalId}`).length + $('tbody[id^=normalthread_]').length).toBeGreaterThan(0);
  });

  it('shows relative times for posts within a week, with the absolute time in the title', async () => {
    const t = await truth(sim);
    const recent = ofBoard(t, 'cnhubei-minsheng').at(-1)!;
    const $ = await page(sim, `/bbs/thread-${recent.externalId}-1-1.html`);
    const em = $('em[id^=authorposton]').first();
    expect(em.find('span[title]').attr('title')).toMatch(/^\d{4}-\d{1,2}-\d{1,2} \d{2}:\d{2}:\d{2}$/);
    expect(em.text()).toMatch(/前|昨天|前天|刚刚/);
  });

  it('logs every board request but not /__sim/*', async () => {
    await fetch(`${sim.url}/__sim/requests`, { method: 'DELETE' });
    await get(sim, '/bbs/forum-9-1.html');
    await get(sim, '/wz/api/allsuglist?list_type=1&type=pc');
    await get(sim, '/news/nothing.html');
    await get(sim, '/__sim/truth');
    const log = await json(sim, '/__sim/requests');
    expect(log.map((r: any) => [r.method, r.url, r.status])).toEqual([
      ['GET', '/bbs/forum-9-1.html', 200],
      ['GET', '/wz/api/allsuglist?list_type=1&type=pc', 200],
      ['GET', '/news/nothing.html', 404],
    ]);
    expect(log[0].publicUrl).toBe('http://bbs.cnhubei.com/forum-9-1.html');
    expect(Date.parse(log[0].t)).toBeGreaterThan(0);
  });

  it('rejects a bad advance', async () => {
    expect((await fetch(`${sim.url}/__sim/advance?hours=-1`, { method: 'POST' })).status).toBe(400);
    expect((await fetch(`${sim.url}/__sim/advance?hours=1`)).status).toBe(405);
  });

  it('prints the ready lines of CONTRACT.md section 7', () => {
    expect(readyLines(sim)).toEqual([
      `listening on ${sim.url}`,
      `origin cnhubei-minsheng=${sim.url}/bbs`,
      `origin cnhubei-wenzheng=${sim.url}/wz`,
      `origin cnhubei-reports=${sim.url}/news`,
      `origin people-liuyan=${sim.url}/liuyan`,
      `origin sun0769=${sim.url}/sun0769`,
      `origin rednet-hunan=${sim.url}/rednet`,
    ]);
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe('scale', () => {
  // How fast it starts and answers is the bench's to measure (npm run bench), not a test's.
  it('starts 20,000 threads and serves pages of real size', async () => {
    const s = await startSimulator({ seed: 11, threads: 20_000, wenzhengMessages: 2000 });
    try {
      const t = await truth(s);
      const ms = ofBoard(t, 'cnhubei-minsheng');
      const sizes: number[] = [];
      for (const m of ms.slice(-30)) sizes.push(Buffer.byteLength((await get(s, `/bbs/thread-${m.externalId}-1-1.html`)).text));
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(20_000);
      const big = ms.find((m) => (m.posts ?? 0) >= 9)!;
      expect(Buffer.byteLength((await get(s, `/bbs/thread-${big.externalId}-1-1.html`)).text)).toBeLessThanOrEqual(80_000);
      await get(s, '/bbs/forum-9-1.html');
      for (let i = 0; i < 200; i++) {
        const m = ms[(i * 97) % ms.length]!;
        expect((await get(s, `/bbs/thread-${m.externalId}-1-1.html`)).text).toContain(`tid=${m.externalId}`);
      }
    } finally {
      await s.close();
    }
  });
});
