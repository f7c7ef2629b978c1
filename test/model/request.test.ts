import { describe, expect, it } from 'vitest';
import { canonicalBody, getRequest, postRequest, requestKey, toRequest } from '../../src/model/request.js';

describe('request values and their keys', () => {
  it('a GET is named by its URL alone, as every row stored before POST existed', () => {
    expect(requestKey(getRequest('http://bbs.cnhubei.com/forum-9-1.html', 'list'))).toBe('http://bbs.cnhubei.com/forum-9-1.html');
  });

  it('a form POST is named by method, URL and its fields in name order', () => {
    const url = 'http://liuyan.people.com.cn/threads/queryThreadsList';
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const a = postRequest(url, 'list', 'fid=539&lastItem=0&pageSize=20', form);
    const b = postRequest(url, 'list', 'pageSize=20&fid=539&lastItem=0', form);
    expect(requestKey(a)).toBe(`POST ${url} fid=539&lastItem=0&pageSize=20`);
    expect(requestKey(b)).toBe(requestKey(a));
    expect(requestKey(postRequest(url, 'list', 'fid=539&lastItem=25489118&pageSize=20', form))).not.toBe(requestKey(a));
    expect(requestKey(a)).not.toBe(url);
  });

  it('a JSON POST is named with its object keys sorted; the body sent keeps its own order', () => {
    const url = 'https://wzapi.rednet.cn/front/msg/index';
    const json = { 'Content-Type': 'application/json' };
    const sent = '{"ready":"1","page":2,"pageNum":10}';
    const r = postRequest(url, 'list', sent, json);
    expect(requestKey(r)).toBe(`POST ${url} {"page":2,"pageNum":10,"ready":"1"}`);
    expect(requestKey(postRequest(url, 'list', '{"page":2,"pageNum":10,"ready":"1"}', json))).toBe(requestKey(r));
    expect(r.body).toBe(sent);
  });

  it('a body of another type is kept as it is', () => {
    expect(canonicalBody('b=2 a=1', 'text/plain')).toBe('b=2 a=1');
  });

  it('rebuilds a request from a stored row; a missing method is a GET', () => {
    expect(toRequest({ url: 'http://x/1', kind: 'thread' })).toEqual({ url: 'http://x/1', kind: 'thread', method: 'GET' });
    expect(toRequest({ url: 'http://x/l', kind: 'list', method: 'POST', body: 'a=1', headers: null })).toEqual({
      url: 'http://x/l',
      kind: 'list',
      method: 'POST',
      body: 'a=1',
    });
    expect(() => toRequest({ url: 'http://x/1', kind: 'thread', method: 'PUT' })).toThrow(/PUT/);
  });
});
