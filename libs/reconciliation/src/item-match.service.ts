import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import type { Cloud } from '@bridge/database';
import { parseUsdRates } from '@bridge/domain';
import { PgPool } from '@bridge/postgres';
import { loadAgreementSchedules } from './agreement-schedules';
import { verdictQuery } from './item-verdict.sql';
import {
  ANALYZE_PARTS,
  ANALYZE_SHARED,
  ANALYZE_TOUCHED,
  CREATE_TOUCHED,
  DELETE_TOUCHED_ITEMS,
  DELETE_TOUCHED_LINES,
  FAILED_DISBURSEMENTS,
  INSERT_ITEM_FILE_LINES,
  INSERT_LINES,
  insertItems,
  itemParts,
  ITEMS,
  ITEMS_SOURCE,
  MATCH_COUNTS,
  MORE_TOUCHED_DISBURSEMENTS,
  pruneSupersededLines,
  REPLACE_DISBURSEMENTS,
  scheduledAgreements,
  SHARED_ITEMS,
  supersededEvents,
  TOUCHED_DISBURSEMENTS,
  UNDISBURSE_UNTOUCHED,
} from './reconciliation-match.sql';
import { STORED_BY_REF } from './stored-items.sql';
import { ReconciliationImportRepository } from './reconciliation-import.repository';
import { judgeStoredItems } from './stored-items.judge';
import { lockCloudMatches } from './match-lock';

/**
 * An import of at least this many rows has the stored rows' statistics
 * brought up to date before its match (analyzeStoredRows); below it, a plan
 * made for a few rows costs a smaller import little.
 */
const ANALYZE_FROM_ROWS = 10_000;

/**
 * Statistics of the stored rows' columns the match filters on, from a sample
 * of 3,000 rows (statistics target 10: a fraction of a second, whatever the
 * table's size), in a transaction of its own so that its lock (which two
 * ANALYZEs of one table take in turn) is not held for the match. Without
 * them the planner takes a new import's million rows for a dozen: on a
 * fresh database it totalled the parts through a nested loop over the
 * buckets' 78 literals, in one process (13.2 s against 2-4 s, measured);
 * a second import was planned from the first one's statistics.
 */
async function analyzeStoredRows(db: pg.PoolClient): Promise<void> {
  await db.query(`SET LOCAL default_statistics_target = 10`);
  await db.query(`ANALYZE billing_feed_row (import_seq, cloud, transaction_reference_id)`);
}

/** Memory for each hash of a match (PostgreSQL's hash_mem_multiplier doubles it): a million rows' parts (266 MB of hash) fit; at 128MB they spilled 64 MB to disk. */
const MATCH_WORK_MEM = '192MB';

/**
 * Matches what one import touched, set-based, in one transaction: every item
 * (transaction reference) the import has rows for is recomputed from the
 * current version of all its stored rows, whichever import they came from,
 * judged against its agreement by the domain's rules as SQL (verdictQuery),
 * and written with its disbursement lines. Recomputing rather than adjusting
 * makes it idempotent: a retried job, or the same rows again, gives the same
 * items. Nothing of an item passes through this process: only the few
 * payment schedules of the matched agreements are read here, by the domain.
 */
@Injectable()
export class ItemMatchService {
  private readonly usdRates: Record<string, string>;

  constructor(
    private readonly pg: PgPool,
    private readonly imports: ReconciliationImportRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.usdRates = parseUsdRates(config.RECONCILIATION_USD_RATES);
  }

  async match(importId: string): Promise<{ items: number; superseded: number } | null> {
    const record = await this.imports.find(importId);
    if (!record || record.status !== 'MATCHING') return null;
    const { cloud, seq } = record;
    const now = new Date().toISOString();
    // Instalments are due by the match's own day (UTC): every item of one match is judged as of the same date.
    const asOf = now.slice(0, 10);
    const params = [cloud, seq.toString()];
    const run = (db: pg.PoolClient, sql: string) => db.query(sql, params.slice(0, highestParameter(sql)));
    if (record.rowsImported >= ANALYZE_FROM_ROWS) await this.pg.transaction(analyzeStoredRows);

    return this.pg.transaction(async (db) => {
      // Matches of one cloud take turns, so two imports of the same items cannot interleave their rewrites.
      await lockCloudMatches(db, cloud);
      // Checked again under the lock: a second job for the same import (a retry, the sweep) waits there, then finds it done.
      const current = await db.query<{ status: string }>('SELECT status FROM reconciliation_import WHERE id = $1::uuid', [importId]);
      if (current.rows[0]?.status !== 'MATCHING') return null;
      await db.query(`SET LOCAL jit = off`); // compiling these plans costs more than it saves
      // The import's rows were stored moments ago, so the planner has no statistics of them and takes a million rows for a
      // dozen: it would sort them to group them, on disk. Grouped by hash, in memory, each pass is one scan.
      await db.query(`SET LOCAL work_mem = '${MATCH_WORK_MEM}'`);
      await db.query(`SET LOCAL enable_sort = off`);
      // The passes over the stored rows scan a million of them: read by parallel workers, they come in faster than one
      // process reads them (the item parts 2.95 s against 2.19 s, measured). The planner, costing the hand-over of each
      // row to the leader, would never choose it for a scan that feeds a grouping.
      await db.query(`SET LOCAL parallel_setup_cost = 0`);
      await db.query(`SET LOCAL parallel_tuple_cost = 0`);

      await run(db, CREATE_TOUCHED);
      await run(db, ANALYZE_TOUCHED);
      await run(db, INSERT_ITEM_FILE_LINES);
      const shared = await run(db, SHARED_ITEMS);
      await run(db, ANALYZE_SHARED);
      if (shared.rowCount) await run(db, pruneSupersededLines(cloud));
      const anyShared = (shared.rowCount ?? 0) > 0;
      const repeated = await run(db, supersededEvents(cloud, anyShared));
      await run(db, itemParts(cloud, anyShared, (repeated.rowCount ?? 0) > 0));
      // Statistics of the parts, so that totalling them and matching agreements is planned for their number (hashes sized, not spilled).
      await run(db, ANALYZE_PARTS);
      const failed = await run(db, FAILED_DISBURSEMENTS);
      await run(db, ITEMS);
      await loadAgreementSchedules(db, scheduledAgreements('recon_items'), [], asOf);

      await run(db, DELETE_TOUCHED_ITEMS);
      for (const sql of TOUCHED_DISBURSEMENTS) await run(db, sql);
      await run(db, DELETE_TOUCHED_LINES);
      await db.query(insertItems(verdictQuery(ITEMS_SOURCE, cloud, this.usdRates)), [cloud, importId, now]);
      await run(db, INSERT_LINES);
      // Only a failure can take back what was disbursed: with none stored (the usual case), nothing to look for.
      if (failed.rowCount) await this.undisburseUntouched(db, cloud, asOf);
      await run(db, MORE_TOUCHED_DISBURSEMENTS);
      for (const sql of REPLACE_DISBURSEMENTS) await run(db, sql);
      const counts = (await db.query<{ items: number; superseded: number }>(MATCH_COUNTS)).rows[0];
      await db.query(
        `UPDATE reconciliation_import SET status = 'COMPLETED', items_matched = $2, rows_superseded = $3, finished_at = now(), updated_at = now() WHERE id = $1::uuid`,
        [importId, counts.items, counts.superseded],
      );
      return counts;
    });
  }

  /**
   * A disbursement that failed only now also paid items this import does not
   * touch: what it paid them comes off what they count as disbursed, and
   * they are judged again from their stored totals.
   */
  private async undisburseUntouched(db: pg.PoolClient, cloud: Cloud, asOf: string): Promise<void> {
    const changed = await db.query<{ transaction_reference_id: string }>(UNDISBURSE_UNTOUCHED, [cloud]);
    if (!changed.rowCount) return;
    const values = [cloud, changed.rows.map((r) => r.transaction_reference_id)];
    await judgeStoredItems(db, { cloud, where: STORED_BY_REF, values, asOf, usdRates: this.usdRates });
  }
}

function highestParameter(sql: string): number {
  return Math.max(0, ...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
}
