/**
 * Thread of the snapshot bench's read-only floor (snapshot.ts, `readOnly`): reads every row of
 * the replies and captures files' queries, as the snapshot's table worker does, and writes
 * nothing. Posts the number of rows read.
 */
import { parentPort, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { sourcesInIdOrder, CAPTURE_ROWS_SQL, REPLY_ROWS_SQL } from '../../src/publish/tables.js';

const sqlite = new SqliteDatabase((workerData as { db: string }).db, { readonly: true, fileMustExist: true });
sqlite.pragma('cache_size = -2000');
let rows = 0;
const replies = sqlite.prepare(REPLY_ROWS_SQL).raw(true);
for (const source of sourcesInIdOrder(sqlite)) for (const _ of replies.iterate(source)) rows++;
for (const _ of sqlite.prepare(CAPTURE_ROWS_SQL).raw(true).iterate()) rows++;
sqlite.close();
parentPort!.postMessage(rows);
