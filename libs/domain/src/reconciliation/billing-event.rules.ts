/**
 * What the AWS Marketplace billing event data feed means, as its page
 * documents it (https://docs.aws.amazon.com/marketplace/latest/userguide/data-feed-billing-event.html,
 * its column table, its "Examples of billing event data feed" and its
 * example queries). Every rule the importer and matching apply to a row's
 * meaning is here, so that the SQL that applies them at volume can be held
 * to them by tests on the same rows.
 *
 * - Billing event data is immutable: an event appears once; the month's
 *   file is appended to, never rewritten. A billing_event_id seen before is
 *   the same event, never a newer version of it.
 * - A DISBURSED row negates the INVOICED row it pays (parent_billing_event_id):
 *   the page's manufacturer example invoices +73.50 seller share and -7.35
 *   listing fee, and pays them with DISBURSED rows of -73.50 and +7.35; the
 *   DISBURSEMENT row (the lump sum) is positive, +72.65, the negated sum of
 *   the rows it pays.
 * - balance_impacting: 1 counts toward the seller's balance (what is owed to
 *   the seller until disbursed), 0 is shown for information only (AWS's own
 *   tax, which AWS remits). It says nothing of whether the buyer has paid.
 * - The agreement a billing event belongs to is its agreement_id column (the
 *   page's example queries join the agreement feed on it);
 *   transaction_reference_id cross-references the seller reports, it is not
 *   the agreement's id.
 * - A DISBURSEMENT_FAILURE row names the failed DISBURSEMENT in its
 *   parent_billing_event_id: the rows paid by that disbursement count as not
 *   disbursed (example query "Amount pending disbursement").
 */

export const BILLING_ACTIONS = ['INVOICED', 'FORGIVEN', 'DISBURSED'] as const;
export type BillingAction = (typeof BILLING_ACTIONS)[number];

/** The documented transaction types ("transaction_type_REFUND" and "_CREDIT" of the revenue and tax shares). */
export const BILLING_TRANSACTION_TYPES = [
  'SELLER_REV_SHARE',
  'AWS_REV_SHARE',
  'SELLER_REV_SHARE_REFUND',
  'AWS_REV_SHARE_REFUND',
  'SELLER_REV_SHARE_CREDIT',
  'AWS_REV_SHARE_CREDIT',
  'SELLER_TAX_SHARE',
  'SELLER_TAX_SHARE_REFUND',
  'AWS_TAX_SHARE',
  'AWS_TAX_SHARE_REFUND',
  'BALANCE_ADJUSTMENT',
  'DISBURSEMENT',
  'DISBURSEMENT_FAILURE',
] as const;
export type BillingTransactionType = (typeof BILLING_TRANSACTION_TYPES)[number];

/** Rows for the whole payout or the seller's balance, not for one invoiced transaction. */
const ACCOUNT_LEVEL: ReadonlySet<string> = new Set(['DISBURSEMENT', 'DISBURSEMENT_FAILURE', 'BALANCE_ADJUSTMENT']);
export const isAccountLevelType = (transactionType: string): boolean => ACCOUNT_LEVEL.has(transactionType);

/** Tax shares: kept apart from the seller's net (AWS_TAX_SHARE is not even the seller's: AWS remits it). */
export const isTaxType = (transactionType: string): boolean => transactionType.includes('_TAX_SHARE');

/**
 * The signs the page fixes for a row on its own: the listing fee invoiced
 * (INVOICED AWS_REV_SHARE) is negative, the seller's tax share invoiced is
 * positive, and the lump sum paid to the seller (DISBURSEMENT) is positive.
 * Others depend on whose feed it is: a reseller's own feed invoices its cost
 * of goods as a negative SELLER_REV_SHARE (and AWS's tax on it as a
 * negative AWS_TAX_SHARE), as the page's seller-of-record example shows;
 * refunds, credits and adjustments have no documented sign; a disbursed row
 * has its parent's sign, negated. Zero is allowed: a channel sale's listing
 * fee can be 0 (AWS's own queries take amount <= 0).
 */
const FIXED_SIGN: Readonly<Record<string, { action: string; sign: 1 | -1; what: string }>> = {
  AWS_REV_SHARE: { action: 'INVOICED', sign: -1, what: 'the listing fee' },
  SELLER_TAX_SHARE: { action: 'INVOICED', sign: 1, what: "the tax added to the seller's price" },
  DISBURSEMENT: { action: 'DISBURSED', sign: 1, what: 'the lump sum paid to the seller' },
};

/** Why a row's amount has the wrong sign for what it is, or null. Only its sign is read: -1, 0 or 1 (as a bigint). */
export function amountSignProblem(action: string, transactionType: string, amountSign: bigint): string | null {
  const fixed = FIXED_SIGN[transactionType];
  if (!fixed || fixed.action !== action || amountSign === 0n) return null;
  if ((amountSign > 0n ? 1 : -1) === fixed.sign) return null;
  const article = /^[AEIOU]/.test(action) ? 'an' : 'a';
  return `${article} ${action} ${transactionType} (${fixed.what}) is ${fixed.sign > 0 ? 'positive' : 'negative'}`;
}

/**
 * A row's amount in the terms an invoiced item is totalled in: an invoiced
 * or forgiven row as it stands; a disbursed row of an item negates the row
 * it pays, so what it paid the seller is its negation (the -73.50 DISBURSED
 * SELLER_REV_SHARE paid the +73.50 invoiced).
 */
export function itemAmountMinor(action: string, transactionType: string, amountMinor: bigint): bigint {
  return action === 'DISBURSED' && !isAccountLevelType(transactionType) ? -amountMinor : amountMinor;
}

/** The lump sum a DISBURSEMENT pays, from the rows it pays (as the feed states them): their negated sum. */
export function lumpSumOfRowsMinor(disbursedRowAmountsMinor: readonly bigint[]): bigint {
  return -disbursedRowAmountsMinor.reduce((sum, amount) => sum + amount, 0n);
}
