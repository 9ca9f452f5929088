import { reconcileUnexpectedItem } from './unexpected-feed-item.explainer';

describe('a feed item that no agreement expects', () => {
  it.each([
    [
      { sellerRevShareMinor: 50_000n, awsRevShareMinor: -1_500n, refundsMinor: 0n, disbursedMinor: 48_500n },
      'USD',
      48_500n,
      'invoiced 500.00 USD, fee -15.00 USD, refunds 0.00 USD, disbursed 485.00 USD',
    ],
    [
      { sellerRevShareMinor: 50_000n, awsRevShareMinor: -1_500n, refundsMinor: 0n, disbursedMinor: 0n },
      'JPY',
      0n,
      'invoiced 50000 JPY, fee -1500 JPY, refunds 0 JPY, disbursed 0 JPY',
    ],
  ])('is UNMATCHED with everything disbursed as variance (%#)', (feed, currency, variance, amounts) => {
    const result = reconcileUnexpectedItem({ reference: 'agmt-x', feed, currency, reason: 'no agreement has this id' });
    expect(result).toEqual({
      status: 'UNMATCHED',
      varianceMinor: variance,
      explanation: `the billing feed has agmt-x but no agreement has this id; feed: ${amounts}`,
    });
  });
});
