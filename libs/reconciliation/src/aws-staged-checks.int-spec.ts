import { queryDatabase } from '@bridge/testing';
import { awsBillingEventLayout } from './aws-billing-event.layout';
import { resolveHeader } from './feed-header.resolver';
import { FeedLineError } from './feed-line.error';
import { DATABASE_URL, reconciliationHarness } from './reconciliation.int-harness';

const header = [...awsBillingEventLayout.columns];
const at = resolveHeader(awsBillingEventLayout, header);
const line = (changes: Record<string, string>) => {
  const values: Record<string, string> = {
    billing_event_id: 'be-1',
    action: 'INVOICED',
    transaction_type: 'SELLER_REV_SHARE',
    amount: '1234.50',
    currency: 'USD',
    balance_impacting: '1',
    invoice_date: '2026-10-01',
    transaction_reference_id: 'agmt-1',
    ...changes,
  };
  return header.map((c) => values[c] ?? '');
};
const field = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
const csv = (...records: string[][]) => [header, ...records].map((r) => r.map(field).join(',')).join('\n') + '\n';

/** What the layout's own line reader (the rules in code) says of a record: its row, or the column and reason it refuses it for. */
function layoutVerdict(record: string[]) {
  try {
    return { row: awsBillingEventLayout.toRows(record, at, 2)[0] };
  } catch (error) {
    if (error instanceof FeedLineError) return { column: error.column, reason: error.reason };
    throw error;
  }
}

describe('checking and storing an AWS billing event file in PostgreSQL, as the line reader does (real PostgreSQL)', () => {
  const { importFeed } = reconciliationHarness();

  it.each([
    [{ amount: '12.345' }, 'amount', '"12.345" has more decimals than USD has (2)'],
    [{ amount: '1,000.00' }, 'amount', '"1,000.00" is not a plain decimal amount such as 1234.56'],
    [{ amount: '-' }, 'amount', '"-" is not a plain decimal amount such as 1234.56'],
    [{ amount: '1.' }, 'amount', '"1." is not a plain decimal amount such as 1234.56'],
    [{ amount: '1-0' }, 'amount', '"1-0" is not a plain decimal amount such as 1234.56'],
    [{ amount: '1234567890123456' }, 'amount', '"1234567890123456" is not a plain decimal amount such as 1234.56'],
    [{ amount: '1.5', currency: 'JPY' }, 'amount', '"1.5" has more decimals than JPY has (0)'],
    [{ currency: 'USS' }, 'currency', '"USS" is not an ISO 4217 currency code'],
    [{ currency: 'usd' }, 'currency', '"usd" is not an ISO 4217 currency code'],
    [{ action: 'PAID' }, 'action', '"PAID" is not INVOICED, FORGIVEN or DISBURSED'],
    [{ transaction_type: 'TIP' }, 'transaction_type', '"TIP" is not a known transaction type'],
    [{ billing_event_id: '' }, 'billing_event_id', 'is empty'],
    [{ billing_event_id: 'x'.repeat(201) }, 'billing_event_id', 'is longer than 200 characters'],
    [{ balance_impacting: 'maybe' }, 'balance_impacting', '"maybe" is not 0/1 or true/false'],
    [{ invoice_date: '2026-02-30x' }, 'invoice_date', '"2026-02-30x" is not a date such as 2026-10-01'],
    [{ invoice_date: '2026-02-29' }, 'invoice_date', '"2026-02-29" is not a date such as 2026-10-01'],
    [{ payment_due_date: '2026-13-01' }, 'payment_due_date', '"2026-13-01" is not a date such as 2026-10-01'],
    [{ usage_period_end_date: '2026-04-31' }, 'usage_period_end_date', '"2026-04-31" is not a date such as 2026-10-01'],
    [{ transaction_reference_id: '' }, 'transaction_reference_id', 'is empty, but a SELLER_REV_SHARE row must name its transaction'],
    [{ action: 'DISBURSED' }, 'parent_billing_event_id', 'is empty, but a disbursed row must name the invoiced event it pays'],
    [
      { action: 'DISBURSED', parent_billing_event_id: 'be-0' },
      'disbursement_billing_event_id',
      'is empty, but a disbursed row must name its disbursement',
    ],
    [
      { action: 'DISBURSED', transaction_type: 'DISBURSEMENT_FAILURE', transaction_reference_id: '' },
      'parent_billing_event_id',
      'is empty, but a DISBURSEMENT_FAILURE must name the DISBURSEMENT that failed',
    ],
    [
      { transaction_type: 'AWS_REV_SHARE', amount: '30.00' },
      'amount',
      '30.00 has the wrong sign: an INVOICED AWS_REV_SHARE (the listing fee) is negative',
    ],
    [
      { action: 'DISBURSED', transaction_type: 'DISBURSEMENT', transaction_reference_id: '', amount: '-72.65' },
      'amount',
      '-72.65 has the wrong sign: a DISBURSED DISBURSEMENT (the lump sum paid to the seller) is positive',
    ],
    // Two problems on one line: the first in the reader's order is the one named.
    [{ action: 'PAID', currency: 'USS' }, 'action', '"PAID" is not INVOICED, FORGIVEN or DISBURSED'],
  ])('refuses %o with the same column and reason as the line reader', async (changes, column, reason) => {
    const bad = line({ billing_event_id: 'be-2', ...changes });
    expect(layoutVerdict(bad)).toEqual({ column, reason });
    const result = await importFeed(csv(line({}), bad));
    expect(result).toEqual({
      importId: expect.any(String),
      status: 'REFUSED',
      line: 3,
      column,
      error: `line 3, column ${column}: ${reason}`,
    });
    expect(await queryDatabase(DATABASE_URL, 'SELECT 1 FROM billing_feed_row')).toEqual([]);
    // The staging table went with the refused transaction.
    expect(await queryDatabase(DATABASE_URL, `SELECT relname FROM pg_class WHERE relname LIKE 'feed_staging%'`)).toEqual([]);
  });

  it('stores the values the line reader reads: minor units of each currency, dates with a time, flags in words', async () => {
    const records = [
      line({ billing_event_id: 'be-1' }),
      line({ billing_event_id: 'be-2', amount: '-1500', currency: 'JPY' }),
      line({ billing_event_id: 'be-3', amount: '1.250', currency: 'KWD', balance_impacting: 'False' }),
      line({ billing_event_id: 'be-4', amount: '10.500', invoice_date: '2026-10-01 00:00:00', balance_impacting: 'yes' }),
      line({ billing_event_id: 'be-5', amount: '-0.00', payment_due_date: '2028-02-29T12:00:00Z', agreement_id: 'agmt-9' }),
    ];
    expect(await importFeed(csv(...records))).toMatchObject({ status: 'COMPLETED' });
    const stored = await queryDatabase<Record<string, string | boolean | null>>(
      DATABASE_URL,
      `SELECT billing_event_id, amount_minor::text, currency, balance_impacting, to_char(invoice_date, 'YYYY-MM-DD') AS invoice_date,
              to_char(payment_due_date, 'YYYY-MM-DD') AS payment_due_date, agreement_id, from_account_id, line
         FROM billing_feed_row ORDER BY line`,
    );
    expect(stored).toEqual(
      records.map((record, i) => {
        const { row } = layoutVerdict(record) as { row: NonNullable<ReturnType<typeof layoutVerdict>['row']> };
        return {
          billing_event_id: row.billingEventId,
          amount_minor: row.amountMinor,
          currency: row.currency,
          balance_impacting: row.balanceImpacting,
          invoice_date: row.invoiceDate,
          payment_due_date: row.paymentDueDate,
          agreement_id: row.agreementId,
          from_account_id: row.fromAccountId,
          line: i + 2,
        };
      }),
    );
  });

  it('counts a quoted line break and a blank line in the line it names, and stores each row at its file line', async () => {
    const quoted = line({ billing_event_id: 'be-1' });
    quoted[header.indexOf('invoice_id')] = field('inv\n1, with a "quote"');
    // Line 1 the header, 2-3 the quoted record, 4 blank, 5 be-2, 6 be-3 (malformed).
    const text = [header, quoted, [], line({ billing_event_id: 'be-2' }), line({ billing_event_id: 'be-3', amount: 'x' })]
      .map((r) => r.join(','))
      .join('\n');
    expect(await importFeed(text, 'AWS_BILLING_EVENTS', 'QUARANTINE')).toMatchObject({ status: 'COMPLETED' });
    expect(await queryDatabase(DATABASE_URL, 'SELECT billing_event_id, line, invoice_id FROM billing_feed_row ORDER BY line')).toEqual(
      [
        { billing_event_id: 'be-1', line: 2, invoice_id: 'inv\n1, with a "quote"' },
        { billing_event_id: 'be-2', line: 5 },
      ].map((r) => ({ invoice_id: null, ...r })),
    );
    expect(await queryDatabase(DATABASE_URL, 'SELECT line, "column" FROM billing_feed_quarantine')).toEqual([
      { line: 6, column: 'amount' },
    ]);
  });

  it('counts blank lines in a file without quotes', async () => {
    // Line 1 the header, 2 be-1, 3 and 4 blank, 5 be-2 (malformed).
    const text = [header, line({ billing_event_id: 'be-1' }), ['\r'], [], line({ billing_event_id: 'be-2', currency: 'XXX' })]
      .map((r) => r.join(','))
      .join('\n');
    expect(await importFeed(text)).toMatchObject({ status: 'REFUSED', line: 5, column: 'currency' });
  });

  it('refuses a line with more or fewer fields than the header, naming it, whatever the policy', async () => {
    const short = line({ billing_event_id: 'be-2' }).slice(0, 9);
    expect(await importFeed(csv(line({}), short), 'AWS_BILLING_EVENTS', 'QUARANTINE')).toMatchObject({
      status: 'REFUSED',
      line: 3,
      column: 'amount',
      error: 'line 3, column amount: has 9 fields, the header has 20',
    });
    const long = [...line({ billing_event_id: 'be-2' }), 'extra'];
    expect(await importFeed(csv(line({}), long))).toMatchObject({
      status: 'REFUSED',
      line: 3,
      column: '(end)',
      error: 'line 3, column (end): has more than 20 fields, the header has 20',
    });
    expect(await queryDatabase(DATABASE_URL, 'SELECT 1 FROM billing_feed_row')).toEqual([]);
  });

  it('refuses a file whose quote never closes', async () => {
    const open = line({ billing_event_id: 'be-2' });
    open[header.indexOf('invoice_id')] = '"inv-2';
    const result = await importFeed(`${csv(line({}))}${open.join(',')}\n`);
    expect(result).toMatchObject({ status: 'REFUSED' });
    expect(result.status === 'REFUSED' && result.error).toMatch(/^line \d+: a quote is never closed/);
    expect(await queryDatabase(DATABASE_URL, 'SELECT 1 FROM billing_feed_row')).toEqual([]);
  });

  it('refuses past 10,000 malformed lines even when quarantining, naming the one past the limit', async () => {
    const records = Array.from({ length: 10_002 }, (_, i) => line({ billing_event_id: `be-${i}`, currency: i === 0 ? 'USD' : 'USS' }));
    const result = await importFeed(csv(...records), 'AWS_BILLING_EVENTS', 'QUARANTINE');
    expect(result).toMatchObject({ status: 'REFUSED', line: 10_003, column: 'currency' });
    expect(result.status === 'REFUSED' && result.error).toMatch(/and more than 10000 lines are malformed: the file is refused\)$/);
    expect(await queryDatabase(DATABASE_URL, 'SELECT 1 FROM billing_feed_quarantine')).toEqual([]);
  });
});
