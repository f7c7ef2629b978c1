import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { elementLines, htmlFragmentToText } from '../../src/extract/html.js';

describe('htmlFragmentToText', () => {
  it('keeps plain text as it is', () => {
    expect(htmlFragmentToText('第一行\n第二行')).toBe('第一行\n第二行');
  });

  it('gives one line per paragraph and per <br>', () => {
    expect(htmlFragmentToText('<p>小区物业加收费用。</p><p>未经业主同意。</p>')).toBe('小区物业加收费用。\n未经业主同意。');
    expect(htmlFragmentToText('经核查,<br/>已整改&nbsp;完毕')).toBe('经核查,\n已整改\u00a0完毕');
  });
});

describe('elementLines', () => {
  it('reads block elements and <br> as lines, normalised, without scripts', () => {
    const $ = cheerio.load(
      '<div id="a"><p>第一段，　全角</p><script>var x = 1;</script><div>第二段<br>第三行</div><p> </p><p>發佈時間</p></div>',
    );
    expect(elementLines($, $('#a'))).toEqual(['第一段， 全角', '第二段', '第三行', '发布时间']);
  });
});
