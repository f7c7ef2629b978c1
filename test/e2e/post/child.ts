/** `node child.js <db> <sim base> <fids>`: crawls the POST board (the parent kills it with -9). */
import { openArchive } from '../../../src/archive/db.js';
import { runCrawl } from '../../../src/crawl/crawler.js';
import { createLogger, setQuiet } from '../../../src/crawl/log.js';
import { makeOriginMap } from '../../../src/crawl/origins.js';
import { postListBoard } from './board.js';

const [db, base, fids] = process.argv.slice(2) as [string, string, string];
setQuiet(true);
const archive = await openArchive(db);
const origins = makeOriginMap([['https://liuyan.people.com.cn', base]]);
await runCrawl({ archive, sources: [postListBoard(fids.split(',').map(Number))], origins, rate: 10, concurrency: 1, logger: createLogger('child') });
await archive.close();
