import { FeedLineError } from './feed-line.error';
import type { FeedLayout, FeedRow } from './feed-row.model';
import { amountProblem, booleanFlag, currencyProblem, decimalToMinorText, isoDate } from './feed-value.parsers';

/** The AWS Marketplace billing event data feed (MARKETPLACE.md), in any column order. */
const COLUMNS = [
  'billing_event_id',
  'from_account_id',
  'to_account_id',
  'end_user_account_id',
  'product_id',
  'action',
  'transaction_type',
  'parent_billing_event_id',
  'disbursement_billing_event_id',
  'amount',
  'currency',
  'balance_impacting',
  'invoice_date',
  'payment_due_date',
  'usage_period_start_date',
  'usage_period_end_date',
  'invoice_id',
  'transaction_reference_id',
  'bank_trace_id',
] as const;

const ACTIONS = new Set(['INVOICED', 'FORGIVEN', 'DISBURSED']);
export const AWS_TRANSACTION_TYPES = new Set([
  'SELLER_REV_SHARE',
  'AWS_REV_SHARE',
  'SELLER_REV_SHARE_REFUND',
  'AWS_REV_SHARE_REFUND',
  'SELLER_REV_SHARE_CREDIT',
  'AWS_REV_SHARE_CREDIT',
  'SELLER_TAX_SHARE',
  'SELLER_TAX_SHARE_REFUND',
  'AWS_TAX_SHARE',
  'AWS_TAX_SHARE_REFUND',
  'BALANCE_ADJUSTMENT',
  'DISBURSEMENT',
  'DISBURSEMENT_FAILURE',
]);
/** Rows that stand for the whole payout or the balance, not for one transaction: they need no transaction_reference_id. */
const ACCOUNT_LEVEL = new Set(['DISBURSEMENT', 'DISBURSEMENT_FAILURE', 'BALANCE_ADJUSTMENT']);
const ID_MAX = 200;

const optional = (value: string): string | null => (value === '' ? null : value);

export const awsBillingEventLayout: FeedLayout = {
  feed: 'AWS_BILLING_EVENTS',
  cloud: 'AWS',
  columns: COLUMNS,
  toRows(record, at, line): FeedRow[] {
    const field = (name: (typeof COLUMNS)[number]) => record[at[name]] ?? '';
    const fail = (column: string, reason: string): never => {
      throw new FeedLineError(line, column, reason);
    };

    const billingEventId = field('billing_event_id');
    if (billingEventId === '' || billingEventId.length > ID_MAX) fail('billing_event_id', billingEventId === '' ? 'is empty' : `is longer than ${ID_MAX} characters`);
    const action = field('action');
    if (!ACTIONS.has(action)) fail('action', `"${action}" is not INVOICED, FORGIVEN or DISBURSED`);
    const transactionType = field('transaction_type');
    if (!AWS_TRANSACTION_TYPES.has(transactionType)) fail('transaction_type', `"${transactionType}" is not a known transaction type`);
    const currency = field('currency');
    const currencyIssue = currencyProblem(currency);
    if (currencyIssue) fail('currency', currencyIssue);
    const amount = field('amount');
    const amountMinor = decimalToMinorText(amount, currency);
    if (amountMinor === null) fail('amount', amountProblem(amount, currency));
    const balanceImpacting = booleanFlag(field('balance_impacting'));
    if (balanceImpacting === undefined) fail('balance_impacting', `"${field('balance_impacting')}" is not 0/1 or true/false`);

    const reference = field('transaction_reference_id');
    const accountLevel = ACCOUNT_LEVEL.has(transactionType);
    if (reference === '' && !accountLevel) fail('transaction_reference_id', `is empty, but a ${transactionType} row must name its transaction`);
    const parent = optional(field('parent_billing_event_id'));
    const disbursement = optional(field('disbursement_billing_event_id'));
    if (action === 'DISBURSED' && !accountLevel) {
      if (parent === null) fail('parent_billing_event_id', 'is empty, but a disbursed row must name the invoiced event it pays');
      if (disbursement === null) fail('disbursement_billing_event_id', 'is empty, but a disbursed row must name its disbursement');
    }

    const dates: Record<string, string | null> = {};
    for (const column of ['invoice_date', 'payment_due_date', 'usage_period_start_date', 'usage_period_end_date'] as const) {
      const date = isoDate(field(column));
      if (date === undefined) fail(column, `"${field(column)}" is not a date such as 2026-10-01`);
      dates[column] = date as string | null;
    }

    return [
      {
        transactionReferenceId: reference,
        billingEventId,
        fromAccountId: optional(field('from_account_id')),
        toAccountId: optional(field('to_account_id')),
        endUserAccountId: optional(field('end_user_account_id')),
        productId: optional(field('product_id')),
        action,
        transactionType,
        parentBillingEventId: parent,
        disbursementBillingEventId: disbursement,
        amountMinor: amountMinor as string,
        currency,
        balanceImpacting: balanceImpacting as boolean,
        invoiceDate: dates.invoice_date,
        paymentDueDate: dates.payment_due_date,
        usagePeriodStart: dates.usage_period_start_date,
        usagePeriodEnd: dates.usage_period_end_date,
        invoiceId: optional(field('invoice_id')),
        bankTraceId: optional(field('bank_trace_id')),
      },
    ];
  },
};
