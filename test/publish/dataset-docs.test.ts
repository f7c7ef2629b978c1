import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqliteArchive as Archive } from '../../src/archive/db.js';
import { writeSnapshot } from '../../src/publish/snapshot.js';
import { tempDir } from '../helpers/tmp.js';
import { buildFixtureArchive } from './fixture-archive.js';

let archive: Archive;
let readme: string;
let citation: string;

beforeAll(async () => {
  archive = await buildFixtureArchive();
  const dir = (await writeSnapshot(archive, { outDir: tempDir('wz-docs-'), date: '2019-06-10' })).dir;
  readme = readFileSync(path.join(dir, 'README.md'), 'utf8');
  citation = readFileSync(path.join(dir, 'CITATION.cff'), 'utf8');
});
afterAll(async () => {
  await archive.close();
});

describe('the snapshot README.md and CITATION.cff', () => {
  it('README says which boards, how many messages, which period and which crawl runs', () => {
    // The fixture: three 民生热线 threads (one official reply on two of them), three 荆楚问政 messages.
    expect(readme).toContain('| 荆楚网《民生热线》 | `cnhubei-minsheng` | http://bbs.cnhubei.com | 3 | 2 | 2019-04-28 to 2019-05-20 |');
    expect(readme).toContain('| 荆楚网《荆楚问政》 | `cnhubei-wenzheng` | http://api.wz.cnhubei.com | 3 | 4 | 2019-05-15 to 2019-05-15 |');
    expect(readme).toContain('messages posted 2019-04-28 to 2019-05-20');
    expect(readme).toContain('1 crawl run from 2019-06-08T10:00:00+08:00 to 2019-06-08T12:00:00+08:00');
    expect(readme).toMatch(/Data as of 2019-06-08T12:00:00\+08:00/);
    expect(readme).toMatch(/fileEncoding = 'UTF-8-BOM'/);
    expect(readme).toContain('ODC-BY');
  });

  it('CITATION.cff names the data set, its version, licence and the tool', () => {
    expect(citation).toMatch(/^cff-version: 1\.2\.0\n/);
    expect(citation).toContain('type: dataset\n');
    expect(citation).toContain('version: "2019-06-10"\n');
    expect(citation).toContain('license: ODC-By-1.0\n');
    expect(citation).toMatch(/title: "wenzheng open-data snapshot 2019-06-10: .*问政 boards"/);
    expect(citation).toMatch(/    title: "wenzheng"\n    version: "\d+\.\d+\.\d+"/);
  });
});
