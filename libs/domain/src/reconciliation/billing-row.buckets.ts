import { isAccountLevelType, isTaxType } from './billing-event.rules';

/**
 * Which of an item's totals one billing feed row adds its amount to (its
 * amount as itemAmountMinor gives it: what a disbursed row paid, not its
 * feed sign), as bits of one number: a row can count towards several (an
 * invoiced seller share is both "invoiced" and "balance"). Matching keeps
 * one such number per row, so the rule that names the totals lives here, once.
 */
export const ROW_BUCKET = {
  /** INVOICED SELLER_REV_SHARE: the gross invoiced for the seller. */
  INVOICED: 1 << 0,
  /** INVOICED AWS_REV_SHARE: the listing fee (negative). */
  FEE: 1 << 1,
  /** Refunds and credits, and a FORGIVEN seller share or fee. */
  REFUND: 1 << 2,
  /** Tax invoiced or forgiven. */
  TAX: 1 << 3,
  /** Invoiced or forgiven, not tax, shown for information only (balance_impacting 0): not owed to the seller. */
  INFORMATIONAL: 1 << 4,
  /** Invoiced or forgiven, not tax, counted toward the seller's balance (balance_impacting 1): owed until disbursed. */
  BALANCE: 1 << 5,
  /** Disbursed for this item (not tax, not an account-level row). */
  DISBURSED: 1 << 6,
  /** Disbursed seller share, refunds and credits: the gross the payout was for. */
  DISBURSED_GROSS: 1 << 7,
  /** An INVOICED row: its invoice date can be the item's first. */
  INVOICE_DATE: 1 << 8,
  /** A disbursed row of the item: it belongs to a disbursement line. */
  LINE: 1 << 9,
  /** Counts towards the line's net: what the disbursement paid for the item, not tax. */
  LINE_NET: 1 << 10,
  /** Counts towards the line's gross (seller share, refunds, credits). */
  LINE_GROSS: 1 << 11,
  /** Counts towards the line's fee (the marketplace's share, its refunds and credits). */
  LINE_FEE: 1 << 12,
  /** The seller's tax share the disbursement paid with the item: part of the lump sum, not of the seller's net. */
  LINE_TAX: 1 << 13,
} as const;

const REFUND_TYPES = new Set(['SELLER_REV_SHARE_REFUND', 'AWS_REV_SHARE_REFUND', 'SELLER_REV_SHARE_CREDIT', 'AWS_REV_SHARE_CREDIT']);
const SELLER_GROSS_TYPES = new Set(['SELLER_REV_SHARE', 'SELLER_REV_SHARE_REFUND', 'SELLER_REV_SHARE_CREDIT']);
const FEE_TYPES = new Set(['AWS_REV_SHARE', 'AWS_REV_SHARE_REFUND', 'AWS_REV_SHARE_CREDIT']);

/**
 * The totals a row of an item counts towards, from its action, transaction
 * type and balance_impacting flag (the Azure payout report is stored in the
 * same terms, so one rule serves both clouds).
 */
export function billingRowBuckets(action: string, transactionType: string, balanceImpacting: boolean): number {
  const tax = isTaxType(transactionType);
  let buckets = 0;
  if (action === 'INVOICED' || action === 'FORGIVEN') {
    if (action === 'INVOICED') {
      buckets |= ROW_BUCKET.INVOICE_DATE;
      if (transactionType === 'SELLER_REV_SHARE') buckets |= ROW_BUCKET.INVOICED;
      if (transactionType === 'AWS_REV_SHARE') buckets |= ROW_BUCKET.FEE;
    }
    if (
      REFUND_TYPES.has(transactionType) ||
      (action === 'FORGIVEN' && (transactionType === 'SELLER_REV_SHARE' || transactionType === 'AWS_REV_SHARE'))
    ) {
      buckets |= ROW_BUCKET.REFUND;
    }
    if (tax) buckets |= ROW_BUCKET.TAX;
    else if (!isAccountLevelType(transactionType)) buckets |= balanceImpacting ? ROW_BUCKET.BALANCE : ROW_BUCKET.INFORMATIONAL;
  } else if (action === 'DISBURSED' && !isAccountLevelType(transactionType)) {
    buckets |= ROW_BUCKET.LINE;
    if (SELLER_GROSS_TYPES.has(transactionType)) buckets |= ROW_BUCKET.DISBURSED_GROSS | ROW_BUCKET.LINE_GROSS;
    if (FEE_TYPES.has(transactionType)) buckets |= ROW_BUCKET.LINE_FEE;
    if (!tax) buckets |= ROW_BUCKET.DISBURSED | ROW_BUCKET.LINE_NET;
    // The seller's tax share is paid out with the lump sum; AWS's is AWS's to remit and is never paid to the seller.
    else if (transactionType.startsWith('SELLER_')) buckets |= ROW_BUCKET.LINE_TAX;
  }
  return buckets;
}
