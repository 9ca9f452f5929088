import type { Cloud } from '@bridge/database';
import { copyTextRows, copyValue } from './copy-text.lines';
import { reconcileFeedItem, type ItemAggregate } from './feed-item.reconciler';

/** The columns of reconciliation_item in the order itemLines writes them. */
export const ITEM_COLUMNS = [
  'cloud', 'transaction_reference_id', 'currency', 'agreement_id', 'marketplace_agreement_id', 'matched_by', 'end_user_account_id', 'product_id',
  'first_invoice_date', 'expected_gross_minor', 'fee_bps', 'fee_reason', 'expected_net_minor', 'invoiced_gross_minor', 'fee_minor', 'refunds_minor',
  'tax_minor', 'uncollected_minor', 'collected_net_minor', 'disbursed_minor', 'disbursed_gross_minor', 'variance_minor', 'status', 'explanation',
  'row_count', 'superseded_rows', 'last_import_id', 'reconciled_at',
];

/** What every batch of one match is reconciled with. */
export interface ItemLinesContext {
  cloud: Cloud;
  importId: string;
  /** The match's timestamp, the same on every item. */
  now: string;
  usdRates: Record<string, string>;
}

export interface ItemLines {
  /** reconciliation_item rows in COPY text format (columns as ITEM_COLUMNS). */
  bytes: Uint8Array;
  items: number;
  superseded: number;
}

const encoder = new TextEncoder();

/**
 * A batch of item aggregates (whole lines of the aggregation query's COPY
 * output) reconciled by the domain's rules and written as item rows.
 */
export function itemLines(aggregates: string, context: ItemLinesContext): ItemLines {
  const { cloud, importId, now, usdRates } = context;
  const lines: string[] = [];
  let items = 0;
  let superseded = 0;
  for (const fields of copyTextRows(aggregates)) {
    const aggregate = aggregateOf(fields);
    const decision = reconcileFeedItem(cloud, aggregate, usdRates);
    const rowCount = Number(fields[14]);
    const rowSuperseded = rowCount - Number(fields[15]);
    const agreement = aggregate.agreement;
    items += 1;
    superseded += rowSuperseded;
    // Numbers, dates, uuids and the product's own words need no escaping; what came from the feed or the database as free text does.
    lines.push(
      `${cloud}\t${copyValue(aggregate.ref)}\t${copyValue(aggregate.currency)}\t${agreement?.id ?? '\\N'}\t${copyValue(agreement?.marketplaceAgreementId ?? null)}\t` +
        `${agreement?.matchedBy ?? '\\N'}\t${copyValue(aggregate.endUser)}\t${copyValue(aggregate.product)}\t${fields[5] ?? '\\N'}\t` +
        `${decision.expectedGrossMinor}\t${decision.feeBps}\t${copyValue(decision.feeReason)}\t${decision.expectedNetMinor}\t` +
        `${aggregate.feed.sellerRevShareMinor}\t${aggregate.feed.awsRevShareMinor}\t${aggregate.feed.refundsMinor}\t${fields[9]}\t${fields[10]}\t${fields[11]}\t` +
        `${aggregate.feed.disbursedMinor}\t${fields[13]}\t${decision.varianceMinor}\t${decision.status}\t${copyValue(decision.explanation)}\t` +
        `${rowCount}\t${rowSuperseded}\t${importId}\t${now}\n`,
    );
  }
  return { bytes: encoder.encode(lines.join('')), items, superseded };
}

/** One line of the aggregation query (itemAggregatesQuery's columns, in order). */
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
