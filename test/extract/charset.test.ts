import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody, decodeBodyToUtf16, detectCharset } from '../../src/extract/charset.js';
import { hasShared, sharedPath } from '../helpers/shared.js';

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

/** Every page (HTML and JSON answers) under a folder. */
function pagesUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(html?|json)$/.test(name)) out.push(p);
    }
  };
  walk(root);
  return out;
}

describe('decodeBodyToUtf16', () => {
  /** What decodeBody gives, read back from the code units (and the buffer is all theirs). */
  const same = (bytes: Uint8Array, contentType: string | null) => {
    const units = decodeBodyToUtf16(bytes, contentType);
    expect(units.byteOffset).toBe(0);
    expect(units.byteLength).toBe(units.buffer.byteLength);
    expect(units.toString('utf16le')).toBe(decodeBody(bytes, contentType));
  };

  it('gives the text decodeBody gives, for UTF-8 with and without a BOM, GBK and an empty body', () => {
    const utf8 = Buffer.from(page('<meta charset="utf-8">'));
    same(utf8, null);
    same(utf8, 'text/html; charset=utf-8');
    same(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]), null);
    same(iconv.encode(page('<meta charset="gb2312">'), 'gbk'), 'text/html');
    same(Buffer.alloc(0), 'text/html; charset=utf-8');
    // A BOM alone, and the character U+FEFF after the start, which stays.
    same(Buffer.from([0xef, 0xbb, 0xbf]), null);
    same(Buffer.from('民\ufeff生', 'utf8'), 'text/html; charset=utf-8');
  });

  it('puts U+FFFD where UTF-8 is broken, as decodeBody does (cut, overlong, surrogate and out-of-range sequences)', () => {
    const broken = [
      [0xe6, 0xb0],
      [0x41, 0xff, 0x42],
      [0xc0, 0x80],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xe6, 0xb0, 0x41, 0xf0, 0x9f, 0x98],
    ];
    for (const b of broken) {
      const bytes = Buffer.concat([Buffer.from('民生'), Buffer.from(b), Buffer.from('热线')]);
      same(bytes, 'text/html; charset=utf-8');
      expect(decodeBodyToUtf16(bytes, 'text/html; charset=utf-8').toString('utf16le')).toContain('\ufffd');
    }
  });

  it('gives the text decodeBody gives for every saved real page and every fixture written here', () => {
    const here = pagesUnder(path.resolve(import.meta.dirname, '../fixtures'));
    expect(here.length).toBeGreaterThan(10);
    for (const p of here) same(readFileSync(p), null);
    if (!hasShared('fixtures', 'real')) return;
    const real = pagesUnder(sharedPath('fixtures', 'real'));
    expect(real.length).toBeGreaterThan(0);
    for (const p of real) same(readFileSync(p), null);
  });
});
