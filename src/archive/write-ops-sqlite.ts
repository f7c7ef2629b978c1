/**
 * The write path's operations (write-steps.ts) as prepared better-sqlite3 statements, run
 * synchronously: the crawl writes the same few statements for every page, and building each
 * through kysely cost more than running it. SQLite-only; each statement does exactly what its
 * kysely twin in write-ops-kysely.ts does.
 */
import type SqliteDatabase from 'better-sqlite3';
import type { Archive } from './db.js';
import type { CaptureTable } from './schema.js';
import { WriteGroup } from './write-group.js';
import { runSync, type MessageSighting, type ReplySighting, type Steps, type WriteOps } from './write-steps.js';
import { captureParams, messageParams, replyParams, reportParams, sightingParams } from './write-params.js';

type Statement = SqliteDatabase.Statement<unknown[], unknown>;

/** A capture row as recordCapture writes it. */
export type NewCapture = Omit<CaptureTable, 'id' | 'parseError' | 'method' | 'requestKey'> & { method: string; requestKey: string };

/** The message columns the write path compares, camel-cased like kysely's rows. */
const MESSAGE_COLUMNS = `id, url, title, body, author_hash AS authorHash, board, category, status_raw AS statusRaw,
  posted_at AS postedAt, published_at AS publishedAt, board_reply_count AS boardReplyCount, satisfaction,
  page_count AS pageCount, last_post_at AS lastPostAt`;

/** The columns a page sets on a message it shows (MessageValues, in this order). */
const MESSAGE_SET = `url = ?, title = ?, body = ?, author_hash = ?, board = ?, category = ?, status_raw = ?, posted_at = ?,
  published_at = ?, board_reply_count = ?, satisfaction = ?, page_count = ?, views = ?, last_post_at = ?, last_seen_at = ?,
  capture_id = ?, extractor_version = ?, gone_at = NULL`;

const SQL = {
  setListSignature: `UPDATE message SET list_signature = ? WHERE source_id = ? AND external_id = ?`,
  markGone: `UPDATE message SET gone_at = ?, last_changed_at = ? WHERE source_id = ? AND external_id = ? AND gone_at IS NULL`,
  sourceRegion: `SELECT region FROM source WHERE id = ?`,
  messageByKey: `SELECT ${MESSAGE_COLUMNS} FROM message WHERE source_id = ? AND external_id = ?`,
  messageIdOf: `SELECT id FROM message WHERE source_id = ? AND external_id = ?`,
  insertMessage: `INSERT INTO message (url, title, body, author_hash, board, category, status_raw, posted_at, published_at,
    board_reply_count, satisfaction, page_count, views, last_post_at, last_seen_at, capture_id, extractor_version,
    source_id, external_id, status, first_seen_at, last_changed_at, gone_at, reply_count, list_signature)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 0, NULL)`,
  updateMessage: `UPDATE message SET ${MESSAGE_SET} WHERE id = ?`,
  updateChangedMessage: `UPDATE message SET ${MESSAGE_SET}, last_changed_at = ? WHERE id = ?`,
  touchMessage: `UPDATE message SET views = ?, last_post_at = ?, last_seen_at = ?, capture_id = ?, extractor_version = ?,
    gone_at = NULL WHERE id = ?`,
  linkReportItems: `UPDATE report_item SET message_id = ? WHERE url = ? AND message_id IS NULL`,
  derivedOf: `SELECT status, reply_count AS replyCount, first_reply_at AS firstReplyAt, department_id AS departmentId,
    department_source AS departmentSource FROM message WHERE id = ?`,
  officialReplies: `SELECT replied_at AS repliedAt, department_id AS departmentId FROM reply
    WHERE message_id = ? AND official = 1 ORDER BY replied_at, id`,
  setDerived: `UPDATE message SET reply_count = ?, first_reply_at = ?, status = ?, department_id = ?, department_source = ?,
    last_changed_at = ? WHERE id = ?`,
  lastObservation: `SELECT status, reply_count AS replyCount FROM message_observation WHERE message_id = ? ORDER BY id DESC LIMIT 1`,
  addObservation: `INSERT INTO message_observation (message_id, observed_at, status, reply_count, run_id) VALUES (?, ?, ?, ?, ?)`,
  replyByKey: `SELECT id, department_id AS departmentId, author_hash AS authorHash, body, replied_at AS repliedAt, official, floor
    FROM reply WHERE message_id = ? AND external_id = ?`,
  insertReply: `INSERT INTO reply (department_id, author_hash, body, replied_at, official, floor, capture_id, extractor_version,
    message_id, external_id, first_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (message_id, external_id) DO NOTHING`,
  updateReply: `UPDATE reply SET department_id = ?, author_hash = ?, body = ?, replied_at = ?, official = ?, floor = ?,
    capture_id = ?, extractor_version = ? WHERE id = ?`,
  touchReply: `UPDATE reply SET capture_id = ?, extractor_version = ? WHERE id = ?`,
  departmentByAlias: `SELECT department_id FROM department_alias WHERE scope = ? AND alias = ?`,
  addDepartment: `INSERT INTO department (id, name, canonical_name, region_code, region_name, level, scope)
    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
  addDepartmentAlias: `INSERT INTO department_alias (scope, alias, department_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
  reportByKey: `SELECT id, content_hash AS contentHash FROM report WHERE source_id = ? AND external_id = ?`,
  insertReport: `INSERT INTO report (url, title, kind, published_at, period_start, period_end, capture_id, extractor_version,
    content_hash, source_id, external_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  updateReport: `UPDATE report SET url = ?, title = ?, kind = ?, published_at = ?, period_start = ?, period_end = ?,
    capture_id = ?, extractor_version = ?, content_hash = ? WHERE id = ?`,
  deleteReportFigures: `DELETE FROM report_figure WHERE report_id = ?`,
  deleteReportItems: `DELETE FROM report_item WHERE report_id = ?`,
  addReportFigure: `INSERT INTO report_figure (report_id, metric, value, unit, qualifier, board, region, category, as_of,
    of_metric, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  messageIdByUrl: `SELECT id FROM message WHERE url = ?`,
  addReportItem: `INSERT INTO report_item (report_id, position, url, message_id, department_id, posted_on, headline, board,
    message, reply) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  markFrontier: `UPDATE frontier SET state = ?, updated_at = ?, last_error = ?, attempts = attempts + 1 WHERE key = ?`,
  addFrontierRow: `INSERT INTO frontier (key, url, method, body, headers, source_id, kind, state, attempts, last_error, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, NULL, ?) ON CONFLICT DO NOTHING`,
  insertCapture: `INSERT INTO capture (url, source_id, kind, fetched_at, http_status, content_type, sha256, bytes,
    extractor_version, run_id, parse_error, method, request_body, request_key, served_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)`,
  markCaptureExtracted: `UPDATE capture SET extractor_version = ?, parse_error = NULL WHERE id = ?`,
} as const;

/** The write path's operations on one SQLite handle, each statement prepared on first use. */
export class SqliteWriteOps implements WriteOps {
  private readonly statements = new Map<keyof typeof SQL, Statement>();
  /** Regions read, by source: a stored region never changes (upsertSource keeps it). */
  private readonly regions = new Map<string, string>();

  constructor(private readonly sqlite: SqliteDatabase.Database) {}

  private q(name: keyof typeof SQL): Statement {
    let s = this.statements.get(name);
    if (!s) {
      s = this.sqlite.prepare(SQL[name]);
      this.statements.set(name, s);
    }
    return s;
  }

  setListSignature(sourceId: string, externalId: string, signature: string): void {
    this.q('setListSignature').run(signature, sourceId, externalId);
  }
  markGone(sourceId: string, externalId: string, now: string): number {
    return this.q('markGone').run(now, now, sourceId, externalId).changes;
  }
  sourceRegion(sourceId: string): string | null {
    const cached = this.regions.get(sourceId);
    if (cached !== undefined) return cached;
    const row = this.q('sourceRegion').get(sourceId) as { region: string | null } | undefined;
    // Only a stated region is remembered: a row without one may get it when the board is crawled.
    if (row?.region) this.regions.set(sourceId, row.region);
    return row?.region ?? null;
  }
  messageByKey(sourceId: string, externalId: string) {
    return this.q('messageByKey').get(sourceId, externalId) as ReturnType<WriteOps['messageByKey']>;
  }
  messageIdOf(sourceId: string, externalId: string): number | null {
    return (this.q('messageIdOf').get(sourceId, externalId) as { id: number } | undefined)?.id ?? null;
  }
  insertMessage(r: Parameters<WriteOps['insertMessage']>[0]): number {
    const res = this.q('insertMessage').run(...messageParams(r), r.sourceId, r.externalId, r.status, r.firstSeenAt, r.lastChangedAt);
    return Number(res.lastInsertRowid);
  }
  updateMessage(id: number, v: Parameters<WriteOps['updateMessage']>[1], lastChangedAt: string | null): void {
    if (lastChangedAt) this.q('updateChangedMessage').run(...messageParams(v), lastChangedAt, id);
    else this.q('updateMessage').run(...messageParams(v), id);
  }
  touchMessage(id: number, v: MessageSighting): void {
    this.q('touchMessage').run(...sightingParams(v), id);
  }
  linkReportItems(messageId: number, url: string): void {
    this.q('linkReportItems').run(messageId, url);
  }
  derivedOf(messageId: number) {
    const row = this.q('derivedOf').get(messageId) as ReturnType<WriteOps['derivedOf']> | undefined;
    if (!row) throw new Error(`no message ${messageId}`);
    return row;
  }
  officialReplies(messageId: number) {
    return this.q('officialReplies').all(messageId) as ReturnType<WriteOps['officialReplies']>;
  }
  setDerived(messageId: number, d: Parameters<WriteOps['setDerived']>[1], lastChangedAt: string): void {
    this.q('setDerived').run(d.replyCount, d.firstReplyAt, d.status, d.departmentId, d.departmentSource, lastChangedAt, messageId);
  }
  lastObservation(messageId: number) {
    return this.q('lastObservation').get(messageId) as ReturnType<WriteOps['lastObservation']>;
  }
  addObservation(r: Parameters<WriteOps['addObservation']>[0]): void {
    this.q('addObservation').run(r.messageId, r.observedAt, r.status, r.replyCount, r.runId);
  }
  replyByKey(messageId: number, externalId: string) {
    return this.q('replyByKey').get(messageId, externalId) as ReturnType<WriteOps['replyByKey']>;
  }
  insertReply(r: Parameters<WriteOps['insertReply']>[0]): void {
    this.q('insertReply').run(...replyParams(r), r.messageId, r.externalId, r.firstSeenAt);
  }
  updateReply(id: number, v: Parameters<WriteOps['updateReply']>[1]): void {
    this.q('updateReply').run(...replyParams(v), id);
  }
  touchReply(id: number, v: ReplySighting): void {
    this.q('touchReply').run(v.captureId, v.extractorVersion, id);
  }
  departmentByAlias(scope: string, alias: string): number | undefined {
    return (this.q('departmentByAlias').get(scope, alias) as { department_id: number } | undefined)?.department_id;
  }
  addDepartment(r: Parameters<WriteOps['addDepartment']>[0]): void {
    this.q('addDepartment').run(r.id, r.name, r.canonicalName, r.regionCode, r.regionName, r.level, r.scope);
  }
  addDepartmentAlias(scope: string, alias: string, departmentId: number): void {
    this.q('addDepartmentAlias').run(scope, alias, departmentId);
  }
  reportByKey(sourceId: string, externalId: string) {
    return this.q('reportByKey').get(sourceId, externalId) as ReturnType<WriteOps['reportByKey']>;
  }
  insertReport(sourceId: string, externalId: string, v: Parameters<WriteOps['insertReport']>[2]): number {
    return Number(this.q('insertReport').run(...reportParams(v), sourceId, externalId).lastInsertRowid);
  }
  updateReport(id: number, v: Parameters<WriteOps['updateReport']>[1]): void {
    this.q('updateReport').run(...reportParams(v), id);
  }
  clearReportRows(reportId: number): void {
    this.q('deleteReportFigures').run(reportId);
    this.q('deleteReportItems').run(reportId);
  }
  addReportFigure(f: Parameters<WriteOps['addReportFigure']>[0]): void {
    this.q('addReportFigure').run(f.reportId, f.metric, f.value, f.unit, f.qualifier, f.board, f.region, f.category, f.asOf, f.ofMetric, f.text);
  }
  messageIdByUrl(url: string): number | null {
    return (this.q('messageIdByUrl').get(url) as { id: number } | undefined)?.id ?? null;
  }
  addReportItem(i: Parameters<WriteOps['addReportItem']>[0]): void {
    this.q('addReportItem').run(i.reportId, i.position, i.url, i.messageId, i.departmentId, i.postedOn, i.headline, i.board, i.message, i.reply);
  }
  markFrontier(m: Parameters<WriteOps['markFrontier']>[0]): void {
    this.q('markFrontier').run(m.state, m.at, m.error ?? null, m.key);
  }
  addFrontierRow(r: Parameters<WriteOps['addFrontierRow']>[0], now: string): boolean {
    return this.q('addFrontierRow').run(r.key, r.url, r.method, r.body, r.headers, r.sourceId, r.kind, now).changes > 0;
  }
  /** Inserts a capture row (captures.ts; not a step of a page's transaction); returns its id. */
  insertCapture(c: NewCapture): number {
    const res = this.q('insertCapture').run(...captureParams(c));
    return Number(res.lastInsertRowid);
  }
  markCaptureExtracted(captureId: number, extractorVersion: string): void {
    this.q('markCaptureExtracted').run(extractorVersion, captureId);
  }
}

/** The prepared statements of a SQLite handle and the transactions that run steps with them. */
export interface SqliteWriter {
  ops: SqliteWriteOps;
  /** Runs steps in a transaction of their own (the open group committed first). */
  transaction<T>(steps: Steps<T>): T;
  /**
   * Inserts a capture row, then runs the steps made for its id, in the handle's open write group
   * (write-group.ts): committed with the pages after it, within GROUP_MS, or before any other write.
   */
  transactionAfterCapture<T>(capture: NewCapture, steps: (captureId: number) => Steps<T>): { captureId: number; value: T };
  /** Commits the open write group, if any (before a write outside it, or closing). */
  commit(): void;
  /** Whether the write group holds pages not yet committed (its transaction is open). */
  readonly pending: boolean;
}

const writers = new WeakMap<SqliteDatabase.Database, SqliteWriter>();

/**
 * The synchronous writer of a SQLite archive, or null for PostgreSQL and while a kysely
 * transaction is open on the handle (its statements would join that transaction).
 */
export function sqliteWriter(archive: Archive): SqliteWriter | null {
  if (archive.dialect !== 'sqlite' || !('sqlite' in archive)) return null;
  const sqlite = (archive as { sqlite: SqliteDatabase.Database }).sqlite;
  let w = writers.get(sqlite);
  if (sqlite.inTransaction && !w?.pending) return null;
  if (!w) {
    const ops = new SqliteWriteOps(sqlite);
    const group = new WriteGroup<NewCapture>(sqlite, ops);
    const run = sqlite.transaction((steps: Steps<unknown>) => runSync(steps, ops));
    w = {
      ops,
      get pending() {
        return group.pending;
      },
      transaction: <T>(steps: Steps<T>) => {
        group.commit();
        return run(steps) as T;
      },
      transactionAfterCapture: <T>(capture: NewCapture, steps: (captureId: number) => Steps<T>) => group.add(capture, steps),
      commit: () => group.commit(),
    };
    writers.set(sqlite, w);
  }
  return w;
}

/** Commits the open write group of a SQLite handle, if it has one (db.ts, before other writes). */
export function commitWriteGroup(sqlite: SqliteDatabase.Database): void {
  writers.get(sqlite)?.commit();
}
