import { afterEach, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/archive/db.js';
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
});
