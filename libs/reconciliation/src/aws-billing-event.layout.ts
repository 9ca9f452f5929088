import { amountSignProblem, BILLING_ACTIONS, BILLING_TRANSACTION_TYPES, isAccountLevelType } from '@bridge/domain';
import { FeedLineError } from './feed-line.error';
import type { FeedLayout, FeedRow } from './feed-row.model';
import { amountProblem, booleanFlag, currencyProblem, decimalToMinorText, isoDate } from './feed-value.parsers';

/**
 * The AWS Marketplace billing event data feed, in any column order: the
 * columns of its page's table (data-feed-billing-event.html) that matching
 * reads, and agreement_id, the column the page's example queries join the
 * agreement feed on. Other documented columns (valid_from, update_date,
 * billing_address_id, broker_id, buyer_transaction_reference_id, ...) may be
 * present and are not read. What each value means is libs/domain's
 * billing-event.rules.
 */
export const AWS_BILLING_EVENT_COLUMNS = [
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
  'agreement_id',
] as const;

const ACTIONS: ReadonlySet<string> = new Set(BILLING_ACTIONS);
export const AWS_TRANSACTION_TYPES: ReadonlySet<string> = new Set(BILLING_TRANSACTION_TYPES);
const ID_MAX = 200;

const optional = (value: string): string | null => (value === '' ? null : value);
const fail = (line: number, column: string, reason: string): never => {
  throw new FeedLineError(line, column, reason);
};
const dateOf = (value: string, line: number, column: string): string | null => {
  const date = isoDate(value);
  return date === undefined ? fail(line, column, `"${value}" is not a date such as 2026-10-01`) : date;
};

/** The line reader the staged SQL (aws-staged-rows.sql.ts) is held to: plain reads and checks, in the order the SQL makes them. */
export const awsBillingEventLayout: FeedLayout = {
  feed: 'AWS_BILLING_EVENTS',
  cloud: 'AWS',
  columns: AWS_BILLING_EVENT_COLUMNS,
  toRows(record, at, line): FeedRow[] {
    const billingEventId = record[at.billing_event_id] ?? '';
    if (billingEventId === '' || billingEventId.length > ID_MAX)
      fail(line, 'billing_event_id', billingEventId === '' ? 'is empty' : `is longer than ${ID_MAX} characters`);
    const action = record[at.action] ?? '';
    if (!ACTIONS.has(action)) fail(line, 'action', `"${action}" is not INVOICED, FORGIVEN or DISBURSED`);
    const transactionType = record[at.transaction_type] ?? '';
    if (!AWS_TRANSACTION_TYPES.has(transactionType)) fail(line, 'transaction_type', `"${transactionType}" is not a known transaction type`);
    const currency = record[at.currency] ?? '';
    const currencyIssue = currencyProblem(currency);
    if (currencyIssue) fail(line, 'currency', currencyIssue);
    const amount = record[at.amount] ?? '';
    const amountMinor = decimalToMinorText(amount, currency) ?? fail(line, 'amount', amountProblem(amount, currency));
    // The sign alone, read off the digits: no BigInt for every line of a million.
    const sign = amountMinor.charCodeAt(0) === 0x2d ? -1n : /[1-9]/.test(amountMinor) ? 1n : 0n;
    const signProblem = amountSignProblem(action, transactionType, sign);
    if (signProblem) fail(line, 'amount', `${amount} has the wrong sign: ${signProblem}`);
    const flag = record[at.balance_impacting] ?? '';
    const balanceImpacting = booleanFlag(flag) ?? fail(line, 'balance_impacting', `"${flag}" is not 0/1 or true/false`);

    const reference = record[at.transaction_reference_id] ?? '';
    const accountLevel = isAccountLevelType(transactionType);
    if (reference === '' && !accountLevel)
      fail(line, 'transaction_reference_id', `is empty, but a ${transactionType} row must name its transaction`);
    const parent = optional(record[at.parent_billing_event_id] ?? '');
    const disbursement = optional(record[at.disbursement_billing_event_id] ?? '');
    if (transactionType === 'DISBURSEMENT_FAILURE' && parent === null)
      fail(line, 'parent_billing_event_id', 'is empty, but a DISBURSEMENT_FAILURE must name the DISBURSEMENT that failed');
    if (action === 'DISBURSED' && !accountLevel) {
      if (parent === null) fail(line, 'parent_billing_event_id', 'is empty, but a disbursed row must name the invoiced event it pays');
      if (disbursement === null) fail(line, 'disbursement_billing_event_id', 'is empty, but a disbursed row must name its disbursement');
    }

    return [
      {
        transactionReferenceId: reference,
        billingEventId,
        fromAccountId: optional(record[at.from_account_id] ?? ''),
        toAccountId: optional(record[at.to_account_id] ?? ''),
        endUserAccountId: optional(record[at.end_user_account_id] ?? ''),
        productId: optional(record[at.product_id] ?? ''),
        action,
        transactionType,
        parentBillingEventId: parent,
        disbursementBillingEventId: disbursement,
        amountMinor,
        currency,
        balanceImpacting,
        invoiceDate: dateOf(record[at.invoice_date] ?? '', line, 'invoice_date'),
        paymentDueDate: dateOf(record[at.payment_due_date] ?? '', line, 'payment_due_date'),
        usagePeriodStart: dateOf(record[at.usage_period_start_date] ?? '', line, 'usage_period_start_date'),
        usagePeriodEnd: dateOf(record[at.usage_period_end_date] ?? '', line, 'usage_period_end_date'),
        invoiceId: optional(record[at.invoice_id] ?? ''),
        bankTraceId: optional(record[at.bank_trace_id] ?? ''),
        agreementId: optional(record[at.agreement_id] ?? ''),
      },
    ];
  },
};
