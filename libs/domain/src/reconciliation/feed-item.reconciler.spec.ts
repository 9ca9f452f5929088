import { agreementSchedule, reconcileFeedItem, type ItemAggregate } from './feed-item.reconciler';

const agreement = (changes: Partial<NonNullable<ItemAggregate['agreement']>> = {}): NonNullable<ItemAggregate['agreement']> => ({
  id: '00000000-0000-0000-0000-000000000001',
  marketplaceAgreementId: 'agmt-1',
  matchedBy: 'agreement_id',
  valueMinor: 100_000n,
  currency: 'USD',
  intent: 'NEW',
  resaleAuthorizationId: null,
  offerKind: 'PRIVATE',
  paymentSchedule: null,
  markupPercent: null,
  ...changes,
});

const item = (changes: Partial<ItemAggregate> = {}): ItemAggregate => ({
  ref: 'txn-1',
  currency: 'USD',
  otherCurrency: 'USD',
  endUser: '111122223333',
  product: 'prod-a',
  feed: { sellerRevShareMinor: 100_000n, awsRevShareMinor: -3_000n, refundsMinor: 0n, disbursedMinor: 97_000n },
  agreement: agreement(),
  ...changes,
});

describe('reconcileFeedItem: one item against its agreement', () => {
  it('matches $1,000.00 paid at the private offer fee, and says so with every amount', () => {
    const decision = reconcileFeedItem('AWS', item(), {}, '2026-12-02');
    expect(decision).toMatchObject({ status: 'MATCHED', varianceMinor: 0n, expectedNetMinor: 97_000n, feeBps: 300, nextChargeDate: null });
    expect(decision.explanation).toBe(
      'agreement agmt-1 (private offer under $1M: 3%, matched by agreement_id): expected 1000.00 USD gross less 30.00 USD fee (3%) = 970.00 USD; ' +
        'feed: invoiced 1000.00 USD, fee -30.00 USD, refunds 0.00 USD, disbursed 970.00 USD',
    );
  });

  it('expects of a channel sale the manufacturer share, the markup taken off half-even', () => {
    const decision = reconcileFeedItem(
      'AWS',
      item({ agreement: agreement({ valueMinor: 105_000n, offerKind: 'CHANNEL', markupPercent: '5.0000' }) }),
      {},
      '2026-12-02',
    );
    // 1050.00 / 1.05 = 1000.00; the channel fee is 3.5%.
    expect(decision).toMatchObject({ expectedGrossMinor: 100_000n, feeBps: 350, status: 'FEE_MISMATCH' });
  });

  it('expects of a schedule only what is due by the day, at the whole contract tier, and names the next charge date', () => {
    const paymentSchedule = JSON.stringify([
      { chargeDate: '2026-01-15', amount: '600000.00' },
      { chargeDate: '2027-01-15', amount: '600000.00' },
    ]);
    const decision = reconcileFeedItem('AWS', item({ agreement: agreement({ valueMinor: 0n, paymentSchedule }) }), {}, '2026-12-02');
    expect(decision).toMatchObject({ expectedGrossMinor: 60_000_000n, feeBps: 200, nextChargeDate: '2027-01-15' });
    expect(decision.explanation).toContain(
      "paid by instalments: 1 of 2 due by 2026-12-02, 600000.00 USD of 1200000.00 USD; next on 2027-01-15 (but the agreement's value is 0.00 USD)",
    );
  });

  it.each([
    [{ otherCurrency: 'EUR' }, 'its rows are in two currencies, USD and EUR'],
    [
      { agreement: null },
      'no agreement has the agreement_id its rows name, nor is there exactly one agreement of buyer 111122223333 for product prod-a',
    ],
    [{ agreement: agreement({ currency: 'EUR' }) }, 'agreement agmt-1 is in EUR, the feed in USD'],
    [
      { agreement: agreement({ paymentSchedule: '[{"chargeDate":"2026-02-30","amount":"1.00"}]' }) },
      'the payment schedule of agreement agmt-1 cannot be read: instalment 1: chargeDate "2026-02-30" is not a date YYYY-MM-DD',
    ],
    [
      { currency: 'GBP', otherCurrency: 'GBP', agreement: agreement({ currency: 'GBP' }) },
      'the fee of agreement agmt-1 cannot be known: no USD rate for GBP: the fee tier of a GBP contract cannot be placed',
    ],
  ] as [Partial<ItemAggregate>, string][])('makes an item it cannot judge UNMATCHED with the reason (%#)', (changes, reason) => {
    const decision = reconcileFeedItem('AWS', item(changes), {}, '2026-12-02');
    expect(decision).toMatchObject({ status: 'UNMATCHED', varianceMinor: 97_000n, expectedGrossMinor: 0n, feeBps: 0 });
    expect(decision.explanation).toContain(`the billing feed has txn-1 but ${reason}; feed: invoiced`);
  });

  it('reads a stored JSON null as no schedule', () => {
    expect(agreementSchedule(agreement({ paymentSchedule: 'null' }), '2026-12-02')).toEqual({ due: null });
  });
});
