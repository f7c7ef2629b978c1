import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulate/index.js';
import { get, json } from './helpers.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('latencyMs (a far server, for the workers bench)', () => {
  it('holds every board answer, robots.txt included, and logs when the request arrived', async () => {
    sim = await startSimulator({ threads: 20, seed: 5, latencyMs: 300 });
    const t0 = Date.now();
    const [list, robots] = await Promise.all([get(sim, '/bbs/forum-9-1.html'), get(sim, '/bbs/robots.txt')]);
    // Both wait at once: the hold is per answer, not a queue.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect(list.status).toBe(200);
    expect(list.text).toContain('normalthread_');
    expect(robots.status).toBe(200);
    const log = sim.requests();
    expect(log).toHaveLength(2);
    for (const e of log) expect(Date.parse(e.t) - Date.parse(e.receivedAt)).toBeGreaterThanOrEqual(290);
  });

  it('answers the control endpoints at once and reports the setting', async () => {
    sim = await startSimulator({ threads: 20, seed: 5, latencyMs: 5_000 });
    const t0 = Date.now();
    const config = await json<{ latencyMs: number }>(sim, '/__sim/config');
    expect(config.latencyMs).toBe(5_000);
    expect(Date.now() - t0).toBeLessThan(4_000);
  });

  it('refuses a negative latency', async () => {
    await expect(startSimulator({ threads: 20, latencyMs: -1 })).rejects.toThrow(/latencyMs/);
  });
});
