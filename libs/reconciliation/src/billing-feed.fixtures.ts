/** Small hand-made feeds for the reconciliation tests: only the columns a case cares about, the rest filled in. */
export interface AwsFeedLine {
  id: string;
  ref?: string;
  action?: 'INVOICED' | 'FORGIVEN' | 'DISBURSED';
  type: string;
  amount: string;
  currency?: string;
  collected?: boolean;
  parent?: string;
  disbursement?: string;
  date?: string;
  buyer?: string;
  product?: string;
}

const AWS_HEADER =
  'billing_event_id,from_account_id,to_account_id,end_user_account_id,product_id,action,transaction_type,parent_billing_event_id,' +
  'disbursement_billing_event_id,amount,currency,balance_impacting,invoice_date,payment_due_date,usage_period_start_date,' +
  'usage_period_end_date,invoice_id,transaction_reference_id,bank_trace_id';

export function awsFeed(lines: AwsFeedLine[]): string {
  const body = lines.map((l) =>
    [
      l.id,
      l.buyer ?? '777788889999',
      '123456789012',
      l.buyer ?? '777788889999',
      l.product ?? 'prod-1',
      l.action ?? 'INVOICED',
      l.type,
      l.parent ?? '',
      l.disbursement ?? '',
      l.amount,
      l.currency ?? 'USD',
      l.collected === false ? '0' : '1',
      l.date ?? '2026-10-01',
      '2026-10-31',
      '2026-10-01',
      '2026-10-31',
      l.ref ? `inv-${l.ref}` : '',
      l.ref ?? '',
      l.disbursement ? `trace-${l.disbursement}` : '',
    ].join(','),
  );
  return [AWS_HEADER, ...body].join('\n') + '\n';
}

/** An invoice (seller share and fee) and, optionally, its disbursed rows in one lump sum. */
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
        amount: paid.seller,
        parent: `${ref}-s`,
        disbursement: paid.disbursement,
        date: '2026-11-05',
      },
      {
        id: `${ref}-df`,
        ref,
        action: 'DISBURSED',
        type: 'AWS_REV_SHARE',
        amount: paid.fee,
        parent: `${ref}-f`,
        disbursement: paid.disbursement,
        date: '2026-11-05',
      },
    );
  }
  return lines;
}

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
