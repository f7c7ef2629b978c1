/**
 * The write path's operations (write-steps.ts) as named prepared statements on one `pg`
 * connection: what a crawl on a PostgreSQL archive runs for every page. Through kysely each
 * step was built anew (query tree, plugins, camel-casing every row) and parsed and planned
 * anew by the server; here the SQL is written once, PostgreSQL parses it once per connection,
 * and the rows come back with their camelCase names. Each statement does exactly what its
 * kysely twin in write-ops-kysely.ts and its SQLite twin in write-ops-sqlite.ts do.
 *
 * Writes whose answer no step needs and that come in runs (the replies of a new thread, the
 * signatures of a list page's rows) wait and go as one statement of many rows, in their order,
 * before the next other operation or the commit: one round trip instead of one a row.
 */
import type pg from 'pg';
import type { Archive } from './db.js';
import type { NewCapture } from './write-ops-sqlite.js';
import { runAsync, type AsyncWriteOps, type Steps, type WriteOps } from './write-steps.js';
import { captureParams, messageParams, replyParams, reportParams, sightingParams } from './write-params.js';

/** The message columns the write path compares, camel-cased like kysely's rows. */
const MESSAGE_COLUMNS = `id, url, title, body, author_hash AS "authorHash", board, category, status_raw AS "statusRaw",
  posted_at AS "postedAt", published_at AS "publishedAt", board_reply_count AS "boardReplyCount", satisfaction,
  page_count AS "pageCount", last_post_at AS "lastPostAt"`;

/** The columns a page sets on a message it shows (MessageValues, in this order: $1 to $17). */
const MESSAGE_SET = `url = $1, title = $2, body = $3, author_hash = $4, board = $5, category = $6, status_raw = $7, posted_at = $8,
  published_at = $9, board_reply_count = $10, satisfaction = $11, page_count = $12, views = $13, last_post_at = $14,
  last_seen_at = $15, capture_id = $16, extractor_version = $17, gone_at = NULL`;

const CAPTURE_INSERT = `INSERT INTO capture (url, source_id, kind, fetched_at, http_status, content_type, sha256, bytes,
    extractor_version, run_id, parse_error, method, request_body, request_key, served_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, $11, $12, $13, $14) RETURNING id`;

const SQL = {
  setListSignature: `UPDATE message SET list_signature = $1 WHERE source_id = $2 AND external_id = $3`,
  markGone: `UPDATE message SET gone_at = $1, last_changed_at = $1 WHERE source_id = $2 AND external_id = $3 AND gone_at IS NULL`,
  sourceRegion: `SELECT region FROM source WHERE id = $1`,
  messageByKey: `SELECT ${MESSAGE_COLUMNS} FROM message WHERE source_id = $1 AND external_id = $2`,
  messageIdOf: `SELECT id FROM message WHERE source_id = $1 AND external_id = $2`,
  insertMessage: `INSERT INTO message (url, title, body, author_hash, board, category, status_raw, posted_at, published_at,
    board_reply_count, satisfaction, page_count, views, last_post_at, last_seen_at, capture_id, extractor_version,
    source_id, external_id, status, first_seen_at, last_changed_at, gone_at, reply_count, list_signature)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, NULL, 0, NULL)
    RETURNING id`,
  updateMessage: `UPDATE message SET ${MESSAGE_SET} WHERE id = $18`,
  updateChangedMessage: `UPDATE message SET ${MESSAGE_SET}, last_changed_at = $18 WHERE id = $19`,
  touchMessage: `UPDATE message SET views = $1, last_post_at = $2, last_seen_at = $3, capture_id = $4, extractor_version = $5,
    gone_at = NULL WHERE id = $6`,
  linkReportItems: `UPDATE report_item SET message_id = $1 WHERE url = $2 AND message_id IS NULL`,
  derivedOf: `SELECT status, reply_count AS "replyCount", first_reply_at AS "firstReplyAt", department_id AS "departmentId",
    department_source AS "departmentSource" FROM message WHERE id = $1`,
  officialReplies: `SELECT replied_at AS "repliedAt", department_id AS "departmentId" FROM reply
    WHERE message_id = $1 AND official = 1 ORDER BY replied_at, id`,
  setDerived: `UPDATE message SET reply_count = $1, first_reply_at = $2, status = $3, department_id = $4, department_source = $5,
    last_changed_at = $6 WHERE id = $7`,
  lastObservation: `SELECT status, reply_count AS "replyCount" FROM message_observation WHERE message_id = $1 ORDER BY id DESC LIMIT 1`,
  addObservation: `INSERT INTO message_observation (message_id, observed_at, status, reply_count, run_id) VALUES ($1, $2, $3, $4, $5)`,
  replyByKey: `SELECT id, department_id AS "departmentId", author_hash AS "authorHash", body, replied_at AS "repliedAt", official, floor
    FROM reply WHERE message_id = $1 AND external_id = $2`,
  insertReply: `INSERT INTO reply (department_id, author_hash, body, replied_at, official, floor, capture_id, extractor_version,
    message_id, external_id, first_seen_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
    ON CONFLICT (message_id, external_id) DO NOTHING`,
  updateReply: `UPDATE reply SET department_id = $1, author_hash = $2, body = $3, replied_at = $4, official = $5, floor = $6,
    capture_id = $7, extractor_version = $8 WHERE id = $9`,
  touchReply: `UPDATE reply SET capture_id = $1, extractor_version = $2 WHERE id = $3`,
  departmentByAlias: `SELECT department_id AS "departmentId" FROM department_alias WHERE scope = $1 AND alias = $2`,
  addDepartment: `INSERT INTO department (id, name, canonical_name, region_code, region_name, level, scope)
    VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
  addDepartmentAlias: `INSERT INTO department_alias (scope, alias, department_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
  reportByKey: `SELECT id, content_hash AS "contentHash" FROM report WHERE source_id = $1 AND external_id = $2`,
  insertReport: `INSERT INTO report (url, title, kind, published_at, period_start, period_end, capture_id, extractor_version,
    content_hash, source_id, external_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
  updateReport: `UPDATE report SET url = $1, title = $2, kind = $3, published_at = $4, period_start = $5, period_end = $6,
    capture_id = $7, extractor_version = $8, content_hash = $9 WHERE id = $10`,
  deleteReportFigures: `DELETE FROM report_figure WHERE report_id = $1`,
  deleteReportItems: `DELETE FROM report_item WHERE report_id = $1`,
  addReportFigure: `INSERT INTO report_figure (report_id, metric, value, unit, qualifier, board, region, category, as_of,
    of_metric, text) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
  messageIdByUrl: `SELECT id FROM message WHERE url = $1`,
  addReportItem: `INSERT INTO report_item (report_id, position, url, message_id, department_id, posted_on, headline, board,
    message, reply) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
  markFrontier: `UPDATE frontier SET state = $1, updated_at = $2, last_error = $3, attempts = attempts + 1 WHERE key = $4`,
  addFrontierRow: `INSERT INTO frontier (key, url, method, body, headers, source_id, kind, state, attempts, last_error, updated_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, NULL, $8) ON CONFLICT DO NOTHING`,
  markCaptureExtracted: `UPDATE capture SET extractor_version = $1, parse_error = NULL WHERE id = $2`,
  rawKnown: `SELECT 1 FROM raw_body WHERE sha256 = $1`,
  insertCapture: CAPTURE_INSERT,
  // The body and the row that points to it, in one statement: both are stored or neither.
  insertCaptureWithBody: `WITH body AS (INSERT INTO raw_body (sha256, gz) VALUES ($7, $15) ON CONFLICT (sha256) DO NOTHING)
    ${CAPTURE_INSERT}`,
} as const;

type Name = keyof typeof SQL;

/** `($1, ..., $k), ($k+1, ...), ...`: the placeholders of `rows` rows of `k` values. */
function valuesList(rows: number, k: number): string {
  return Array.from({ length: rows }, (_, r) => `(${Array.from({ length: k }, (_, c) => `$${r * k + c + 1}`).join(', ')})`).join(', ');
}

/**
 * The writes that wait and go together: the SQL of `rows` of them in one statement. Rows of
 * one VALUES list are inserted in their order (so ids are given in it), and a key repeated
 * among them is stored once, the first, as one statement a row does.
 */
const BATCHED = {
  insertReply: (rows: number) => `INSERT INTO reply (department_id, author_hash, body, replied_at, official, floor, capture_id,
    extractor_version, message_id, external_id, first_seen_at) VALUES ${valuesList(rows, 11)}
    ON CONFLICT (message_id, external_id) DO NOTHING`,
  setListSignature: (rows: number) => `UPDATE message m SET list_signature = v.signature
    FROM (VALUES ${valuesList(rows, 3)}) AS v(signature, source_id, external_id)
    WHERE m.source_id = v.source_id AND m.external_id = v.external_id`,
} as const;

type Batched = keyof typeof BATCHED;

/** Rows per batched statement at most (a longer run is sent in pieces). */
const BATCH_ROWS = 100;

/**
 * Writes waiting to be sent on one connection: consecutive ones of one kind, in order. Any
 * other operation sends them first, so every statement still runs in the steps' order.
 */
class PendingWrites {
  private kind: Batched | null = null;
  private rows: unknown[][] = [];

  constructor(private readonly client: pg.ClientBase) {}

  /** Queues one write; a write of another kind waiting before it is sent first. */
  async add(kind: Batched, values: unknown[]): Promise<void> {
    if (this.kind !== kind) await this.flush();
    this.kind = kind;
    this.rows.push(values);
    if (this.rows.length >= BATCH_ROWS) await this.flush();
  }

  /** Sends what waits. */
  async flush(): Promise<void> {
    const { kind, rows } = this;
    this.kind = null;
    this.rows = [];
    if (!kind || rows.length === 0) return;
    if (rows.length === 1) {
      await run(this.client, kind, rows[0]!);
      return;
    }
    let sent = rows;
    if (kind === 'setListSignature') {
      // One UPDATE sets a row once: where a page lists a message twice, its last signature stands, as row by row.
      const last = new Map(rows.map((r) => [`${r[1]}\u0000${r[2]}`, r]));
      sent = [...last.values()];
    }
    await this.client.query({ name: `wz_${kind}_${sent.length}`, text: BATCHED[kind](sent.length), values: sent.flat() });
  }
}

/** Runs one named statement on `client`; PostgreSQL parses it once per connection. */
async function run<R extends object = Record<string, unknown>>(client: pg.ClientBase, name: Name, values: unknown[]): Promise<pg.QueryResult<R>> {
  return client.query<R>({ name: `wz_${name}`, text: SQL[name], values });
}

async function one<R extends object>(client: pg.ClientBase, name: Name, values: unknown[]): Promise<R | undefined> {
  return (await run<R>(client, name, values)).rows[0];
}

/**
 * The write path's operations on one connection (inside its transaction). Writes that may
 * wait go to `pending`; every other operation sends what waits first (`ordered`).
 */
function pgWriteOps(client: pg.ClientBase, regions: Map<string, string>, pending: PendingWrites): AsyncWriteOps {
  const ops: AsyncWriteOps = {
    setListSignature: (sourceId, externalId, signature) => pending.add('setListSignature', [signature, sourceId, externalId]),
    async markGone(sourceId, externalId, now) {
      return (await run(client, 'markGone', [now, sourceId, externalId])).rowCount ?? 0;
    },
    async sourceRegion(sourceId) {
      const cached = regions.get(sourceId);
      if (cached !== undefined) return cached;
      const row = await one<{ region: string | null }>(client, 'sourceRegion', [sourceId]);
      // Only a stated region is remembered: a row without one may get it when the board is crawled.
      if (row?.region) regions.set(sourceId, row.region);
      return row?.region ?? null;
    },
    messageByKey: (sourceId, externalId) => one(client, 'messageByKey', [sourceId, externalId]),
    async messageIdOf(sourceId, externalId) {
      return (await one<{ id: number }>(client, 'messageIdOf', [sourceId, externalId]))?.id ?? null;
    },
    async insertMessage(r) {
      const row = await one<{ id: number }>(client, 'insertMessage', [...messageParams(r), r.sourceId, r.externalId, r.status, r.firstSeenAt, r.lastChangedAt]);
      return row!.id;
    },
    async updateMessage(id, v, lastChangedAt) {
      if (lastChangedAt) await run(client, 'updateChangedMessage', [...messageParams(v), lastChangedAt, id]);
      else await run(client, 'updateMessage', [...messageParams(v), id]);
    },
    async touchMessage(id, v) {
      await run(client, 'touchMessage', [...sightingParams(v), id]);
    },
    async linkReportItems(messageId, url) {
      await run(client, 'linkReportItems', [messageId, url]);
    },
    async derivedOf(messageId) {
      const row = await one<ReturnType<WriteOps['derivedOf']>>(client, 'derivedOf', [messageId]);
      if (!row) throw new Error(`no message ${messageId}`);
      return row;
    },
    async officialReplies(messageId) {
      return (await run<ReturnType<WriteOps['officialReplies']>[number]>(client, 'officialReplies', [messageId])).rows;
    },
    async setDerived(messageId, d, lastChangedAt) {
      await run(client, 'setDerived', [d.replyCount, d.firstReplyAt, d.status, d.departmentId, d.departmentSource, lastChangedAt, messageId]);
    },
    lastObservation: (messageId) => one(client, 'lastObservation', [messageId]),
    async addObservation(r) {
      await run(client, 'addObservation', [r.messageId, r.observedAt, r.status, r.replyCount, r.runId]);
    },
    replyByKey: (messageId, externalId) => one(client, 'replyByKey', [messageId, externalId]),
    insertReply: (r) => pending.add('insertReply', [...replyParams(r), r.messageId, r.externalId, r.firstSeenAt]),
    async updateReply(id, v) {
      await run(client, 'updateReply', [...replyParams(v), id]);
    },
    async touchReply(id, v) {
      await run(client, 'touchReply', [v.captureId, v.extractorVersion, id]);
    },
    async departmentByAlias(scope, alias) {
      return (await one<{ departmentId: number }>(client, 'departmentByAlias', [scope, alias]))?.departmentId;
    },
    async addDepartment(r) {
      await run(client, 'addDepartment', [r.id, r.name, r.canonicalName, r.regionCode, r.regionName, r.level, r.scope]);
    },
    async addDepartmentAlias(scope, alias, departmentId) {
      await run(client, 'addDepartmentAlias', [scope, alias, departmentId]);
    },
    reportByKey: (sourceId, externalId) => one(client, 'reportByKey', [sourceId, externalId]),
    async insertReport(sourceId, externalId, v) {
      return (await one<{ id: number }>(client, 'insertReport', [...reportParams(v), sourceId, externalId]))!.id;
    },
    async updateReport(id, v) {
      await run(client, 'updateReport', [...reportParams(v), id]);
    },
    async clearReportRows(reportId) {
      await run(client, 'deleteReportFigures', [reportId]);
      await run(client, 'deleteReportItems', [reportId]);
    },
    async addReportFigure(f) {
      await run(client, 'addReportFigure', [f.reportId, f.metric, f.value, f.unit, f.qualifier, f.board, f.region, f.category, f.asOf, f.ofMetric, f.text]);
    },
    async messageIdByUrl(url) {
      return (await one<{ id: number }>(client, 'messageIdByUrl', [url]))?.id ?? null;
    },
    async addReportItem(i) {
      await run(client, 'addReportItem', [i.reportId, i.position, i.url, i.messageId, i.departmentId, i.postedOn, i.headline, i.board, i.message, i.reply]);
    },
    async markFrontier(m) {
      await run(client, 'markFrontier', [m.state, m.at, m.error ?? null, m.key]);
    },
    async addFrontierRow(r, now) {
      return ((await run(client, 'addFrontierRow', [r.key, r.url, r.method, r.body, r.headers, r.sourceId, r.kind, now])).rowCount ?? 0) > 0;
    },
    async markCaptureExtracted(captureId, extractorVersion) {
      await run(client, 'markCaptureExtracted', [extractorVersion, captureId]);
    },
  };
  return ordered(ops, pending);
}

/** `ops` where each operation that does not wait itself first sends the writes waiting. */
function ordered(ops: AsyncWriteOps, pending: PendingWrites): AsyncWriteOps {
  const waits = new Set<keyof AsyncWriteOps>(Object.keys(BATCHED) as Batched[]);
  const out: Record<string, unknown> = {};
  for (const [name, op] of Object.entries(ops) as [keyof AsyncWriteOps, (...args: unknown[]) => Promise<unknown>][]) {
    out[name] = waits.has(name)
      ? op
      : async (...args: unknown[]) => {
          await pending.flush();
          return op(...args);
        };
  }
  return out as AsyncWriteOps;
}

/** PostgreSQL errors of a transaction that lost a race with another one: worth running again. */
const RACES = new Set(['23505', '40001', '40P01']);

/** The prepared write path of a PostgreSQL archive: transactions of steps, and capture rows. */
export class PgWriter {
  /** Regions read, by source: a stored region never changes (upsertSource keeps it). */
  private readonly regions = new Map<string, string>();

  constructor(private readonly pool: pg.Pool) {}

  /**
   * Runs the steps `make` gives in one transaction on one connection. Many workers write one
   * archive at once and the steps look before they insert: a transaction that loses such a
   * race (unique violation, deadlock, serialization failure) is rolled back whole and run
   * again with fresh steps, and then finds the other's row (as inTransaction does for kysely).
   */
  async transaction<T>(make: () => Steps<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const pending = new PendingWrites(client);
        const out = await runAsync(make(), pgWriteOps(client, this.regions, pending));
        await pending.flush();
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch((e: Error) => (broken = e));
        const code = (err as { code?: string }).code;
        if (!code || !RACES.has(code) || attempt >= 8) throw err;
      } finally {
        // A connection that could not roll back is dropped, not handed to the next caller.
        client.release(broken);
      }
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }

  /** Whether the raw store holds a body with this sha256 already. */
  async hasBody(sha256: string): Promise<boolean> {
    const { rows } = await this.pool.query({ name: 'wz_rawKnown', text: SQL.rawKnown, values: [sha256] });
    return rows.length > 0;
  }

  /** Inserts a capture row, with its gzipped body when `gz` is given (one statement); returns the capture id. */
  async insertCapture(c: NewCapture, gz: Buffer | null): Promise<number> {
    const q = gz
      ? { name: 'wz_insertCaptureWithBody', text: SQL.insertCaptureWithBody, values: [...captureParams(c), gz] }
      : { name: 'wz_insertCapture', text: SQL.insertCapture, values: captureParams(c) };
    const { rows } = await this.pool.query<{ id: number }>(q);
    return rows[0]!.id;
  }
}

const writers = new WeakMap<pg.Pool, PgWriter>();

/** The prepared writer of a PostgreSQL archive, or null for SQLite. */
export function pgWriter(archive: Archive): PgWriter | null {
  if (archive.dialect !== 'postgres' || !('pool' in archive)) return null;
  const pool = (archive as { pool: pg.Pool }).pool;
  let w = writers.get(pool);
  if (!w) {
    w = new PgWriter(pool);
    writers.set(pool, w);
  }
  return w;
}
