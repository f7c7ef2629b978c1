import { afterEach, describe, expect, it } from 'vitest';
import { BLOCK_PAGE_MARKERS, CAPTCHA_MARKER, FAULT_KINDS, SIM_BLOCK_META, WAF_MARKER, startSimulator, type FaultKind, type Simulator } from '../../src/simulate/index.js';
import { get, json, ofBoard, truth } from './helpers.js';

const PAGE = '/bbs/forum-9-1.html';
let sims: Simulator[] = [];
async function sim(opts: Parameters<typeof startSimulator>[0]): Promise<Simulator> {
  const s = await startSimulator({ threads: 60, seed: 3, ...opts });
  sims.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
});

describe('faults', () => {
  it.each(['500', '502', '503'] as FaultKind[])('answers %s when that kind is on', async (kind) => {
    const s = await sim({ faults: 1, faultKinds: [kind] });
    expect((await get(s, PAGE)).status).toBe(Number(kind));
  });

  it('answers 429 with a Retry-After of at most 2 s', async () => {
    const s = await sim({ faults: 1, faultKinds: ['429'] });
    const r = await get(s, PAGE);
    expect(r.status).toBe(429);
    const after = Number(r.headers.get('retry-after'));
    expect(after).toBeGreaterThanOrEqual(1);
    expect(after).toBeLessThanOrEqual(2);
  });

  it('holds a slow answer for slowMs, then serves the page', async () => {
    const s = await sim({ faults: 1, faultKinds: ['slow'], slowMs: 1500 });
    const t0 = Date.now();
    const r = await get(s, PAGE);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1400);
    expect(r.status).toBe(200);
    expect(r.text).toContain('normalthread_');
  });

  it('drops the connection', async () => {
    const s = await sim({ faults: 1, faultKinds: ['drop'] });
    await expect(fetch(s.url + PAGE)).rejects.toThrow();
    expect(s.requests().at(-1)).toMatchObject({ status: 0, fault: 'drop' });
  });

  it('truncates the body below its Content-Length', async () => {
    const s = await sim({ faults: 1, faultKinds: ['truncate'] });
    const res = await fetch(s.url + PAGE);
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(10_000);
    await expect(res.arrayBuffer()).rejects.toThrow();
  });

  it('serves WAF and CAPTCHA block pages with status 200 and exported markers', async () => {
    const w = await get(await sim({ faults: 1, faultKinds: ['waf'] }), PAGE);
    expect(w.status).toBe(200);
    expect(w.text).toContain(WAF_MARKER);
    expect(w.text).toContain(`<meta name="${SIM_BLOCK_META}" content="waf"`);
    const c = await get(await sim({ faults: 1, faultKinds: ['captcha'] }), PAGE);
    expect(c.status).toBe(200);
    expect(c.text).toContain(CAPTCHA_MARKER);
  });

  it('never puts block markers on content pages', async () => {
    const s = await sim({ threads: 100 });
    s.world.advance(24 * 40);
    const t = await truth(s);
    const paths = [PAGE, `/bbs/thread-${ofBoard(t, 'cnhubei-minsheng')[0]!.externalId}-1-1.html`, '/wz/api/allsuglist?list_type=1&type=pc', '/news/mrhf/index.html', ...t.reports.slice(0, 3).map((r) => r.url.replace('http://news.cnhubei.com', '/news'))];
    for (const p of paths) {
      const text = (await get(s, p)).text;
      for (const m of BLOCK_PAGE_MARKERS) expect(text, p).not.toContain(m);
    }
  });

  it('mixes only transient kinds by default and lets a URL through after maxFaultsPerUrl faults', async () => {
    const s = await sim({ faults: 1, slowMs: 10 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push(await fetch(s.url + PAGE).then((r) => r.status, () => 0));
    expect(statuses[2]).toBe(200);
    const kinds = new Set(s.requests().map((r) => r.fault).filter(Boolean));
    for (const k of kinds) expect(['500', '502', '503', 'slow', 'drop', 'truncate', '429']).toContain(k);
  });

  it('faults at a given rate, the same way for the same seed', async () => {
    const run = async (): Promise<(string | undefined)[]> => {
      const s = await sim({ faults: 0.3, faultKinds: ['500', '503'] });
      for (let p = 1; p <= 3; p++) await fetch(`${s.url}/bbs/forum-9-${p}.html`).then((r) => r.text());
      const t = await truth(s);
      for (const m of ofBoard(t, 'cnhubei-minsheng').slice(0, 40)) await fetch(`${s.url}/bbs/thread-${m.externalId}-1-1.html`).then((r) => r.text());
      return s.requests().map((r) => r.fault);
    };
    const [a, b] = [await run(), await run()];
    expect(a).toEqual(b);
    const rate = a.filter(Boolean).length / a.length;
    expect(rate).toBeGreaterThan(0.1);
    expect(rate).toBeLessThan(0.5);
  });

  it('blocks every answer after blockAfter requests', async () => {
    const s = await sim({ blockAfter: 3 });
    const texts: string[] = [];
    for (let i = 0; i < 6; i++) texts.push((await get(s, `/bbs/forum-9-${(i % 3) + 1}.html`)).text);
    expect(texts.slice(0, 3).every((t) => !t.includes(WAF_MARKER))).toBe(true);
    expect(texts.slice(3).every((t) => t.includes(WAF_MARKER))).toBe(true);
    const s403 = await sim({ blockAfter: 0, blockKind: '403' });
    expect((await get(s403, PAGE)).status).toBe(403);
  });

  it('never faults /__sim/* or robots.txt', async () => {
    const s = await sim({ faults: 1, faultKinds: ['500'] });
    expect((await get(s, '/__sim/truth')).status).toBe(200);
    expect((await get(s, '/bbs/robots.txt')).status).toBe(200);
    expect((await json(s, '/__sim/requests')).every((r: { url: string }) => !r.url.startsWith('/__sim'))).toBe(true);
  });

  it('exports every kind', () => {
    expect([...FAULT_KINDS].sort()).toEqual(['429', '500', '502', '503', 'captcha', 'drop', 'slow', 'truncate', 'waf']);
  });
});
