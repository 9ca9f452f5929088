import { expectedFeeMinor } from '../fees/listing-fee.schedule';
import { formatMinor } from '../money/minor.formatter';

export type ReconciliationStatus = 'MATCHED' | 'SHORT_PAID' | 'OVER_PAID' | 'FEE_MISMATCH' | 'REFUND' | 'UNMATCHED';

/** What the billing event feed says about one invoiced item, summed over its (superseded) rows. */
export interface FeedAmounts {
  /** SELLER_REV_SHARE: the gross invoiced to the buyer for the seller. */
  sellerRevShareMinor: bigint;
  /** AWS_REV_SHARE: the listing fee, negative. */
  awsRevShareMinor: bigint;
  /** Refunds, negative (net of the fee the marketplace gives back). */
  refundsMinor: bigint;
  /** DISBURSEMENT rows attributed to the item, positive. */
  disbursedMinor: bigint;
}

export interface ReconciliationInput {
  expectedGrossMinor: bigint;
  feeBps: number;
  /** null when the feed has no row for the item at all. */
  feed: FeedAmounts | null;
  currency?: string;
}

export interface ReconciliationResult {
  status: ReconciliationStatus;
  /** Disbursed minus expected net: negative means the seller received less than expected. */
  varianceMinor: bigint;
  explanation: string;
}

/**
 * One invoiced item against the billing event feed. The checks run from the
 * most specific cause to the least, so the status names the reason a finance
 * user should look at first: nothing in the feed; a refund; a fee that is not
 * the agreed rate on what was invoiced; then whether the cash disbursed is
 * short of, above or equal to the expected net. The explanation always
 * states every amount, so a variance can be checked by hand.
 */
export function reconcileItem({ expectedGrossMinor, feeBps, feed, currency = 'USD' }: ReconciliationInput): ReconciliationResult {
  const m = (minor: bigint) => formatMinor(minor, currency, { withCode: true });
  const expectedFee = expectedFeeMinor(expectedGrossMinor, feeBps);
  const expectedNet = expectedGrossMinor - expectedFee;
  const expectation = `expected ${m(expectedGrossMinor)} gross less ${m(expectedFee)} fee (${feeBps / 100}%) = ${m(expectedNet)}`;

  const empty =
    !feed || (feed.sellerRevShareMinor === 0n && feed.awsRevShareMinor === 0n && feed.refundsMinor === 0n && feed.disbursedMinor === 0n);
  if (!feed || empty) {
    return {
      status: 'UNMATCHED',
      varianceMinor: -expectedNet,
      explanation: `${expectation}, but the billing feed has nothing for this item`,
    };
  }

  const variance = feed.disbursedMinor - expectedNet;
  const actualFee = -feed.awsRevShareMinor;
  const feeOnInvoiced = expectedFeeMinor(feed.sellerRevShareMinor, feeBps);
  const feedNet = feed.sellerRevShareMinor + feed.awsRevShareMinor + feed.refundsMinor;
  const observed =
    `feed: invoiced ${m(feed.sellerRevShareMinor)}, fee ${m(feed.awsRevShareMinor)}, refunds ${m(feed.refundsMinor)}, ` +
    `disbursed ${m(feed.disbursedMinor)}`;
  const parts = [expectation, observed];

  if (feed.refundsMinor !== 0n) {
    parts.push(`a refund of ${m(-feed.refundsMinor)} reduces what is paid out`);
    if (feed.disbursedMinor !== feedNet)
      parts.push(`disbursed differs from the feed's own net ${m(feedNet)} by ${m(feed.disbursedMinor - feedNet)}`);
    return { status: 'REFUND', varianceMinor: variance, explanation: parts.join('; ') };
  }
  if (actualFee !== feeOnInvoiced) {
    parts.push(
      `the fee charged, ${m(actualFee)}, is not ${feeBps / 100}% of the ${m(feed.sellerRevShareMinor)} invoiced (${m(feeOnInvoiced)}): ` +
        `${m(actualFee - feeOnInvoiced)} ${actualFee > feeOnInvoiced ? 'too much' : 'too little'}`,
    );
    return { status: 'FEE_MISMATCH', varianceMinor: variance, explanation: parts.join('; ') };
  }
  if (variance === 0n) return { status: 'MATCHED', varianceMinor: 0n, explanation: parts.join('; ') };

  if (feed.sellerRevShareMinor !== expectedGrossMinor) {
    parts.push(`the buyer was invoiced ${m(feed.sellerRevShareMinor - expectedGrossMinor)} against what was expected`);
  }
  if (feed.disbursedMinor !== feedNet) {
    parts.push(
      feed.disbursedMinor < feedNet
        ? `${m(feedNet - feed.disbursedMinor)} of the invoiced net is not disbursed yet`
        : `${m(feed.disbursedMinor - feedNet)} more was disbursed than the feed's net`,
    );
  }
  const status = variance < 0n ? 'SHORT_PAID' : 'OVER_PAID';
  parts.push(`${status === 'SHORT_PAID' ? 'short' : 'over'} by ${m(variance < 0n ? -variance : variance)}`);
  return { status, varianceMinor: variance, explanation: parts.join('; ') };
}
