import pg from 'pg';
import type { PgConnectionOptions } from './connection-options';

/** Creates the target database on first run, so a fresh machine needs no manual step. */
export async function ensureDatabaseExists(options: PgConnectionOptions): Promise<boolean> {
  const client = new pg.Client({ ...options, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
    if (found.rowCount) return false;
    await client.query(`CREATE DATABASE "${options.database.replace(/"/g, '""')}"`);
    return true;
  } catch (error) {
    // Two processes racing to create it: the loser sees a duplicate.
    if ((error as { code?: string }).code === '42P04') return false;
    throw error;
  } finally {
    await client.end();
  }
}
