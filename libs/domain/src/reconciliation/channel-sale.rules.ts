import { parseScaledDecimal } from '../money/decimal.parser';
import { divideRounded } from '../money/rounding.mode';

/**
 * A channel sale (CPPO) as the manufacturer's billing event feed shows it.
 * The page (data-feed-billing-event.html, "Billing event data feed for
 * manufacturer") has the reseller, not the buyer, invoiced for the
 * manufacturer's share: SELLER_REV_SHARE from the reseller's account to the
 * manufacturer's, and the listing fee (AWS_REV_SHARE) charged on that share.
 * The buyer's price, the agreement's value, is the reseller's: the
 * manufacturer's share raised by the reseller's markup. So what the
 * manufacturer is owed is the share, not the agreement's value.
 */
export function manufacturerShareMinor(buyerPriceMinor: bigint, markupPercent: string | null): bigint {
  if (markupPercent === null) return buyerPriceMinor;
  const { digits, scale } = parseScaledDecimal(markupPercent);
  const hundred = 100n * 10n ** BigInt(scale);
  // The inverse of the markup (offer-value.rule's withMarkup): one half-even rounding to the minor unit.
  return divideRounded(buyerPriceMinor * hundred, hundred + digits, 'HALF_EVEN');
}

/**
 * In the reseller's own feed, a SELLER_REV_SHARE paid on to another account
 * than the seller of record is the cost of goods (what the reseller owes the
 * manufacturer), not revenue: the page's "Billed revenue" query calls it
 * is_cog. The seller of record is the account that pays the listing fee.
 */
export function isCostOfGoods(transactionType: string, toAccountId: string | null, sellerOfRecordAccountId: string): boolean {
  return transactionType.startsWith('SELLER_REV_SHARE') && toAccountId !== null && toAccountId !== sellerOfRecordAccountId;
}
