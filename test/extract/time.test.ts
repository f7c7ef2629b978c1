import { describe, expect, it } from 'vitest';
import { chinaDateOf, parseChinaTime, resolveYear, toChinaIso } from '../../src/extract/time.js';

describe('parseChinaTime', () => {
  it('reads the Discuz forms', () => {
    expect(parseChinaTime('发表于 2019-2-20 22:50')).toBe('2019-02-20T22:50:00+08:00');
    expect(parseChinaTime('2019-2-20 22:50:11')).toBe('2019-02-20T22:50:11+08:00');
  });
  it('reads the news article form', () => {
    expect(parseChinaTime('发布时间:2019年06月06日18:31 来源: 荆楚网')).toBe('2019-06-06T18:31:00+08:00');
  });
  it('gives midnight for a bare date and null for impossible ones', () => {
    expect(parseChinaTime('2021/3/8')).toBe('2021-03-08T00:00:00+08:00');
    expect(parseChinaTime('2019-02-30 10:00')).toBeNull();
    expect(parseChinaTime('3 天前')).toBeNull();
    expect(parseChinaTime(null)).toBeNull();
  });
});

describe('year resolution and Beijing dates', () => {
  it('puts a December item of a January article in the year before', () => {
    expect(resolveYear(12, 28, '2021-01-05')).toBe('2020-12-28');
    expect(resolveYear(1, 3, '2021-01-05')).toBe('2021-01-03');
  });
  it('converts instants to Beijing time', () => {
    expect(toChinaIso(new Date('2020-08-24T02:05:00Z'))).toBe('2020-08-24T10:05:00+08:00');
    expect(chinaDateOf('2020-08-24T23:30:00+08:00')).toBe('2020-08-24');
    expect(chinaDateOf('2020-08-24T20:30:00Z')).toBe('2020-08-25');
  });
});
