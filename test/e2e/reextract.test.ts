/**
 * Re-extraction and provenance: rebuilding from raw captures gives the crawled rows back,
 * a new extractor version rewrites exactly what it changes, a corrupt body is reported and
 * skipped, and every published message points at a stored page that contains it.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type SqliteArchive as Archive } from '../../src/archive/db.js';
import { compareFingerprints, recordFingerprints } from '../../src/archive/fingerprints.js';
import { getRaw, rawPath } from '../../src/archive/raw-store.js';
import { recordsBefore } from '../../src/archive/records-before.js';
import { runCrawl } from '../../src/crawl/crawler.js';
import { createLogger, setQuiet } from '../../src/crawl/log.js';
import { parseOrigins } from '../../src/crawl/origins.js';
import { reextract } from '../../src/crawl/reextract.js';
import { decodeBody } from '../../src/extract/charset.js';
import { writeSnapshot } from '../../src/publish/snapshot.js';
import { SIM_ORIGINS, startSimulator, type Simulator } from '../../src/simulate/index.js';
import { ADAPTERS, findAdapter } from '../../src/sources/index.js';
import type { SourceAdapter } from '../../src/sources/types.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

setQuiet(true);
const logger = createLogger('test');
let sim: Simulator;
let crawledDir: string;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 23, threads: 60, wenzhengMessages: 20 });
  crawledDir = tempDir();
  const archive = await openArchive(path.join(crawledDir, 'wenzheng.sqlite'));
  const origins = parseOrigins(Object.entries(sim.origins).map(([k, v]) => `${k}=${v}`), ADAPTERS);
  const sources = ADAPTERS.filter((a) => a.id in SIM_ORIGINS); // the boards the simulator serves
  for (let day = 0; day < 2; day++) {
    expect((await runCrawl({ archive, sources, origins, rate: 0, logger })).exitCode).toBe(0);
    await fetch(`${sim.url}/__sim/advance?hours=24`, { method: 'POST' });
  }
  archive.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  await archive.close();
});
afterAll(() => sim.close());

/** A copy of the crawled archive folder (raw store included). */
async function copyOfCrawl(): Promise<Archive> {
  const dir = tempDir();
  cpSync(crawledDir, dir, { recursive: true });
  return openArchive(path.join(dir, 'wenzheng.sqlite'));
}

/** Every row of the record tables, keyed by natural keys rather than row ids. */
async function records(a: Archive) {
  const q = (sql: string) => a.sqlite.prepare(sql).all();
  return {
    messages: q(`SELECT m.source_id, m.external_id, m.url, m.title, m.body, m.author_hash, m.board, d.canonical_name AS department,
                        m.category, m.status, m.status_raw, m.posted_at, m.first_reply_at, m.reply_count, m.board_reply_count,
                        m.views, m.satisfaction, m.last_post_at, m.page_count, m.gone_at, m.first_seen_at, m.last_seen_at,
                        m.last_changed_at, m.capture_id, m.extractor_version
                   FROM message m LEFT JOIN department d ON d.id = m.department_id ORDER BY 1, 2`),
    replies: q(`SELECT m.source_id, m.external_id AS message, r.external_id, d.canonical_name AS department, r.author_hash, r.body,
                       r.replied_at, r.official, r.floor, r.capture_id, r.extractor_version, r.first_seen_at
                  FROM reply r JOIN message m ON m.id = r.message_id LEFT JOIN department d ON d.id = r.department_id ORDER BY 1, 2, 3`),
    observations: q(`SELECT m.source_id, m.external_id, o.observed_at, o.status, o.reply_count, o.run_id
                       FROM message_observation o JOIN message m ON m.id = o.message_id ORDER BY 1, 2, 3, 4, 5`),
    reports: q(`SELECT source_id, external_id, url, title, kind, published_at, period_start, period_end, content_hash, capture_id
                  FROM report ORDER BY 1, 2`),
    figures: q(`SELECT r.external_id, f.metric, f.value, f.unit, f.qualifier, f.board, f.region, f.category, f.as_of, f.of_metric, f.text
                  FROM report_figure f JOIN report r ON r.id = f.report_id ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11`),
    items: q(`SELECT r.external_id, i.position, i.url, m.external_id AS message, i.posted_on, i.headline, i.board, i.message, i.reply
                FROM report_item i JOIN report r ON r.id = i.report_id LEFT JOIN message m ON m.id = i.message_id ORDER BY 1, 2`),
  };
}

describe('reextract', () => {
  it('rebuilds emptied message, reply and report tables row for row', async () => {
    const a = await copyOfCrawl();
    try {
      const before = await records(a);
      expect(before.messages.length).toBeGreaterThan(50);
      expect(before.items.length).toBeGreaterThan(0);
      for (const t of ['report_item', 'report_figure', 'report', 'message_observation', 'reply', 'message']) {
        a.sqlite.prepare(`DELETE FROM ${t}`).run();
      }
      const res = await reextract(a, { sources: ADAPTERS, logger });
      for (const t of Object.values(res)) expect(t.failures).toEqual([]);
      expect(res['cnhubei-minsheng']!.captures).toBeGreaterThan(0);
      expect(await records(a)).toEqual(before);
    } finally {
      await a.close();
    }
  });

  it('a new extractor version rewrites exactly the rows whose extraction changed', async () => {
    const a = await copyOfCrawl();
    try {
      const before = await records(a);
      const base = findAdapter('cnhubei-minsheng')!;
      const target = (before.messages.find((m: any) => m.source_id === 'cnhubei-minsheng') as any).external_id as string;
      const changed: SourceAdapter = {
        ...base,
        version: `${base.version}-test`,
        parse(page) {
          const x = base.parse(page);
          for (const m of x.messages) if (m.externalId === target) m.category = '测试分类';
          return x;
        },
      };
      const res = await reextract(a, { sources: [changed], logger });
      expect(res['cnhubei-minsheng']!.messages.changed).toBe(1);
      const after = await records(a);
      const diff = after.messages.filter((m, i) => JSON.stringify(m) !== JSON.stringify(before.messages[i]));
      expect(diff.map((m: any) => [m.external_id, m.category, m.extractor_version])).toEqual([[target, '测试分类', `${base.version}-test`]]);
      expect(after.replies).toEqual(before.replies);
      expect(after.reports).toEqual(before.reports);
      // Done once: a second run finds nothing left to do.
      const again = await reextract(a, { sources: [changed], logger });
      expect(again['cnhubei-minsheng']!.captures).toBe(0);
    } finally {
      await a.close();
    }
  });

  it('reextract --all on an archive it would not change reports nothing new and nothing changed, record by record', async () => {
    const a = await copyOfCrawl();
    const file = a.file;
    const count = (sql: string) => a.sqlite.prepare(sql).pluck().get() as number;
    const messages = count(`SELECT count(*) FROM message WHERE source_id = 'cnhubei-minsheng'`);
    const replies = count(`SELECT count(*) FROM reply r JOIN message m ON m.id = r.message_id WHERE m.source_id = 'cnhubei-minsheng'`);
    // Messages captured more than once: replaying their older pages rewrites them on the way.
    expect(count(`SELECT count(*) FROM (SELECT request_key FROM capture GROUP BY request_key HAVING count(*) > 1)`)).toBeGreaterThan(0);
    await a.close();
    const res = await runCli(['--db', file, 'reextract', '--all', '--format', 'json']);
    expect(res.code, res.stderr).toBe(0);
    const tally = JSON.parse(res.stdout) as Record<string, { captures: number; messages: Record<string, number>; replies: Record<string, number>; reports: Record<string, number> }>;
    for (const [id, t] of Object.entries(tally)) {
      for (const k of ['messages', 'replies', 'reports'] as const) expect([id, k, t[k]!.new, t[k]!.changed]).toEqual([id, k, 0, 0]);
    }
    expect(tally['cnhubei-minsheng']!.captures).toBeGreaterThan(messages);
    expect(tally['cnhubei-minsheng']!.messages.unchanged).toBe(messages);
    expect(tally['cnhubei-minsheng']!.replies.unchanged).toBe(replies);
  });

  it('a page the new extractor cannot read is reported and noted on its capture; what is stored from it stays', async () => {
    const a = await copyOfCrawl();
    try {
      const before = await records(a);
      const base = findAdapter('cnhubei-minsheng')!;
      const bad = a.sqlite.prepare(`SELECT id, url FROM capture WHERE source_id = 'cnhubei-minsheng' AND url LIKE '%thread-%' ORDER BY id LIMIT 1 OFFSET 3`).get() as { id: number; url: string };
      const broken: SourceAdapter = {
        ...base,
        version: `${base.version}-broken`,
        parse(page) {
          if (page.url === bad.url) throw new Error('no #postlist on this page');
          return base.parse(page);
        },
      };
      const res = await reextract(a, { sources: [broken], all: true, logger });
      const t = res['cnhubei-minsheng']!;
      expect(t.failures.map((f) => [f.url, f.error])).toEqual([[bad.url, 'no #postlist on this page']]);
      expect(a.sqlite.prepare('SELECT parse_error FROM capture WHERE id = ?').pluck().get(bad.id)).toBe('no #postlist on this page');
      // The pages around it were stored in the same batches; nothing already stored is lost.
      const after = await records(a);
      expect(after.messages.map((m: any) => [m.source_id, m.external_id])).toEqual(before.messages.map((m: any) => [m.source_id, m.external_id]));
      expect(after.replies.length).toBe(before.replies.length);
      const marked = a.sqlite.prepare(`SELECT count(*) FROM capture WHERE source_id = 'cnhubei-minsheng' AND extractor_version = ?`).pluck().get(broken.version) as number;
      expect(marked).toBe(t.captures - 1);
    } finally {
      await a.close();
    }
  });

  it('what changed is counted record by record, in SQL on SQLite as by fingerprints elsewhere; bookkeeping is no change', async () => {
    const a = await copyOfCrawl();
    try {
      const S = 'cnhubei-minsheng';
      const run = (sql: string) => a.sqlite.prepare(sql).run(S);
      const count = (sql: string) => a.sqlite.prepare(sql).pluck().get(S) as number;
      const messages = count(`SELECT count(*) FROM message WHERE source_id = ?`);
      const replies = count(`SELECT count(*) FROM reply r JOIN message m ON m.id = r.message_id WHERE m.source_id = ?`);
      const before = await recordsBefore(a, S);
      const fingerprints = await recordFingerprints(a.db, S);
      const first = `(SELECT min(id) FROM message WHERE source_id = ?)`;
      run(`UPDATE message SET title = title || '（续）' WHERE id = ${first}`);
      run(`UPDATE message SET views = coalesce(views, 0) + 1 WHERE id = (SELECT id FROM message WHERE source_id = ? ORDER BY id LIMIT 1 OFFSET 1)`);
      run(`UPDATE message SET last_seen_at = '2030-01-01T00:00:00+08:00', capture_id = NULL WHERE source_id = ?`);
      const reply = `(SELECT min(r.id) FROM reply r JOIN message m ON m.id = r.message_id WHERE m.source_id = ?)`;
      run(`UPDATE reply SET body = body || '。' WHERE id = ${reply}`);
      run(`UPDATE reply SET capture_id = NULL, extractor_version = 'x' WHERE id IN (SELECT r.id FROM reply r JOIN message m ON m.id = r.message_id WHERE m.source_id = ?)`);
      run(`INSERT INTO reply (message_id, external_id, body, official, first_seen_at) SELECT message_id, 'added', '新的回复', 0, first_seen_at FROM reply WHERE id = ${reply}`);
      const got = await before.compare();
      expect(got).toEqual({
        messages: { new: 0, changed: 2, unchanged: messages - 2 },
        replies: { new: 1, changed: 1, unchanged: replies - 1 },
        reports: { new: 0, changed: 0, unchanged: 0 },
      });
      const after = await recordFingerprints(a.db, S);
      expect(got).toEqual({
        messages: compareFingerprints(fingerprints.messages, after.messages),
        replies: compareFingerprints(fingerprints.replies, after.replies),
        reports: compareFingerprints(fingerprints.reports, after.reports),
      });
      expect(a.sqlite.prepare(`SELECT count(*) FROM temp.sqlite_master`).pluck().get()).toBe(0);
    } finally {
      await a.close();
    }
  });

  it('a corrupt raw body: verify names it (sha256 and URL), reextract skips it with a clear message', async () => {
    const a = await copyOfCrawl();
    const cap = a.sqlite.prepare(`SELECT sha256, url FROM capture WHERE url LIKE '%thread-%' ORDER BY id LIMIT 1`).get() as { sha256: string; url: string };
    const file = rawPath(a.rawDir, cap.sha256);
    writeFileSync(file, readFileSync(file).subarray(0, 20)); // truncated gzip
    await a.close();
    const verify = await runCli(['verify', '--db', a.file]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain(cap.sha256);
    expect(verify.stdout).toContain(cap.url);
    const re = await runCli(['reextract', '--all', '--db', a.file]);
    expect(re.code).toBe(3);
    expect(re.stdout).toContain(cap.url);
    expect(re.stdout).toMatch(/corrupt/);
  });
});

describe('provenance', () => {
  it('every published message row points at a stored page whose extraction contains it', async () => {
    const a = await copyOfCrawl();
    try {
      const snap = await writeSnapshot(a, { outDir: path.join(a.dir, 'snapshots'), date: '2021-03-03' });
      const captures = new Map<string, string>();
      for (const line of readFileSync(path.join(snap.dir, 'captures.csv'), 'utf8').split('\n').slice(1)) {
        const [sha, url] = line.replace(/^\uFEFF/, '').split(',');
        if (sha && url) captures.set(sha, url);
      }
      const rows = readFileSync(path.join(snap.dir, 'messages.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(rows.length).toBeGreaterThan(50);
      for (const row of rows) {
        const url = captures.get(row.capture_sha256);
        expect(url, row.message_id).toBeDefined();
        const adapter = findAdapter(row.source)!;
        const x = adapter.parse({ url: url!, body: decodeBody(getRaw(a.rawDir, row.capture_sha256)) });
        expect(x.messages.map((m) => m.externalId), row.message_id).toContain(row.external_id);
      }
    } finally {
      await a.close();
    }
  });
});
