const HEADER =
  'billing_event_id,from_account_id,to_account_id,end_user_account_id,product_id,action,transaction_type,parent_billing_event_id,' +
  'disbursement_billing_event_id,amount,currency,balance_impacting,invoice_date,payment_due_date,usage_period_start_date,' +
  'usage_period_end_date,invoice_id,transaction_reference_id,bank_trace_id';

export interface FeedItem {
  /** The marketplace agreement id (the feed's transaction reference). */
  agreementId: string;
  buyer: string;
  productId: string;
  grossMinor: number;
  feeBps: number;
  /** Paid short of the seller's share by this much (a variance to explain). */
  shortMinor?: number;
}

const money = (minor: number) =>
  `${minor < 0 ? '-' : ''}${Math.floor(Math.abs(minor) / 100)}.${String(Math.abs(minor) % 100).padStart(2, '0')}`;

/**
 * An AWS billing-event feed, in the layout the Seller Data Feed Service
 * delivers, for one disbursement: each item invoiced (seller share and AWS
 * fee), collected, then disbursed, and the lump-sum DISBURSEMENT row.
 */
export function awsDisbursementFeed(items: FeedItem[], sellerAccount: string, disbursementId: string, on: Date): string {
  const date = on.toISOString().slice(0, 10);
  const lines = [HEADER];
  let lump = 0;
  for (const item of items) {
    const fee = -Math.round((item.grossMinor * item.feeBps) / 10_000);
    const paid = item.grossMinor - (item.shortMinor ?? 0);
    const row = (id: string, action: string, type: string, parent: string, disb: string, amount: number, trace = '') =>
      lines.push(
        [
          id,
          item.buyer,
          sellerAccount,
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
          date,
          '',
          '',
          `inv-${item.agreementId}`,
          item.agreementId,
          trace,
        ].join(','),
      );
    row(`${item.agreementId}-s`, 'INVOICED', 'SELLER_REV_SHARE', '', '', item.grossMinor);
    row(`${item.agreementId}-f`, 'INVOICED', 'AWS_REV_SHARE', '', '', fee);
    row(`${item.agreementId}-ds`, 'DISBURSED', 'SELLER_REV_SHARE', `${item.agreementId}-s`, disbursementId, paid, disbursementId);
    row(`${item.agreementId}-df`, 'DISBURSED', 'AWS_REV_SHARE', `${item.agreementId}-f`, disbursementId, fee, disbursementId);
    lump += paid + fee;
  }
  lines.push(
    [
      disbursementId,
      '',
      '',
      '',
      '',
      'DISBURSED',
      'DISBURSEMENT',
      '',
      '',
      money(-lump),
      'USD',
      1,
      date,
      '',
      '',
      '',
      '',
      '',
      disbursementId,
    ].join(','),
  );
  return lines.join('\n') + '\n';
}
