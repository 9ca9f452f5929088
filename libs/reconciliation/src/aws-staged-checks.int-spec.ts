import { queryDatabase } from '@bridge/testing';
import { awsBillingEventLayout } from './aws-billing-event.layout';
import { awsAt, awsHeader, awsLine, AWS_MALFORMED_LINES } from './aws-feed-line.cases';
import { FeedLineError } from './feed-line.error';
import {
  csvField,
  csvFile,
  DATABASE_URL,
  expectRefusedAtLine3,
  expectRefusedPastQuarantineLimit,
  reconciliationHarness,
} from './reconciliation.int-harness';

const header = awsHeader;
const at = awsAt;
const line = awsLine;
const field = csvField;
const csv = (...records: string[][]) => csvFile(header, ...records);

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

  it.each(AWS_MALFORMED_LINES)('refuses %o with the same column and reason as the line reader', async (changes, column, reason) => {
    const bad = line({ billing_event_id: 'be-2', ...changes });
    expect(layoutVerdict(bad)).toEqual({ column, reason });
    const result = await importFeed(csv(line({}), bad));
    await expectRefusedAtLine3(result, column, reason);
  });

  it('stores the values the line reader reads: minor units of each currency, dates with a time, flags in words', async () => {
    const records = [
      line({ billing_event_id: 'be-1' }),
      line({ billing_event_id: 'be-2', amount: '-1500', currency: 'JPY' }),
      line({ billing_event_id: 'be-3', amount: '1.250', currency: 'KWD', balance_impacting: 'False' }),
      line({ billing_event_id: 'be-4', amount: '10.500', invoice_date: '2026-10-01 00:00:00', balance_impacting: 'yes' }),
      line({ billing_event_id: 'be-5', amount: '-0.00', payment_due_date: '2028-02-29T12:00:00Z', agreement_id: 'agmt-9' }),
      // Each row's dates come from the file's tuples of dates (datesJoin): empty ones, and the same value in another column.
      line({ billing_event_id: 'be-6', usage_period_start_date: '', usage_period_end_date: '' }),
      line({
        billing_event_id: 'be-7',
        invoice_date: '2026-10-31',
        usage_period_start_date: '2026-10-31',
        usage_period_end_date: '2026-11-30',
      }),
    ];
    expect(await importFeed(csv(...records))).toMatchObject({ status: 'COMPLETED' });
    const stored = await queryDatabase<Record<string, string | boolean | null>>(
      DATABASE_URL,
      `SELECT billing_event_id, amount_minor::text, currency, balance_impacting, to_char(invoice_date, 'YYYY-MM-DD') AS invoice_date,
              to_char(payment_due_date, 'YYYY-MM-DD') AS payment_due_date, to_char(usage_period_start, 'YYYY-MM-DD') AS usage_period_start,
              to_char(usage_period_end, 'YYYY-MM-DD') AS usage_period_end, agreement_id, from_account_id, line
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
          usage_period_start: row.usagePeriodStart,
          usage_period_end: row.usagePeriodEnd,
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
    await expectRefusedPastQuarantineLimit(result, 'currency');
  });
});
