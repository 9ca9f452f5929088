import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable } from '@nestjs/common';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type pg from 'pg';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import type { Cloud } from '@bridge/database';
import { CopyTextLines, copyValue } from './copy-text.lines';
import { parseUsdRates, reconcileFeedItem, type ItemAggregate } from './feed-item.reconciler';
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

const ITEM_COLUMNS = [
  'cloud', 'transaction_reference_id', 'currency', 'agreement_id', 'marketplace_agreement_id', 'matched_by', 'end_user_account_id', 'product_id',
  'first_invoice_date', 'expected_gross_minor', 'fee_bps', 'fee_reason', 'expected_net_minor', 'invoiced_gross_minor', 'fee_minor', 'refunds_minor',
  'tax_minor', 'uncollected_minor', 'collected_net_minor', 'disbursed_minor', 'disbursed_gross_minor', 'variance_minor', 'status', 'explanation',
  'row_count', 'superseded_rows', 'last_import_id', 'reconciled_at',
];

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

  /** Aggregates stream out of one connection and, reconciled, into reconciliation_item on the writer's. */
  private async writeItems(writer: pg.PoolClient, cloud: Cloud, seq: bigint, importId: string, meanwhile: () => Promise<void>) {
    const totals = { items: 0, superseded: 0 };
    const reader = await this.pg.pool.connect();
    try {
      const now = new Date().toISOString();
      const usdRates = this.usdRates;
      const toItemLine = (fields: (string | null)[]): string => {
        const aggregate = aggregateOf(fields);
        const decision = reconcileFeedItem(cloud, aggregate, usdRates);
        const rowCount = Number(fields[14]);
        totals.items += 1;
        totals.superseded += rowCount - Number(fields[15]);
        const values = [
          cloud, aggregate.ref, aggregate.currency, aggregate.agreement?.id ?? null, aggregate.agreement?.marketplaceAgreementId ?? null,
          aggregate.agreement?.matchedBy ?? null, aggregate.endUser, aggregate.product, fields[5], decision.expectedGrossMinor, decision.feeBps,
          decision.feeReason, decision.expectedNetMinor, aggregate.feed.sellerRevShareMinor, aggregate.feed.awsRevShareMinor, aggregate.feed.refundsMinor,
          fields[9], fields[10], fields[11], aggregate.feed.disbursedMinor, fields[13], decision.varianceMinor, decision.status, decision.explanation,
          rowCount, rowCount - Number(fields[15]), importId, now,
        ];
        return values.map(copyValue).join('\t') + '\n';
      };
      // COPY sends every write to the socket as it comes, and COPY out delivers
      // a row at a time: lines are gathered into ~256 KB writes.
      let pending = '';
      const toItemLines = new Transform({
        writableObjectMode: true,
        transform(batch: (string | null)[][], _encoding, done) {
          for (const fields of batch) pending += toItemLine(fields);
          if (pending.length < 1 << 18) return done();
          const out = pending;
          pending = '';
          done(null, out);
        },
        flush(done) {
          done(null, pending || null);
        },
      });
      await reader.query('BEGIN READ ONLY');
      await reader.query(`SET LOCAL work_mem = '256MB'; SET LOCAL jit = off`);
      const aggregates = reader.query(copyTo(`COPY (${itemAggregatesQuery(cloud, seq)}) TO STDOUT`));
      aggregates.pause();
      await meanwhile();
      await pipeline(
        aggregates,
        new CopyTextLines(),
        toItemLines,
        writer.query(copyFrom(`COPY reconciliation_item (${ITEM_COLUMNS.join(', ')}) FROM STDIN`)),
      );
      await reader.query('COMMIT');
    } finally {
      reader.release();
    }
    return totals;
  }
}

function aggregateOf(f: (string | null)[]): ItemAggregate {
  const money = (i: number) => BigInt(f[i] ?? '0');
  return {
    ref: f[0] as string,
    currency: f[1] as string,
    otherCurrency: f[2] as string,
    endUser: f[3],
    product: f[4],
    feed: { sellerRevShareMinor: money(6), awsRevShareMinor: money(7), refundsMinor: money(8), disbursedMinor: money(12) },
    agreement: f[16]
      ? {
          id: f[16],
          marketplaceAgreementId: f[17] as string,
          matchedBy: f[18] as string,
          valueMinor: money(19),
          currency: f[20] as string,
          intent: f[21] ?? 'NEW',
          resaleAuthorizationId: f[22],
          offerKind: f[23],
        }
      : null,
  };
}

function highestParameter(sql: string): number {
  return Math.max(0, ...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
}
