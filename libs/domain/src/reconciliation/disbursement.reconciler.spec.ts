import { reconcileItem, type FeedAmounts } from './disbursement.reconciler';

// Expected: $10,000.00 gross at a 3% fee = $300.00 fee, $9,700.00 net.
const feed = (changes: Partial<FeedAmounts> = {}): FeedAmounts => ({
  sellerRevShareMinor: 1_000_000n,
  awsRevShareMinor: -30_000n,
  refundsMinor: 0n,
  disbursedMinor: 970_000n,
  ...changes,
});

describe('reconciling one invoiced item against the billing feed ($10,000 at 3%)', () => {
  it.each([
    ['paid as expected', feed(), 'MATCHED', 0n],
    ['no row in the feed', null, 'UNMATCHED', -970_000n],
    ['rows that all say zero', feed({ sellerRevShareMinor: 0n, awsRevShareMinor: 0n, disbursedMinor: 0n }), 'UNMATCHED', -970_000n],
    ['$700 less disbursed', feed({ disbursedMinor: 900_000n }), 'SHORT_PAID', -70_000n],
    ['$100 more disbursed', feed({ disbursedMinor: 980_000n }), 'OVER_PAID', 10_000n],
    [
      'invoiced $8,000 instead of $10,000, paid in full on that',
      feed({ sellerRevShareMinor: 800_000n, awsRevShareMinor: -24_000n, disbursedMinor: 776_000n }),
      'SHORT_PAID',
      -194_000n,
    ],
    ['a 3.5% fee taken instead of 3%', feed({ awsRevShareMinor: -35_000n, disbursedMinor: 965_000n }), 'FEE_MISMATCH', -5_000n],
    ['half refunded', feed({ refundsMinor: -485_000n, disbursedMinor: 485_000n }), 'REFUND', -485_000n],
  ] as const)('%s -> %s', (_case, feedAmounts, status, variance) => {
    const result = reconcileItem({ expectedGrossMinor: 1_000_000n, feeBps: 300, feed: feedAmounts });
    expect([result.status, result.varianceMinor]).toEqual([status, variance]);
  });

  it('matches a fee that was rounded half-even to the cent (1.5% of $10.50 = 15.75 cents -> 16)', () => {
    const result = reconcileItem({
      expectedGrossMinor: 1_050n,
      feeBps: 150,
      feed: { sellerRevShareMinor: 1_050n, awsRevShareMinor: -16n, refundsMinor: 0n, disbursedMinor: 1_034n },
    });
    expect(result.status).toBe('MATCHED');
  });

  it.each([
    [
      feed({ disbursedMinor: 900_000n }),
      'expected 10000.00 USD gross less 300.00 USD fee (3%) = 9700.00 USD; feed: invoiced 10000.00 USD, fee -300.00 USD, ' +
        'refunds 0.00 USD, disbursed 9000.00 USD; 700.00 USD of the invoiced net is not disbursed yet; short by 700.00 USD',
    ],
    [
      feed({ awsRevShareMinor: -35_000n, disbursedMinor: 965_000n }),
      'expected 10000.00 USD gross less 300.00 USD fee (3%) = 9700.00 USD; feed: invoiced 10000.00 USD, fee -350.00 USD, ' +
        'refunds 0.00 USD, disbursed 9650.00 USD; the fee charged, 350.00 USD, is not 3% of the 10000.00 USD invoiced ' +
        '(300.00 USD): 50.00 USD too much',
    ],
    [
      feed({ sellerRevShareMinor: 800_000n, awsRevShareMinor: -24_000n, disbursedMinor: 776_000n }),
      'expected 10000.00 USD gross less 300.00 USD fee (3%) = 9700.00 USD; feed: invoiced 8000.00 USD, fee -240.00 USD, ' +
        'refunds 0.00 USD, disbursed 7760.00 USD; the buyer was invoiced -2000.00 USD against what was expected; short by 1940.00 USD',
    ],
    [null, 'expected 10000.00 USD gross less 300.00 USD fee (3%) = 9700.00 USD, but the billing feed has nothing for this item'],
  ])('explains every variance in words with amounts (%#)', (feedAmounts, explanation) => {
    expect(reconcileItem({ expectedGrossMinor: 1_000_000n, feeBps: 300, feed: feedAmounts }).explanation).toBe(explanation);
  });
});
