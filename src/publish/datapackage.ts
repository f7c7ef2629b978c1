/**
 * datapackage.json: the snapshot as a Frictionless Data Package (v1). Every file is a resource
 * with its path, format, encoding, size in bytes and sha256; tables carry their Table Schema
 * (types, English and Chinese descriptions, primary and foreign keys) from
 * published-schemas.ts; the boards of the archive are the package's sources.
 */
import type { DataPackage, DataResource } from '../model/published.js';
import type { WrittenFile } from './csv.js';
import { DOCUMENTS, TABLES, tableSchemaOf, type TableDef } from './published-schemas.js';

/** The licence of the compiled data set (the texts remain their authors'). */
export const LICENSE = {
  name: 'ODC-BY-1.0',
  path: 'https://opendatacommons.org/licenses/by/1-0/',
  title: 'Open Data Commons Attribution License 1.0 (the compilation; texts remain their authors\')',
};

export interface PackageInput {
  /** Snapshot date, YYYY-MM-DD. */
  date: string;
  /** Deterministic creation time (the archive's as-of time). */
  created: string;
  /** The boards crawled: title and public URL. */
  sources: { title: string; path: string }[];
  /** Files in the order they were written. */
  files: WrittenFile[];
}

const CSV_DIALECT = { delimiter: ',', lineTerminator: '\n', quoteChar: '"', doubleQuote: true, header: true };

/** Builds the descriptor. */
export function buildDataPackage(input: PackageInput): DataPackage {
  return {
    profile: 'data-package',
    name: `wenzheng-${input.date}`,
    title: `wenzheng open-data snapshot ${input.date} (问政留言开放数据快照)`,
    description:
      'Messages to Chinese government 问政 boards, official replies, response statistics and checks of official report ' +
      'figures, archived by wenzheng. CSV files are UTF-8 with a byte order mark (base R: fileEncoding = "UTF-8-BOM"); ' +
      'each CSV has a JSON Lines twin. Author names are not published; phone and ID-card numbers are masked.',
    version: input.date,
    created: input.created,
    keywords: ['问政', 'government responsiveness', 'online petitions', 'China', 'open data'],
    licenses: [LICENSE],
    sources: input.sources,
    resources: input.files.map(resourceOf),
  };
}

/** The descriptor as written (stable bytes). */
export function dataPackageText(pkg: DataPackage): string {
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

function resourceOf(file: WrittenFile): DataResource {
  const [base, ext] = splitName(file.path);
  const common = { path: file.path, encoding: 'utf-8' as const, bytes: file.bytes, hash: `sha256:${file.sha256}` };
  const table = (TABLES as Record<string, TableDef>)[base];
  if (table && ext === 'csv') {
    return {
      name: table.name,
      ...common,
      profile: 'tabular-data-resource',
      title: table.title,
      description: table.description,
      format: 'csv',
      mediatype: 'text/csv',
      dialect: CSV_DIALECT,
      schema: tableSchemaOf(table),
    };
  }
  if (table && ext === 'jsonl') {
    return {
      name: `${table.name}-jsonl`,
      ...common,
      profile: 'data-resource',
      title: `${table.title}, JSON Lines`,
      description: `${table.description} One JSON object a line, the same rows and keys as ${table.name}.csv.`,
      format: 'jsonl',
      mediatype: 'application/x-ndjson',
      schema: tableSchemaOf(table),
    };
  }
  if (table && ext === 'parquet') {
    return {
      name: `${table.name}-parquet`,
      path: file.path,
      bytes: file.bytes,
      hash: `sha256:${file.sha256}`,
      profile: 'data-resource',
      title: `${table.title}, Parquet`,
      description:
        `${table.description} Apache Parquet (zstd), the same rows and columns as ${table.name}.csv, typed: ` +
        'times as UTC timestamps (microseconds), integers as INT64, booleans as BOOLEAN.',
      format: 'parquet',
      mediatype: 'application/vnd.apache.parquet',
      schema: tableSchemaOf(table),
    };
  }
  if (file.path === DOCUMENTS.stats.file) {
    return {
      name: 'stats',
      ...common,
      profile: 'data-resource',
      title: DOCUMENTS.stats.title,
      description: 'Totals, breakdowns, reply-lag quantiles (Kaplan-Meier and naive) and the claims check; JSON Schema: schemas/stats.schema.json.',
      format: 'json',
      mediatype: 'application/json',
    };
  }
  const other: Record<string, Pick<DataResource, 'title' | 'description' | 'format' | 'mediatype'>> = {
    'feed.xml': { title: 'Watchdog feed', description: 'Atom feed: messages newly overdue or newly answered since the previous snapshot.', format: 'xml', mediatype: 'application/atom+xml' },
    'codebook.md': {
      title: 'Codebook (数据字典)',
      description: 'Every file and column in English and Chinese: type, meaning, how derived, caveats (censoring, review delay, coverage).',
      format: 'md',
      mediatype: 'text/markdown',
    },
    'README.md': {
      title: 'About this snapshot',
      description: 'What the snapshot covers (boards, period, crawl runs and their failures), the tool version, licence, how to load and cite it.',
      format: 'md',
      mediatype: 'text/markdown',
    },
    'CITATION.cff': {
      title: 'Citation',
      description: 'How to cite the data set, in the Citation File Format 1.2.0.',
      format: 'cff',
      mediatype: 'application/x-yaml',
    },
    'index.html': { title: 'Dashboard', description: 'The watchdog dashboard: self-contained, opens from file://.', format: 'html', mediatype: 'text/html' },
  };
  const known = other[file.path];
  if (!known) throw new Error(`no resource description for ${file.path}`);
  return { name: base.replace(/[^-a-z0-9._/]/g, '-'), ...common, profile: 'data-resource', ...known };
}

function splitName(p: string): [string, string] {
  const dot = p.lastIndexOf('.');
  return [p.slice(0, dot), p.slice(dot + 1)];
}
