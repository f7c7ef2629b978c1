/** Reading a written snapshot back: its JSON Lines files (one beside every CSV) and stats.json. */
import { createReadStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { OverdueRow } from '../../model/published.js';

/** A published row as JSON Lines carry it: snake_case keys, values as written. */
export type SnapshotRow = Record<string, unknown>;

/**
 * Streams the rows of `<dir>/<name>.jsonl`, one object a line (blank lines skipped); yields
 * nothing when the file is absent (an older snapshot, or a table not written).
 */
export async function* readJsonl(dir: string, name: string): AsyncGenerator<SnapshotRow> {
  const file = path.join(dir, `${name}.jsonl`);
  if (!existsSync(file)) return;
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const raw of lines) {
    n++;
    const line = n === 1 ? raw.replace(/^\ufeff/, '') : raw;
    if (line.trim() === '') continue;
    try {
      yield JSON.parse(line) as SnapshotRow;
    } catch (err) {
      throw new Error(`${file} line ${n}: ${(err as Error).message}`);
    }
  }
}

/** All rows of `<dir>/<name>.jsonl` (for the small tables: departments, claims, overdue). */
export async function readAllJsonl(dir: string, name: string): Promise<SnapshotRow[]> {
  const rows: SnapshotRow[] = [];
  for await (const r of readJsonl(dir, name)) rows.push(r);
  return rows;
}

/** `<dir>/<name>` parsed as JSON, or null when absent. */
export async function readJsonFile(dir: string, name: string): Promise<unknown> {
  const file = path.join(dir, name);
  if (!existsSync(file)) return null;
  return JSON.parse((await readFile(file, 'utf8')).replace(/^\ufeff/, ''));
}

/** A field as a string, or null for null, undefined and the empty string. */
export function str(row: SnapshotRow, key: string): string | null {
  return strOf(row[key]);
}

/** A value as a string, or null for null, undefined and the empty string. */
export function strOf(v: unknown): string | null {
  return v == null || v === '' ? null : String(v);
}

/** A field as a finite number, or null. */
export function num(row: SnapshotRow, key: string): number | null {
  return numOf(row[key]);
}

/** A value as a finite number, or null. */
export function numOf(v: unknown): number | null {
  if (v == null || v === '') return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

/** Reads overdue rows back from a snapshot's overdue.jsonl. */
export async function readOverdueRows(dir: string): Promise<OverdueRow[]> {
  const rows: OverdueRow[] = [];
  for await (const r of readJsonl(dir, 'overdue')) rows.push(overdueRowFrom(r));
  return rows;
}

/** An overdue row as read back from overdue.jsonl (empty strings as null). */
export function overdueRowFrom(r: SnapshotRow): OverdueRow {
  return {
    message_id: String(r.message_id),
    source: String(r.source),
    board: str(r, 'board'),
    department: str(r, 'department'),
    title: str(r, 'title'),
    url: String(r.url),
    status: str(r, 'status') as OverdueRow['status'],
    posted_at: String(r.posted_at),
    deadline_at: String(r.deadline_at),
    waited_hours: num(r, 'waited_hours') ?? 0,
    sla_hours: num(r, 'sla_hours') ?? 0,
  };
}
