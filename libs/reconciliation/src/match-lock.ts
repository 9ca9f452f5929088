import type pg from 'pg';
import type { Cloud } from '@bridge/database';

/**
 * Takes, for the rest of the transaction, the lock every writer of a cloud's
 * reconciliation items holds: matching an import, and each way stored items
 * are judged again. Two of them never interleave their rewrites of the same
 * items; a second job for the same work waits here, then finds it done.
 */
export async function lockCloudMatches(db: pg.PoolClient, cloud: Cloud): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`reconciliation-match:${cloud}`]);
}
