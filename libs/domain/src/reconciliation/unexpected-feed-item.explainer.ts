import { formatMinor } from '../money/minor.formatter';
import type { FeedAmounts, ReconciliationResult } from './disbursement.reconciler';

export interface UnexpectedFeedItem {
  /** The feed's key for the transaction (transaction_reference_id). */
  reference: string;
  feed: FeedAmounts;
  currency: string;
  /** Why no expectation exists, in words ("no agreement has this id, nor this buyer and product"). */
  reason: string;
}

/**
 * The other side of UNMATCHED: the feed bills or pays something that no
 * agreement expects. Everything disbursed for it is a variance (nothing was
 * expected), and the explanation states what the feed says so finance can
 * trace it.
 */
export function reconcileUnexpectedItem({ reference, feed, currency, reason }: UnexpectedFeedItem): ReconciliationResult {
  const m = (minor: bigint) => formatMinor(minor, currency, { withCode: true });
  return {
    status: 'UNMATCHED',
    varianceMinor: feed.disbursedMinor,
    explanation:
      `the billing feed has ${reference} but ${reason}; feed: invoiced ${m(feed.sellerRevShareMinor)}, fee ${m(feed.awsRevShareMinor)}, ` +
      `refunds ${m(feed.refundsMinor)}, disbursed ${m(feed.disbursedMinor)}`,
  };
}
