/**
 * Copying a whole archive into an empty one, SQLite or PostgreSQL either way: every table row
 * by row with its ids (so published ids and snapshot bytes stay the same), then every raw body
 * a capture points to. The source is read in one transaction (one state of it, while crawls may
 * go on writing); what only a running crawl needs (leases, host slots) is not copied.
 */
import { sql } from 'kysely';
import type { Archive, Db } from './db.js';
import { RawStoreError } from './raw-store.js';

/** Tables in an order that satisfies their foreign keys; tables not named here follow. */
const ORDER = [
  'source',
  'department',
  'department_alias',
  'crawl_run',
  'capture',
  'message',
  'reply',
  'message_observation',
  'report',
  'report_figure',
  'report_item',
  'frontier',
  'crawl_state',
  'meta',
];

/** Kept per engine or per running crawl, never copied: bookkeeping, search indexes, leases. */
const SKIP = /^(kysely_|sqlite_)|_fts($|_)|^(raw_body|frontier_lease|host_slot)$/;

/** Tables that must be empty for a copy to go in (the target was just created). */
const MUST_BE_EMPTY = ['source', 'capture', 'message', 'crawl_run'];

export interface CopyResult {
  /** Rows copied per table. */
  tables: Record<string, number>;
  /** Raw bodies copied. */
  rawBodies: number;
  /** Bodies a capture points to that the source does not have intact (sha256, why). */
  rawProblems: { sha256: string; problem: string }[];
}

/** The target already holds an archive: a copy never mixes two archives. */
export class CopyTargetNotEmptyError extends Error {
  override name = 'CopyTargetNotEmptyError';
}

/** Copies every row and raw body of `from` into the empty archive `to`. */
export async function copyArchive(
  from: Archive,
  to: Archive,
  opts: { raw?: boolean; onProgress?(table: string, rows: number): void } = {},
): Promise<CopyResult> {
  for (const t of MUST_BE_EMPTY) {
    if ((await countRows(to.db, t)) > 0) throw new CopyTargetNotEmptyError(`the target archive ${to.file} is not empty (table ${t} has rows)`);
  }
  const tables = await copyOrder(from.db, to.db);
  const result: CopyResult = { tables: {}, rawBodies: 0, rawProblems: [] };
  const shas = new Set<string>();
  const read = from.dialect === 'postgres' ? from.db.transaction().setIsolationLevel('repeatable read') : from.db.transaction();
  await read.execute(async (src) => {
    await to.db.transaction().execute(async (dst) => {
      // The target's own salt (made when it was opened) gives way to the source's.
      await dst.deleteFrom('meta').execute();
      for (const t of tables) {
        result.tables[t.name] = await copyTable(src, dst, t, (rows) => {
          if (t.name === 'capture') for (const r of rows) shas.add(r.sha256 as string);
          opts.onProgress?.(t.name, rows.length);
        });
      }
      if (to.dialect === 'postgres') {
        for (const t of tables.filter((x) => x.columns.includes('id') && x.identity)) {
          await sql`SELECT setval(pg_get_serial_sequence(${t.name}, 'id'), coalesce(max(id), 0) + 1, false) FROM ${sql.table(t.name)}`.execute(dst);
        }
      }
    });
  });
  if (opts.raw !== false) {
    const list = [...shas].sort();
    let next = 0;
    const worker = async () => {
      while (next < list.length) {
        const sha = list[next++]!;
        try {
          await to.raw.put(await from.raw.get(sha));
          result.rawBodies++;
        } catch (err) {
          if (!(err instanceof RawStoreError)) throw err;
          result.rawProblems.push({ sha256: sha, problem: err.message });
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    result.rawProblems.sort((a, b) => a.sha256.localeCompare(b.sha256));
  }
  return result;
}

interface TableInfo {
  name: string;
  columns: string[];
  /** Whether `id` is an auto-numbered key on the target (its PostgreSQL sequence must follow). */
  identity: boolean;
}

/** The tables to copy, in foreign-key order, with the columns both archives have. */
async function copyOrder(src: Db, dst: Db): Promise<TableInfo[]> {
  const [a, b] = await Promise.all([src.withoutPlugins().introspection.getTables(), dst.withoutPlugins().introspection.getTables()]);
  const target = new Map(b.map((t) => [t.name, t]));
  const names = a.map((t) => t.name).filter((n) => !SKIP.test(n));
  const missing = names.filter((n) => !target.has(n));
  if (missing.length) throw new Error(`the target archive has no table ${missing.join(', ')} (is it a newer wenzheng?)`);
  const rank = (n: string) => (ORDER.includes(n) ? ORDER.indexOf(n) : ORDER.length);
  names.sort((x, y) => rank(x) - rank(y) || x.localeCompare(y));
  return names.map((name) => {
    const own = a.find((t) => t.name === name)!;
    const there = target.get(name)!;
    const theirs = new Set(there.columns.map((c) => c.name));
    const idCol = there.columns.find((c) => c.name === 'id');
    return {
      name,
      columns: own.columns.map((c) => c.name).filter((c) => theirs.has(c)),
      identity: !!idCol && (idCol.isAutoIncrementing || idCol.hasDefaultValue),
    };
  });
}

const BATCH_PARAMS = 15_000;

/** Copies one table in key order, batch by batch; returns its row count. */
async function copyTable(srcDb: Db, dstDb: Db, t: TableInfo, onBatch: (rows: Record<string, unknown>[]) => void): Promise<number> {
  // Raw SQL with the snake_case names as they are (the table list comes from the catalogue):
  // without the camelCase mapping, rows come back under the names they go in with.
  const src = srcDb.withoutPlugins();
  const dst = dstDb.withoutPlugins();
  const batch = Math.max(1, Math.min(1000, Math.floor(BATCH_PARAMS / t.columns.length)));
  const cols = t.columns.map((c) => sql.ref(c));
  let copied = 0;
  const keyed = t.columns.includes('id');
  let after: unknown = null;
  for (let offset = 0; ; offset += batch) {
    const where = keyed && after !== null ? sql`WHERE id > ${after}` : sql``;
    const order = keyed ? sql`ORDER BY id` : sql`ORDER BY ${sql.join(cols)}`;
    const page = keyed ? sql`LIMIT ${batch}` : sql`LIMIT ${batch} OFFSET ${offset}`;
    const { rows } = await sql<Record<string, unknown>>`SELECT ${sql.join(cols)} FROM ${sql.table(t.name)} ${where} ${order} ${page}`.execute(src);
    if (rows.length === 0) break;
    const values = rows.map((r) => sql`(${sql.join(t.columns.map((c) => r[c]))})`);
    await sql`INSERT INTO ${sql.table(t.name)} (${sql.join(cols)}) VALUES ${sql.join(values)}`.execute(dst);
    onBatch(rows);
    copied += rows.length;
    if (keyed) after = rows[rows.length - 1]!.id;
    if (rows.length < batch) break;
  }
  return copied;
}

async function countRows(db: Db, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}
