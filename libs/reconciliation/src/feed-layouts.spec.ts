import { awsBillingEventLayout } from './aws-billing-event.layout';
import { awsAt, awsHeader, awsLine, AWS_MALFORMED_LINES } from './aws-feed-line.cases';
import { azurePayoutLayout } from './azure-payout.layout';
import { resolveHeader } from './feed-header.resolver';
import { FeedLineError } from './feed-line.error';
import { copyLineOf } from './feed-row.model';

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

  it('escapes what COPY text format would misread', () => {
    const [row] = awsBillingEventLayout.toRows(awsLine({ invoice_id: 'a\tb\\c' }), awsAt, 2);
    expect(copyLineOf(row, 'AWS', '1', 2)).toContain('\ta\\tb\\\\c\t');
  });
});

describe('Azure payout report lines', () => {
  const header = [...azurePayoutLayout.columns];
  const at = resolveHeader(azurePayoutLayout, header);
  const line = (changes: Record<string, string>) => {
    const values: Record<string, string> = {
      earning_id: 'e-1',
      transaction_id: 't-1',
      transaction_date: '2026-10-01',
      transaction_type: 'BILLED',
      customer_tenant_id: 'tenant',
      subscription_id: 'sub-1',
      offer_id: 'offer',
      plan_id: 'plan',
      transaction_currency: 'EUR',
      transaction_amount: '100.00',
      store_service_fee: '-3.00',
      earning_amount: '97.00',
      payout_status: 'SENT',
      payment_id: 'pay-1',
      payment_date: '2026-11-15',
      ...changes,
    };
    return header.map((c) => values[c]);
  };

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

  it.each([
    [{ earning_amount: '98.00' }, 'earning_amount'],
    [{ payment_id: '' }, 'payment_id'],
    [{ transaction_type: 'CHARGEBACK' }, 'transaction_type'],
  ])('refuses %o', (changes, column) => {
    expect(problemOf(() => azurePayoutLayout.toRows(line(changes), at, 3))?.slice(0, 2)).toEqual([3, column]);
  });
});
