/**
 * The throwaway PostgreSQL server the PostgreSQL archive tests stand on: it starts on a free
 * 127.0.0.1 port, keeps Chinese text as written, and is gone (port refused) after stop().
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPostgresBin, startPostgres, type PostgresServer } from '../helpers/postgres.js';

const bin = findPostgresBin();

describe.skipIf(!bin)('throwaway PostgreSQL server', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres(bin!);
  }, 120_000);
  afterAll(() => server?.stop());

  it('answers on 127.0.0.1 and keeps UTF-8 text of a new database', async () => {
    const url = server.createDatabase('wz_probe');
    expect(url).toBe(`postgres://postgres@127.0.0.1:${server.port}/wz_probe`);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ db: string; text: string }>(
        'SELECT current_database() AS db, $1::text AS text',
        ['洪山区城管局 答复'],
      );
      expect(rows).toEqual([{ db: 'wz_probe', text: '洪山区城管局 答复' }]);
    } finally {
      await client.end();
    }
  });

  it('is gone after stop', async () => {
    const url = server.url;
    server.stop();
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
    await expect(client.connect()).rejects.toThrow(/ECONNREFUSED/);
  });
});
