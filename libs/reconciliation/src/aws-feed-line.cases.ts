import { awsBillingEventLayout } from './aws-billing-event.layout';
import { resolveHeader } from './feed-header.resolver';

/**
 * Lines of an AWS billing event file for the tests of its checks: the line
 * reader's (the layout's rules in code) and PostgreSQL's (the same rules as
 * set-based SQL) are held to the same cases.
 */
export const awsHeader = [...awsBillingEventLayout.columns];
export const awsAt = resolveHeader(awsBillingEventLayout, awsHeader);

/** A well-formed invoiced line, in header order, with `changes` applied. */
export const awsLine = (changes: Record<string, string>) => {
  const values: Record<string, string> = {
    billing_event_id: 'be-1',
    action: 'INVOICED',
    transaction_type: 'SELLER_REV_SHARE',
    amount: '1234.50',
    currency: 'USD',
    balance_impacting: '1',
    invoice_date: '2026-10-01',
    transaction_reference_id: 'agmt-1',
    ...changes,
  };
  return awsHeader.map((c) => values[c] ?? '');
};

/** Malformed lines: the change to a good line, the column named, and the reason in words. */
export const AWS_MALFORMED_LINES: [Record<string, string>, string, string][] = [
  [{ amount: '12.345' }, 'amount', '"12.345" has more decimals than USD has (2)'],
  [{ amount: '1,000.00' }, 'amount', '"1,000.00" is not a plain decimal amount such as 1234.56'],
  [{ amount: '-' }, 'amount', '"-" is not a plain decimal amount such as 1234.56'],
  [{ amount: '1.' }, 'amount', '"1." is not a plain decimal amount such as 1234.56'],
  [{ amount: '1-0' }, 'amount', '"1-0" is not a plain decimal amount such as 1234.56'],
  [{ amount: '1234567890123456' }, 'amount', '"1234567890123456" is not a plain decimal amount such as 1234.56'],
  [{ amount: '1.5', currency: 'JPY' }, 'amount', '"1.5" has more decimals than JPY has (0)'],
  [{ currency: 'USS' }, 'currency', '"USS" is not an ISO 4217 currency code'],
  [{ currency: 'usd' }, 'currency', '"usd" is not an ISO 4217 currency code'],
  [{ action: 'PAID' }, 'action', '"PAID" is not INVOICED, FORGIVEN or DISBURSED'],
  [{ transaction_type: 'TIP' }, 'transaction_type', '"TIP" is not a known transaction type'],
  [{ billing_event_id: '' }, 'billing_event_id', 'is empty'],
  [{ billing_event_id: 'x'.repeat(201) }, 'billing_event_id', 'is longer than 200 characters'],
  [{ balance_impacting: 'maybe' }, 'balance_impacting', '"maybe" is not 0/1 or true/false'],
  [{ invoice_date: '2026-02-30x' }, 'invoice_date', '"2026-02-30x" is not a date such as 2026-10-01'],
  [{ invoice_date: '2026-02-29' }, 'invoice_date', '"2026-02-29" is not a date such as 2026-10-01'],
  [{ payment_due_date: '2026-13-01' }, 'payment_due_date', '"2026-13-01" is not a date such as 2026-10-01'],
  [{ usage_period_end_date: '2026-04-31' }, 'usage_period_end_date', '"2026-04-31" is not a date such as 2026-10-01'],
  [{ transaction_reference_id: '' }, 'transaction_reference_id', 'is empty, but a SELLER_REV_SHARE row must name its transaction'],
  [{ action: 'DISBURSED' }, 'parent_billing_event_id', 'is empty, but a disbursed row must name the invoiced event it pays'],
  [
    { action: 'DISBURSED', parent_billing_event_id: 'be-0' },
    'disbursement_billing_event_id',
    'is empty, but a disbursed row must name its disbursement',
  ],
  [
    { action: 'DISBURSED', transaction_type: 'DISBURSEMENT_FAILURE', transaction_reference_id: '' },
    'parent_billing_event_id',
    'is empty, but a DISBURSEMENT_FAILURE must name the DISBURSEMENT that failed',
  ],
  // The signs the documentation fixes: the listing fee invoiced is negative, the lump sum paid to the seller positive.
  [
    { transaction_type: 'AWS_REV_SHARE', amount: '30.00' },
    'amount',
    '30.00 has the wrong sign: an INVOICED AWS_REV_SHARE (the listing fee) is negative',
  ],
  [
    { action: 'DISBURSED', transaction_type: 'DISBURSEMENT', transaction_reference_id: '', amount: '-72.65' },
    'amount',
    '-72.65 has the wrong sign: a DISBURSED DISBURSEMENT (the lump sum paid to the seller) is positive',
  ],
  // Two problems on one line: the first in the reader's order is the one named.
  [{ action: 'PAID', currency: 'USS' }, 'action', '"PAID" is not INVOICED, FORGIVEN or DISBURSED'],
];
