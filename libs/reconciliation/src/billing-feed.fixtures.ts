import { billingEventHeaderLine, billingEventLine } from './billing-event-line.builder';

/**
 * Small hand-made feeds for the reconciliation tests: only the columns a case
 * cares about, the rest filled in, in the terms AWS documents
 * (data-feed-billing-event.html; test/fixtures/aws/data-feeds/ holds its own
 * examples): amounts as the feed states them, so a DISBURSED row negates the
 * row it pays and the DISBURSEMENT lump sum is positive.
 */
export interface AwsFeedLine {
  id: string;
  ref?: string;
  action?: 'INVOICED' | 'FORGIVEN' | 'DISBURSED';
  type: string;
  amount: string;
  currency?: string;
  /** balance_impacting: counts toward the seller's balance (the default) or is shown for information only. */
  balanceImpacting?: boolean;
  /** agreement_id: the item's reference unless given ('' for none). */
  agreement?: string;
  parent?: string;
  disbursement?: string;
  date?: string;
  buyer?: string;
  product?: string;
}

export function awsFeed(lines: AwsFeedLine[]): string {
  const body = lines.map((l) =>
    billingEventLine({
      billing_event_id: l.id,
      from_account_id: l.buyer ?? '777788889999',
      to_account_id: '123456789012',
      end_user_account_id: l.buyer ?? '777788889999',
      product_id: l.product ?? 'prod-1',
      action: l.action ?? 'INVOICED',
      transaction_type: l.type,
      parent_billing_event_id: l.parent ?? '',
      disbursement_billing_event_id: l.disbursement ?? '',
      amount: l.amount,
      currency: l.currency ?? 'USD',
      balance_impacting: l.balanceImpacting === false ? '0' : '1',
      invoice_date: l.date ?? '2026-10-01',
      payment_due_date: '2026-10-31',
      usage_period_start_date: '2026-10-01',
      usage_period_end_date: '2026-10-31',
      invoice_id: l.ref ? `inv-${l.ref}` : '',
      transaction_reference_id: l.ref ?? '',
      bank_trace_id: l.disbursement ? `trace-${l.disbursement}` : '',
      agreement_id: l.agreement ?? l.ref ?? '',
    }),
  );
  return billingEventHeaderLine() + body.join('');
}

/** "12.50" -> "-12.50" and back: what a disbursed row states for the row it pays. */
export const negated = (amount: string): string =>
  amount.startsWith('-') ? amount.slice(1) : /^[0.]+$/.test(amount) ? amount : `-${amount}`;

/**
 * An invoice (seller share and fee) and, optionally, its payment in one lump
 * sum: `paid` says what was paid towards each (as invoiced: the seller share
 * positive, the fee negative), and the DISBURSED rows state its negation.
 */
export function invoiced(
  ref: string,
  gross: string,
  fee: string,
  paid?: { seller: string; fee: string; disbursement: string },
): AwsFeedLine[] {
  const lines: AwsFeedLine[] = [
    { id: `${ref}-s`, ref, type: 'SELLER_REV_SHARE', amount: gross },
    { id: `${ref}-f`, ref, type: 'AWS_REV_SHARE', amount: fee },
  ];
  if (paid) {
    lines.push(
      {
        id: `${ref}-ds`,
        ref,
        action: 'DISBURSED',
        type: 'SELLER_REV_SHARE',
        amount: negated(paid.seller),
        parent: `${ref}-s`,
        disbursement: paid.disbursement,
        date: '2026-11-05',
      },
      {
        id: `${ref}-df`,
        ref,
        action: 'DISBURSED',
        type: 'AWS_REV_SHARE',
        amount: negated(paid.fee),
        parent: `${ref}-f`,
        disbursement: paid.disbursement,
        date: '2026-11-05',
      },
    );
  }
  return lines;
}

/** A DISBURSEMENT row: the lump sum paid to the seller, positive. */
export const lumpSum = (disbursement: string, amount: string, date = '2026-11-05'): AwsFeedLine => ({
  id: disbursement,
  action: 'DISBURSED',
  type: 'DISBURSEMENT',
  amount,
  disbursement: undefined,
  date,
});

export const AZURE_HEADER =
  'earning_id,transaction_id,transaction_date,transaction_type,customer_tenant_id,subscription_id,offer_id,plan_id,transaction_currency,' +
  'transaction_amount,store_service_fee,earning_amount,payout_status,payment_id,payment_date';
