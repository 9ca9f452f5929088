import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { ReconciliationFeed } from '@bridge/database';
import type { EarlierFeed, FeedCheckpoints } from './feed-prefix.tracker';
import type { QuarantinedLine } from './quarantined-line';

/** The SQL of an import's intake transaction around its staged rows: set the bad lines aside, settle duplicates, mark it stored. */
@Injectable()
export class BillingFeedIntakeRepository {
  /**
   * An earlier import of the same bytes that was kept. The advisory lock,
   * held to the end of the transaction, makes two uploads of one file at
   * once settle one after the other: the second sees the first.
   */
  async keptImportWithSameContent(
    client: pg.PoolClient,
    feed: ReconciliationFeed,
    sha256: string,
    importId: string,
  ): Promise<string | null> {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`reconciliation-import:${feed}:${sha256}`]);
    const { rows } = await client.query<{ id: string }>(
      `SELECT id FROM reconciliation_import
        WHERE feed = $1::"ReconciliationFeed" AND content_sha256 = $2 AND status IN ('MATCHING', 'COMPLETED') AND id <> $3::uuid
        ORDER BY seq LIMIT 1`,
      [feed, sha256, importId],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * The latest imports of a feed that were kept, with their checkpoints:
   * today's file is most likely yesterday's, appended to. A few, not one:
   * another file of the feed may have come in between.
   */
  async earlierFeeds(client: pg.PoolClient, feed: ReconciliationFeed): Promise<EarlierFeed[]> {
    const { rows } = await client.query<{ id: string; offsets: string[]; sha256: string[] }>(
      `SELECT id, prefix_offsets::text[] AS offsets, prefix_sha256 AS sha256 FROM reconciliation_import
        WHERE feed = $1::"ReconciliationFeed" AND status IN ('MATCHING', 'COMPLETED') AND cardinality(prefix_offsets) > 0
        ORDER BY seq DESC LIMIT 3`,
      [feed],
    );
    return rows.map((r) => ({ importId: r.id, checkpoints: { offsets: r.offsets.map(Number), sha256: r.sha256 } }));
  }

  async quarantine(client: pg.PoolClient, importId: string, lines: QuarantinedLine[]): Promise<void> {
    if (lines.length === 0) return;
    await client.query(
      `INSERT INTO billing_feed_quarantine (id, import_id, line, "column", reason, raw, raw_length)
       SELECT gen_random_uuid(), $1::uuid, l, c, r, w, n FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::int[]) AS q(l, c, r, w, n)`,
      [
        importId,
        lines.map((l) => l.line),
        lines.map((l) => l.column),
        lines.map((l) => l.reason),
        lines.map((l) => l.raw),
        lines.map((l) => l.rawLength),
      ],
    );
  }

  /** Rows stored, in the same transaction as the rows themselves: the import and its rows appear together or not at all. */
  async markStored(
    client: pg.PoolClient,
    importId: string,
    fields: {
      sha256: string;
      linesProcessed: number;
      rowsImported: number;
      rowsQuarantined: number;
      checkpoints: FeedCheckpoints;
      continues: string | null;
      bytesContinued: number;
    },
  ): Promise<void> {
    await client.query(
      `UPDATE reconciliation_import SET status = 'MATCHING', content_sha256 = $2, lines_processed = $3, rows_imported = $4,
              rows_quarantined = $5, prefix_offsets = $6::bigint[], prefix_sha256 = $7::text[], continues_import_id = $8::uuid,
              bytes_continued = $9, updated_at = now() WHERE id = $1::uuid`,
      [
        importId,
        fields.sha256,
        fields.linesProcessed,
        fields.rowsImported,
        fields.rowsQuarantined,
        fields.checkpoints.offsets,
        fields.checkpoints.sha256,
        fields.continues,
        fields.bytesContinued,
      ],
    );
  }
}
