import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody, detectCharset } from '../../src/extract/charset.js';

const page = (meta: string) => `<html><head>${meta}<title>民生热线</title></head><body>武汉市洪山区城管局回复：已处理。</body></html>`;

describe('decodeBody', () => {
  it('decodes GBK declared only in <meta>', () => {
    const bytes = iconv.encode(page('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'), 'gbk');
    expect(detectCharset(bytes, 'text/html').from).toBe('meta');
    expect(decodeBody(bytes, 'text/html')).toContain('武汉市洪山区城管局回复');
  });
  it('prefers the header charset', () => {
    const bytes = iconv.encode(page(''), 'gbk');
    expect(decodeBody(bytes, 'text/html; charset=GBK')).toContain('民生热线');
  });
  it('sniffs GBK when nothing declares a charset', () => {
    const bytes = iconv.encode(page(''), 'gb18030');
    expect(detectCharset(bytes, null)).toEqual({ charset: 'gb18030', from: 'sniff' });
    expect(decodeBody(bytes, null)).toContain('武汉市洪山区城管局回复');
  });
  it('reads UTF-8 with and without a BOM', () => {
    const utf8 = Buffer.from(page('<meta charset="utf-8">'));
    expect(decodeBody(utf8)).toContain('民生热线');
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]);
    expect(decodeBody(bom).startsWith('<html>')).toBe(true);
  });
});
