import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable } from '@nestjs/common';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type pg from 'pg';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import type { Cloud } from '@bridge/database';
import { CopyTextBatcher } from './copy-text.lines';
import { parseUsdRates } from './feed-item.reconciler';
import { ITEM_COLUMNS, itemLines, type ItemLinesContext } from './item-lines.reconciler';
import {
  ANALYZE_FEED,
  ANALYZE_TOUCHED,
  DELETE_TOUCHED_ITEMS,
  itemAggregatesQuery,
  REPLACE_DISBURSEMENTS,
  replaceDisbursementLines,
  TOUCHED_REFERENCES,
} from './reconciliation-match.sql';
import { ReconciliationImportRepository } from './reconciliation-import.repository';
import { ReconciliationPgPool } from './reconciliation-pg.pool';


/**
 * Matches what one import touched: every item (transaction reference) the
 * import has rows for is recomputed from the current version of all its rows,
 * whichever import they came from, and written in one transaction with its
 * disbursement lines. Recomputing rather than adjusting makes it idempotent:
 * a retried job, or the same rows again, gives the same items.
 */
@Injectable()
export class ItemMatchService {
  private readonly usdRates: Record<string, string>;

  constructor(
    private readonly pg: ReconciliationPgPool,
    private readonly imports: ReconciliationImportRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.usdRates = parseUsdRates(config.RECONCILIATION_USD_RATES);
  }

  async match(importId: string): Promise<{ items: number; superseded: number } | null> {
    const record = await this.imports.find(importId);
    if (!record || record.status !== 'MATCHING') return null;
    const { cloud, seq } = record;
    const run = (client: pg.PoolClient, sql: string) => client.query(sql, [cloud, seq.toString()].slice(0, highestParameter(sql)));

    // Committed statistics, so that the reading connection plans with them too.
    await this.pg.pool.query(ANALYZE_FEED);
    return this.pg.transaction(async (writer) => {
      // Matches of one cloud take turns, so two imports of the same items cannot interleave their rewrites.
      await writer.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`reconciliation-match:${cloud}`]);
      // Large sorts in memory; no JIT (compiling these plans costs more than it saves).
      await writer.query(`SET LOCAL work_mem = '256MB'; SET LOCAL jit = off`);
      // The item aggregation (on a second connection) is the heavy statement.
      // While it sorts, this connection finds the touched items, clears them
      // and rewrites their disbursement lines; then the reconciled items
      // stream in here.
      const totals = await this.writeItems(writer, cloud, seq, importId, async () => {
        await run(writer, TOUCHED_REFERENCES);
        await writer.query(ANALYZE_TOUCHED);
        await run(writer, DELETE_TOUCHED_ITEMS);
        for (const sql of replaceDisbursementLines(cloud, seq)) await run(writer, sql);
      });
      for (const sql of REPLACE_DISBURSEMENTS) await run(writer, sql);
      await writer.query(
        `UPDATE reconciliation_import SET status = 'COMPLETED', items_matched = $2, rows_superseded = $3, finished_at = now(), updated_at = now() WHERE id = $1::uuid`,
        [importId, totals.items, totals.superseded],
      );
      return totals;
    });
  }

  /**
   * Aggregates stream out of one connection in batches of whole lines and,
   * reconciled, into reconciliation_item on the writer's connection. (On
   * worker threads this was no faster: during matching both cores are
   * already busy with the two connections' statements.)
   */
  private async writeItems(writer: pg.PoolClient, cloud: Cloud, seq: bigint, importId: string, meanwhile: () => Promise<void>) {
    const totals = { items: 0, superseded: 0 };
    const context: ItemLinesContext = { cloud, importId, now: new Date().toISOString(), usdRates: this.usdRates };
    const reader = await this.pg.pool.connect();
    try {
      await reader.query('BEGIN READ ONLY');
      await reader.query(`SET LOCAL work_mem = '256MB'; SET LOCAL jit = off`);
      const aggregates = reader.query(copyTo(`COPY (${itemAggregatesQuery(cloud, seq)}) TO STDOUT`));
      aggregates.pause();
      await meanwhile();
      const reconcile = (batch: string) => {
        const lines = itemLines(batch, context);
        totals.items += lines.items;
        totals.superseded += lines.superseded;
        return lines.bytes;
      };
      async function* itemRows(): AsyncGenerator<Uint8Array> {
        const batcher = new CopyTextBatcher();
        for await (const chunk of aggregates as AsyncIterable<Buffer>) {
          const batch = batcher.push(chunk);
          if (batch !== null) yield reconcile(batch);
        }
        const last = batcher.end();
        if (last !== null) yield reconcile(last);
      }
      await pipeline(Readable.from(itemRows()), writer.query(copyFrom(`COPY reconciliation_item (${ITEM_COLUMNS.join(', ')}) FROM STDIN`)));
      await reader.query('COMMIT');
      reader.release();
    } catch (error) {
      // A connection stopped mid-COPY is not fit to be reused.
      reader.release(true);
      throw error;
    }
    return totals;
  }
}

function highestParameter(sql: string): number {
  return Math.max(0, ...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
}
