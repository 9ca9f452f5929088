import { FeedLineError } from './feed-line.error';
import type { FeedLayout, FeedRow } from './feed-row.model';
import { amountProblem, currencyProblem, decimalToMinorText, isoDate, negatedMinorText } from './feed-value.parsers';

/**
 * The Azure payout report (FEEDS.md): one line per earning, re-exported with
 * its payout status as it moves from UNPROCESSED to SENT. A line becomes the
 * same canonical rows as the AWS feed, so one set of matching rules serves
 * both clouds: the gross billed and the store service fee (invoiced, and
 * collected once the status is past UNPROCESSED), and, once SENT, both again
 * as disbursed rows of the payment. These are the rules in code: PostgreSQL
 * checks and expands a file (azure-staged-rows.sql.ts), held to them by
 * azure-staged-checks.int-spec.ts.
 */
const COLUMNS = [
  'earning_id',
  'transaction_id',
  'transaction_date',
  'transaction_type',
  'customer_tenant_id',
  'subscription_id',
  'offer_id',
  'plan_id',
  'transaction_currency',
  'transaction_amount',
  'store_service_fee',
  'earning_amount',
  'payout_status',
  'payment_id',
  'payment_date',
] as const;

const STATUSES = new Set(['UNPROCESSED', 'UPCOMING', 'SENT']);

export const azurePayoutLayout: FeedLayout = {
  feed: 'AZURE_PAYOUTS',
  cloud: 'AZURE',
  columns: COLUMNS,
  toRows(record, at, line): FeedRow[] {
    const field = (name: (typeof COLUMNS)[number]) => record[at[name]] ?? '';
    const fail = (column: string, reason: string): never => {
      throw new FeedLineError(line, column, reason);
    };
    const earningId = field('earning_id');
    if (earningId === '') fail('earning_id', 'is empty');
    const subscriptionId = field('subscription_id');
    if (subscriptionId === '') fail('subscription_id', 'is empty, but an earning must name the SaaS subscription it bills');
    const type = field('transaction_type');
    if (type !== 'BILLED' && type !== 'REFUND') fail('transaction_type', `"${type}" is not BILLED or REFUND`);
    const status = field('payout_status');
    if (!STATUSES.has(status)) fail('payout_status', `"${status}" is not UNPROCESSED, UPCOMING or SENT`);
    const currency = field('transaction_currency');
    const currencyIssue = currencyProblem(currency);
    if (currencyIssue) fail('transaction_currency', currencyIssue);
    const money = (column: 'transaction_amount' | 'store_service_fee' | 'earning_amount'): string => {
      const minor = decimalToMinorText(field(column), currency);
      return minor ?? fail(column, amountProblem(field(column), currency));
    };
    const gross = money('transaction_amount');
    const fee = money('store_service_fee');
    const earning = money('earning_amount');
    // The report's own arithmetic: what the publisher earns is the amount less the fee.
    if (BigInt(gross) + BigInt(fee) !== BigInt(earning)) {
      fail(
        'earning_amount',
        `${field('earning_amount')} is not transaction_amount ${field('transaction_amount')} plus store_service_fee ${field('store_service_fee')}`,
      );
    }
    const transactionDate = isoDate(field('transaction_date'));
    if (!transactionDate) fail('transaction_date', `"${field('transaction_date')}" is not a date such as 2026-10-01`);
    const paymentId = field('payment_id');
    const paymentDate = isoDate(field('payment_date'));
    if (status === 'SENT' && paymentId === '') fail('payment_id', 'is empty, but a SENT earning must name its payment');
    if (status === 'SENT' && !paymentDate) fail('payment_date', `"${field('payment_date')}" is not the date of a SENT payment`);

    const refund = type === 'REFUND';
    const base = {
      transactionReferenceId: subscriptionId,
      fromAccountId: null,
      toAccountId: null,
      endUserAccountId: field('customer_tenant_id') || null,
      productId: field('offer_id') || null,
      currency,
      paymentDueDate: null,
      usagePeriodStart: null,
      usagePeriodEnd: null,
      invoiceId: field('transaction_id') || null,
      // The SaaS subscription is the agreement the earning bills.
      agreementId: subscriptionId,
    };
    const invoiced = (part: string, transactionType: string, amountMinor: string): FeedRow => ({
      ...base,
      billingEventId: `${earningId}:${part}`,
      action: 'INVOICED',
      transactionType,
      parentBillingEventId: null,
      disbursementBillingEventId: null,
      amountMinor,
      balanceImpacting: status !== 'UNPROCESSED',
      invoiceDate: transactionDate as string,
      bankTraceId: null,
    });
    const grossType = refund ? 'SELLER_REV_SHARE_REFUND' : 'SELLER_REV_SHARE';
    const feeType = refund ? 'AWS_REV_SHARE_REFUND' : 'AWS_REV_SHARE';
    const rows = [invoiced('gross', grossType, gross), invoiced('fee', feeType, fee)];
    if (status === 'SENT') {
      for (const row of [...rows]) {
        rows.push({
          ...row,
          billingEventId: `${row.billingEventId}:paid`,
          action: 'DISBURSED',
          // Stored as the AWS feed states a payment: a disbursed row negates the row it pays.
          amountMinor: negatedMinorText(row.amountMinor),
          parentBillingEventId: row.billingEventId,
          disbursementBillingEventId: paymentId,
          invoiceDate: paymentDate as string,
          bankTraceId: paymentId,
        });
      }
    }
    return rows;
  },
};
