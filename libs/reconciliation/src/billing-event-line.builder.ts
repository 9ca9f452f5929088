import { AWS_BILLING_EVENT_COLUMNS } from './aws-billing-event.layout';

/**
 * Lines of AWS's billing event data feed as AWS writes them
 * (https://docs.aws.amazon.com/marketplace/latest/userguide/data-feed-billing-event.html,
 * stored as https://docs.aws.amazon.com/marketplace/latest/userguide/data-feed-details.html says:
 * RFC 4180, UTF-8, `\n` line ends, fields escaped by double quotes). One
 * writer for everything that makes a feed: the marketplace sandbox's bucket,
 * the demo, the tests' hand-made feeds.
 *
 * The columns are the product's layout of the feed (aws-billing-event.layout.ts):
 * those of the page's table that matching reads, and agreement_id.
 */
export const BILLING_EVENT_LINE_COLUMNS = AWS_BILLING_EVENT_COLUMNS;

export type BillingEventLineValues = Record<(typeof BILLING_EVENT_LINE_COLUMNS)[number], string>;

const field = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** The header line, `\n` included. */
export const billingEventHeaderLine = (): string => `${BILLING_EVENT_LINE_COLUMNS.join(',')}\n`;

/** One event as a feed line, `\n` included. */
export const billingEventLine = (values: BillingEventLineValues): string =>
  `${BILLING_EVENT_LINE_COLUMNS.map((column) => field(values[column])).join(',')}\n`;
