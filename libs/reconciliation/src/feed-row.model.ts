import type { Cloud, ReconciliationFeed } from '@bridge/database';

/** One normalized billing-feed row, every value already checked (null = empty). */
export interface FeedRow {
  transactionReferenceId: string;
  billingEventId: string;
  fromAccountId: string | null;
  toAccountId: string | null;
  endUserAccountId: string | null;
  productId: string | null;
  action: string;
  transactionType: string;
  parentBillingEventId: string | null;
  disbursementBillingEventId: string | null;
  /** Integer minor units, as decimal digits (no float, no BigInt on the hot path). */
  amountMinor: string;
  currency: string;
  balanceImpacting: boolean;
  invoiceDate: string | null;
  paymentDueDate: string | null;
  usagePeriodStart: string | null;
  usagePeriodEnd: string | null;
  invoiceId: string | null;
  bankTraceId: string | null;
  /** The agreement the event belongs to (AWS: agreement_id; Azure: the SaaS subscription). */
  agreementId: string | null;
}

/** A feed's layout: its header, and how one CSV record becomes normalized rows (or a FeedLineError). */
export interface FeedLayout {
  feed: ReconciliationFeed;
  cloud: Cloud;
  columns: readonly string[];
  /** `at` maps a column name to its position in this file's header. */
  toRows(record: string[], at: Readonly<Record<string, number>>, line: number): FeedRow[];
}

/** The columns of billing_feed_row in COPY order (see copyLineOf). */
export const FEED_ROW_COPY_COLUMNS = [
  'cloud',
  'transaction_reference_id',
  'billing_event_id',
  'import_seq',
  'line',
  'from_account_id',
  'to_account_id',
  'end_user_account_id',
  'product_id',
  'action',
  'transaction_type',
  'parent_billing_event_id',
  'disbursement_billing_event_id',
  'amount_minor',
  'currency',
  'balance_impacting',
  'invoice_date',
  'payment_due_date',
  'usage_period_start',
  'usage_period_end',
  'invoice_id',
  'bank_trace_id',
  'agreement_id',
] as const;

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const escaped = (value: string | null): string =>
  value === null
    ? '\\N'
    : NEEDS_ESCAPE.test(value)
      ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
      : value;
const plain = (value: string | null): string => (value === null ? '\\N' : value);

/**
 * One line of PostgreSQL's COPY text format for a row (columns as
 * FEED_ROW_COPY_COLUMNS). `verbatim` skips escaping, for input whose bytes
 * hold no backslash, tab, carriage return or quote (so no field can need it).
 */
export function copyLineOf(row: FeedRow, cloud: Cloud, importSeq: string, line: number, verbatim = false): string {
  const text = verbatim ? plain : escaped;
  return (
    `${cloud}\t${text(row.transactionReferenceId)}\t${text(row.billingEventId)}\t${importSeq}\t${line}\t` +
    `${text(row.fromAccountId)}\t${text(row.toAccountId)}\t${text(row.endUserAccountId)}\t${text(row.productId)}\t` +
    `${row.action}\t${row.transactionType}\t${text(row.parentBillingEventId)}\t${text(row.disbursementBillingEventId)}\t` +
    `${row.amountMinor}\t${row.currency}\t${row.balanceImpacting ? 't' : 'f'}\t${row.invoiceDate ?? '\\N'}\t${row.paymentDueDate ?? '\\N'}\t` +
    `${row.usagePeriodStart ?? '\\N'}\t${row.usagePeriodEnd ?? '\\N'}\t${text(row.invoiceId)}\t${text(row.bankTraceId)}\t${text(row.agreementId)}\n`
  );
}
