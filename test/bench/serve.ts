/**
 * Stage serve: search answer times of `wenzheng serve` over the snapshot stage's generated
 * archive (N messages, N replies, realistic text: the snapshot stage's own archive when it ran
 * in the same bench, else one generated here), through HTTP on 127.0.0.1 as a browser or a
 * script would ask: `GET /api/messages?q=...` with and without filters, each query asked
 * `rounds` times after its first (cold) asking. Nothing is cached between requests (no result
 * or count cache: each answer is computed anew), so repeats differ from the first only by what
 * SQLite and the OS already hold in memory. The figure is the median over the repeats; every
 * query's own median, first-asking time and hit count are kept beside it.
 */
import path from 'node:path';
import { openReadOnly } from '../../src/archive/read-only.js';
import { startServe } from '../../src/serve/server.js';
import { log, median, round, runChild, type ChildOptions } from './measure.js';

/**
 * Substrings of 3+ characters from the generated text (see snapshot.ts: every body draws on the
 * same twelve sentences, so plain words match about a third to a half of all messages, the worst
 * case for counting and sorting hits), alone, combined and with filters.
 */
const QUERIES = [
  'q=道路破损',
  'q=新生儿医保',
  'q=交警疏导&sort=oldest',
  'q=工资被拖欠',
  'q=遮雨棚损坏&status=replied',
  'q=已纳入今年的道路维修计划',
  'q=油烟扰民&department=17',
  'q=物业 推诿',
  'q=12345市民服务热线&page=20',
  'q=不存在的一句话',
];

interface MeasureArgs {
  db: string;
  rounds: number;
}

/** Asks every query `rounds` times (after one warm-up each) of a server over the archive. */
async function measure(args: MeasureArgs): Promise<{ queries: ServeFigures['queries']; all: number[] }> {
  const archive = await openReadOnly(args.db);
  const served = await startServe(archive, { host: '127.0.0.1', port: 0 });
  try {
    const queries: ServeFigures['queries'] = [];
    const all: number[] = [];
    for (const q of QUERIES) {
      const url = `${served.url}/api/messages?${q.replace(/[^\x20-\x7e]+/g, encodeURIComponent)}`;
      const ask = async () => {
        const start = performance.now();
        const res = await fetch(url);
        const body = (await res.json()) as { total: number };
        if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
        return { ms: performance.now() - start, total: body.total };
      };
      const cold = await ask();
      const times: number[] = [];
      for (let i = 0; i < args.rounds; i++) times.push((await ask()).ms);
      all.push(...times);
      queries.push({ query: q, total: cold.total, medianMs: round(median(times), 1), coldMs: round(cold.ms, 1) });
    }
    return { queries, all };
  } finally {
    await served.close();
    archive.close();
  }
}

export const tasks = { measure };

export interface ServeFigures {
  searchMedianMs: number;
  /** The median of the queries' first askings (each query asked once, nothing cached). */
  searchColdMedianMs: number;
  messages: number;
  replies: number;
  queries: { query: string; total: number; medianMs: number; coldMs: number }[];
  /** Seconds spent generating the archive here; absent when the snapshot stage's was reused. */
  generateSeconds?: number;
  /** Whether the archive was the snapshot stage's (same generator, same size). */
  reusedSnapshotArchive: boolean;
}

/**
 * Measures search on the snapshot stage's archive `reuse` when given (it only reads it), else
 * on one the snapshot stage's generator fills in `dir` first (in a child, like every measured
 * task).
 */
export async function serveStage(
  dir: string,
  size: { messages: number; replies: number },
  rounds: number,
  prof: ChildOptions = {},
  reuse?: string,
): Promise<ServeFigures> {
  let db = reuse;
  let generateSeconds: number | undefined;
  if (db === undefined) {
    db = path.join(dir, 'wenzheng.sqlite');
    generateSeconds = round((await runChild<{ seconds: number; bytes: number }>('snapshot.generate', { db, ...size })).result.seconds, 1);
    log(`  generated ${size.messages} messages and ${size.replies} replies (search index included) in ${generateSeconds} s`);
  } else log(`  searching the snapshot stage's archive (${size.messages} messages and ${size.replies} replies)`);
  const { queries, all } = (await runChild<{ queries: ServeFigures['queries']; all: number[] }>('serve.measure', { db, rounds } satisfies MeasureArgs, prof)).result;
  for (const q of queries) log(`  ${q.query}: ${q.total} hits, median ${q.medianMs} ms, first asking ${q.coldMs} ms`);
  return {
    searchMedianMs: round(median(all), 1),
    searchColdMedianMs: round(median(queries.map((q) => q.coldMs)), 1),
    messages: size.messages,
    replies: size.replies,
    queries,
    ...(generateSeconds === undefined ? {} : { generateSeconds }),
    reusedSnapshotArchive: reuse !== undefined,
  };
}
