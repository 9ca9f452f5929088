/**
 * Lines of AWS's billing event data feed as AWS writes them
 * (https://docs.aws.amazon.com/marketplace/latest/userguide/data-feed-billing-event.html,
 * stored as https://docs.aws.amazon.com/marketplace/latest/userguide/data-feed-details.html says:
 * RFC 4180, UTF-8, `\n` line ends, fields escaped by double quotes). One
 * writer for everything that makes a feed: the marketplace sandbox's bucket,
 * the demo, the tests' hand-made feeds.
 *
 * The columns are those of the page's table that matching reads, and
 * agreement_id, which the page's example queries join the agreement feed on.
 */
export const BILLING_EVENT_LINE_COLUMNS = [
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

export type BillingEventLineValues = Record<(typeof BILLING_EVENT_LINE_COLUMNS)[number], string>;

const field = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** The header line, `\n` included. */
export const billingEventHeaderLine = (): string => `${BILLING_EVENT_LINE_COLUMNS.join(',')}\n`;

/** One event as a feed line, `\n` included. */
export const billingEventLine = (values: BillingEventLineValues): string =>
  `${BILLING_EVENT_LINE_COLUMNS.map((column) => field(values[column])).join(',')}\n`;
