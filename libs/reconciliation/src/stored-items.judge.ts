import type pg from 'pg';
import type { Cloud } from '@bridge/database';
import { reconcileFeedItem, type ItemDecision } from './feed-item.reconciler';
import { agreementOf } from './item-lines.reconciler';
import { UPDATE_JUDGED_AGAIN } from './reconciliation-match.sql';

/**
 * Judges stored items again from the totals they store (rows as
 * STORED_ITEM_COLUMNS gives them, in array mode), as of `asOf`, and writes
 * the new verdicts. For what changes an item without a feed row of its own:
 * an instalment falling due, a disbursement failing. Returns how many.
 */
export async function judgeStoredItems(
  db: pg.PoolClient,
  cloud: Cloud,
  rows: readonly (string | null)[][],
  usdRates: Readonly<Record<string, string>>,
  asOf: string,
): Promise<number> {
  const decisions = rows.map((r): [string, ItemDecision] => [
    r[0] as string,
    reconcileFeedItem(
      cloud,
      {
        ref: r[0] as string,
        currency: r[1] as string,
        otherCurrency: r[1] as string,
        endUser: r[2],
        product: r[3],
        feed: {
          sellerRevShareMinor: BigInt(r[4] as string),
          awsRevShareMinor: BigInt(r[5] as string),
          refundsMinor: BigInt(r[6] as string),
          disbursedMinor: BigInt(r[7] as string),
        },
        agreement: r[8] === null ? null : agreementOf(r.slice(8)),
      },
      usdRates,
      asOf,
    ),
  ]);
  if (decisions.length === 0) return 0;
  const column = <T>(pick: (d: ItemDecision) => T) => decisions.map(([, d]) => pick(d));
  await db.query(UPDATE_JUDGED_AGAIN, [
    cloud,
    decisions.map(([ref]) => ref),
    column((d) => d.status),
    column((d) => d.varianceMinor.toString()),
    column((d) => d.explanation),
    column((d) => d.expectedGrossMinor.toString()),
    column((d) => d.expectedNetMinor.toString()),
    column((d) => d.feeBps),
    column((d) => d.feeReason),
    column((d) => d.nextChargeDate),
  ]);
  return decisions.length;
}
