/**
 * A POST request with a body, end to end on the simulator: queued in the frontier with its
 * method and body, sent as it is (the simulator's request log shows the body), stored with
 * its capture, not sent again after a `kill -9` and resume, and handed back to the adapter
 * by reextract.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/db.js';
import { runCrawl } from '../../src/crawl/crawler.js';
import { createLogger, setQuiet } from '../../src/crawl/log.js';
import { makeOriginMap } from '../../src/crawl/origins.js';
import { reextract } from '../../src/crawl/reextract.js';
import { requestKey, type PageRequest } from '../../src/model/request.js';
import { startSimulator, type Simulator } from '../../src/simulate/index.js';
import { REPO } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { killWhen } from '../helpers/kill.js';
import { ENDPOINT, postListBoard } from './post/board.js';

const CHILD = path.join(REPO, 'dist/test/e2e/post/child.js');
const FIDS = [1007, 539];
let sim: Simulator;
setQuiet(true);

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 11, threads: 20, wenzhengMessages: 5, liuyanMessages: 400, liuyanRequireCookie: false });
});
afterAll(() => sim.close());

const posts = () => sim.requests().filter((r) => r.method === 'POST');

describe('a POST request with a body', () => {
  it('round-trips through frontier, capture, resume after kill -9 and reextract', async () => {
    const db = path.join(tempDir(), 'wenzheng.sqlite');
    const child = spawn(process.execPath, [CHILD, db, sim.origins['people-liuyan']!, FIDS.join(',')], { stdio: 'ignore' });
    await killWhen(child, () => posts().length >= 6, { pollMs: 10 });

    const archive = await openArchive(db);
    try {
      const q = <T>(sql: string) => archive.sqlite.prepare(sql).all() as T[];
      const run1 = q<{ finished_at: string | null }>(`SELECT finished_at FROM crawl_run`);
      expect(run1).toEqual([{ finished_at: null }]); // it really died mid-run
      type CaptureRow = { url: string; method: string; request_body: string; request_key: string };
      const storedBefore = q<CaptureRow>(`SELECT url, method, request_body, request_key FROM capture`);
      expect(storedBefore.length).toBeGreaterThan(0);
      for (const c of storedBefore) {
        // Stored with the request it answers: the bare endpoint, the method, the body as sent.
        expect(c.url).toBe(ENDPOINT);
        expect(c.method).toBe('POST');
        expect(c.request_body).toMatch(/^fid=\d+&lastItem=\d+&pageSize=20$/);
        expect(c.request_key).toBe(`POST ${ENDPOINT} ${c.request_body}`);
      }
      // The simulator saw exactly these bodies (CONTRACT section 7: `body` as sent).
      const sentBodies = new Set(posts().map((r) => r.body));
      for (const c of storedBefore) expect(sentBodies.has(c.request_body)).toBe(true);
      const pending = q<{ key: string; method: string; body: string }>(`SELECT key, method, body FROM frontier WHERE state = 'pending'`);
      expect(pending.length).toBeGreaterThan(0);
      for (const f of pending) expect(f.key).toBe(`POST ${ENDPOINT} ${f.body}`);

      const seen = posts().length;
      const origins = makeOriginMap([['https://liuyan.people.com.cn', sim.origins['people-liuyan']!]]);
      const res = await runCrawl({ archive, sources: [postListBoard(FIDS)], origins, rate: 0, logger: createLogger('test') });
      expect(res.exitCode).toBe(0);
      expect(res.resumed).toBe(true);
      const resent = posts()
        .slice(seen)
        .filter((r) => storedBefore.some((c) => c.request_body === r.body));
      expect(resent).toEqual([]); // what the killed run stored is read back, not asked again

      // Every list page of both boards was asked for once, by its own body.
      const bodies = q<{ request_body: string }>(`SELECT request_body FROM capture ORDER BY id`).map((c) => c.request_body);
      expect(new Set(bodies).size).toBe(bodies.length);
      for (const fid of FIDS) expect(bodies).toContain(`fid=${fid}&lastItem=0&pageSize=20`);
      expect(q(`SELECT key FROM frontier WHERE state != 'done'`)).toEqual([]);
      const truthCount = sim.liuyan.published(null).filter((m) => FIDS.includes(m.fid)).length;
      expect(q<{ n: number }>(`SELECT count(*) AS n FROM message WHERE source_id = 'people-liuyan'`)[0]!.n).toBe(truthCount);

      // reextract hands each stored page back with the request it answered.
      const reread: PageRequest[] = [];
      const tally = await reextract(archive, { sources: [postListBoard(FIDS, reread)], all: true, logger: createLogger('test') });
      expect(tally['people-liuyan']!.failures).toEqual([]);
      expect(reread.map((r) => [r.method, r.body])).toEqual(bodies.map((b) => ['POST', b]));
      expect(reread.map(requestKey)).toEqual(bodies.map((b) => `POST ${ENDPOINT} ${b}`));
    } finally {
      await archive.close();
    }
  });
});
