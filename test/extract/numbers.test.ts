import { describe, expect, it } from 'vitest';
import { parseChineseInteger, parseNumberToken, qualifierOf } from '../../src/extract/numbers.js';

describe('parseChineseInteger', () => {
  it.each([
    ['一', 1],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['一百二十', 120],
    ['一百零五', 105],
    ['两千零五', 2005],
    ['一千二百三十四', 1234],
    ['三万五千', 35000],
    ['十二万', 120000],
    ['零', 0],
    ['二〇一九', 2019],
  ])('%s -> %d', (text, value) => {
    expect(parseChineseInteger(text)).toBe(value);
  });

  it.each(['', '万', '百百', '十百', '二三十', '一是', 'abc'])('rejects %j', (text) => {
    expect(parseChineseInteger(text)).toBeNull();
  });
});

describe('parseNumberToken', () => {
  it.each([
    ['2146', 2146],
    ['28.7', 28.7],
    ['2,146', 2146],
    ['1.2万', 12000],
    ['3千', 3000],
    ['一百二十', 120],
    ['0', 0],
  ])('%s -> %d', (token, value) => {
    expect(parseNumberToken(token)).toBe(value);
  });

  it('rejects what is not a number', () => {
    expect(parseNumberToken('二次')).toBeNull();
    expect(parseNumberToken('12a')).toBeNull();
  });
});

describe('qualifierOf', () => {
  it('reads the words before, between and after a number', () => {
    expect(qualifierOf('入驻率超过', '', '')).toBe('more_than');
    expect(qualifierOf('入驻率超', '', '')).toBe('more_than');
    expect(qualifierOf('逾', '', '家单位')).toBe('more_than');
    expect(qualifierOf('共', '余', '')).toBe('more_than');
    expect(qualifierOf('共有', '多', '')).toBe('more_than');
    expect(qualifierOf('总回复率达', '', '以上,受到好评')).toBe('at_least');
    expect(qualifierOf('至少', '', '')).toBe('at_least');
    expect(qualifierOf('不少于', '', '')).toBe('at_least');
    expect(qualifierOf('回复率约', '', '')).toBe('about');
    expect(qualifierOf('近', '', '')).toBe('about');
    expect(qualifierOf('', '', '左右')).toBe('about');
    expect(qualifierOf('共收到', '', '网友留言')).toBe('exact');
  });
});
