/** `wenzheng boards people-liuyan` against the simulated board, over real HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulate/index.js';
import { runCli } from '../helpers/cli.js';

describe('wenzheng boards', () => {
  let sim: Simulator;
  let other: Simulator;
  let blocking: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 3, threads: 0, wenzhengMessages: 0 });
    other = await startSimulator({ seed: 3, threads: 0, wenzhengMessages: 0, liuyanAppCode: 'PCfeedfacecafe0001' });
    blocking = await startSimulator({ seed: 3, threads: 0, wenzhengMessages: 0, liuyanWafAfter: 0 });
  });
  afterAll(async () => {
    await Promise.all([sim.close(), other.close(), blocking.close()]);
  });
  const origin = (s: Simulator) => ['--origin', `people-liuyan=${s.origins['people-liuyan']}`];

  it('lists the directory with fid, name, region code, level and post', async () => {
    const res = await runCli(['boards', 'people-liuyan', ...origin(sim), '--format', 'json']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual([
      { fid: 559, name: '浙江省委书记', regionCode: '330000', level: 'province', post: '省委书记' },
      { fid: 1007, name: '杭州市委书记', regionCode: '330100', level: 'prefecture', post: '市委书记' },
      { fid: 4175, name: '淳安县委书记', regionCode: '330127', level: 'county', post: '县委书记' },
      { fid: 539, name: '北京市委书记', regionCode: '110000', level: 'province', post: '市委书记' },
      { fid: 5055, name: '工业和信息化部', regionCode: null, level: 'ministry', post: null },
    ]);
    // The warm-up came first, then the two signed POSTs, each with the cookie it earned.
    expect(sim.requests().map((r) => [r.method, r.status])).toEqual([
      ['GET', 200],
      ['POST', 200],
      ['POST', 200],
    ]);
    const text = await runCli(['boards', 'people-liuyan', ...origin(sim)]);
    expect(text.stdout.split('\n')[0]).toBe('fid\tname\tregion\tlevel\tpost');
    expect(text.stdout).toContain('4175\t淳安县委书记\t330127\tcounty\t县委书记');
  }, 120_000);

  it('a refused signature exits 2 naming it; a WAF block exits 4; a one-board source is bad usage', async () => {
    const refused = await runCli(['boards', 'people-liuyan', ...origin(other)]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/signature.*SN0006/);
    const signedRight = await runCli(['boards', 'people-liuyan', ...origin(other), '--app-code', 'PCfeedfacecafe0001', '--format', 'json']);
    expect(signedRight.code).toBe(0);
    const blocked = await runCli(['boards', 'people-liuyan', ...origin(blocking)]);
    expect(blocked.code).toBe(4);
    expect(blocked.stderr).toMatch(/HTTP 403/);
    const usage = await runCli(['boards', 'cnhubei-minsheng']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/not a multi-board source/);
  }, 120_000);
});
