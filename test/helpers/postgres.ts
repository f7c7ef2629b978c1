/**
 * A throwaway PostgreSQL server for tests: Debian's `postgresql` package, initdb into a fresh
 * folder of this test run, a free port on 127.0.0.1, trust authentication, stopped (immediate)
 * and removed at the end. As root (CI, these machines) the server runs as the `postgres` user.
 *
 * Where no server binaries are installed the caller skips with the printed reason, except under
 * CI (CI=true), where `.ci/run` installs them: there a missing server is a failure, never a skip.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import pg from 'pg';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testTmpRoot } from './tmp.js';

const PG_LIB = '/usr/lib/postgresql';

/** The bin folder of the newest installed PostgreSQL, or null with a printed reason. */
export function findPostgresBin(): string | null {
  const versions = existsSync(PG_LIB)
    ? readdirSync(PG_LIB)
        .filter((v) => existsSync(path.join(PG_LIB, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length > 0) return path.join(PG_LIB, versions[0]!, 'bin');
  const reason = `no PostgreSQL server under ${PG_LIB} (apt-get install postgresql)`;
  if (process.env.CI === 'true') throw new Error(`${reason}: .ci/run installs it, so CI may not skip`);
  console.warn(`skipping PostgreSQL tests: ${reason}`);
  return null;
}

export interface PostgresServer {
  /** Connection URL of the `postgres` database: postgres://postgres@127.0.0.1:<port>/postgres. */
  readonly url: string;
  readonly port: number;
  /** The server's data folder (its postmaster.pid names the server process). */
  readonly dataDir: string;
  /** Creates an empty database and answers its connection URL. */
  createDatabase(name: string): string;
  /** Stops the server (immediate mode) and removes its folder. */
  stop(): void;
}

/** Starts a throwaway server; `bin` from findPostgresBin(). */
export async function startPostgres(bin: string): Promise<PostgresServer> {
  const asRoot = process.getuid?.() === 0;
  const root = testTmpRoot();
  // The server user must be able to walk into the run's folder (made 0700 by mkdtemp); the
  // system's temp folder (outside a test run: the bench) is open already and keeps its mode.
  if (asRoot && path.resolve(root) !== path.resolve(tmpdir())) chmodSync(root, 0o711);
  const dir = mkdtempSync(path.join(root, 'pg-'));
  if (asRoot) {
    chmodSync(dir, 0o700);
    chownSync(dir, pgUid(), pgGid());
  }
  const run = (cmd: string, args: string[]) => {
    const file = path.join(bin, cmd);
    if (asRoot) {
      const quoted = [file, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
      return execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', quoted], { stdio: 'pipe' }).toString();
    }
    return execFileSync(file, args, { stdio: 'pipe' }).toString();
  };
  const data = path.join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
  let port = 0;
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
    try {
      run('pg_ctl', ['-D', data, '-o', opts, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start']);
      break;
    } catch (err) {
      if (attempt >= 2) throw new Error(`PostgreSQL did not start in ${dir}: ${(err as Error).message}`);
    }
  }
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir: data,
    createDatabase(name: string) {
      run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', name]);
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function pgUid(): number {
  return Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
}

function pgGid(): number {
  return Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Runs one statement on a fresh connection to `url` and returns its rows. */
export async function pgQuery<T>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}
