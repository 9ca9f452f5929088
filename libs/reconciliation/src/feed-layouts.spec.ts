import { awsBillingEventLayout } from './aws-billing-event.layout';
import { awsAt, awsHeader, awsLine, AWS_MALFORMED_LINES } from './aws-feed-line.cases';
import { azurePayoutLayout } from './azure-payout.layout';
import { azureAt, azureLine, AZURE_MALFORMED_LINES } from './azure-payout-line.cases';
import { resolveHeader } from './feed-header.resolver';
import { FeedLineError } from './feed-line.error';

const problemOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof FeedLineError) return [error.line, error.column, error.reason];
    throw error;
  }
  return null;
};

describe('AWS billing event feed lines', () => {
  it('turns a line into one row with the amount in minor units of its currency', () => {
    expect(awsBillingEventLayout.toRows(awsLine({}), awsAt, 2)[0]).toMatchObject({
      amountMinor: '123450',
      currency: 'USD',
      invoiceDate: '2026-10-01',
      balanceImpacting: true,
      agreementId: null,
    });
    expect(awsBillingEventLayout.toRows(awsLine({ agreement_id: 'agmt-1' }), awsAt, 2)[0].agreementId).toBe('agmt-1');
    expect(awsBillingEventLayout.toRows(awsLine({ amount: '-1500', currency: 'JPY' }), awsAt, 2)[0].amountMinor).toBe('-1500');
    expect(awsBillingEventLayout.toRows(awsLine({ amount: '1.250', currency: 'KWD' }), awsAt, 2)[0].amountMinor).toBe('1250');
    expect(awsBillingEventLayout.toRows(awsLine({ amount: '10.500' }), awsAt, 2)[0].amountMinor).toBe('1050');
    expect(awsBillingEventLayout.toRows(awsLine({ invoice_date: '2026-10-01 00:00:00' }), awsAt, 2)[0].invoiceDate).toBe('2026-10-01');
  });

  it.each(AWS_MALFORMED_LINES)('refuses %o, naming line and column', (changes, column, reason) => {
    expect(problemOf(() => awsBillingEventLayout.toRows(awsLine(changes), awsAt, 7))).toEqual([7, column, reason]);
  });

  it('needs no transaction reference on the lump-sum DISBURSEMENT row', () => {
    expect(
      awsBillingEventLayout.toRows(
        awsLine({ action: 'DISBURSED', transaction_type: 'DISBURSEMENT', transaction_reference_id: '' }),
        awsAt,
        2,
      ),
    ).toHaveLength(1);
  });

  it('reads the header in any order and names a missing column', () => {
    const at = resolveHeader(awsBillingEventLayout, [...awsHeader].reverse());
    expect(at.billing_event_id).toBe(awsHeader.length - 1);
    expect(
      problemOf(() =>
        resolveHeader(
          awsBillingEventLayout,
          awsHeader.filter((c) => c !== 'amount'),
        ),
      ),
    ).toEqual([1, 'amount', expect.stringMatching(/missing from the header/)]);
  });
});

describe('Azure payout report lines', () => {
  const at = azureAt;
  const line = azureLine;

  it('makes a SENT earning into invoiced and disbursed rows of its payment', () => {
    const rows = azurePayoutLayout.toRows(line({}), at, 2);
    expect(rows.map((r) => [r.billingEventId, r.action, r.transactionType, r.amountMinor, r.disbursementBillingEventId])).toEqual([
      ['e-1:gross', 'INVOICED', 'SELLER_REV_SHARE', '10000', null],
      ['e-1:fee', 'INVOICED', 'AWS_REV_SHARE', '-300', null],
      // Stored as the AWS feed states a payment: the paid rows negate the rows they pay.
      ['e-1:gross:paid', 'DISBURSED', 'SELLER_REV_SHARE', '-10000', 'pay-1'],
      ['e-1:fee:paid', 'DISBURSED', 'AWS_REV_SHARE', '300', 'pay-1'],
    ]);
  });

  it('keeps an UNPROCESSED earning as invoiced, not collected', () => {
    const rows = azurePayoutLayout.toRows(line({ payout_status: 'UNPROCESSED', payment_id: '', payment_date: '' }), at, 2);
    expect(rows.map((r) => [r.action, r.balanceImpacting])).toEqual([
      ['INVOICED', false],
      ['INVOICED', false],
    ]);
  });

  it.each(AZURE_MALFORMED_LINES)('refuses %o, naming line and column', (changes, column, reason) => {
    expect(problemOf(() => azurePayoutLayout.toRows(line(changes), at, 3))).toEqual([3, column, reason]);
  });
});
