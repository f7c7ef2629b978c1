import { afterEach, describe, expect, it } from 'vitest';
import type { SqliteArchive as Archive } from '../../src/archive/db.js';
import type { Report } from '../../src/model/extraction.js';
import { computeClaims } from '../../src/publish/claims.js';
import { freshArchive, mayReport, message, MINSHENG, REPORTS, reply, store, WENZHENG } from './archive-builder.js';

let archive: Archive | undefined;
afterEach(async () => {
  await archive?.close();
  archive = undefined;
});

describe('claims check', () => {
  it('compares the May 2019 report of 《民生热线》 (177 received, 157 replied) with the archive', async () => {
    const a = (archive = await freshArchive());
    const now = '2019-06-08T11:00:00+08:00';
    // 120 messages posted in May (Beijing time), 90 of them answered before the report came out
    // (2019-06-06 18:31), 5 answered after it; plus messages that must not count.
    for (let i = 0; i < 120; i++) {
      const id = String(4_600_000 + i);
      const day = String(1 + (i % 31)).padStart(2, '0');
      const postedAt = i === 0 ? '2019-05-01T00:00:00+08:00' : i === 1 ? '2019-05-31T23:59:00+08:00' : `2019-05-${day}T10:00:00+08:00`;
      const answeredAt = i < 90 ? '2019-06-02T10:00:00+08:00' : i < 95 ? '2019-06-07T10:00:00+08:00' : null;
      await store(a, MINSHENG, { messages: [message(id, { postedAt })], replies: answeredAt ? [reply(id, `r${id}`, { repliedAt: answeredAt })] : [] }, now);
    }
    // Outside May in Beijing time (one is in May by UTC), and the other board in May.
    await store(a, MINSHENG, { messages: [message('4500001', { postedAt: '2019-04-30T23:59:00+08:00' })] }, now);
    await store(a, MINSHENG, { messages: [message('4700001', { postedAt: '2019-06-01T00:30:00+08:00' })] }, now);
    await store(a, WENZHENG, { messages: [message('2001', { board: '荆楚问政', postedAt: '2019-05-10T10:00:00+08:00' })] }, now);
    await store(a, REPORTS, { reports: [mayReport(177, 157)] }, now);

    const claims = computeClaims(a);
    expect(claims).toEqual([
      {
        figure_id: 'cnhubei-reports:content_1:001',
        report_url: 'http://news.cnhubei.com/content/2019-06/06/content_1.html',
        period_start: '2019-05-01',
        period_end: '2019-05-31',
        board: '民生热线',
        metric: 'received',
        qualifier: 'exact',
        official_value: 177,
        archive_value: 120,
        difference: -57,
        ratio: 0.678, // 120 / 177 = 0.67797
        rule: 'posted_in_period',
      },
      {
        figure_id: 'cnhubei-reports:content_1:002',
        report_url: 'http://news.cnhubei.com/content/2019-06/06/content_1.html',
        period_start: '2019-05-01',
        period_end: '2019-05-31',
        board: '民生热线',
        metric: 'replied',
        qualifier: 'exact',
        official_value: 157,
        archive_value: 90,
        difference: -67,
        ratio: 0.5732, // 90 / 157 = 0.57325
        rule: 'posted_in_period_replied_by_cutoff',
      },
    ]);
  });

  it('adds both boards for a figure about 民生热线+荆楚问政 and counts to its as_of date', async () => {
    const a = (archive = await freshArchive());
    const now = '2019-06-08T11:00:00+08:00';
    await store(a, MINSHENG, { messages: [message('1', { postedAt: '2019-05-02T10:00:00+08:00' })], replies: [reply('1', 'a', { repliedAt: '2019-06-05T23:00:00+08:00' })] }, now);
    await store(a, WENZHENG, { messages: [message('2', { board: '荆楚问政', postedAt: '2019-05-03T10:00:00+08:00' })], replies: [reply('2', 'a', { repliedAt: '2019-06-06T01:00:00+08:00' })] }, now);
    const report = mayReport(0, 2);
    report.figures = report.figures.map((f) => ({ ...f, board: '民生热线+荆楚问政', asOf: '2019-06-05' }));
    await store(a, REPORTS, { reports: [report] }, now);
    const [received, replied] = computeClaims(a);
    expect(received).toMatchObject({ archive_value: 2, official_value: 0, difference: 2, ratio: null });
    expect(replied).toMatchObject({ archive_value: 1, official_value: 2, difference: -1, ratio: 0.5 });
  });

  it('counts a daily 每日回复 figure as the replies given that day, whenever the messages were posted', async () => {
    const a = (archive = await freshArchive());
    const now = '2021-02-01T11:00:00+08:00';
    // 2021-01-30 (Beijing): 8 messages answered that day, 4 of them posted that day and 4 earlier;
    // one posted that day is answered only the next day; a reply at 23:59 UTC on the 29th is
    // 07:59 on the 30th in Beijing; a second reply to an answered message counts it once; an
    // unofficial post counts not at all.
    const day = [
      ['1', '2021-01-30T08:00:00+08:00', '2021-01-30T10:00:00+08:00'],
      ['2', '2021-01-30T09:00:00+08:00', '2021-01-30T11:00:00+08:00'],
      ['3', '2021-01-30T09:30:00+08:00', '2021-01-30T23:59:00+08:00'],
      ['4', '2021-01-30T01:00:00+08:00', '2021-01-29T23:59:00Z'],
      ['5', '2021-01-20T08:00:00+08:00', '2021-01-30T00:00:00+08:00'],
      ['6', '2021-01-21T08:00:00+08:00', '2021-01-30T12:00:00+08:00'],
      ['7', '2021-01-25T08:00:00+08:00', '2021-01-30T13:00:00+08:00'],
      ['8', '2020-12-31T08:00:00+08:00', '2021-01-30T14:00:00+08:00'],
      ['9', '2021-01-30T15:00:00+08:00', '2021-01-31T00:00:00+08:00'],
    ];
    for (const [id, postedAt, repliedAt] of day) {
      await store(a, MINSHENG, { messages: [message(id!, { postedAt, status: 'replied' })], replies: [reply(id!, `r${id}`, { repliedAt })] }, now);
    }
    await store(a, MINSHENG, { messages: [message('1', { postedAt: day[0]![1], status: 'replied' })], replies: [reply('1', 'r1', { repliedAt: day[0]![2] }), reply('1', 'r1b', { repliedAt: '2021-01-30T16:00:00+08:00' }), reply('1', 'x', { repliedAt: '2021-01-30T17:00:00+08:00', official: false, department: null })] }, now);
    await store(a, MINSHENG, { messages: [message('10', { postedAt: '2021-01-30T07:00:00+08:00' })], replies: [reply('10', 'x', { repliedAt: '2021-01-30T17:00:00+08:00', official: false, department: null })] }, now);
    const daily: Report = {
      externalId: 'content_2',
      url: 'http://news.cnhubei.com/content/2021-01/31/content_2.html',
      title: '网络问政每日回复',
      kind: 'daily',
      publishedAt: '2021-01-31T09:30:00+08:00',
      periodStart: '2021-01-30',
      periodEnd: '2021-01-30',
      figures: [{ metric: 'replied', value: 8, unit: 'count', qualifier: 'exact', board: '民生热线', region: null, category: null, asOf: '2021-01-30', text: '1月30日，相关部门实名回复了8条网友留言' }],
      items: [],
    };
    await store(a, REPORTS, { reports: [daily] }, now);
    expect(computeClaims(a)).toEqual([
      {
        figure_id: 'cnhubei-reports:content_2:001',
        report_url: 'http://news.cnhubei.com/content/2021-01/31/content_2.html',
        period_start: '2021-01-30',
        period_end: '2021-01-30',
        board: '民生热线',
        metric: 'replied',
        qualifier: 'exact',
        official_value: 8,
        archive_value: 8,
        difference: 0,
        ratio: 1,
        rule: 'replied_in_period',
      },
    ]);
  });
});
