/**
 * Frozen, date-named migrations in a static map. Never edit one that has shipped: add a new
 * entry. The DDL is SQLite's and runs on SQLite exactly as written; a PostgreSQL archive runs
 * the same migrations, each statement in PostgreSQL's words (pgStatement), and a migration
 * whose work differs by dialect says so in its own branch (migrationsFor).
 */
import { createHash } from 'node:crypto';
import { RawNode, sql, type Kysely, type KyselyPlugin, type Migration, type MigrationProvider } from 'kysely';

/** The two engines an archive can live in. */
export type Dialect = 'sqlite' | 'postgres';

const initial: Migration = {
  async up(db: Kysely<unknown>) {
    const statements = [
      `CREATE TABLE source (id TEXT PRIMARY KEY, name TEXT NOT NULL, base_url TEXT NOT NULL)`,
      `CREATE TABLE department (
        id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, canonical_name TEXT NOT NULL,
        region_code TEXT, region_name TEXT,
        level TEXT NOT NULL DEFAULT 'unknown'
          CHECK (level IN ('province','prefecture','county','township','unknown')))`,
      `CREATE TABLE department_alias (
        alias TEXT PRIMARY KEY, department_id INTEGER NOT NULL REFERENCES department(id))`,
      `CREATE TABLE crawl_run (
        id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT, sources TEXT NOT NULL,
        requests INTEGER NOT NULL DEFAULT 0, new_messages INTEGER NOT NULL DEFAULT 0,
        changed_messages INTEGER NOT NULL DEFAULT 0, unchanged_messages INTEGER NOT NULL DEFAULT 0,
        new_replies INTEGER NOT NULL DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0,
        blocked INTEGER NOT NULL DEFAULT 0, exit_code INTEGER, report TEXT)`,
      `CREATE TABLE capture (
        id INTEGER PRIMARY KEY, url TEXT NOT NULL, source_id TEXT REFERENCES source(id), kind TEXT,
        fetched_at TEXT NOT NULL, http_status INTEGER NOT NULL, content_type TEXT,
        sha256 TEXT NOT NULL, bytes INTEGER NOT NULL, extractor_version TEXT,
        run_id INTEGER REFERENCES crawl_run(id), parse_error TEXT)`,
      `CREATE INDEX capture_url ON capture(url, fetched_at)`,
      `CREATE INDEX capture_sha ON capture(sha256)`,
      `CREATE TABLE message (
        id INTEGER PRIMARY KEY, source_id TEXT NOT NULL REFERENCES source(id),
        external_id TEXT NOT NULL, url TEXT NOT NULL, title TEXT, body TEXT, author_hash TEXT,
        board TEXT, department_id INTEGER REFERENCES department(id), category TEXT,
        status TEXT CHECK (status IN ('replied','in_progress','pending','closed')),
        status_raw TEXT, posted_at TEXT, first_reply_at TEXT,
        reply_count INTEGER NOT NULL DEFAULT 0, board_reply_count INTEGER, views INTEGER,
        satisfaction REAL, last_post_at TEXT, page_count INTEGER, gone_at TEXT,
        first_seen_at TEXT NOT NULL, last_seen_at TEXT NOT NULL, last_changed_at TEXT NOT NULL,
        capture_id INTEGER REFERENCES capture(id), extractor_version TEXT,
        UNIQUE (source_id, external_id))`,
      `CREATE INDEX message_department ON message(department_id)`,
      `CREATE INDEX message_posted ON message(posted_at)`,
      `CREATE TABLE reply (
        id INTEGER PRIMARY KEY, message_id INTEGER NOT NULL REFERENCES message(id),
        external_id TEXT NOT NULL, department_id INTEGER REFERENCES department(id),
        author_hash TEXT, body TEXT, replied_at TEXT, official INTEGER NOT NULL CHECK (official IN (0,1)),
        floor INTEGER, capture_id INTEGER REFERENCES capture(id), extractor_version TEXT,
        first_seen_at TEXT NOT NULL, UNIQUE (message_id, external_id))`,
      `CREATE TABLE message_observation (
        id INTEGER PRIMARY KEY, message_id INTEGER NOT NULL REFERENCES message(id),
        observed_at TEXT NOT NULL, status TEXT, reply_count INTEGER NOT NULL,
        run_id INTEGER REFERENCES crawl_run(id))`,
      `CREATE INDEX observation_message ON message_observation(message_id)`,
      `CREATE TABLE report (
        id INTEGER PRIMARY KEY, source_id TEXT NOT NULL REFERENCES source(id),
        external_id TEXT NOT NULL, url TEXT NOT NULL, title TEXT,
        kind TEXT NOT NULL CHECK (kind IN ('monthly','daily','weekly','annual','other')),
        published_at TEXT, period_start TEXT, period_end TEXT, content_hash TEXT NOT NULL,
        capture_id INTEGER REFERENCES capture(id), extractor_version TEXT,
        UNIQUE (source_id, external_id))`,
      `CREATE TABLE report_figure (
        id INTEGER PRIMARY KEY, report_id INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,
        metric TEXT NOT NULL, value REAL NOT NULL, unit TEXT NOT NULL, qualifier TEXT,
        board TEXT, region TEXT, category TEXT, as_of TEXT, of_metric TEXT, text TEXT)`,
      `CREATE INDEX figure_report ON report_figure(report_id)`,
      `CREATE TABLE report_item (
        id INTEGER PRIMARY KEY, report_id INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,
        position INTEGER NOT NULL, url TEXT, message_id INTEGER REFERENCES message(id),
        department_id INTEGER REFERENCES department(id), posted_on TEXT, headline TEXT,
        board TEXT, message TEXT, reply TEXT)`,
      `CREATE INDEX item_report ON report_item(report_id)`,
      `CREATE INDEX item_url ON report_item(url)`,
      `CREATE TABLE frontier (
        url TEXT PRIMARY KEY, source_id TEXT NOT NULL, kind TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending','done','failed')),
        attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, updated_at TEXT NOT NULL)`,
      `CREATE INDEX frontier_state ON frontier(state, source_id)`,
      `CREATE TABLE crawl_state (
        source_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (source_id, key))`,
      `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
    ];
    for (const s of statements) await sql.raw(s).execute(db);
  },
};

/**
 * What a message's row looked like the last time a list page showed it (reply count, last
 * post, title, status word), so the next run can tell a changed row without refetching.
 */
const listSignature: Migration = {
  async up(db: Kysely<unknown>) {
    await sql.raw(`ALTER TABLE message ADD COLUMN list_signature TEXT`).execute(db);
  },
};

/** Snapshots list captures by (sha256, fetch time): an index saves sorting them all. */
const captureShaTime: Migration = {
  async up(db: Kysely<unknown>) {
    await sql.raw(`CREATE INDEX capture_sha_time ON capture(sha256, fetched_at)`).execute(db);
  },
};

/**
 * Which captures a message or reply points to: snapshots list exactly those (captures.csv),
 * and with these indexes SQLite reads two small indexes instead of both big tables (at
 * 1,000,000 rows each that took the captures file from 7 s to 3 s). `capture_sha` goes: every
 * lookup by sha256 uses `capture_sha_time`, which starts with it.
 */
const captureReferences: Migration = {
  async up(db: Kysely<unknown>) {
    await sql.raw(`CREATE INDEX IF NOT EXISTS message_capture ON message(capture_id)`).execute(db);
    await sql.raw(`CREATE INDEX IF NOT EXISTS reply_capture ON reply(capture_id)`).execute(db);
    await sql.raw(`DROP INDEX IF EXISTS capture_sha`).execute(db);
  },
};

/**
 * The claims check counts the official replies given on each day of a 每日回复 report: an
 * index on the reply time reads those days instead of every reply for every daily figure.
 */
const replyTime: Migration = {
  async up(db: Kysely<unknown>) {
    await sql.raw(`CREATE INDEX IF NOT EXISTS reply_replied_at ON reply(replied_at)`).execute(db);
  },
};

/**
 * A request is a value (method, URL, body), named by its key (see model/request.ts). The
 * frontier is keyed by it instead of the URL, and a capture keeps the method, body and key of
 * the request it answers. Every row stored before was a GET, whose key is its URL.
 */
const requestValues: Migration = {
  async up(db: Kysely<unknown>) {
    const statements = [
      `CREATE TABLE frontier_by_key (
        key TEXT PRIMARY KEY, url TEXT NOT NULL,
        method TEXT NOT NULL DEFAULT 'GET' CHECK (method IN ('GET','POST')), body TEXT, headers TEXT,
        source_id TEXT NOT NULL, kind TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending','done','failed')),
        attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, updated_at TEXT NOT NULL)`,
      `INSERT INTO frontier_by_key (key, url, method, source_id, kind, state, attempts, last_error, updated_at)
        SELECT url, url, 'GET', source_id, kind, state, attempts, last_error, updated_at FROM frontier`,
      `DROP TABLE frontier`,
      `ALTER TABLE frontier_by_key RENAME TO frontier`,
      `CREATE INDEX frontier_state ON frontier(state, source_id)`,
      `ALTER TABLE capture ADD COLUMN method TEXT NOT NULL DEFAULT 'GET'`,
      `ALTER TABLE capture ADD COLUMN request_body TEXT`,
      `ALTER TABLE capture ADD COLUMN request_key TEXT`,
      `UPDATE capture SET request_key = url`,
      `CREATE INDEX capture_request_key ON capture(request_key)`,
    ];
    for (const s of statements) await sql.raw(s).execute(db);
  },
};

/**
 * Chinese full-text search for `wenzheng serve`: FTS5 indexes with the trigram tokenizer (any
 * substring of 3+ characters, no word segmentation needed) over message titles and bodies and
 * over reply bodies. They are external-content indexes (the text stays only in message and
 * reply), kept in step by triggers on every insert, delete and changed text, whoever writes;
 * `rebuild` indexes what an existing archive already holds.
 */
const serveSearch: Migration = {
  async up(db: Kysely<unknown>) {
    const statements = [
      `CREATE VIRTUAL TABLE message_fts USING fts5(title, body, content='message', content_rowid='id', tokenize='trigram')`,
      `CREATE VIRTUAL TABLE reply_fts USING fts5(body, content='reply', content_rowid='id', tokenize='trigram')`,
      `CREATE TRIGGER message_fts_insert AFTER INSERT ON message BEGIN
        INSERT INTO message_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
      END`,
      `CREATE TRIGGER message_fts_delete AFTER DELETE ON message BEGIN
        INSERT INTO message_fts (message_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
      END`,
      `CREATE TRIGGER message_fts_update AFTER UPDATE OF title, body ON message
        WHEN old.title IS NOT new.title OR old.body IS NOT new.body BEGIN
        INSERT INTO message_fts (message_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO message_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
      END`,
      `CREATE TRIGGER reply_fts_insert AFTER INSERT ON reply BEGIN
        INSERT INTO reply_fts (rowid, body) VALUES (new.id, new.body);
      END`,
      `CREATE TRIGGER reply_fts_delete AFTER DELETE ON reply BEGIN
        INSERT INTO reply_fts (reply_fts, rowid, body) VALUES ('delete', old.id, old.body);
      END`,
      `CREATE TRIGGER reply_fts_update AFTER UPDATE OF body ON reply WHEN old.body IS NOT new.body BEGIN
        INSERT INTO reply_fts (reply_fts, rowid, body) VALUES ('delete', old.id, old.body);
        INSERT INTO reply_fts (rowid, body) VALUES (new.id, new.body);
      END`,
      `INSERT INTO message_fts (message_fts) VALUES ('rebuild')`,
      `INSERT INTO reply_fts (reply_fts) VALUES ('rebuild')`,
    ];
    for (const s of statements) await sql.raw(s).execute(db);
  },
};

/**
 * The second of a message's three clocks: when the board made it public after its review
 * (人民网《领导留言板》 `threadsCheckTime`); null where a board does not say. Lag from
 * publication leaves out a review delay the answering unit never saw.
 */
const publishedAt: Migration = {
  async up(db: Kysely<unknown>) {
    await sql.raw(`ALTER TABLE message ADD COLUMN published_at TEXT`).execute(db);
  },
};

/**
 * When the site answered by its own clock (its HTTP Date header): an answer that names no day
 * (人民网《领导留言板》's running totals) stands for the site's day, read again the same way.
 */
const captureServedAt: Migration = {
  async up(db: Kysely<unknown>) {
    await sql.raw(`ALTER TABLE capture ADD COLUMN served_at TEXT`).execute(db);
  },
};

/**
 * Until when each run's worker said it is alive (many workers on PostgreSQL renew it with their
 * leases), so a run whose worker died is closed as abandoned; unused on SQLite, whose lock
 * tells the same.
 */
const runAliveUntil: Migration = {
  async up(db: Kysely<unknown>) {
    await sql.raw(`ALTER TABLE crawl_run ADD COLUMN alive_until REAL`).execute(db);
  },
};

/**
 * The tables only a PostgreSQL archive needs (nothing on SQLite, whose raw bodies are files
 * and which one run at a time writes): raw bodies by sha256, crawl workers' leases on frontier
 * rows, and each host's next request slot shared by every worker.
 */
const postgresWorkers: Migration = {
  async up(db: Kysely<unknown>) {
    const statements = [
      `CREATE TABLE raw_body (sha256 TEXT PRIMARY KEY, gz BYTEA NOT NULL)`,
      `CREATE TABLE frontier_lease (
        key TEXT PRIMARY KEY, worker TEXT NOT NULL, run_id INTEGER, lease_until DOUBLE PRECISION NOT NULL)`,
      `CREATE INDEX frontier_lease_worker ON frontier_lease(worker)`,
      `CREATE TABLE host_slot (host TEXT PRIMARY KEY, next_at DOUBLE PRECISION NOT NULL)`,
      `CREATE INDEX frontier_pending ON frontier(source_id, kind, updated_at) WHERE state = 'pending'`,
    ];
    for (const s of statements) await sql.raw(s).execute(db);
  },
};

/**
 * Reply hits by message, for search at a million messages (issue 18): serve-search's reply
 * index (rowid = reply id) is replaced by one whose rowid names the message too,
 * `(message_id << 31) + reply_id` (reply ids stay below 2^31), so a search reads each hit's
 * message from the rowid itself, where it had to look every hit up in reply, and can ask for
 * the replies of a range of messages only. It is contentless (the text stays in reply; the
 * triggers give the old text when a reply is deleted or changed) and keeps no column sizes
 * (nothing ranks by them). The message index of serve-search stays as it is. The indexes on
 * status and on (reply_count, posted_at) let a search filter on status and walk the
 * most-replied order without reading every message row.
 */
const searchReplyRows: Migration = {
  async up(db: Kysely<unknown>) {
    const statements = [
      `DROP TRIGGER IF EXISTS reply_fts_insert`,
      `DROP TRIGGER IF EXISTS reply_fts_delete`,
      `DROP TRIGGER IF EXISTS reply_fts_update`,
      `DROP TABLE IF EXISTS reply_fts`,
      `CREATE VIRTUAL TABLE reply_search_fts USING fts5(body, content='', columnsize=0, tokenize='trigram')`,
      `CREATE TRIGGER reply_search_insert AFTER INSERT ON reply BEGIN
        INSERT INTO reply_search_fts (rowid, body) VALUES ((new.message_id << 31) + new.id, new.body);
      END`,
      `CREATE TRIGGER reply_search_delete AFTER DELETE ON reply BEGIN
        INSERT INTO reply_search_fts (reply_search_fts, rowid, body) VALUES ('delete', (old.message_id << 31) + old.id, old.body);
      END`,
      `CREATE TRIGGER reply_search_update AFTER UPDATE OF id, message_id, body ON reply
        WHEN old.id IS NOT new.id OR old.message_id IS NOT new.message_id OR old.body IS NOT new.body BEGIN
        INSERT INTO reply_search_fts (reply_search_fts, rowid, body) VALUES ('delete', (old.message_id << 31) + old.id, old.body);
        INSERT INTO reply_search_fts (rowid, body) VALUES ((new.message_id << 31) + new.id, new.body);
      END`,
      `INSERT INTO reply_search_fts (rowid, body) SELECT (message_id << 31) + id, body FROM reply`,
      `CREATE INDEX message_status ON message(status)`,
      `CREATE INDEX message_replies ON message(reply_count, posted_at)`,
    ];
    for (const s of statements) await sql.raw(s).execute(db);
  },
};

const nothing: Migration = { async up() {} };

/**
 * A board's facts live in its `source` row, stored when it is first crawled: the hours within
 * which it should answer (overdue.csv and replied_within_sla use them), its default request
 * rate, and its region (GB/T 2260 code, or 'national'). So the same archive gives the same
 * snapshot whatever code version reads it. Existing rows get the values the adapters stated on
 * 2026-12-05: 24 hours, except sun0769 and rednet-hunan (120) and people-liuyan (720); 1
 * request a second, except people-liuyan (0.5); Hubei (420000) for the three 荆楚网 boards,
 * 东莞市 (441900) for sun0769, Hunan (430000) for rednet-hunan, 'national' for people-liuyan,
 * unknown for a Discuz! board configured by the user.
 */
const sourceFacts: Migration = {
  async up(db: Kysely<unknown>) {
    await sql.raw(`ALTER TABLE source ADD COLUMN sla_hours REAL`).execute(db);
    await sql.raw(`ALTER TABLE source ADD COLUMN default_rate REAL`).execute(db);
    await sql.raw(`ALTER TABLE source ADD COLUMN region TEXT`).execute(db);
    await sql
      .raw(
        `UPDATE source SET
           sla_hours = CASE id WHEN 'sun0769' THEN 120 WHEN 'rednet-hunan' THEN 120 WHEN 'people-liuyan' THEN 720 ELSE 24 END,
           default_rate = CASE id WHEN 'people-liuyan' THEN 0.5 ELSE 1 END,
           region = CASE WHEN id IN ('cnhubei-minsheng', 'cnhubei-wenzheng', 'cnhubei-reports') THEN '420000'
                         WHEN id = 'sun0769' THEN '441900' WHEN id = 'rednet-hunan' THEN '430000'
                         WHEN id = 'people-liuyan' THEN 'national' END`,
      )
      .execute(db);
  },
};

/**
 * Departments scoped by region (issue #12) with ids stable across archives (issue #16):
 * - `department` loses its UNIQUE name (the same canonical name can be two units in two
 *   regions), gains `scope` (the region the name was read in), and every row gets the id
 *   derived from its canonical name and region: the first 48 bits of sha256 of
 *   `<region code, else scope>|<canonical name>` (src/archive/departments.ts computes the same;
 *   it is written out here so this migration never changes). Rows that point at a department
 *   follow it to its new id.
 * - `department_alias` is keyed by (scope, alias); every row made before this was read with
 *   Hubei (42) as the province, so older rows get scope 42.
 * - `message.department_source`: addressed, answered or none. Older rows: none without a
 *   department, answered when an official reply of the message has that department, else
 *   addressed.
 * The department table is rebuilt with foreign keys off (SQLite's way to drop a constraint);
 * the migration runs outside a transaction, so it opens its own and checks the keys before commit.
 */
const departmentScope: Migration = {
  async up(db: Kysely<unknown>) {
    const run = (s: string) => sql.raw(s).execute(db);
    const idOf = (regionKey: string, canonical: string) =>
      Number.parseInt(createHash('sha256').update(`${regionKey}|${canonical}`).digest('hex').slice(0, 12), 16);
    await run(`PRAGMA foreign_keys = OFF`);
    try {
      await run(`BEGIN`);
      await run(`CREATE TABLE department_new (
        id INTEGER PRIMARY KEY, name TEXT NOT NULL, canonical_name TEXT NOT NULL,
        region_code TEXT, region_name TEXT,
        level TEXT NOT NULL DEFAULT 'unknown'
          CHECK (level IN ('province','prefecture','county','township','unknown')),
        scope TEXT)`);
      // One-word column names: the archive's connection camel-cases result keys.
      const rows = (await sql<{ id: number; canonical: string; region: string | null }>`SELECT id, canonical_name AS canonical, region_code AS region FROM department`.execute(db)).rows;
      await run(`CREATE TEMP TABLE department_id_map (old INTEGER PRIMARY KEY, new INTEGER NOT NULL)`);
      for (const r of rows) {
        await sql`INSERT INTO temp.department_id_map (old, new) VALUES (${r.id}, ${idOf(r.region ?? '42', r.canonical)})`.execute(db);
      }
      await run(`INSERT INTO department_new (id, name, canonical_name, region_code, region_name, level, scope)
        SELECT m.new, d.name, d.canonical_name, d.region_code, d.region_name, d.level, '42'
          FROM department d JOIN temp.department_id_map m ON m.old = d.id`);
      for (const table of ['message', 'reply', 'report_item']) {
        await run(`UPDATE ${table} SET department_id = (SELECT new FROM temp.department_id_map WHERE old = ${table}.department_id) WHERE department_id IS NOT NULL`);
      }
      await run(`CREATE TABLE department_alias_new (
        scope TEXT NOT NULL, alias TEXT NOT NULL, department_id INTEGER NOT NULL REFERENCES department(id),
        PRIMARY KEY (scope, alias))`);
      await run(`INSERT INTO department_alias_new (scope, alias, department_id)
        SELECT '42', a.alias, m.new FROM department_alias a JOIN temp.department_id_map m ON m.old = a.department_id`);
      await run(`DROP TABLE department_alias`);
      await run(`DROP TABLE department`);
      await run(`ALTER TABLE department_new RENAME TO department`);
      await run(`ALTER TABLE department_alias_new RENAME TO department_alias`);
      await run(`DROP TABLE temp.department_id_map`);
      await run(`ALTER TABLE message ADD COLUMN department_source TEXT CHECK (department_source IN ('addressed','answered','none'))`);
      await run(`UPDATE message SET department_source = CASE
          WHEN department_id IS NULL THEN 'none'
          WHEN EXISTS (SELECT 1 FROM reply r WHERE r.message_id = message.id AND r.official = 1 AND r.department_id = message.department_id) THEN 'answered'
          ELSE 'addressed' END`);
      const broken = (await sql`PRAGMA foreign_key_check`.execute(db)).rows;
      if (broken.length) throw new Error(`department migration: ${broken.length} rows point at no department`);
      await run(`COMMIT`);
    } catch (err) {
      await run(`ROLLBACK`).catch(() => undefined);
      throw err;
    } finally {
      await run(`PRAGMA foreign_keys = ON`);
    }
  },
};

/**
 * `2026-12-05-figures-scoped-departments` on PostgreSQL: the same result as on SQLite (scoped
 * aliases, derived ids, department_source) in PostgreSQL's words: constraints are dropped and
 * added by name instead of rebuilding the table, and each department moves to its derived id by
 * a copy, the rows that point at it following, then the old row's removal, all inside the
 * migration's transaction.
 */
const departmentScopePg: Migration = {
  async up(db: Kysely<unknown>) {
    const run = (s: string) => sql.raw(s).execute(db);
    const idOf = (regionKey: string, canonical: string) =>
      Number.parseInt(createHash('sha256').update(`${regionKey}|${canonical}`).digest('hex').slice(0, 12), 16);
    await run(`ALTER TABLE department DROP CONSTRAINT IF EXISTS department_name_key`);
    await run(`ALTER TABLE department ADD COLUMN scope TEXT`);
    await run(`ALTER TABLE department ALTER COLUMN id TYPE BIGINT`);
    for (const t of ['message', 'reply', 'report_item', 'department_alias']) await run(`ALTER TABLE ${t} ALTER COLUMN department_id TYPE BIGINT`);
    await run(`UPDATE department SET scope = '42'`);
    await run(`ALTER TABLE department_alias ADD COLUMN scope TEXT NOT NULL DEFAULT '42'`);
    await run(`ALTER TABLE department_alias ALTER COLUMN scope DROP DEFAULT`);
    await run(`ALTER TABLE department_alias DROP CONSTRAINT department_alias_pkey`);
    await run(`ALTER TABLE department_alias ADD PRIMARY KEY (scope, alias)`);
    const rows = (await sql<{ id: number; canonical: string; region: string | null }>`SELECT id, canonical_name AS canonical, region_code AS region FROM department`.execute(db)).rows;
    for (const r of rows) {
      const id = idOf(r.region ?? '42', r.canonical);
      if (Number(r.id) === id) continue;
      await sql`INSERT INTO department (id, name, canonical_name, region_code, region_name, level, scope)
        SELECT ${id}, name, canonical_name, region_code, region_name, level, scope FROM department WHERE id = ${r.id}`.execute(db);
      for (const t of ['message', 'reply', 'report_item', 'department_alias']) {
        await sql`UPDATE ${sql.table(t)} SET department_id = ${id} WHERE department_id = ${r.id}`.execute(db);
      }
      await sql`DELETE FROM department WHERE id = ${r.id}`.execute(db);
    }
    await run(`ALTER TABLE message ADD COLUMN department_source TEXT CHECK (department_source IN ('addressed','answered','none'))`);
    await run(`UPDATE message SET department_source = CASE
        WHEN department_id IS NULL THEN 'none'
        WHEN EXISTS (SELECT 1 FROM reply r WHERE r.message_id = message.id AND r.official = 1 AND r.department_id = message.department_id) THEN 'answered'
        ELSE 'addressed' END`);
  },
};

/** Every migration of the SQLite archive, by name; applied in name order. */
export const MIGRATIONS: Record<string, Migration> = {
  '2026-11-27-initial': initial,
  '2026-11-27-list-signature': listSignature,
  '2026-11-28-capture-sha-time': captureShaTime,
  '2026-11-29-capture-references': captureReferences,
  '2026-12-05-figures-reply-time': replyTime,
  '2026-12-05-figures-scoped-departments': departmentScope,
  '2026-12-05-lead-run-alive-until': runAliveUntil,
  '2026-12-05-liuyan-capture-served-at': captureServedAt,
  '2026-12-05-liuyan-published-at': publishedAt,
  '2026-12-05-postgres-workers': nothing,
  '2026-12-05-publish-source-facts': sourceFacts,
  '2026-12-05-requests-values': requestValues,
  '2026-12-05-serve-search': serveSearch,
  '2026-12-05-serve-search-reply-rows': searchReplyRows,
};

/**
 * The same migrations for PostgreSQL: every SQLite statement translated by pgStatement, except
 * where the work itself differs. Search (serve-search) builds no index there: `serve` and the
 * publishing commands read a PostgreSQL archive through a local SQLite copy (read-view.ts),
 * whose FTS5 trigram index is built as the copy is written.
 */
const POSTGRES_MIGRATIONS: Record<string, Migration> = {
  ...Object.fromEntries(Object.entries(MIGRATIONS).map(([name, m]) => [name, translated(m)])),
  '2026-12-05-figures-scoped-departments': departmentScopePg,
  '2026-12-05-postgres-workers': postgresWorkers,
  '2026-12-05-serve-search': nothing,
  '2026-12-05-serve-search-reply-rows': nothing,
};

/** The migrations of one dialect, by name. */
export function migrationsFor(dialect: Dialect): Record<string, Migration> {
  return dialect === 'sqlite' ? MIGRATIONS : POSTGRES_MIGRATIONS;
}

/** The migrations of one dialect as kysely's Migrator wants them. */
export function migrationProviderFor(dialect: Dialect): MigrationProvider {
  return { getMigrations: async () => migrationsFor(dialect) };
}

export const migrationProvider: MigrationProvider = migrationProviderFor('sqlite');

/** A SQLite migration run on PostgreSQL: each raw statement it executes goes through pgStatement. */
function translated(m: Migration): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await m.up(db.withPlugin(pgStatements));
    },
  };
}

/**
 * A SQLite statement in PostgreSQL's words: an `INTEGER PRIMARY KEY` (SQLite's rowid alias)
 * is an identity column, and REAL (SQLite's 8-byte float) is DOUBLE PRECISION. Everything else
 * the migrations use is common SQL.
 */
export function pgStatement(s: string): string {
  return s.replace(/\bINTEGER PRIMARY KEY\b/g, 'INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY').replace(/\bREAL\b/g, 'DOUBLE PRECISION');
}

/** Rewrites the raw SQL of the shipped migrations (they are `sql.raw` statements) with pgStatement. */
const pgStatements: KyselyPlugin = {
  transformQuery({ node }) {
    if (!RawNode.is(node)) return node;
    return RawNode.create(node.sqlFragments.map(pgStatement), node.parameters);
  },
  async transformResult({ result }) {
    return result;
  },
};
