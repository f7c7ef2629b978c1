/**
 * What a re-extraction changed, record by record: the records of a source as they were before
 * it, compared with them after it (new, changed, unchanged; records gone are not counted).
 * On a SQLite archive the records are copied into temporary tables of the connection and
 * compared in SQL, column by column (`IS`, so NULLs compare equal), without leaving SQLite;
 * elsewhere through fingerprints (fingerprints.ts). Both compare the same columns
 * (SAID_COLUMNS), leaving out bookkeeping: when a record was seen, which capture and extractor
 * version wrote it.
 */
import type SqliteDatabase from 'better-sqlite3';
import type { Archive } from './db.js';
import { compareFingerprints, recordFingerprints, SAID_COLUMNS } from './fingerprints.js';

type Tally = { new: number; changed: number; unchanged: number };

/** The tallies of each kind of record. */
export interface RecordChanges {
  messages: Tally;
  replies: Tally;
  reports: Tally;
}

/** A source's records as they were: compare() tells what has changed since (once). */
export interface RecordsBefore {
  compare(): Promise<RecordChanges>;
}

/** A record kind: its key columns (in `rows`) and the columns that say what it says. */
interface Kind {
  table: string;
  /** The kind's rows of source `?`: key columns first, named k1, k2. */
  rows: string;
  keys: string[];
  columns: string[];
}

/** A column's name in SQL (the schema's camelCase names are the columns' snake_case ones). */
const snake = (c: string): string => c.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);
const MESSAGE_COLUMNS = SAID_COLUMNS.message.map(snake);
const REPLY_COLUMNS = SAID_COLUMNS.reply.map(snake);
const REPORT_COLUMNS = SAID_COLUMNS.report.map(snake);

const KINDS: Record<keyof RecordChanges, Kind> = {
  messages: {
    table: 'wz_before_message',
    rows: `SELECT external_id AS k1, ${MESSAGE_COLUMNS.join(', ')} FROM main.message WHERE source_id = ?`,
    keys: ['k1'],
    columns: MESSAGE_COLUMNS,
  },
  replies: {
    table: 'wz_before_reply',
    rows: `SELECT m.external_id AS k1, r.external_id AS k2, ${REPLY_COLUMNS.map((c) => `r.${c}`).join(', ')}
      FROM main.reply r JOIN main.message m ON m.id = r.message_id WHERE m.source_id = ?`,
    keys: ['k1', 'k2'],
    columns: REPLY_COLUMNS,
  },
  reports: {
    table: 'wz_before_report',
    rows: `SELECT external_id AS k1, ${REPORT_COLUMNS.join(', ')} FROM main.report WHERE source_id = ?`,
    keys: ['k1'],
    columns: REPORT_COLUMNS,
  },
};

/** Takes the records of `sourceId` as they are now. */
export async function recordsBefore(archive: Archive, sourceId: string): Promise<RecordsBefore> {
  if (archive.dialect === 'sqlite' && 'sqlite' in archive) return sqliteBefore((archive as { sqlite: SqliteDatabase.Database }).sqlite, sourceId);
  const before = await recordFingerprints(archive.db, sourceId);
  return {
    async compare() {
      const after = await recordFingerprints(archive.db, sourceId);
      return {
        messages: compareFingerprints(before.messages, after.messages),
        replies: compareFingerprints(before.replies, after.replies),
        reports: compareFingerprints(before.reports, after.reports),
      };
    },
  };
}

function sqliteBefore(sqlite: SqliteDatabase.Database, sourceId: string): RecordsBefore {
  for (const k of Object.values(KINDS)) {
    sqlite.exec(`DROP TABLE IF EXISTS temp.${k.table}`);
    sqlite.prepare(`CREATE TEMP TABLE ${k.table} AS ${k.rows}`).run(sourceId);
    sqlite.exec(`CREATE INDEX temp.${k.table}_key ON ${k.table} (${k.keys.join(', ')})`);
  }
  return {
    async compare() {
      try {
        const tally = (k: Kind): Tally => {
          const same = k.columns.map((c) => `a.${c} IS b.${c}`).join(' AND ');
          const row = sqlite
            .prepare(
              `SELECT coalesce(sum(b.k1 IS NULL), 0) AS new, coalesce(sum(b.k1 IS NOT NULL AND NOT (${same})), 0) AS changed,
                 coalesce(sum(b.k1 IS NOT NULL AND (${same})), 0) AS unchanged
               FROM (${k.rows}) a LEFT JOIN temp.${k.table} b ON ${k.keys.map((c) => `b.${c} = a.${c}`).join(' AND ')}`,
            )
            .get(sourceId) as Tally;
          return { new: row.new, changed: row.changed, unchanged: row.unchanged };
        };
        return { messages: tally(KINDS.messages), replies: tally(KINDS.replies), reports: tally(KINDS.reports) };
      } finally {
        for (const k of Object.values(KINDS)) sqlite.exec(`DROP TABLE IF EXISTS temp.${k.table}`);
      }
    },
  };
}
