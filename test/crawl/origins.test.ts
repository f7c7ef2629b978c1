import { describe, expect, it } from 'vitest';
import { parseOrigins, UsageError } from '../../src/crawl/origins.js';
import { retryAfterMs } from '../../src/crawl/politeness.js';
import { ADAPTERS } from '../../src/sources/index.js';

describe('--origin mapping', () => {
  it('maps a source id to a base url with a path prefix', () => {
    const m = parseOrigins(['cnhubei-minsheng=http://127.0.0.1:8123/bbs'], ADAPTERS);
    expect(m.toFetchUrl('http://bbs.cnhubei.com/thread-4648062-1-1.html')).toBe('http://127.0.0.1:8123/bbs/thread-4648062-1-1.html');
    expect(m.isLocal('http://bbs.cnhubei.com/forum-9-1.html')).toBe(true);
    expect(m.toFetchUrl('http://news.cnhubei.com/x.html')).toBe('http://news.cnhubei.com/x.html');
  });
  it('maps a public origin', () => {
    const m = parseOrigins(['http://bbs.cnhubei.com=http://127.0.0.1:8123'], ADAPTERS);
    expect(m.toFetchUrl('http://bbs.cnhubei.com/forum.php?mod=forumdisplay&fid=9')).toBe(
      'http://127.0.0.1:8123/forum.php?mod=forumdisplay&fid=9',
    );
  });
  it('rejects malformed values and unknown sources', () => {
    expect(() => parseOrigins(['nonsense'], ADAPTERS)).toThrow(UsageError);
    expect(() => parseOrigins(['no-such-board=http://127.0.0.1:1'], ADAPTERS)).toThrow(/unknown source/);
    expect(() => parseOrigins(['cnhubei-minsheng=ftp://x'], ADAPTERS)).toThrow(/http/);
  });
});

describe('politeness helpers', () => {
  it('reads Retry-After in seconds and caps it', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs('100000', 5000)).toBe(5000);
    expect(retryAfterMs(null)).toBeNull();
  });
});

describe('sources sharing a host', () => {
  it('keeps each source on its own base when two sources read one host', () => {
    const m = parseOrigins(
      ['cnhubei-reports=http://127.0.0.1:9/news', 'cnhubei-wenzheng=http://127.0.0.1:9/wz'],
      ADAPTERS,
    );
    expect(m.toFetchUrl('http://api.wz.cnhubei.com/api/sugdetail?suid=1&type=pc')).toBe('http://127.0.0.1:9/wz/api/sugdetail?suid=1&type=pc');
    expect(m.toFetchUrl('http://news.cnhubei.com/content/2021-03/09/content_1.html')).toBe('http://127.0.0.1:9/news/content/2021-03/09/content_1.html');
  });
});
