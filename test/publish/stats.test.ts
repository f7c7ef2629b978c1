import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqliteArchive as Archive } from '../../src/archive/db.js';
import type { Lag } from '../../src/publish/lag.js';
import { kmQuantile, naiveQuantile } from './oracles.js';
import { computeStats, dataAsOf } from '../../src/publish/stats.js';
import { runCommand } from './cli-harness.js';
import { FIRST_CRAWL_END, buildFixtureArchive } from './fixture-archive.js';

let archive: Archive;
beforeAll(async () => {
  archive = await buildFixtureArchive();
});
afterAll(async () => {
  await archive.close();
});

describe('computeStats', () => {
  it('counts by board, month, department, category, level and month x board', () => {
    const asOf = dataAsOf(archive)!;
    expect(asOf).toBe(FIRST_CRAWL_END);
    const { stats, departments } = computeStats(archive, { asOf });
    expect(stats.totals).toEqual({ messages: 6, replied: 4, unanswered: 2, replyRate: 0.6667, replies: 6, departments: 4 });
    expect(stats.byBoard.map((g) => [g.key, g.messages, g.replied])).toEqual([
      ['民生热线', 3, 2],
      ['荆楚问政', 3, 2],
    ]);
    expect(stats.byMonth.map((g) => [g.key, g.messages])).toEqual([
      ['2019-04', 1],
      ['2019-05', 5],
    ]);
    expect(stats.byLevel.map((g) => [g.key, g.messages])).toEqual([
      ['prefecture', 3],
      ['county', 2],
      ['township', 1],
    ]);
    expect(stats.byCategory.map((g) => g.key)).toEqual(['城市管理', '行政管理', null]);
    expect(stats.byMonthBoard).toEqual([
      { month: '2019-04', board: '民生热线', received: 1, replied: 1, replyRate: 1 },
      { month: '2019-05', board: '民生热线', received: 2, replied: 1, replyRate: 0.5 },
      { month: '2019-05', board: '荆楚问政', received: 3, replied: 2, replyRate: 0.6667 },
    ]);
    // Rows come in department id order (ids derived from name and region): compared by name here.
    expect(departments.map((d) => d.department_id)).toEqual(departments.map((d) => d.department_id).sort((a, b) => a - b));
    expect(departments.map((d) => [d.name, d.level, d.messages, d.replied, d.median_reply_hours]).sort()).toEqual([
      ['武汉市洪山区城市管理局', 'county', 1, 1, 6],
      ['潜江市人民政府', 'prefecture', 3, 2, 24],
      ['襄阳市樊城区行政审批局', 'county', 1, 0, null],
      ['郧西县夹河镇人民政府办公室', 'township', 1, 1, 240],
    ].sort());
  });

  it('gives the censored and naive reply lag of the messages', () => {
    const { stats } = computeStats(archive, { asOf: FIRST_CRAWL_END });
    // Answered after 6, 240, 24 and 24 hours; 290 and 4657002 unanswered when last seen
    // (2019-06-08 11:00): 553 and 459 hours after posting.
    const lags: Lag[] = [6, 240, 24, 24].map((hours) => ({ hours, answered: true }));
    lags.push({ hours: 553, answered: false }, { hours: 459, answered: false });
    expect(stats.lag.km).toEqual({ median: kmQuantile(lags, 0.5), p90: kmQuantile(lags, 0.9), n: 6, answered: 4, censored: 2 });
    expect(stats.lag.naive).toEqual({ median: naiveQuantile(lags, 0.5), p90: naiveQuantile(lags, 0.9), n: 4 });
    expect(stats.lag.km.median).toBe(24);
    expect(stats.lag.within.hours24).toEqual({ km: 0.5, observed: 0.5 });
  });
});

describe('wenzheng stats', () => {
  it('prints JSON and CSV', async () => {
    const json = await runCommand(archive.file, 'stats', '--by', 'level');
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout).groups.map((g: { key: string }) => g.key)).toEqual(['prefecture', 'county', 'township']);
    const csv = await runCommand(archive.file, 'stats', '--format', 'csv');
    const lines = csv.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('by,key,label,messages,replied,reply_rate,median_hours_km,p90_hours_km,median_hours_naive,p90_hours_naive,within_24h_km,within_7d_km,within_30d_km,within_24h,within_7d,within_30d');
    expect(lines[1]).toMatch(/^total,all,,6,4,0.6667,24,/);
    const bad = await runCommand(archive.file, 'stats', '--by', 'weekday');
    expect(bad.status).toBe(2);
  });
});
