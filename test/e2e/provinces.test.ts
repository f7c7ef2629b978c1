/**
 * The two provincial boards (sun0769, rednet-hunan) crawled from the simulator over real HTTP
 * for three simulated days with 10% faults: the archive equals the truth, the addressed unit of
 * a 阳光问政 message is kept apart from the unit that answered, and no citizen's phone number
 * from a 问政湖南 answer is stored anywhere (rows or raw bodies).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type SqliteArchive as Archive } from '../../src/archive/db.js';
import { getRaw } from '../../src/archive/raw-store.js';
import { runCrawl } from '../../src/crawl/crawler.js';
import { createLogger, setQuiet } from '../../src/crawl/log.js';
import { parseOrigins } from '../../src/crawl/origins.js';
import { startSimulator, type Simulator, type Truth } from '../../src/simulate/index.js';
import { ADAPTERS, findAdapter } from '../../src/sources/index.js';
import { compareWithTruth } from '../helpers/sim-compare.js';
import { tempDir } from '../helpers/tmp.js';

setQuiet(true);
const IDS = ['sun0769', 'rednet-hunan'];
const SOURCES = IDS.map((id) => findAdapter(id)!);

let sim: Simulator;
let archive: Archive;
beforeAll(async () => {
  sim = await startSimulator({
    port: 0,
    seed: 21,
    threads: 10,
    wenzhengMessages: 0,
    sunMessages: 60,
    rednetMessages: 60,
    faults: 0.1,
    faultKinds: ['500', '502', '503', 'slow', 'drop', 'truncate', '429'],
    slowMs: 1500,
  });
  archive = await openArchive(path.join(tempDir(), 'wenzheng.sqlite'));
});
afterAll(async () => {
  await archive?.close();
  await sim?.close();
});

const crawl = () =>
  runCrawl({
    archive,
    sources: SOURCES,
    origins: parseOrigins(IDS.map((id) => `${id}=${sim.origins[id]}`), ADAPTERS),
    rate: 0,
    timeoutMs: 1000,
    maxRetries: 5,
    logger: createLogger('test'),
  });

/** The truth of the two boards only (the simulator serves the Hubei boards too). */
async function truth(): Promise<Truth> {
  const t = (await (await fetch(`${sim.url}/__sim/truth`)).json()) as Truth;
  return { ...t, messages: t.messages.filter((m) => IDS.includes(m.source)), deleted: [] };
}

describe('sun0769 and rednet-hunan on the simulator', () => {
  it('three days with faults end equal to the truth, phone numbers never stored', async () => {
    for (let day = 0; day < 3; day++) {
      expect((await crawl()).exitCode).toBe(0);
      await fetch(`${sim.url}/__sim/advance?hours=24`, { method: 'POST' });
    }
    expect((await crawl()).exitCode).toBe(0);
    const t = await truth();
    expect(t.messages.filter((m) => m.source === 'sun0769').length).toBeGreaterThan(60);
    expect(t.messages.filter((m) => m.source === 'rednet-hunan' && m.status === 'replied').length).toBeGreaterThan(10);
    expect(await compareWithTruth(archive, t)).toEqual([]);

    // The list of a JSON-POST board was asked for by POST with its body, page after page.
    const posts = sim.requests().filter((r) => r.method === 'POST' && r.url.includes('/front/msg/index'));
    expect(posts.length).toBeGreaterThan(3);
    expect(posts.every((r) => typeof r.body === 'string' && JSON.parse(r.body).pageNum === 10)).toBe(true);

    // 阳光问政: the addressed unit is the message's department; the answering unit its reply's.
    const apart = await archive.db
      .selectFrom('message')
      .innerJoin('reply', 'reply.messageId', 'message.id')
      .innerJoin('department as addressed', 'addressed.id', 'message.departmentId')
      .innerJoin('department as answered', 'answered.id', 'reply.departmentId')
      .select(['addressed.name as addressed', 'answered.name as answered'])
      .where('message.sourceId', '=', 'sun0769')
      .execute();
    expect(apart.length).toBeGreaterThan(0);
    expect(apart.some((r) => r.addressed !== r.answered)).toBe(true);

    // No phone number of the rednet answers anywhere: not in rows, not in raw bodies.
    const phones = sim.rednet.messages.map((m) => m.phone);
    const rows = await archive.db.selectFrom('message').select(['title', 'body']).where('sourceId', '=', 'rednet-hunan').execute();
    const replies = await archive.db.selectFrom('reply').select(['body']).execute();
    const texts = [...rows.flatMap((r) => [r.title, r.body]), ...replies.map((r) => r.body)].join('\n');
    const caps = await archive.db.selectFrom('capture').select(['sha256', 'url']).execute();
    const raw = caps.filter((c) => c.url.startsWith('https://wzapi.rednet.cn')).map((c) => getRaw(archive.rawDir, c.sha256).toString('utf8'));
    expect(raw.length).toBeGreaterThan(60);
    // The answers were stored, their phone fields masked where they stand.
    expect(raw.some((b) => /"mobile":"1\d\d\*{4}\d{4}"/.test(b))).toBe(true);
    for (const p of phones) {
      expect(texts.includes(p), `phone ${p} in archived text`).toBe(false);
      expect(raw.some((b) => b.includes(p)), `phone ${p} in a stored raw body`).toBe(false);
    }
  });
});
