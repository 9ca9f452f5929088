import { loadConfig } from '@bridge/config';
import { PgPool } from './pg.pool';

describe('PgPool: a connection PostgreSQL ends while it is checked out (a restart, a terminate), on real PostgreSQL', () => {
  it('fails the transaction that holds it, not the process, and the pool carries on with a new connection', async () => {
    const pg = new PgPool(loadConfig());
    try {
      const outcome = pg.transaction(async (db) => {
        const { rows } = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        // Ended from another connection while this one waits between two statements, as a restart would end it.
        await pg.pool.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
        await new Promise((resolve) => setTimeout(resolve, 300)); // the server's notice arrives now, as an 'error' event
        await db.query('SELECT 1');
      });
      await expect(outcome).rejects.toThrow();
      expect(await pg.rows({ text: 'SELECT 1 AS one', values: [] })).toEqual([{ one: 1 }]);
    } finally {
      await pg.onApplicationShutdown();
    }
  });
});
