import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/db.js';
import { applyExtraction } from '../../src/archive/records.js';
import { dueRevisits, revisitInterval } from '../../src/crawl/revisit.js';
import type { Message } from '../../src/model/extraction.js';
import { ADAPTERS } from '../../src/sources/index.js';
import { tempDir } from '../helpers/tmp.js';

const H = 3_600_000;

describe('revisiting unanswered messages', () => {
  it('thins out with age: 6 hours when fresh, a quarter of the age later, 14 days at most', () => {
    expect(revisitInterval(2 * H)).toBe(6 * H);
    expect(revisitInterval(8 * 24 * H)).toBe(2 * 24 * H);
    expect(revisitInterval(365 * 24 * H)).toBe(14 * 24 * H);
  });

  it('picks the unanswered messages that are due, on boards that need it', async () => {
    const a = await openArchive(path.join(tempDir(), 'w.sqlite'));
    for (const s of ['cnhubei-wenzheng', 'cnhubei-minsheng']) {
      await a.db.insertInto('source').values({ id: s, name: s, baseUrl: 'http://x' }).execute();
    }
    const msg = (id: string, postedAt: string, status: Message['status']): Message => ({
      externalId: id, url: `http://api.wz.cnhubei.com/html/detail/${id}.html`, title: 't', body: 'b', author: null,
      postedAt, board: '荆楚问政', department: null, category: null, status, statusRaw: null, views: null, replyCount: 0,
    });
    const seen = '2021-03-10T12:00:00+08:00';
    const x = (m: Message, source = 'cnhubei-wenzheng') => ({ source, url: m.url, kind: 'thread' as const, messages: [m], replies: [], reports: [], links: [] });
    const ctx = { runId: null, captureId: null, now: seen, extractorVersion: '1', salt: 's' };
    await applyExtraction(a.db, x(msg('3001', '2021-03-10T06:00:00+08:00', 'pending')), ctx); // 6 h old: due after 6 h
    await applyExtraction(a.db, x(msg('3002', '2021-01-01T00:00:00+08:00', 'in_progress')), ctx); // old: due after 14 d
    await applyExtraction(a.db, x(msg('3003', '2021-03-10T06:00:00+08:00', 'replied')), ctx); // answered: never
    await applyExtraction(a.db, x({ ...msg('4650001', '2021-03-10T06:00:00+08:00', 'pending'), url: 'http://bbs.cnhubei.com/thread-4650001-1-1.html' }, 'cnhubei-minsheng'), ctx);
    const due = async (iso: string) => (await dueRevisits(a.db, ADAPTERS, new Date(iso))).map((e) => e.request.url).sort();
    expect(await due('2021-03-10T17:00:00+08:00')).toEqual([]);
    expect(await due('2021-03-10T19:00:00+08:00')).toEqual(['http://api.wz.cnhubei.com/api/sugdetail?suid=3001&type=pc']);
    expect(await due('2021-03-25T12:00:00+08:00')).toEqual([
      'http://api.wz.cnhubei.com/api/sugdetail?suid=3001&type=pc',
      'http://api.wz.cnhubei.com/api/sugdetail?suid=3002&type=pc',
    ]);
    await a.close();
  });

  it('on a board whose answers change only on their own page, follows answered messages by their latest reply for its window', async () => {
    const a = await openArchive(path.join(tempDir(), 'w.sqlite'));
    await a.db.insertInto('source').values({ id: 'people-liuyan', name: 'l', baseUrl: 'http://x' }).execute();
    const liuyan = ADAPTERS.filter((s) => s.id === 'people-liuyan');
    const seen = '2021-03-10T12:00:00+08:00';
    const ctx = { runId: null, captureId: null, now: seen, extractorVersion: '1', salt: 's' };
    const answered = async (tid: string, postedAt: string, repliedAt: string) => {
      const m: Message = {
        externalId: tid, url: `https://liuyan.people.com.cn/threads/content?tid=${tid}`, title: 't', body: 'b', author: null,
        postedAt, board: '北京市委书记', department: null, category: null, status: 'replied', statusRaw: '已办理', views: null, replyCount: 1,
      };
      const r = { messageExternalId: tid, externalId: `${tid}-a1`, department: null, author: null, body: '答复', repliedAt, official: true, floor: null };
      await applyExtraction(a.db, { source: 'people-liuyan', url: m.url, kind: 'thread', messages: [m], replies: [r], reports: [], links: [] }, ctx);
    };
    await answered('25400001', '2021-02-01T08:00:00+08:00', '2021-03-10T06:00:00+08:00'); // answered this morning
    await answered('25400002', '2021-01-01T08:00:00+08:00', '2021-01-05T06:00:00+08:00'); // quiet for two months
    const due = async (iso: string) =>
      (await dueRevisits(a.db, liuyan, new Date(iso))).map((e) => JSON.parse(JSON.parse(e.request.body!).param).tid as number);
    // Due by the time since the answer (6 hours while fresh), not by the message's age (a quarter of 37 days).
    expect(await due('2021-03-10T17:00:00+08:00')).toEqual([]);
    expect(await due('2021-03-10T19:00:00+08:00')).toEqual([25400001]);
    // 30 days after its latest reply it is left alone, like the other one all along.
    expect(await due('2021-04-09T05:00:00+08:00')).toEqual([25400001]);
    expect(await due('2021-04-09T07:00:00+08:00')).toEqual([]);
    await a.close();
  });
});
