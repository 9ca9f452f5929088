import { azurePayoutLayout } from './azure-payout.layout';
import { resolveHeader } from './feed-header.resolver';

/**
 * Lines of an Azure payout report for the tests of its checks: the line
 * reader's (the layout's rules in code) and PostgreSQL's (the same rules as
 * set-based SQL) are held to the same cases.
 */
export const azureHeader = [...azurePayoutLayout.columns];
export const azureAt = resolveHeader(azurePayoutLayout, azureHeader);

/** A well-formed earning, paid out, in header order, with `changes` applied. */
export const azureLine = (changes: Record<string, string>) => {
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
  return azureHeader.map((c) => values[c] ?? '');
};

/** Malformed lines: the change to a good line, the column named, and the reason in words. */
export const AZURE_MALFORMED_LINES: [Record<string, string>, string, string][] = [
  [{ earning_id: '' }, 'earning_id', 'is empty'],
  [{ subscription_id: '' }, 'subscription_id', 'is empty, but an earning must name the SaaS subscription it bills'],
  [{ transaction_type: 'CHARGEBACK' }, 'transaction_type', '"CHARGEBACK" is not BILLED or REFUND'],
  [{ transaction_type: 'billed' }, 'transaction_type', '"billed" is not BILLED or REFUND'],
  [{ payout_status: 'PAID' }, 'payout_status', '"PAID" is not UNPROCESSED, UPCOMING or SENT'],
  [{ transaction_currency: 'EUX' }, 'transaction_currency', '"EUX" is not an ISO 4217 currency code'],
  [{ transaction_currency: 'eur' }, 'transaction_currency', '"eur" is not an ISO 4217 currency code'],
  [{ transaction_amount: '1,000.00' }, 'transaction_amount', '"1,000.00" is not a plain decimal amount such as 1234.56'],
  [{ transaction_amount: '100.001' }, 'transaction_amount', '"100.001" has more decimals than EUR has (2)'],
  [
    { transaction_currency: 'JPY', transaction_amount: '100.5', store_service_fee: '-3', earning_amount: '97.5' },
    'transaction_amount',
    '"100.5" has more decimals than JPY has (0)',
  ],
  [{ store_service_fee: '' }, 'store_service_fee', '"" is not a plain decimal amount such as 1234.56'],
  [{ store_service_fee: '-3.005' }, 'store_service_fee', '"-3.005" has more decimals than EUR has (2)'],
  [{ earning_amount: '97.0.0' }, 'earning_amount', '"97.0.0" is not a plain decimal amount such as 1234.56'],
  [{ earning_amount: '98.00' }, 'earning_amount', '98.00 is not transaction_amount 100.00 plus store_service_fee -3.00'],
  [{ earning_amount: '-97.00' }, 'earning_amount', '-97.00 is not transaction_amount 100.00 plus store_service_fee -3.00'],
  [{ transaction_date: '' }, 'transaction_date', '"" is not a date such as 2026-10-01'],
  [{ transaction_date: '2026-02-29' }, 'transaction_date', '"2026-02-29" is not a date such as 2026-10-01'],
  [{ transaction_date: '2026-10-01x' }, 'transaction_date', '"2026-10-01x" is not a date such as 2026-10-01'],
  [{ payment_id: '' }, 'payment_id', 'is empty, but a SENT earning must name its payment'],
  [{ payment_date: '' }, 'payment_date', '"" is not the date of a SENT payment'],
  [{ payment_date: '2026-11-31' }, 'payment_date', '"2026-11-31" is not the date of a SENT payment'],
  // Two problems on one line: the first in the reader's order is the one named.
  [{ payout_status: 'PAID', transaction_currency: 'EUX' }, 'payout_status', '"PAID" is not UNPROCESSED, UPCOMING or SENT'],
  [
    { earning_amount: '98.00', transaction_date: '' },
    'earning_amount',
    '98.00 is not transaction_amount 100.00 plus store_service_fee -3.00',
  ],
];
