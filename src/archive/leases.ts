/**
 * Many crawl workers on one PostgreSQL archive: each takes pending frontier rows under a lease
 * (`FOR UPDATE SKIP LOCKED`, so two workers never take the same row), renews its leases while
 * it works, and gives them back when it stops. A worker that dies (kill -9, a lost machine)
 * stops renewing: once its leases run out, the others take its rows. Every time is the
 * database's clock, so workers on machines with different clocks agree. Also the per-host
 * request slots all workers share, so `--rate` holds for all of them together.
 */
import { sql } from 'kysely';
import type { PageKind } from '../model/extraction.js';
import { toRequest } from '../model/request.js';
import type { Db } from './db.js';
import type { FrontierEntry } from './frontier.js';

/** A leased frontier row: its entry, key, and the run that held it before, if its lease ran out. */
export interface LeasedEntry extends FrontierEntry {
  key: string;
  /** The run of a worker whose lease on this row expired (it may have stored the page already). */
  previousRun: number | null;
}

type Row = { key: string; url: string; method: string; body: string | null; headers: string | null; source_id: string; kind: string; previous_run: number | null };

/**
 * Leases up to `limit` pending rows of `sources` that nobody holds (list pages first, then the
 * oldest) to `worker` for `leaseSeconds`, in one statement (one round trip, no transaction
 * held open between statements). The frontier rows it picks stay locked (`SKIP LOCKED`: other
 * workers pass them by) until the statement ends, and a lease is written only where the row
 * holds none or an expired one: `ON CONFLICT ... WHERE` judges the lease row as last committed,
 * not as the statement's snapshot saw it, so a row two workers reach at once goes to one of them.
 */
export async function leaseFrontier(
  db: Db,
  q: { sources: string[]; worker: string; runId: number; limit: number; leaseSeconds: number },
): Promise<LeasedEntry[]> {
  if (q.limit <= 0 || q.sources.length === 0) return [];
  const { rows } = await sql<Row>`
    WITH picked AS (
      SELECT f.key, f.url, f.method, f.body, f.headers, f.source_id, f.kind, l.run_id AS previous_run,
        (f.kind = 'list') AS is_list, f.updated_at
      FROM frontier f LEFT JOIN frontier_lease l ON l.key = f.key
      WHERE f.state = 'pending' AND f.source_id IN (${sql.join(q.sources)})
        AND (l.key IS NULL OR l.lease_until < extract(epoch FROM clock_timestamp()))
      ORDER BY (f.kind = 'list') DESC, f.updated_at, f.key
      LIMIT ${q.limit}
      FOR UPDATE OF f SKIP LOCKED
    ), taken AS (
      INSERT INTO frontier_lease (key, worker, run_id, lease_until)
      SELECT key, ${q.worker}, ${q.runId}, extract(epoch FROM clock_timestamp()) + ${q.leaseSeconds} FROM picked
      ON CONFLICT (key) DO UPDATE SET worker = excluded.worker, run_id = excluded.run_id, lease_until = excluded.lease_until
        WHERE frontier_lease.lease_until < extract(epoch FROM clock_timestamp())
      RETURNING key
    )
    SELECT p.key, p.url, p.method, p.body, p.headers, p.source_id, p.kind, p.previous_run
    FROM picked p JOIN taken t ON t.key = p.key
    ORDER BY p.is_list DESC, p.updated_at, p.key`.execute(db.withoutPlugins());
  return rows.map((r) => ({
    key: r.key,
    sourceId: r.source_id,
    previousRun: r.previous_run,
    request: toRequest({
      url: r.url,
      kind: r.kind as PageKind,
      method: r.method,
      body: r.body,
      headers: r.headers ? (JSON.parse(r.headers) as Record<string, string>) : null,
    }),
  }));
}

/** Extends every lease `worker` holds on a still pending row by `leaseSeconds`; drops its leases on finished rows. */
export async function renewLeases(db: Db, q: { worker: string; leaseSeconds: number }): Promise<void> {
  const raw = db.withoutPlugins();
  await sql`DELETE FROM frontier_lease l USING frontier f
    WHERE l.worker = ${q.worker} AND f.key = l.key AND f.state <> 'pending'`.execute(raw);
  await sql`UPDATE frontier_lease SET lease_until = extract(epoch FROM clock_timestamp()) + ${q.leaseSeconds}
    WHERE worker = ${q.worker}`.execute(raw);
}

/** Gives back every lease `worker` holds (it stops; what it did not finish goes to the others at once). */
export async function releaseLeases(db: Db, q: { worker: string; keys?: string[] }): Promise<void> {
  let query = db.deleteFrom('frontierLease').where('worker', '=', q.worker);
  if (q.keys) query = query.where('key', 'in', q.keys.length ? q.keys : ['']);
  await query.execute();
}

/** Pending rows of these sources, leased or not: the crawl is over for everyone when none are left. */
export async function pendingCount(db: Db, q: { sources: string[] }): Promise<number> {
  if (q.sources.length === 0) return 0;
  const row = await db
    .selectFrom('frontier')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '=', 'pending')
    .where('sourceId', 'in', q.sources)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Reserves the next request slot of `host` for every worker together: slots are `intervalMs`
 * apart and never before a hold-off (Retry-After, backoff) any worker set. Returns how many
 * milliseconds to wait for the slot. Without an interval (`--rate 0`) there is no slot to
 * reserve, only a hold-off to respect: that is read, not written, so workers do not queue for
 * the host's row lock on every request.
 */
export async function takeHostSlot(db: Db, q: { host: string; intervalMs: number }): Promise<number> {
  const raw = db.withoutPlugins();
  const { rows } =
    q.intervalMs > 0
      ? await sql<{ wait: number }>`
    INSERT INTO host_slot AS s (host, next_at) VALUES (${q.host}, extract(epoch FROM clock_timestamp()) * 1000 + ${q.intervalMs})
    ON CONFLICT (host) DO UPDATE SET next_at = greatest(s.next_at, extract(epoch FROM clock_timestamp()) * 1000) + ${q.intervalMs}
    RETURNING next_at - ${q.intervalMs} - extract(epoch FROM clock_timestamp()) * 1000 AS wait`.execute(raw)
      : await sql<{ wait: number }>`
    SELECT next_at - extract(epoch FROM clock_timestamp()) * 1000 AS wait FROM host_slot WHERE host = ${q.host}`.execute(raw);
  return Math.max(0, Number(rows[0]?.wait ?? 0));
}

/** Keeps every worker's requests to `host` back until `ms` from now. */
export async function holdHost(db: Db, q: { host: string; ms: number }): Promise<void> {
  await sql`
    INSERT INTO host_slot AS s (host, next_at) VALUES (${q.host}, extract(epoch FROM clock_timestamp()) * 1000 + ${q.ms})
    ON CONFLICT (host) DO UPDATE SET next_at = greatest(s.next_at, excluded.next_at)`.execute(db.withoutPlugins());
}

/**
 * Serialises the start of a crawl round among workers (inside the caller's transaction), so
 * two workers starting at once do not both clear and refill the frontier.
 */
export async function lockFrontierRound(trx: Db): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('wenzheng frontier round'))`.execute(trx);
}

/** Drops the leases on the finished rows of these sources (a new round starts). */
export async function dropFinishedLeases(trx: Db, sources: string[]): Promise<void> {
  await trx
    .deleteFrom('frontierLease')
    .where('key', 'in', (eb) => eb.selectFrom('frontier').select('key').where('sourceId', 'in', sources).where('state', '<>', 'pending'))
    .execute();
}
