/**
 * The snapshot's README.md (what it covers: boards, period, crawl runs and their failures,
 * the tool version, licence, how to load and cite it) and CITATION.cff (Citation File Format
 * 1.2.0). Both come from the archive only (no clock, no host name), so the same archive and
 * date give the same bytes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BoardSpan, CrawlRunRecord } from '../archive/dataset-reads.js';
import { LICENSE } from './datapackage.js';

/** What the two documents are made from. */
export interface DatasetFacts {
  date: string;
  /** The archive's as-of time (end of the last crawl). */
  asOf: string;
  boards: BoardSpan[];
  runs: CrawlRunRecord[];
  /** The snapshot's other files, as written so far. */
  files: { path: string; bytes: number }[];
}

/** wenzheng's version, from its package.json (this file is src/publish/ or dist/src/publish/). */
export function toolVersion(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const up = here.includes(`${path.sep}dist${path.sep}`) ? '../../..' : '../..';
  return (JSON.parse(readFileSync(path.resolve(here, up, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The SPDX id of the data licence (CFF wants SPDX spelling). */
const SPDX_LICENSE = 'ODC-By-1.0';
const TITLE = (date: string) => `wenzheng open-data snapshot ${date}: messages and replies of Chinese government 问政 boards`;

/** The data period: first and last posting day over all boards, or null. */
function period(boards: BoardSpan[]): [string, string] | null {
  const first = boards.map((b) => b.firstPostedAt).filter((t): t is string => !!t).sort()[0];
  const last = boards.map((b) => b.lastPostedAt).filter((t): t is string => !!t).sort().pop();
  return first && last ? [first.slice(0, 10), last.slice(0, 10)] : null;
}

const yamlString = (s: string) => JSON.stringify(s);

/** CITATION.cff of the snapshot. */
export function citationText(f: DatasetFacts): string {
  const span = period(f.boards);
  const boards = f.boards.map((b) => b.name ?? b.source).join(', ');
  return [
    'cff-version: 1.2.0',
    'message: "If you use this data set, please cite it as below."',
    'type: dataset',
    `title: ${yamlString(TITLE(f.date))}`,
    `version: ${yamlString(f.date)}`,
    `date-released: ${yamlString(f.date)}`,
    'authors:',
    '  - name: "wenzheng archive maintainers"',
    `license: ${SPDX_LICENSE}`,
    `abstract: ${yamlString(
      `Messages posted to ${boards}${span ? ` from ${span[0]} to ${span[1]}` : ''}, with replies, status history, ` +
        `departments and checks of official report figures, archived by wenzheng ${toolVersion()} (data as of ${f.asOf}).`,
    )}`,
    'keywords:',
    ...['问政', 'government responsiveness', 'online petitions', 'China', 'open data'].map((k) => `  - ${yamlString(k)}`),
    'references:',
    '  - type: software',
    '    title: "wenzheng"',
    `    version: ${yamlString(toolVersion())}`,
    '    authors:',
    '      - name: "wenzheng contributors"',
    '    license: MIT',
    '',
  ].join('\n');
}

/** README.md of the snapshot. */
export function snapshotReadmeText(f: DatasetFacts): string {
  const span = period(f.boards);
  const runs = f.runs;
  const failedRuns = runs.filter((r) => r.exitCode !== 0);
  const out = [
    `# ${TITLE(f.date)}`,
    '',
    `Data as of ${f.asOf} (the end of the archive's last crawl). Compiled by wenzheng ${toolVersion()}. ` +
      `Period: ${span ? `messages posted ${span[0]} to ${span[1]}` : 'no posting times'}.`,
    '',
    `本快照收录问政平台留言及回复,数据截至 ${f.asOf}。`,
    '',
    '## Boards 版块',
    '',
    '| board | source | URL | messages | official replies | posted | first seen | last seen |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...f.boards.map(
      (b) =>
        `| ${b.name ?? b.source} | \`${b.source}\` | ${b.baseUrl ?? ''} | ${b.messages} | ${b.replies} | ` +
        `${b.firstPostedAt?.slice(0, 10) ?? ''} to ${b.lastPostedAt?.slice(0, 10) ?? ''} | ${b.firstSeenAt.slice(0, 10)} | ${b.lastSeenAt.slice(0, 10)} |`,
    ),
    '',
    'Per board and day, `coverage.csv` gives the messages held, their id range, the ids missing between them and the pages still failing: read it before treating counts as complete.',
    '',
    '## Crawl runs 抓取记录',
    '',
    runs.length
      ? `${runs.length} crawl run${runs.length === 1 ? '' : 's'} from ${runs[0]!.startedAt} to ${runs[runs.length - 1]!.finishedAt ?? runs[runs.length - 1]!.startedAt}; ` +
        `${runs.reduce((n, r) => n + r.requests, 0)} requests, ${runs.reduce((n, r) => n + r.failed, 0)} pages failed (retried by later runs), ` +
        `${failedRuns.length} runs ended with a non-zero exit code (3: some pages failed, 4: blocked by the site).`
      : 'No crawl runs recorded.',
    '',
  ];
  if (runs.length) {
    const shown = runs.slice(-20);
    out.push(
      runs.length > shown.length ? `The last ${shown.length}:` : 'All runs:',
      '',
      '| run | started | finished | boards | requests | new messages | changed | new replies | failed | blocked | exit |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ...shown.map(
        (r) =>
          `| ${r.id} | ${r.startedAt} | ${r.finishedAt ?? 'unfinished'} | ${r.sources.replace(/,/g, ', ')} | ${r.requests} | ${r.newMessages} | ${r.changedMessages} | ${r.newReplies} | ${r.failed} | ${r.blocked} | ${r.exitCode ?? ''} |`,
      ),
      '',
    );
  }
  out.push(
    '## Files 文件',
    '',
    ...f.files.map((file) => `- \`${file.path}\` (${file.bytes} bytes)`),
    '- `README.md`, `CITATION.cff`: this file, and how to cite the data set',
    '- `datapackage.json`: the Frictionless Data Package descriptor',
    '',
    'Every file and column is described, in English and Chinese, in `codebook.md`; `datapackage.json` is the Frictionless Data Package ' +
      'descriptor (sizes, sha256, Table Schemas).',
    '',
    '## Loading 读取',
    '',
    'CSV files are UTF-8 with a byte order mark (Excel opens them with Chinese intact); each has a JSON Lines twin with the same rows. ' +
      'messages, replies and observations are also in Parquet.',
    '',
    '```',
    "pandas:  pd.read_csv('messages.csv')            # or pd.read_parquet('messages.parquet')",
    "R:       read.csv('messages.csv', fileEncoding = 'UTF-8-BOM')   # or arrow::read_parquet('messages.parquet')",
    "DuckDB:  SELECT * FROM 'messages.parquet';",
    '```',
    '',
    '## Licence 许可',
    '',
    `The compilation is published under ${LICENSE.name}, the Open Data Commons Attribution License (${LICENSE.path}); the texts of messages and replies remain their authors'. ` +
      'Author names are not published; phone and ID-card numbers are masked.',
    '',
    '## How to cite 引用',
    '',
    `See \`CITATION.cff\`. In short: wenzheng archive maintainers (${f.date.slice(0, 4)}). ${TITLE(f.date)} [Data set], version ${f.date}. ` +
      `Compiled with wenzheng ${toolVersion()}.`,
    '',
  );
  return out.join('\n');
}
