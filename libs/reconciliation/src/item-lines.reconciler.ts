import type { Cloud } from '@bridge/database';
import { copyValue } from './copy-text.lines';
import { reconcileFeedItem, type ItemAggregate } from './feed-item.reconciler';
import type { ItemTotals } from './item-totals';
import { Utf8Sink } from './utf8-sink';

/** The columns of reconciliation_item in the order itemLines writes them. */
export const ITEM_COLUMNS = [
  'cloud',
  'transaction_reference_id',
  'currency',
  'agreement_id',
  'marketplace_agreement_id',
  'matched_by',
  'end_user_account_id',
  'product_id',
  'first_invoice_date',
  'expected_gross_minor',
  'fee_bps',
  'fee_reason',
  'expected_net_minor',
  'invoiced_gross_minor',
  'fee_minor',
  'refunds_minor',
  'tax_minor',
  'uncollected_minor',
  'collected_net_minor',
  'disbursed_minor',
  'disbursed_gross_minor',
  'variance_minor',
  'status',
  'explanation',
  'row_count',
  'superseded_rows',
  'last_import_id',
  'reconciled_at',
  'next_charge_date',
];

/** What every batch of one match is reconciled with. */
export interface ItemLinesContext {
  cloud: Cloud;
  importId: string;
  /** The match's timestamp, the same on every item. */
  now: string;
  usdRates: Record<string, string>;
}

/** An item's totals and the agreement it matched (AGREEMENT_COLUMNS' values, or null). */
export interface ItemToReconcile {
  totals: ItemTotals;
  agreement: readonly (string | null)[] | null;
}

export interface ItemLines {
  /** reconciliation_item rows in COPY text format (columns as ITEM_COLUMNS). */
  bytes: Uint8Array;
  items: number;
  superseded: number;
}

/** Bytes a batch's rows take, about: 600 per item for ITEMS_PER_BATCH items. */
const BATCH_BYTES = 1 << 19;

/** A batch of items reconciled by the domain's rules and written as reconciliation_item rows. */
export function itemLines(batch: Iterable<ItemToReconcile>, context: ItemLinesContext): ItemLines {
  const { cloud, importId, now, usdRates } = context;
  // Instalments are due by the match's own day (UTC): every item of one match is judged as of the same date.
  const asOf = now.slice(0, 10);
  const sink = new Utf8Sink(BATCH_BYTES);
  let items = 0;
  let superseded = 0;
  for (const { totals: t, agreement: found } of batch) {
    const aggregate = aggregateOf(t, found);
    const decision = reconcileFeedItem(cloud, aggregate, usdRates, asOf);
    const rowSuperseded = t.rowCount - t.currentCount;
    const agreement = aggregate.agreement;
    superseded += rowSuperseded;
    items += 1;
    // Numbers, dates, uuids and the product's own words need no escaping; what came from the feed or the database as free text does.
    sink.write(
      `${cloud}\t${copyValue(t.ref)}\t${copyValue(t.currency)}\t${agreement?.id ?? '\\N'}\t${copyValue(agreement?.marketplaceAgreementId ?? null)}\t` +
        `${agreement?.matchedBy ?? '\\N'}\t${copyValue(t.endUser)}\t${copyValue(t.product)}\t${t.firstInvoiceDate ?? '\\N'}\t` +
        `${decision.expectedGrossMinor}\t${decision.feeBps}\t${copyValue(decision.feeReason)}\t${decision.expectedNetMinor}\t` +
        `${t.invoiced}\t${t.fee}\t${t.refunds}\t${t.tax}\t${t.informational}\t${t.balance}\t` +
        `${t.disbursed}\t${t.disbursedGross}\t${decision.varianceMinor}\t${decision.status}\t${copyValue(decision.explanation)}\t` +
        `${t.rowCount}\t${rowSuperseded}\t${importId}\t${now}\t${decision.nextChargeDate ?? '\\N'}\n`,
    );
  }
  return { bytes: sink.done(), items, superseded };
}

/** The item as the reconciliation rules read it. */
function aggregateOf(t: ItemTotals, a: readonly (string | null)[] | null): ItemAggregate {
  return {
    ref: t.ref,
    currency: t.currency,
    otherCurrency: t.otherCurrency,
    endUser: t.endUser,
    product: t.product,
    feed: { sellerRevShareMinor: t.invoiced, awsRevShareMinor: t.fee, refundsMinor: t.refunds, disbursedMinor: t.disbursed },
    agreement: a ? agreementOf(a) : null,
  };
}

/** An agreement as the reconciliation rules read it, from its AGREEMENT_COLUMNS values. */
export function agreementOf(a: readonly (string | null)[]): NonNullable<ItemAggregate['agreement']> {
  return {
    id: a[0] as string,
    marketplaceAgreementId: a[1] as string,
    matchedBy: a[2] as string,
    valueMinor: BigInt(a[3] ?? '0'),
    currency: a[4] as string,
    intent: a[5] ?? 'NEW',
    resaleAuthorizationId: a[6],
    offerKind: a[7],
    paymentSchedule: a[8],
    markupPercent: a[9] ?? null,
  };
}
