/**
 * Thread of the snapshot bench's read-only floor (snapshot.ts, `readOnly`): reads every row of
 * the replies and captures files' queries, as the snapshot's table worker does, and writes
 * nothing. Posts the number of rows read.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SnapshotRead } from '../../src/archive/snapshot-read.js';
import { sourcesInIdOrder } from '../../src/publish/tables.js';

const read = SnapshotRead.open((workerData as { db: string }).db);
let rows = 0;
for (const source of sourcesInIdOrder(read)) for (const _ of read.replyRows(source)) rows++;
for (const _ of read.captureRows()) rows++;
read.close();
parentPort!.postMessage(rows);
