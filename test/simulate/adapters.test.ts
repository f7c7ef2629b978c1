/**
 * The real adapters (src/sources) read the simulator's pages and agree with its ground truth:
 * the simulator's markup is what the adapters were written against (DOMAIN.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/extract/charset.js';
import type { Extraction, Figure } from '../../src/model/extraction.js';
import { startSimulator, type Simulator, type Truth } from '../../src/simulate/index.js';
import { findAdapter } from '../../src/sources/index.js';
import { local, ofBoard, truth } from './helpers.js';

async function parse(sim: Simulator, source: string, url: string): Promise<Extraction> {
  const res = await fetch(sim.url + local(url));
  const bytes = new Uint8Array(await res.arrayBuffer());
  const contentType = res.headers.get('content-type');
  return findAdapter(source)!.parse({ url, body: decodeBody(bytes, contentType), contentType });
}

describe('adapters on simulator pages', () => {
  let sim: Simulator;
  let t: Truth;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 21, threads: 250, wenzhengMessages: 90, gbk: true });
    sim.world.advance(24 * 38);
    t = await truth(sim);
  });
  afterAll(() => sim.close());

  it('cnhubei-minsheng reads the forum list like the truth (announcements aside)', async () => {
    const byId = new Map(ofBoard(t, 'cnhubei-minsheng').map((m) => [m.externalId, m]));
    const sticky = new Set(t.announcements.map((a) => a.externalId));
    const x = await parse(sim, 'cnhubei-minsheng', 'http://bbs.cnhubei.com/forum-9-1.html');
    expect(x.kind).toBe('list');
    expect(x.pageCount).toBe(Math.ceil(byId.size / 20));
    expect(x.links).toContainEqual({ url: 'http://bbs.cnhubei.com/forum-9-2.html', kind: 'list' });
    const rows = x.messages.filter((m) => !sticky.has(m.externalId));
    expect(rows.length).toBe(20);
    for (const m of rows) {
      const tm = byId.get(m.externalId)!;
      expect(m.url).toBe(tm.url);
      expect(m.title).toBe(tm.title);
      expect(m.postedAt).toBe(tm.postedAt);
      expect(m.category).toBe(tm.category);
      expect(m.replyCount).toBe(tm.posts);
    }
  });

  it('cnhubei-minsheng reads thread pages like the truth', async () => {
    const ms = ofBoard(t, 'cnhubei-minsheng');
    const sample = [...ms.slice(-25), ...ms.filter((m) => (m.posts ?? 0) >= 10).slice(0, 3)];
    for (const tm of sample) {
      const pages = Math.ceil(((tm.posts ?? 0) + 1) / 10);
      const replies = [];
      let first: Extraction | null = null;
      for (let p = 1; p <= pages; p++) {
        const x = await parse(sim, 'cnhubei-minsheng', `http://bbs.cnhubei.com/thread-${tm.externalId}-${p}-1.html`);
        first ??= x;
        replies.push(...x.replies);
      }
      const m = first!.messages[0]!;
      expect(m.externalId).toBe(tm.externalId);
      expect(m.title).toBe(tm.title);
      expect(m.postedAt).toBe(tm.postedAt);
      expect(first!.pageCount ?? 1).toBe(pages);
      const official = replies.filter((r) => r.official);
      expect(official.length, tm.externalId).toBe(tm.replyCount);
      expect(replies.length).toBe(tm.posts);
      expect(official[0]?.repliedAt ?? null).toBe(tm.firstReplyAt);
      // The first post opens with @<unit>: the addressed unit, which is also the one that answers.
      expect(m.department).toBe(tm.department);
      if (official[0]) expect(official[0].department ?? official[0].author).toBe(tm.department);
      if (pages === 1) expect(m.status).toBe(tm.status);
    }
  });

  it('cnhubei-wenzheng reads sugdetail like the truth', async () => {
    for (const tm of ofBoard(t, 'cnhubei-wenzheng')) {
      const x = await parse(sim, 'cnhubei-wenzheng', `http://api.wz.cnhubei.com/api/sugdetail?suid=${tm.externalId}&type=pc`);
      const m = x.messages[0]!;
      expect(m.externalId).toBe(tm.externalId);
      expect(m.url).toBe(tm.url);
      expect(m.title).toBe(tm.title);
      expect(m.postedAt).toBe(tm.postedAt);
      expect(m.department).toBe(tm.department);
      expect(m.status, tm.externalId).toBe(tm.status);
      expect(x.replies.filter((r) => r.official).length).toBe(tm.replyCount);
      expect(x.replies.find((r) => r.official)?.repliedAt ?? null).toBe(tm.firstReplyAt);
    }
  });

  it('cnhubei-reports reads the articles with the figures and items of the truth', async () => {
    expect(t.reports.some((r) => r.kind === 'monthly')).toBe(true);
    for (const r of t.reports.slice(0, 6)) {
      const x = await parse(sim, 'cnhubei-reports', r.url);
      const rep = x.reports[0]!;
      // Titles, headlines and figure sentences as the article prints them (full-width ：，kept).
      expect(rep.title).toBe(r.title);
      expect(rep.kind).toBe(r.kind);
      expect(rep.publishedAt).toBe(r.publishedAt);
      expect(rep.periodStart).toBe(r.periodStart);
      expect(rep.periodEnd).toBe(r.periodEnd);
      // Left out: asOf (the truth dates the daily "回复了N条" count, which its sentence does not)
      // and text (the truth keeps a paragraph where the adapter keeps the sentence it read).
      const key = (f: Pick<Figure, 'metric' | 'value' | 'unit' | 'qualifier' | 'board' | 'region' | 'category'>) =>
        JSON.stringify([f.metric, f.board, f.category, f.value, f.unit, f.qualifier, f.region]);
      expect(rep.figures.map(key).sort()).toEqual(r.figures.map(key).sort());
      expect(rep.items.map((i) => [i.url, i.department, i.headline])).toEqual(r.items.map((i) => [i.url, i.department, i.headline]));
    }
  });
});
