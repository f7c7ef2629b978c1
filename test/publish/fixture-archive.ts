/**
 * The archive most publish tests share: two boards, ids chosen to exercise the id order
 * ("29" sorts after "290" and "2900" once ":" follows), answered and unanswered messages,
 * forum posts by citizens, personal numbers in text, and the May 2019 report of 《民生热线》.
 */
import type { SqliteArchive as Archive } from '../../src/archive/db.js';
import { crawlRun, freshArchive, mayReport, message, MINSHENG, REPORTS, reply, store, WENZHENG } from './archive-builder.js';

export const FIRST_CRAWL_END = '2019-06-08T12:00:00+08:00';

/** Builds the shared archive (one crawl run, finished at FIRST_CRAWL_END). */
export async function buildFixtureArchive(): Promise<Archive> {
  const archive = await freshArchive();
  const runId = await crawlRun(archive, '2019-06-08T10:00:00+08:00', FIRST_CRAWL_END);
  const at = '2019-06-08T11:00:00+08:00';
  await store(
    archive,
    MINSHENG,
    {
      messages: [message('4657001', { body: '联系电话13812345678,身份证号420106199001011234。', status: 'replied', statusRaw: '已回复' })],
      replies: [
        reply('4657001', '9000002', { repliedAt: '2019-05-10T15:00:00+08:00' }),
        reply('4657001', '9000003', { official: false, author: '热心市民老王', department: null, body: '顶,"同问",再问一次', floor: 3 }),
      ],
    },
    at,
    runId,
  );
  await store(archive, MINSHENG, { messages: [message('4657002', { postedAt: '2019-05-20T08:00:00+08:00', department: '襄阳市樊城区行政审批局', category: '行政管理' })] }, at, runId);
  await store(
    archive,
    MINSHENG,
    {
      messages: [message('4657003', { postedAt: '2019-04-28T20:00:00+08:00', title: '多行\n正文', department: '郧西县夹河镇政府办', status: 'replied' })],
      replies: [reply('4657003', '9000010', { department: '郧西县夹河镇政府办', author: '郧西县夹河镇政府办', repliedAt: '2019-05-08T20:00:00+08:00' })],
    },
    at,
    runId,
  );
  for (const id of ['2900', '290', '29']) {
    const wz = message(id, {
      url: `http://api.wz.cnhubei.com/html/detail/${id}.html`,
      board: '荆楚问政',
      department: '潜江市人民政府',
      category: null,
      postedAt: '2019-05-15T10:00:00+08:00',
      status: id === '290' ? 'pending' : 'replied',
    });
    const replies = id === '290' ? [] : [reply(id, 'r1', { department: '潜江市人民政府', author: '潜江市人民政府', repliedAt: '2019-05-16T10:00:00+08:00', floor: null }), reply(id, 'r2', { department: '潜江市人民政府', author: '潜江市人民政府', repliedAt: '2019-05-17T10:00:00+08:00', floor: null })];
    await store(archive, WENZHENG, { messages: [wz], replies }, at, runId);
  }
  await store(archive, REPORTS, { reports: [mayReport(177, 157)] }, at, runId);
  return archive;
}
