import { Injectable } from '@nestjs/common';
import type { ReconciliationFeed } from '@bridge/database';
import { PgPool } from '@bridge/postgres';

/** How far one object of the data-feed bucket has been imported. */
export interface DeliveredFeedObjectState {
  bucket: string;
  key: string;
  header: string | null;
  offset: number;
  tailSha256: string | null;
  tailLength: number;
  pendingUntil: number | null;
  problem: string | null;
}

/** Where an import's bytes came from, and how far the object is imported once it is in. */
export interface ImportedRange {
  importId: string;
  etag: string;
  start: number;
  end: number;
  header: string;
  tailSha256: string;
  tailLength: number;
}

const COLUMNS = `bucket, key, header, "offset"::float8 AS "offset", tail_sha256 AS "tailSha256", tail_length AS "tailLength",
  pending_until::float8 AS "pendingUntil", problem`;

/** The per-object offsets of delivered feeds, on the engine's pg pool. Offsets fit a float8 exactly (below 2^53 bytes). */
@Injectable()
export class DeliveredFeedObjectRepository {
  constructor(private readonly pg: PgPool) {}

  /** The object's state, created at offset 0 when it is seen for the first time. */
  async state(bucket: string, key: string, feed: ReconciliationFeed): Promise<DeliveredFeedObjectState> {
    const { rows } = await this.pg.pool.query<DeliveredFeedObjectState>(
      `WITH created AS (
         INSERT INTO delivered_feed_object (bucket, key, feed, updated_at) VALUES ($1, $2, $3::"ReconciliationFeed", now())
         ON CONFLICT (bucket, key) DO NOTHING RETURNING ${COLUMNS})
       SELECT * FROM created UNION ALL SELECT ${COLUMNS} FROM delivered_feed_object WHERE bucket = $1 AND key = $2`,
      [bucket, key, feed],
    );
    return rows[0];
  }

  /** Before a range is imported: the end it reads to, so a poll after a crash reads the same bytes again. */
  async markPending(bucket: string, key: string, until: number): Promise<void> {
    await this.pg.pool.query(`UPDATE delivered_feed_object SET pending_until = $3, updated_at = now() WHERE bucket = $1 AND key = $2`, [
      bucket,
      key,
      until,
    ]);
  }

  /**
   * The import is in (or was in already, a DUPLICATE): the offset moves to the
   * end of its range, and the import records where its bytes came from, in
   * one transaction.
   */
  async advance(bucket: string, key: string, range: ImportedRange): Promise<void> {
    await this.pg.transaction(async (client) => {
      await client.query(
        `UPDATE reconciliation_import SET source_bucket = $2, source_key = $3, source_range_start = $4, source_range_end = $5, source_etag = $6, updated_at = now()
          WHERE id = $1::uuid`,
        [range.importId, bucket, key, range.start, range.end, range.etag],
      );
      await client.query(
        `UPDATE delivered_feed_object SET "offset" = $3, header = $4, tail_sha256 = $5, tail_length = $6, etag = $7, last_import_id = $8::uuid,
                pending_until = NULL, updated_at = now()
          WHERE bucket = $1 AND key = $2`,
        [bucket, key, range.end, range.header, range.tailSha256, range.tailLength, range.etag, range.importId],
      );
    });
  }

  /** Only the header has been read (the object has no complete event yet). */
  async headerRead(bucket: string, key: string, header: string, offset: number, tailSha256: string, tailLength: number): Promise<void> {
    await this.pg.pool.query(
      `UPDATE delivered_feed_object SET header = $3, "offset" = $4, tail_sha256 = $5, tail_length = $6, updated_at = now() WHERE bucket = $1 AND key = $2`,
      [bucket, key, header, offset, tailSha256, tailLength],
    );
  }

  /** The object is set aside until an operator looks at it: it is reported on every poll, not imported. */
  async reportProblem(bucket: string, key: string, problem: string): Promise<void> {
    await this.pg.pool.query(
      `UPDATE delivered_feed_object SET problem = $3, problem_at = now(), pending_until = NULL, updated_at = now() WHERE bucket = $1 AND key = $2`,
      [bucket, key, problem],
    );
  }

  async list(bucket: string): Promise<(DeliveredFeedObjectState & { lastImportId: string | null })[]> {
    const { rows } = await this.pg.pool.query<DeliveredFeedObjectState & { lastImportId: string | null }>(
      `SELECT ${COLUMNS}, last_import_id AS "lastImportId" FROM delivered_feed_object WHERE bucket = $1 ORDER BY key`,
      [bucket],
    );
    return rows;
  }

  /**
   * One poller at a time across the deployment: `work` runs only if this
   * process takes the lock (a session lock, held on one connection).
   */
  async exclusively<T>(work: () => Promise<T>): Promise<T | undefined> {
    const client = await this.pg.pool.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtext('delivered-feed-poll')) AS locked`);
      if (!rows[0].locked) return undefined;
      try {
        return await work();
      } finally {
        await client.query(`SELECT pg_advisory_unlock(hashtext('delivered-feed-poll'))`);
      }
    } finally {
      client.release();
    }
  }
}
