import {
  amountChecks,
  currencyCheck,
  datesJoin,
  fieldOf,
  isBadDate,
  lineExpression,
  linesJoin,
  minorUnits,
  optional,
  sqlList,
  stagedProblemsQuery,
  typedDate,
  type HeaderAt,
  type LineMap,
  type ProblemStatements,
} from './staged-feed.sql';

/**
 * The SQL that checks and stores an Azure payout report that COPY put, as
 * text, into a staging table (staged-feed.sql.ts). The checks are the
 * layout's (azure-payout.layout.ts), in its order and words, as one CASE;
 * `azure-staged-checks.int-spec.ts` holds the two to the same lines. Each
 * line becomes the canonical rows of the AWS feed in one INSERT ... SELECT:
 * the gross and the store service fee invoiced, and once SENT the same two
 * again as disbursed rows of the payment, negated as AWS states a payment.
 */

const STATUSES = ['UNPROCESSED', 'UPCOMING', 'SENT'];
const DATE_COLUMNS = ['transaction_date', 'payment_date'] as const;

/** A row's first problem as `column<TAB>reason`, or null: the layout's checks, in its order. */
function problemOf(table: string, field: (name: string) => string): string {
  const [earning, subscription, type, status, currency, gross, fee, earned, billedOn, payment, paidOn] = [
    'earning_id',
    'subscription_id',
    'transaction_type',
    'payout_status',
    'transaction_currency',
    'transaction_amount',
    'store_service_fee',
    'earning_amount',
    'transaction_date',
    'payment_id',
    'payment_date',
  ].map(field);
  return `CASE
      WHEN ${earning} = '' THEN 'earning_id\tis empty'
      WHEN ${subscription} = '' THEN 'subscription_id\tis empty, but an earning must name the SaaS subscription it bills'
      WHEN ${type} NOT IN ('BILLED', 'REFUND') THEN 'transaction_type\t"' || ${type} || '" is not BILLED or REFUND'
      WHEN ${status} NOT IN (${sqlList(STATUSES)}) THEN 'payout_status\t"' || ${status} || '" is not UNPROCESSED, UPCOMING or SENT'
      ${currencyCheck('transaction_currency', currency)}
      ${amountChecks('transaction_amount', gross, currency)}
      ${amountChecks('store_service_fee', fee, currency)}
      ${amountChecks('earning_amount', earned, currency)}
      WHEN ${gross}::numeric + ${fee}::numeric <> ${earned}::numeric
        THEN 'earning_amount\t' || ${earned} || ' is not transaction_amount ' || ${gross} || ' plus store_service_fee ' || ${fee}
      WHEN ${billedOn} = '' OR ${isBadDate(table, billedOn)} THEN 'transaction_date\t"' || ${billedOn} || '" is not a date such as 2026-10-01'
      WHEN ${status} = 'SENT' AND ${payment} = '' THEN 'payment_id\tis empty, but a SENT earning must name its payment'
      WHEN ${status} = 'SENT' AND (${paidOn} = '' OR ${isBadDate(table, paidOn)}) THEN 'payment_date\t"' || ${paidOn} || '" is not the date of a SENT payment'
    END`;
}

/** The statements of the staging rows' first problems, in file order (stagedProblemsQuery). $1: how many at most. */
export function azureProblemsQuery(table: string, width: number, at: HeaderAt, map: LineMap): ProblemStatements {
  return stagedProblemsQuery(table, width, map, problemOf(table, fieldOf(at)), DATE_COLUMNS.map(fieldOf(at)));
}

/**
 * The staging rows, but the malformed ones ($1: their ordinals), each
 * expanded into its canonical rows (`<earning_id>:gross`, `:fee`, and once
 * SENT `:gross:paid`, `:fee:paid`) and stored as billing_feed_row rows of
 * import `importSeq`, all at the line's file line. A payment's date is read
 * only on a SENT line: on another the layout never reads it. `OFFSET 0`
 * keeps a line's values computed once: pulled up into the VALUES, each of
 * its two to four rows computed its amount and currency again (EXPLAIN
 * ANALYZE on 200,000 lines: 43 s to make the rows, 9.6 s with it).
 */
export function azureStoreRowsSql(table: string, at: HeaderAt, importSeq: bigint, map: LineMap): string {
  const f = fieldOf(at);
  const currency = f('transaction_currency');
  const refund = `${f('transaction_type')} = 'REFUND'`;
  return `INSERT INTO billing_feed_row (cloud, transaction_reference_id, billing_event_id, import_seq, line, from_account_id, to_account_id,
            end_user_account_id, product_id, action, transaction_type, parent_billing_event_id, disbursement_billing_event_id, amount_minor,
            currency, balance_impacting, invoice_date, payment_due_date, usage_period_start, usage_period_end, invoice_id, bank_trace_id, agreement_id)
    SELECT 'AZURE', e.subscription, e.earning || r.part, ${BigInt(importSeq).toString()}, e.line, NULL, NULL, e.tenant, e.offer,
           r.action, r.type, r.parent, r.payment, r.amount, e.currency, e.collected, r.dated, NULL, NULL, NULL, e.invoice, r.payment, e.subscription
      FROM (SELECT ${lineExpression(map)} AS line, ${f('earning_id')} AS earning, ${f('subscription_id')} AS subscription,
                   ${optional(f('customer_tenant_id'))} AS tenant, ${optional(f('offer_id'))} AS offer, ${optional(f('transaction_id'))} AS invoice,
                   ${currency} AS currency, ${f('payout_status')} <> 'UNPROCESSED' AS collected, ${f('payout_status')} = 'SENT' AS sent,
                   CASE WHEN ${refund} THEN 'SELLER_REV_SHARE_REFUND' ELSE 'SELLER_REV_SHARE' END AS gross_type,
                   CASE WHEN ${refund} THEN 'AWS_REV_SHARE_REFUND' ELSE 'AWS_REV_SHARE' END AS fee_type,
                   ${minorUnits(f('transaction_amount'), currency)} AS gross, ${minorUnits(f('store_service_fee'), currency)} AS fee,
                   ${typedDate(0)} AS billed_on,
                   CASE WHEN ${f('payout_status')} = 'SENT' THEN ${f('payment_id')} END AS payment,
                   CASE WHEN ${f('payout_status')} = 'SENT' THEN ${typedDate(1)} END AS paid_on
              FROM ${table} s ${datesJoin(table, DATE_COLUMNS.map(f))} ${linesJoin(table, map)}
             WHERE s.ord NOT IN (SELECT unnest($1::bigint[]))
            OFFSET 0) e
     CROSS JOIN LATERAL (VALUES
             (':gross', 'INVOICED', e.gross_type, NULL, NULL, e.gross, e.billed_on),
             (':fee', 'INVOICED', e.fee_type, NULL, NULL, e.fee, e.billed_on),
             (':gross:paid', 'DISBURSED', e.gross_type, e.earning || ':gross', e.payment, -e.gross, e.paid_on),
             (':fee:paid', 'DISBURSED', e.fee_type, e.earning || ':fee', e.payment, -e.fee, e.paid_on)
           ) AS r(part, action, type, parent, payment, amount, dated)
     WHERE r.action = 'INVOICED' OR e.sent`;
}
