import { queryDatabase } from '@bridge/testing';
import { azurePayoutLayout } from './azure-payout.layout';
import { azureAt, azureHeader, azureLine, AZURE_MALFORMED_LINES } from './azure-payout-line.cases';
import { FeedLineError } from './feed-line.error';
import type { FeedRow } from './feed-row.model';
import {
  csvField,
  csvFile,
  DATABASE_URL,
  expectRefusedAtLine3,
  expectRefusedPastQuarantineLimit,
  reconciliationHarness,
} from './reconciliation.int-harness';

const header = azureHeader;
const line = azureLine;
const field = csvField;
const csv = (...records: string[][]) => csvFile(header, ...records);

/** What the layout's own line reader (the rules in code) says of a record at `at`: its rows, or the column and reason it refuses it for. */
function layoutVerdict(record: string[], at = 2) {
  try {
    return { rows: azurePayoutLayout.toRows(record, azureAt, at) };
  } catch (error) {
    if (error instanceof FeedLineError) return { column: error.column, reason: error.reason };
    throw error;
  }
}

/** Every column of the stored rows, in a stable order. */
const storedRows = () =>
  queryDatabase<Record<string, unknown>>(
    DATABASE_URL,
    `SELECT cloud::text, line, billing_event_id, transaction_reference_id, from_account_id, to_account_id, end_user_account_id, product_id,
            action, transaction_type, parent_billing_event_id, disbursement_billing_event_id, amount_minor::text, currency, balance_impacting,
            to_char(invoice_date, 'YYYY-MM-DD') AS invoice_date, payment_due_date, usage_period_start, usage_period_end, invoice_id,
            bank_trace_id, agreement_id
       FROM billing_feed_row ORDER BY line, billing_event_id`,
  );

/** The rows the line reader makes of a record at file line `at`, as billing_feed_row stores them. */
const asStored = (row: FeedRow, at: number) => ({
  cloud: 'AZURE',
  line: at,
  billing_event_id: row.billingEventId,
  transaction_reference_id: row.transactionReferenceId,
  from_account_id: row.fromAccountId,
  to_account_id: row.toAccountId,
  end_user_account_id: row.endUserAccountId,
  product_id: row.productId,
  action: row.action,
  transaction_type: row.transactionType,
  parent_billing_event_id: row.parentBillingEventId,
  disbursement_billing_event_id: row.disbursementBillingEventId,
  amount_minor: row.amountMinor,
  currency: row.currency,
  balance_impacting: row.balanceImpacting,
  invoice_date: row.invoiceDate,
  payment_due_date: row.paymentDueDate,
  usage_period_start: row.usagePeriodStart,
  usage_period_end: row.usagePeriodEnd,
  invoice_id: row.invoiceId,
  bank_trace_id: row.bankTraceId,
  agreement_id: row.agreementId,
});

/** What the import says it read and stored. */
const counted = () => queryDatabase(DATABASE_URL, 'SELECT rows_imported, rows_quarantined, lines_processed FROM reconciliation_import');

const byLineAndId = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  (a.line as number) - (b.line as number) || ((a.billing_event_id as string) < (b.billing_event_id as string) ? -1 : 1);

describe('checking and storing an Azure payout report in PostgreSQL, as the line reader does (real PostgreSQL)', () => {
  const { importFeed } = reconciliationHarness();

  it.each(AZURE_MALFORMED_LINES)('refuses %o with the same column and reason as the line reader', async (changes, column, reason) => {
    const bad = line({ earning_id: 'e-2', ...changes });
    expect(layoutVerdict(bad)).toEqual({ column, reason });
    const result = await importFeed(csv(line({}), bad), 'AZURE_PAYOUTS');
    await expectRefusedAtLine3(result, column, reason);
  });

  it('stores the rows the line reader makes of each line: every status, refunds, currencies, dates with a time, empty optional fields', async () => {
    const records = [
      line({ earning_id: 'e-1' }),
      line({ earning_id: 'e-2', payout_status: 'UPCOMING', payment_id: '', payment_date: 'not read until SENT' }),
      line({ earning_id: 'e-3', payout_status: 'UNPROCESSED', payment_id: 'pay-9', payment_date: '' }),
      line({
        earning_id: 'e-4',
        transaction_type: 'REFUND',
        transaction_amount: '-100.00',
        store_service_fee: '3.00',
        earning_amount: '-97.00',
        payment_id: 'pay-2',
      }),
      line({
        earning_id: 'e-5',
        transaction_currency: 'JPY',
        transaction_amount: '15000',
        store_service_fee: '-450',
        earning_amount: '14550.000',
        transaction_date: '2026-10-01 08:30:00',
        payment_date: '2028-02-29T12:00:00Z',
      }),
      line({
        earning_id: 'e-6',
        transaction_currency: 'KWD',
        transaction_amount: '1.250',
        store_service_fee: '-0.0375',
        earning_amount: '1.2125',
        customer_tenant_id: '',
        offer_id: '',
        transaction_id: '',
      }),
      line({ earning_id: 'e-7', transaction_amount: '0.00', store_service_fee: '-0.00', earning_amount: '0' }),
    ];
    // e-6 has more decimals than KWD's three on its fee: set aside, the rest stored.
    expect(layoutVerdict(records[5])).toMatchObject({ column: 'store_service_fee' });
    const result = await importFeed(csv(...records), 'AZURE_PAYOUTS', 'QUARANTINE');
    expect(result).toMatchObject({ status: 'COMPLETED' });
    expect(await counted()).toEqual([{ rows_imported: 20, rows_quarantined: 1, lines_processed: 8 }]);
    const expected = records.flatMap((record, i) => {
      const verdict = layoutVerdict(record, i + 2);
      return verdict.rows ? verdict.rows.map((row) => asStored(row, i + 2)) : [];
    });
    expect(expected).toHaveLength(20);
    expect(await storedRows()).toEqual(expected.sort(byLineAndId));
  });

  it('stores a well-formed KWD line with the fee in its three decimals', async () => {
    const record = line({ transaction_currency: 'KWD', transaction_amount: '1.250', store_service_fee: '-0.037', earning_amount: '1.213' });
    expect(await importFeed(csv(record), 'AZURE_PAYOUTS')).toMatchObject({ status: 'COMPLETED' });
    const { rows } = layoutVerdict(record) as { rows: FeedRow[] };
    expect(await storedRows()).toEqual(rows.map((row) => asStored(row, 2)).sort(byLineAndId));
  });

  it('counts a quoted line break and a blank line in the line it names, and sets a line aside with its text and length', async () => {
    const quoted = line({ earning_id: 'e-1', transaction_id: 'tx\n1, with a "quote"' });
    // Line 1 the header, 2-3 the quoted record, 4 blank, 5 e-2, 6 e-3 (malformed).
    const bad = line({ earning_id: 'e-3', payout_status: 'PAID' });
    const text = [header, quoted, [], line({ earning_id: 'e-2' }), bad].map((r) => r.map(field).join(',')).join('\n');
    expect(await importFeed(text, 'AZURE_PAYOUTS', 'QUARANTINE')).toMatchObject({ status: 'COMPLETED' });
    expect(await counted()).toEqual([{ rows_imported: 8, rows_quarantined: 1, lines_processed: 6 }]);
    const stored = await queryDatabase<{ line: number; n: string; invoice_id: string }>(
      DATABASE_URL,
      'SELECT line, count(*) AS n, min(invoice_id) AS invoice_id FROM billing_feed_row GROUP BY line ORDER BY line',
    );
    expect(stored).toEqual([
      { line: 2, n: '4', invoice_id: 'tx\n1, with a "quote"' },
      { line: 5, n: '4', invoice_id: 't-1' },
    ]);
    const rawLine = bad.map(field).join(',');
    expect(await queryDatabase(DATABASE_URL, 'SELECT line, "column", reason, raw, raw_length FROM billing_feed_quarantine')).toEqual([
      { line: 6, column: 'payout_status', reason: '"PAID" is not UNPROCESSED, UPCOMING or SENT', raw: rawLine, raw_length: rawLine.length },
    ]);
  });

  it('refuses a line with more or fewer fields than the header, naming it, whatever the policy', async () => {
    const short = line({ earning_id: 'e-2' }).slice(0, 9);
    expect(await importFeed(csv(line({}), short), 'AZURE_PAYOUTS', 'QUARANTINE')).toMatchObject({
      status: 'REFUSED',
      line: 3,
      column: 'transaction_amount',
      error: 'line 3, column transaction_amount: has 9 fields, the header has 15',
    });
    expect(await queryDatabase(DATABASE_URL, 'SELECT 1 FROM billing_feed_row')).toEqual([]);
  });

  it('refuses past 10,000 malformed lines even when quarantining, naming the one past the limit', async () => {
    const records = Array.from({ length: 10_002 }, (_, i) => line({ earning_id: `e-${i}`, transaction_type: i === 0 ? 'BILLED' : 'TIP' }));
    const result = await importFeed(csv(...records), 'AZURE_PAYOUTS', 'QUARANTINE');
    await expectRefusedPastQuarantineLimit(result, 'transaction_type');
  });
});
