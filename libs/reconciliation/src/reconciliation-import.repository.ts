import { Injectable } from '@nestjs/common';
import type { MalformedRowPolicy, ReconciliationFeed, ReconciliationImportStatus } from '@bridge/database';
import { PgPool } from '@bridge/postgres';

export interface NewImport {
  feed: ReconciliationFeed;
  fileName: string;
  /** upload: over the API; path: the import CLI; s3: read from the data-feed bucket (its provenance on the record). */
  origin: 'upload' | 'path' | 's3';
  onMalformed: MalformedRowPolicy;
  actor: string;
}

export interface ImportRecord {
  id: string;
  seq: bigint;
  feed: ReconciliationFeed;
  cloud: 'AWS' | 'AZURE';
  fileName: string;
  origin: string;
  onMalformed: MalformedRowPolicy;
  status: ReconciliationImportStatus;
  contentSha256: string | null;
  duplicateOfId: string | null;
  linesProcessed: number;
  rowsImported: number;
  rowsQuarantined: number;
  rowsSuperseded: number;
  itemsMatched: number;
  error: string | null;
  errorLine: number | null;
  errorColumn: string | null;
  actor: string;
  createdAt: Date;
  finishedAt: Date | null;
  /** Read from a data-feed bucket: the object and the byte range [start, end) the import's lines came from. */
  sourceBucket: string | null;
  sourceKey: string | null;
  sourceRangeStart: string | null;
  sourceRangeEnd: string | null;
  sourceEtag: string | null;
  /** The earlier import this file began with, and how many of its first bytes were that import's (not read again). */
  continuesImportId: string | null;
  bytesContinued: string;
}

const COLUMNS = `id, seq::text AS seq, feed, cloud, file_name AS "fileName", origin, on_malformed AS "onMalformed", status, content_sha256 AS "contentSha256",
  duplicate_of_id AS "duplicateOfId", lines_processed AS "linesProcessed", rows_imported AS "rowsImported", rows_quarantined AS "rowsQuarantined",
  rows_superseded AS "rowsSuperseded", items_matched AS "itemsMatched", error, error_line AS "errorLine", error_column AS "errorColumn", actor,
  created_at AS "createdAt", finished_at AS "finishedAt", source_bucket AS "sourceBucket", source_key AS "sourceKey",
  source_range_start::text AS "sourceRangeStart", source_range_end::text AS "sourceRangeEnd", source_etag AS "sourceEtag",
  continues_import_id AS "continuesImportId", bytes_continued::text AS "bytesContinued"`;

type Row = Omit<ImportRecord, 'seq'> & { seq: string };
const toRecord = (row: Row): ImportRecord => ({ ...row, seq: BigInt(row.seq) });

/**
 * The import records: what was imported, by whom, how far it got, and what
 * went wrong where. On the engine's own pg pool rather than Prisma, so an
 * import (CLI, benchmark) never loads Prisma's query compiler: ~80 MB less.
 */
@Injectable()
export class ReconciliationImportRepository {
  constructor(private readonly pg: PgPool) {}

  async create(input: NewImport): Promise<ImportRecord> {
    const { rows } = await this.pg.pool.query<Row>(
      `INSERT INTO reconciliation_import (id, feed, cloud, file_name, origin, on_malformed, status, actor, updated_at)
       VALUES (gen_random_uuid(), $1::"ReconciliationFeed", $2::"Cloud", $3, $4, $5::"MalformedRowPolicy", 'RECEIVING', $6, now()) RETURNING ${COLUMNS}`,
      [input.feed, input.feed === 'AZURE_PAYOUTS' ? 'AZURE' : 'AWS', input.fileName, input.origin, input.onMalformed, input.actor],
    );
    return toRecord(rows[0]);
  }

  async find(id: string): Promise<ImportRecord | null> {
    const { rows } = await this.pg.pool.query<Row>(`SELECT ${COLUMNS} FROM reconciliation_import WHERE id = $1::uuid`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /**
   * Newest first, `limit` records from before `beforeSeq` (a page of the API's list: the seq index is its order).
   * ORDER BY names the table's column: a bare `seq` would be COLUMNS' text `seq`, which puts 99 before 100 and
   * leaves the newer import out of every page once the cursor's WHERE (on the number) is past it.
   */
  async list(limit: number, beforeSeq: bigint | null = null): Promise<ImportRecord[]> {
    const { rows } = await this.pg.pool.query<Row>(
      `SELECT ${COLUMNS} FROM reconciliation_import
        WHERE $2::bigint IS NULL OR seq < $2::bigint ORDER BY reconciliation_import.seq DESC LIMIT $1`,
      [limit, beforeSeq?.toString() ?? null],
    );
    return rows.map(toRecord);
  }

  async quarantined(importId: string, limit: number) {
    const { rows } = await this.pg.pool.query<{ line: number; column: string; reason: string; raw: string; rawLength: number }>(
      `SELECT line, "column", reason, raw, raw_length AS "rawLength" FROM billing_feed_quarantine WHERE import_id = $1::uuid ORDER BY line LIMIT $2`,
      [importId, limit],
    );
    return rows;
  }

  /** Progress of a long import; only while it is still receiving, so a late tick never overwrites the outcome. */
  async progress(id: string, linesProcessed: number): Promise<void> {
    await this.pg.pool.query(
      `UPDATE reconciliation_import SET lines_processed = $2, updated_at = now() WHERE id = $1::uuid AND status = 'RECEIVING'`,
      [id, linesProcessed],
    );
  }

  async finish(
    id: string,
    status: ReconciliationImportStatus,
    fields: {
      error?: string;
      errorLine?: number | null;
      errorColumn?: string | null;
      linesProcessed?: number;
      duplicateOfId?: string;
      contentSha256?: string;
    },
  ): Promise<void> {
    await this.pg.pool.query(
      `UPDATE reconciliation_import SET status = $2::"ReconciliationImportStatus", error = coalesce($3, error), error_line = coalesce($4, error_line),
              error_column = coalesce($5, error_column), lines_processed = coalesce($6, lines_processed), duplicate_of_id = coalesce($7::uuid, duplicate_of_id),
              content_sha256 = coalesce($8, content_sha256), finished_at = now(), updated_at = now()
        WHERE id = $1::uuid`,
      [
        id,
        status,
        fields.error ?? null,
        fields.errorLine ?? null,
        fields.errorColumn ?? null,
        fields.linesProcessed ?? null,
        fields.duplicateOfId ?? null,
        fields.contentSha256 ?? null,
      ],
    );
  }

  /** Imports whose rows are stored but whose items were never matched (a lost job): the sweep re-queues them. */
  async waitingForMatch(olderThanMs: number): Promise<string[]> {
    const { rows } = await this.pg.pool.query<{ id: string }>(
      `SELECT id FROM reconciliation_import WHERE status = 'MATCHING' AND updated_at < now() - make_interval(secs => $1::double precision / 1000) ORDER BY seq LIMIT 100`,
      [olderThanMs],
    );
    return rows.map((r) => r.id);
  }
}
