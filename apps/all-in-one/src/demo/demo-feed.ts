/**
 * The columns of AWS's billing event data feed the demo writes: those of its
 * page's table, and agreement_id, which the page's example queries read
 * (https://docs.aws.amazon.com/marketplace/latest/userguide/data-feed-billing-event.html).
 */
const HEADER =
  'billing_event_id,from_account_id,to_account_id,end_user_account_id,product_id,action,transaction_type,parent_billing_event_id,' +
  'disbursement_billing_event_id,amount,currency,balance_impacting,invoice_date,payment_due_date,usage_period_start_date,' +
  'usage_period_end_date,invoice_id,transaction_reference_id,bank_trace_id,agreement_id';

export interface FeedItem {
  /** The marketplace agreement id (the feed's agreement_id). */
  agreementId: string;
  buyer: string;
  /** A channel sale: the reseller's account, which the manufacturer's feed invoices for its share (not the buyer). */
  reseller?: string;
  productId: string;
  /** What the seller is invoiced for: for a channel sale, the manufacturer's share (the buyer's price less the reseller's markup). */
  grossMinor: number;
  feeBps: number;
  /** Paid short of the seller's share by this much (a variance to explain). */
  shortMinor?: number;
}

const money = (minor: number) =>
  `${minor < 0 ? '-' : ''}${Math.floor(Math.abs(minor) / 100)}.${String(Math.abs(minor) % 100).padStart(2, '0')}`;

/**
 * An AWS billing event feed for one disbursement, as the page's
 * manufacturer example writes one: each item invoiced (the seller share and
 * the negative listing fee), then paid by DISBURSED rows that negate what
 * they pay, and the positive lump-sum DISBURSEMENT row.
 */
export function awsDisbursementFeed(items: FeedItem[], sellerAccount: string, disbursementId: string, on: Date): string {
  const date = on.toISOString().slice(0, 10);
  const lines = [HEADER];
  let lump = 0;
  for (const item of items) {
    const fee = -Math.round((item.grossMinor * item.feeBps) / 10_000);
    const paid = item.grossMinor - (item.shortMinor ?? 0);
    const payer = item.reseller ?? item.buyer;
    const reference = `txn-${item.agreementId}`;
    const row = (id: string, action: string, type: string, parent: string, disb: string, amount: number, trace = '') =>
      lines.push(
        [
          id,
          payer,
          type === 'AWS_REV_SHARE' ? 'AWS' : sellerAccount,
          item.buyer,
          item.productId,
          action,
          type,
          parent,
          disb,
          money(amount),
          'USD',
          1,
          date,
          action === 'INVOICED' ? date : '',
          '',
          '',
          action === 'INVOICED' ? `inv-${item.agreementId}` : '',
          reference,
          trace,
          item.agreementId,
        ].join(','),
      );
    row(`${item.agreementId}-s`, 'INVOICED', 'SELLER_REV_SHARE', '', '', item.grossMinor);
    row(`${item.agreementId}-f`, 'INVOICED', 'AWS_REV_SHARE', '', '', fee);
    row(`${item.agreementId}-ds`, 'DISBURSED', 'SELLER_REV_SHARE', `${item.agreementId}-s`, disbursementId, -paid, disbursementId);
    row(`${item.agreementId}-df`, 'DISBURSED', 'AWS_REV_SHARE', `${item.agreementId}-f`, disbursementId, -fee, disbursementId);
    lump += paid + fee;
  }
  lines.push(
    [
      disbursementId,
      'AWS',
      sellerAccount,
      '',
      '',
      'DISBURSED',
      'DISBURSEMENT',
      '',
      '',
      money(lump),
      'USD',
      1,
      date,
      '',
      '',
      '',
      '',
      '',
      disbursementId,
      '',
    ].join(','),
  );
  return lines.join('\n') + '\n';
}
